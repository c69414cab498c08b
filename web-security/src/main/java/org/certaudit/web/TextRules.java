package org.certaudit.web;

/**
 * What text the API accepts: any Unicode text except unpaired surrogates (no character at all,
 * stored as U+FFFD or '?'), noncharacters and control characters other than tab, line feed and
 * carriage return. Text is stored exactly as sent or refused; nothing is repaired silently.
 */
public final class TextRules {

    private TextRules() {
    }

    /** What is wrong with {@code text}, or null when it is acceptable. */
    public static String violation(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate (U+" + hex(c) + ") at character " + (i + 1)
                        + "; send well-formed Unicode";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate (U+" + hex(c) + ") at character " + (i + 1)
                        + "; send well-formed Unicode";
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return "contains the control character U+" + hex(c) + " at character " + (i + 1);
            }
            if (c == '\uFFFE' || c == '\uFFFF' || (c >= '\uFDD0' && c <= '\uFDEF')) {
                return "contains the noncharacter U+" + hex(c) + " at character " + (i + 1);
            }
        }
        return null;
    }

    /**
     * Blank: nothing but white space of any script (including the ideographic space U+3000 and
     * the no-break space) and invisible format characters (zero-width space, byte order mark).
     */
    public static boolean isBlank(CharSequence text) {
        return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.FORMAT);
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
