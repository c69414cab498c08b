package org.certaudit.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

/**
 * An {@code Accept} header weighed as RFC 9110 12.5.1 has it: a representation gets the quality of the most specific
 * range that matches it, {@code q=0} refuses it, and a range with parameters ({@code text/html;level=1}) matches only a
 * representation carrying them. Spring MVC takes any range whose type and subtype fit, whatever its quality, and
 * ignores a range's parameters the representation does not declare; both sides and the report weigh with this instead.
 */
public final class AcceptHeader {

    private static final AcceptHeader ANYTHING = new AcceptHeader(List.of());

    /** The ranges as sent, in order; none when the header is absent or empty, which takes anything. */
    private final List<MediaType> ranges;

    private AcceptHeader(List<MediaType> ranges) {
        this.ranges = ranges;
    }

    /**
     * The request's {@code Accept} headers, all lines read as one list.
     *
     * @throws HttpMediaTypeNotAcceptableException for a header that is no list of media ranges, as Spring MVC reports
     *                                             it ({@link ProblemResponses} answers it as a 400 naming the header)
     */
    public static AcceptHeader of(HttpServletRequest request) throws HttpMediaTypeNotAcceptableException {
        return parse(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
    }

    /** One {@code Accept} value; {@code null} or blank takes anything. */
    public static AcceptHeader parse(String value) throws HttpMediaTypeNotAcceptableException {
        return parse(value == null ? List.of() : List.of(value));
    }

    private static AcceptHeader parse(List<String> values) throws HttpMediaTypeNotAcceptableException {
        try {
            List<MediaType> ranges = MediaType.parseMediaTypes(values);
            return ranges.isEmpty() ? ANYTHING : new AcceptHeader(List.copyOf(ranges));
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("Could not parse 'Accept' header " + values + ": " + e.getMessage());
        }
    }

    /**
     * Refuses the request unless its {@code Accept} takes {@code representation}: for a handler whose parameters choose
     * its one representation ({@code GET /api/decisions?format=csv}), which {@link AcceptInterceptor} cannot know before
     * the handler runs. The handler calls it once it has read that parameter, before it reads anything else.
     *
     * @throws HttpMediaTypeNotAcceptableException offering {@code representation} (406), or for a header that is no list
     *                                             of media ranges (400), as {@link ProblemResponses} answers them
     */
    public static void require(HttpServletRequest request, MediaType representation)
            throws HttpMediaTypeNotAcceptableException {
        if (!of(request).takesAnyOf(List.of(representation))) {
            throw new HttpMediaTypeNotAcceptableException(List.of(representation));
        }
    }

    /**
     * Whether the request's {@code Accept} names HTML itself ({@code text/html} or {@code application/xhtml+xml} with a
     * quality above 0), as a browser's does: {@code *}{@code /*} alone, or no header, is a program's. An unreadable
     * header names nothing.
     */
    public static boolean namesHtml(HttpServletRequest request) {
        try {
            return of(request).ranges.stream().anyMatch(range -> (range.equalsTypeAndSubtype(MediaType.TEXT_HTML)
                    || range.equalsTypeAndSubtype(MediaType.APPLICATION_XHTML_XML)) && range.getQualityValue() > 0);
        } catch (HttpMediaTypeNotAcceptableException unreadable) {
            return false;
        }
    }

    /** The quality the header gives a representation: 0 when no range takes it or the range taking it says q=0. */
    public double quality(MediaType representation) {
        return weigh(representation).quality();
    }

    /** Whether the header takes at least one of the representations (with a quality above 0). */
    public boolean takesAnyOf(Collection<MediaType> representations) {
        return representations.stream().anyMatch(representation -> quality(representation) > 0);
    }

    /**
     * The representation the header prefers: the highest quality, then the one taken by the more specific range, then
     * by the range named first, then the one listed first (the server's preference, and its choice without a header);
     * empty when it refuses them all.
     */
    public Optional<MediaType> preferred(List<MediaType> representations) {
        MediaType best = null;
        Weight bestWeight = null;
        for (MediaType representation : representations) {
            Weight weight = weigh(representation);
            if (weight.quality() > 0 && (bestWeight == null || weight.compareTo(bestWeight) > 0)) {
                best = representation;
                bestWeight = weight;
            }
        }
        return Optional.ofNullable(best);
    }

    private Weight weigh(MediaType representation) {
        if (ranges.isEmpty()) {
            return new Weight(1, -1, 0, 0);
        }
        Weight best = new Weight(0, -1, -1, Integer.MAX_VALUE);
        for (int i = 0; i < ranges.size(); i++) {
            MediaType range = ranges.get(i);
            if (!range.includes(representation) || !parametersMatch(range, representation)) {
                continue;
            }
            int level = range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
            int parameters = (int) range.getParameters().keySet().stream().filter(name -> !isQuality(name)).count();
            if (level > best.level() || level == best.level() && parameters > best.parameters()) {
                best = new Weight(range.getQualityValue(), level, parameters, i);
            }
        }
        return best;
    }

    /**
     * Whether the representation carries every parameter the range names, with the same value. A representation that
     * declares no charset is not refused for one: JSON has no charset parameter (RFC 8259 11, it is UTF-8) and PDF or
     * a workbook are bytes, and clients sending {@code application/json;charset=UTF-8} have always been answered.
     */
    private static boolean parametersMatch(MediaType range, MediaType representation) {
        for (Map.Entry<String, String> parameter : range.getParameters().entrySet()) {
            String name = parameter.getKey();
            if (isQuality(name)) {
                continue;
            }
            String value = representation.getParameter(name);
            boolean charset = name.equalsIgnoreCase("charset");
            if (value == null) {
                if (!charset) {
                    return false;
                }
            } else if (charset ? !unquoted(value).equalsIgnoreCase(unquoted(parameter.getValue()))
                    : !unquoted(value).equals(unquoted(parameter.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isQuality(String name) {
        return name.equalsIgnoreCase("q");
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /**
     * How the header ranks one representation: the quality of the most specific range that matches it, that range's
     * level (2 for type/subtype, 1 for type/*, 0 for {@code *}/{@code *}, -1 when none matches), its parameters and
     * its place.
     */
    private record Weight(double quality, int level, int parameters, int place) implements Comparable<Weight> {

        /** Higher quality first, then the more specific range, then the earlier one. */
        @Override
        public int compareTo(Weight other) {
            int byQuality = Double.compare(quality, other.quality);
            if (byQuality != 0) {
                return byQuality;
            }
            int byLevel = Integer.compare(level, other.level);
            if (byLevel != 0) {
                return byLevel;
            }
            int byParameters = Integer.compare(parameters, other.parameters);
            return byParameters != 0 ? byParameters : Integer.compare(other.place, place);
        }
    }
}
