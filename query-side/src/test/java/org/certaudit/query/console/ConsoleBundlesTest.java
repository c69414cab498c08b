package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.TeamRole;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.query.audits.AuditStatus;
import org.certaudit.scheme.Grade;
import org.certaudit.web.RuleCode;
import org.junit.jupiter.api.Test;

/**
 * The console shows every problem the APIs answer in the words of its bundles, in Chinese and English.
 * The kinds of problem are read from the sources of the modules that write them (web-security, the
 * command side, the query side), so that a new kind without its words fails here, not on a user's screen;
 * every rule code of the catalogue ({@link RuleCode}) has a sentence in each language that uses exactly
 * the code's arguments.
 */
class ConsoleBundlesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+) = \"([a-z]+(?:-[a-z]+)*)\";");
    private static final Pattern LITERAL_KIND = Pattern.compile("(?:of|problem)\\(HttpStatus\\.\\w+,\\s*\"([a-z]+(?:-[a-z]+)*)\"");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([a-zA-Z][\\w.]*)[(}]");
    private static final Pattern SCRIPT_KEY = Pattern.compile("\\bt\\('([\\w.]*\\w)'");

    /** {name} or {name,prefix}: an argument of a rule's sentence, shown as is or in the words of prefix.value. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(?:,([\\w-]+))?}");
    /** The values a rule's argument may show in words, by the bundle prefix holding those words. */
    private static final java.util.Map<String, Object[]> VOCABULARIES = java.util.Map.of(
            "decision", DecisionOutcome.values(),
            "type", AuditType.values(),
            "role", TeamRole.values(),
            "grade", Grade.values(),
            "json-type", RuleCode.JSON_TYPES.toArray(),
            "certificate-status", Stream.concat(Stream.of(CertificateStatus.values()).map(Enum::name),
                    Stream.of(RuleCode.NOT_ISSUED, RuleCode.NONE)).toArray());

    private final Properties chinese = bundle("messages.properties");
    private final Properties english = bundle("messages_en.properties");

    @Test
    void everyKindOfProblemEitherSideWritesHasItsWordsInBothLanguages() {
        Set<String> kinds = problemKinds();
        // The scan itself must find what is known to exist, or it would pass on finding nothing.
        assertThat(kinds).contains("invalid-input", "broken-rule", "stale-version", "forbidden", "concurrent-change",
                "idempotency-key-reused", "report-not-configured", "command-side-unavailable",
                "command-side-outcome-unknown");
        for (Properties bundle : new Properties[] {chinese, english}) {
            assertThat(kinds.stream().map(kind -> "problem." + kind).filter(key -> !bundle.containsKey(key)).toList())
                    .as("problem kinds without words").isEmpty();
        }
    }

    @Test
    void everyStatusTypeGradeDecisionAndCertificateStateHasItsWords() {
        List<String> keys = new java.util.ArrayList<>();
        Stream.of(AuditStatus.values()).forEach(v -> keys.add("status." + v));
        Stream.concat(Stream.of(org.certaudit.query.SecurityConfiguration.READERS),
                Stream.of(org.certaudit.security.PublicEndpoints.METRICS_ROLE)).forEach(v -> keys.add("userRole." + v));
        Stream.of(AuditType.values()).forEach(v -> keys.add("type." + v));
        Stream.of(Grade.values()).forEach(v -> keys.add("grade." + v));
        Stream.of(DecisionOutcome.values()).forEach(v -> keys.add("decision." + v));
        Stream.of(CertificateHistory.Kind.values()).forEach(v -> keys.add("certificate." + v));
        keys.add("certificate.EXPIRED");
        assertThat(keys.stream().filter(key -> !chinese.containsKey(key)).toList()).as("keys missing").isEmpty();
    }

    /**
     * The trail page names each event by {@code event.<type>} and each of its fields by
     * {@code trail.field.<type>.<path>}, {@code trail.field.<path>} or {@code trail.field.<name>} (TrailText); the
     * fields are read from the events' record components, so that a new event or field without words fails here. An
     * on-site period is one field, as TrailText says it, so its parts need no words of their own.
     */
    @Test
    void everyEventAndEveryFieldOfItHasItsWordsInBothLanguages() {
        Class<?>[] events = org.certaudit.audit.AuditEvent.class.getPermittedSubclasses();
        assertThat(events).as("the sealed interface's events").hasSizeGreaterThan(20);
        List<String> missing = new java.util.ArrayList<>();
        for (Properties bundle : new Properties[] {chinese, english}) {
            String language = bundle == chinese ? "zh" : "en";
            for (Class<?> event : events) {
                if (!bundle.containsKey("event." + event.getSimpleName())) {
                    missing.add(language + ": event." + event.getSimpleName());
                }
                fieldPaths("", event).stream().filter(path -> !path.equals("auditId"))
                        .filter(path -> !bundle.containsKey("trail.field." + event.getSimpleName() + "." + path)
                                && !bundle.containsKey("trail.field." + path)
                                && !bundle.containsKey("trail.field." + path.substring(path.lastIndexOf('.') + 1)))
                        .forEach(path -> missing.add(language + ": " + event.getSimpleName() + "." + path));
            }
            Stream.of(org.certaudit.audit.SpecialItemKind.values()).map(kind -> "special." + kind)
                    .filter(key -> !bundle.containsKey(key)).forEach(key -> missing.add(language + ": " + key));
        }
        assertThat(missing).isEmpty();
    }

    /** The JSON paths of a record's fields: a component that is a record of more than one field is an object. */
    private static List<String> fieldPaths(String prefix, Class<?> type) {
        List<String> paths = new java.util.ArrayList<>();
        for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
            Class<?> value = component.getType();
            if (value.isRecord() && value.getRecordComponents().length > 1
                    && !value.equals(org.certaudit.audit.OnSitePeriod.class)) {
                paths.addAll(fieldPaths(prefix + component.getName() + ".", value));
            } else {
                paths.add(prefix + component.getName());
            }
        }
        return paths;
    }

    @Test
    void everyRuleCodeHasASentenceInBothLanguagesUsingExactlyItsArguments() {
        assertThat(RuleCode.values()).as("the catalogue").hasSizeGreaterThan(50);
        List<String> faults = new java.util.ArrayList<>();
        for (RuleCode rule : RuleCode.values()) {
            for (Properties bundle : new Properties[] {chinese, english}) {
                String language = bundle == chinese ? "zh" : "en";
                String sentence = bundle.getProperty("rule." + rule.code());
                if (sentence == null) {
                    faults.add(language + ": no words for " + rule.code());
                    continue;
                }
                Set<String> placeholders = new TreeSet<>();
                Matcher placeholder = PLACEHOLDER.matcher(sentence);
                while (placeholder.find()) {
                    placeholders.add(placeholder.group(1));
                    String prefix = placeholder.group(2);
                    if (prefix != null && !VOCABULARIES.containsKey(prefix)) {
                        faults.add(language + ": " + rule.code() + " shows {" + placeholder.group(1) + "} in the words of "
                                + "unknown " + prefix);
                    }
                }
                if (!placeholders.equals(new TreeSet<>(rule.arguments()))) {
                    faults.add(language + ": " + rule.code() + " uses " + placeholders + ", its arguments are "
                            + new TreeSet<>(rule.arguments()));
                }
                if (sentence.replaceAll("\\{[^}]*}", "").matches("[\\p{ASCII}]*") == (bundle == chinese)) {
                    faults.add(language + ": " + rule.code() + " is not in " + language + ": " + sentence);
                }
            }
        }
        assertThat(faults).isEmpty();
    }

    @Test
    void everyRuleSentenceInTheBundlesBelongsToACodeOfTheCatalogue() {
        Set<String> codes = new TreeSet<>();
        Stream.of(RuleCode.values()).forEach(rule -> codes.add("rule." + rule.code()));
        assertThat(chinese.stringPropertyNames().stream().filter(key -> key.startsWith("rule."))
                .filter(key -> !codes.contains(key)).toList()).as("sentences of no code").isEmpty();
    }

    @Test
    void everyValueARuleShowsInWordsHasThemInBothLanguages() {
        for (Properties bundle : new Properties[] {chinese, english}) {
            VOCABULARIES.forEach((prefix, values) -> assertThat(Stream.of(values)
                    .map(value -> prefix + "." + value).filter(key -> !bundle.containsKey(key)).toList())
                    .as("words of %s", prefix).isEmpty());
        }
    }

    @Test
    void bothLanguagesHaveTheSameKeys() {
        assertThat(new TreeSet<>(english.stringPropertyNames())).isEqualTo(new TreeSet<>(chinese.stringPropertyNames()));
    }

    @Test
    void everyKeyThePagesAndTheScriptUseIsInTheBundles() throws IOException {
        Set<String> used = new TreeSet<>();
        Path resources = ROOT.resolve("query-side/src/main/resources");
        try (Stream<Path> templates = Files.list(resources.resolve("templates/console"))) {
            for (Path template : templates.toList()) {
                collect(TEMPLATE_KEY, Files.readString(template), used);
            }
        }
        collect(SCRIPT_KEY, Files.readString(resources.resolve("static/console/assets/console.js")), used);
        assertThat(used).contains("audits.title", "js.failed", "review.title", "decision.decider");
        assertThat(used.stream().filter(key -> !chinese.containsKey(key)).toList()).as("keys missing").isEmpty();
    }

    private static Set<String> problemKinds() {
        Set<String> kinds = new TreeSet<>();
        TreeMap<String, String> constants = new TreeMap<>();
        for (String module : new String[] {"web-security", "command-side", "query-side"}) {
            for (Path source : sources(ROOT.resolve(module).resolve("src/main/java"))) {
                String text = read(source);
                String name = source.getFileName().toString();
                if (name.equals("ProblemFormat.java") || name.equals("Problems.java")) {
                    Matcher constant = CONSTANT.matcher(text);
                    while (constant.find()) {
                        constants.put(constant.group(1), constant.group(2));
                    }
                }
                collect(LITERAL_KIND, text, kinds);
            }
        }
        kinds.addAll(constants.values());
        return kinds;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    private static List<Path> sources(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties bundle(String name) {
        try (InputStream in = ConsoleBundlesTest.class.getClassLoader().getResourceAsStream(name)) {
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
