package org.certaudit.command.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certaudit.web.RuleCode;

/**
 * The audit version on the wire: answered as a strong {@code ETag} ({@code "7"}), expected back in
 * {@code If-Match} as that entity tag, quotes included (RFC 9110 8.8.3: an entity tag is a quoted string, so a plain
 * {@code 7} is none). {@code *} asks for no version check, which a certification decision does not take: it needs the
 * version the decider saw.
 */
public final class Versions {

    public static final String IF_MATCH = "If-Match";
    /**
     * A version as ETag gives it: in quotes, with no leading zero ({@code "0348"} is another entity tag than
     * {@code "348"}).
     */
    private static final Pattern VERSION = Pattern.compile("\"(0|[1-9]\\d{0,17})\"");

    private Versions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header expects, or null when the caller asks for no check (no header, or
     * {@code *}). A header that is there but empty is refused like any other malformed one: a client that sent it
     * meant a condition, and running the change without one would be the wrong guess.
     */
    public static Long expected(String ifMatch) {
        if (ifMatch == null || ifMatch.strip().equals("*")) {
            return null;
        }
        Matcher matcher = VERSION.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw new InvalidFieldException(IF_MATCH, RuleCode.VERSION_IF_MATCH_FORMAT.with("value", ifMatch),
                    "must be one audit version as returned in ETag (e.g. \"7\"), was '" + ifMatch + "'");
        }
        return Long.parseLong(matcher.group(1));
    }
}
