package org.certaudit.scheme;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A certification scheme's item catalogue: its parts, sections and items in report order. The
 * catalogue is data (a versioned resource), so a revised scheme is a new resource rather than a
 * code change; it is checked on load so that a typo in the data cannot silently shift grades.
 */
public final class Scheme {

    static final String CTS_ISC_JSGF_06_RESOURCE = "cts-isc-jsgf-06.v1.tsv";

    private static final Pattern PART_NUMBER = Pattern.compile("\\d+\\.\\d+");
    private static final Pattern SECTION_NUMBER = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern CLAUSE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern DIMENSION_CODE = Pattern.compile("[A-Z][1-9]\\d*");
    private static final String NO_CODE = "-";

    private final String id;
    private final String version;
    private final String title;
    private final BigDecimal basePoints;
    private final BigDecimal extendedPoints;
    private final List<Part> parts;
    private final List<Section> sections;
    private final List<SchemeItem> items;
    private final Map<String, SchemeItem> byClauseOrCode;

    private Scheme(Header header, List<Part> parts, List<Section> sections, List<SchemeItem> items) {
        this.id = header.id();
        this.version = header.version();
        this.title = header.title();
        this.basePoints = header.basePoints();
        this.extendedPoints = header.extendedPoints();
        this.parts = List.copyOf(parts);
        this.sections = List.copyOf(sections);
        this.items = List.copyOf(items);
        Map<String, SchemeItem> index = new HashMap<>();
        for (SchemeItem item : items) {
            index.put(item.clause(), item);
            if (item.dimensionCode() != null) {
                index.put(item.dimensionCode(), item);
            }
        }
        this.byClauseOrCode = Map.copyOf(index);
    }

    /** CTS ISC-JSGF-06 version 1, loaded and checked once. */
    public static Scheme ctsIscJsgf06() {
        return CtsIscJsgf06.INSTANCE;
    }

    private static final class CtsIscJsgf06 {
        static final Scheme INSTANCE = loadResource(CTS_ISC_JSGF_06_RESOURCE);
    }

    private static Scheme loadResource(String name) {
        try (InputStream in = Scheme.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("scheme resource " + name + " is missing from the classpath");
            }
            return load(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scheme resource " + name, e);
        }
    }

    /**
     * Parses and checks a catalogue in the resource format (see {@code cts-isc-jsgf-06.v1.tsv}).
     *
     * @throws IllegalStateException naming the line or the inconsistency when the data is wrong
     */
    static Scheme load(InputStream in, String resourceName) {
        Objects.requireNonNull(in, "input is required");
        Header header = null;
        List<Part> parts = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        List<SchemeItem> items = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Row row = new Row(resourceName, lineNumber, line.split("\t", -1));
                switch (row.kind()) {
                    case "scheme" -> {
                        if (header != null) {
                            throw row.error("a second scheme row; a resource holds one scheme");
                        }
                        header = row.header();
                    }
                    case "part" -> parts.add(row.part());
                    case "section" -> sections.add(row.section());
                    case "item" -> items.add(row.item());
                    default -> throw row.error("unknown row kind '" + row.kind() + "', expected scheme, part, section or item");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scheme resource " + resourceName, e);
        }
        if (header == null) {
            throw new IllegalStateException("scheme resource " + resourceName + " has no scheme row");
        }
        List<String> problems = new Validation(header, parts, sections, items).problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("scheme resource " + resourceName + " is inconsistent: " + String.join("; ", problems));
        }
        return new Scheme(header, parts, sections, items);
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    /** The scheme's Chinese title, e.g. 商品售后服务成熟度认证技术规范. */
    public String title() {
        return title;
    }

    /** All items in report order. */
    public List<SchemeItem> items() {
        return items;
    }

    /** The item with this clause ("5.2.2.3") or dimension code ("B8"). */
    public Optional<SchemeItem> find(String clauseOrCode) {
        return clauseOrCode == null ? Optional.empty() : Optional.ofNullable(byClauseOrCode.get(clauseOrCode.trim()));
    }

