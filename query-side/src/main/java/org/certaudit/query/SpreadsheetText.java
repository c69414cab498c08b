package org.certaudit.query;

/**
 * Text a person typed, as a CSV cell a spreadsheet program shows and never evaluates (OWASP, "CSV Injection"): the
 * scorecard's and the decisions' exports. XLSX cells are written as text and need none of this.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    /**
     * {@code value} with a leading apostrophe when it starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
     * carriage return, which a spreadsheet program would read as a formula; empty for null.
     */
    public static String typed(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