    /** All sections in report order. */
    public List<Section> sections() {
        return sections;
    }

    /** All parts in report order. */
    public List<Part> parts() {
        return parts;
    }

    /** The points of the base requirements (100 for CTS ISC-JSGF-06). */
    public BigDecimal basePoints() {
        return basePoints;
    }

    /** The points of the extended requirements (50 for CTS ISC-JSGF-06). */
    public BigDecimal extendedPoints() {
        return extendedPoints;
    }

    /** The full scale a total is measured on: base plus extended points (150). */
    public BigDecimal maximumPoints() {
        return basePoints.add(extendedPoints);
    }

    @Override
    public String toString() {
        return id + " v" + version;
    }

    private record Header(String id, String version, String title, BigDecimal basePoints, BigDecimal extendedPoints, int itemCount) {
    }

    /** One data line, with the parsing rules and the line number for messages. */
    private record Row(String resource, int lineNumber, String[] fields) {

        String kind() {
            return fields[0];
        }

        Header header() {
            expectFields(7, "scheme <id> <version> <title> <base total> <extended total> <item count>");
            String count = text(6, "item count");
            try {
                return new Header(text(1, "id"), text(2, "version"), text(3, "title"),
                        points(4, "base total"), points(5, "extended total"), Integer.parseInt(count));
            } catch (NumberFormatException e) {
                throw error("item count must be a whole number, was '" + count + "'");
            }
        }

        Part part() {
            expectFields(4, "part <number> <title> <points>");
            return new Part(number(1, PART_NUMBER, "part number"), text(2, "title"), points(3, "points"));
        }

        Section section() {
            expectFields(5, "section <number> <title> <base points> <extended points>");
            String number = number(1, SECTION_NUMBER, "section number");
            return new Section(number, text(2, "title"), points(3, "base points"), points(4, "extended points"), parent(number));
        }

        SchemeItem item() {
            expectFields(5, "item <clause> <dimension code or -> <points> <text>");
            String clause = number(1, CLAUSE, "clause");
            String code = text(2, "dimension code");
            if (!code.equals(NO_CODE) && !DIMENSION_CODE.matcher(code).matches()) {
                throw error("dimension code must be a capital letter and a number (e.g. A1) or '-', was '" + code + "'");
            }
            String section = parent(clause);
            return new SchemeItem(clause, code.equals(NO_CODE) ? null : code, text(4, "text"), points(3, "points"),
                    section, parent(section));
        }

        private void expectFields(int count, String layout) {
            if (fields.length != count) {
                throw error("expected " + count + " tab-separated fields (" + layout + "), found " + fields.length);
            }
        }

        private String text(int index, String name) {
            String value = fields[index].strip();
            if (value.isEmpty()) {
                throw error(name + " is empty");
            }
            return value;
        }

        private String number(int index, Pattern pattern, String name) {
            String value = text(index, name);
            if (!pattern.matcher(value).matches()) {
                throw error(name + " '" + value + "' is not of the form " + pattern.pattern().replace("\\d+", "n").replace("\\.", "."));
            }
            return value;
        }

        private BigDecimal points(int index, String name) {
            String value = text(index, name);
            try {
                BigDecimal points = new BigDecimal(value);
                if (points.signum() < 0) {
                    throw error(name + " must not be negative, was " + value);
                }
                return points;
            } catch (NumberFormatException e) {
                throw error(name + " must be a decimal number, was '" + value + "'");
            }
        }

        private static String parent(String number) {
            return number.substring(0, number.lastIndexOf('.'));
        }

        IllegalStateException error(String message) {
            return new IllegalStateException("scheme resource " + resource + " line " + lineNumber + ": " + message);
        }
    }

    /** The cross-row checks: references resolve, numbers are unique, and every level adds up. */
    private record Validation(Header header, List<Part> parts, List<Section> sections, List<SchemeItem> items) {

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            duplicates(parts, Part::number, "part", problems);
            duplicates(sections, Section::number, "section", problems);
            duplicates(items, SchemeItem::clause, "clause", problems);
            duplicates(items.stream().filter(i -> i.dimensionCode() != null).toList(), SchemeItem::dimensionCode,
                    "dimension code", problems);

            Map<String, Part> partsByNumber = parts.stream().collect(Collectors.toMap(Part::number, p -> p, (a, b) -> a));
            Map<String, Section> sectionsByNumber = sections.stream()
                    .collect(Collectors.toMap(Section::number, s -> s, (a, b) -> a));
            for (Section section : sections) {
                if (!partsByNumber.containsKey(section.part())) {
                    problems.add("section " + section.number() + " " + section.title() + " belongs to part " + section.part()
                            + ", which is not defined");
                }
            }
            for (SchemeItem item : items) {
                if (!sectionsByNumber.containsKey(item.section())) {
                    problems.add("item " + item.clause() + " belongs to section " + item.section() + ", which is not defined");
                }
            }

            Map<String, BigDecimal> itemPointsBySection = sum(items, SchemeItem::section, SchemeItem::points);
            for (Section section : sections) {
                BigDecimal actual = itemPointsBySection.getOrDefault(section.number(), BigDecimal.ZERO);
                if (actual.compareTo(section.points()) != 0) {
                    problems.add("items of section " + section.number() + " " + section.title() + " add up to "
                            + plain(actual) + " points, but the section is declared " + plain(section.basePoints()) + "+"
                            + plain(section.extendedPoints()) + "=" + plain(section.points()));
                }
            }
            Map<String, BigDecimal> sectionPointsByPart = sum(sections, Section::part, Section::points);
            Map<String, BigDecimal> itemPointsByPart = sum(items, SchemeItem::part, SchemeItem::points);
            for (Part part : parts) {
                BigDecimal bySections = sectionPointsByPart.getOrDefault(part.number(), BigDecimal.ZERO);
                BigDecimal byItems = itemPointsByPart.getOrDefault(part.number(), BigDecimal.ZERO);
                if (bySections.compareTo(part.points()) != 0 || byItems.compareTo(part.points()) != 0) {
                    problems.add("part " + part.number() + " " + part.title() + " is declared " + plain(part.points())
                            + " points, but its sections add up to " + plain(bySections) + " and its items to " + plain(byItems));
                }
            }

            BigDecimal base = total(sections, Section::basePoints);
            if (base.compareTo(header.basePoints()) != 0) {
                problems.add("base points of the sections add up to " + plain(base) + ", but the scheme declares "
                        + plain(header.basePoints()));
            }
            BigDecimal extended = total(sections, Section::extendedPoints);
            if (extended.compareTo(header.extendedPoints()) != 0) {
                problems.add("extended points of the sections add up to " + plain(extended) + ", but the scheme declares "
                        + plain(header.extendedPoints()));
            }
            BigDecimal partTotal = total(parts, Part::points);
            BigDecimal maximum = header.basePoints().add(header.extendedPoints());
            if (partTotal.compareTo(maximum) != 0) {
                problems.add("parts add up to " + plain(partTotal) + " points, but base + extended is " + plain(maximum));
            }
            if (items.size() != header.itemCount()) {
                problems.add("the scheme declares " + header.itemCount() + " items, but the resource lists " + items.size());
            }
            return problems;
        }

        private static <T> void duplicates(List<T> rows, Function<T, String> key, String name, List<String> problems) {
            Map<String, Long> counts = rows.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.counting()));
            counts.forEach((value, count) -> {
                if (count > 1) {
                    problems.add(name + " " + value + " appears " + count + " times");
                }
            });
        }

        private static <T> Map<String, BigDecimal> sum(List<T> rows, Function<T, String> key, Function<T, BigDecimal> points) {
            return rows.stream().collect(Collectors.groupingBy(key, Collectors.reducing(BigDecimal.ZERO, points, BigDecimal::add)));
        }

        private static <T> BigDecimal total(List<T> rows, Function<T, BigDecimal> points) {
            return rows.stream().map(points).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        private static String plain(BigDecimal value) {
            return value.stripTrailingZeros().toPlainString();
        }
    }
}
