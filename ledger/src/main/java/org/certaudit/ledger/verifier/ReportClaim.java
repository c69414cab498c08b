package org.certaudit.ledger.verifier;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.certaudit.audit.AuditId;

/**
 * What a printed report's QR code says of it: the audit, its version (the project-stream sequence number of the audit's
 * last event the report shows), the content digest and the ledger tree head printed with it.
 *
 * @param sha256           the printed digest, 64 lower-case hexadecimal digits
 * @param treeSize         the printed tree head's size; null for {@code tree=none} or no {@code tree} at all
 * @param treeRoot         the printed tree head's root hash, 64 lower-case hex; null with {@code treeSize}
 * @param printedUncovered {@code covered=no}: the printed head was only the latest and did not cover the report yet
 */
public record ReportClaim(AuditId auditId, long version, String sha256, Long treeSize, String treeRoot,
                          boolean printedUncovered) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * Reads the QR code's text as a phone shows it: the report check's address
     * {@code https://…/console/verify/report?audit=…&version=…&sha256=…&tree=…} or, where the body set no such address,
     * {@code certaudit:report?audit=…&version=…&sha256=…&tree=…}; {@code tree} is {@code <size>:<root hash>} or
     * {@code none}, optionally followed by {@code &covered=no}. Only the part after the first {@code ?} is read, so
     * the address of any deployment will do. {@code tree} may be left out by a reader who types the rest by hand.
     *
     * @throws IllegalArgumentException naming what is missing or malformed, in English
     */
    public static ReportClaim parse(String text) {
        return parse(text, Messages.ENGLISH);
    }

    /** {@link #parse(String)}, saying what is wrong in {@code messages}' language. */
    static ReportClaim parse(String text, Messages messages) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(messages.get("claim.empty"));
        }
        String trimmed = text.strip();
        int query = trimmed.indexOf('?');
        if (query < 0) {
            throw new IllegalArgumentException(messages.get("claim.noQuery"));
        }
        String rest = trimmed.substring(query + 1);
        int fragment = rest.indexOf('#');
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : (fragment < 0 ? rest : rest.substring(0, fragment)).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.put(name, value) != null) {
                throw new IllegalArgumentException(messages.get("claim.twice", name));
            }
        }
        AuditId auditId;
        try {
            auditId = new AuditId(required(parameters, "audit", messages));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(messages.get("claim.audit", e.getMessage()));
        }
        long version;
        try {
            version = Long.parseLong(required(parameters, "version", messages));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(messages.get("claim.versionNotNumber", parameters.get("version")));
        }
        if (version < 0) {
            throw new IllegalArgumentException(messages.get("claim.versionNegative", version));
        }
        String sha256 = required(parameters, "sha256", messages);
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException(messages.get("claim.sha256", sha256));
        }
        Long treeSize = null;
        String treeRoot = null;
        String tree = parameters.get("tree");
        if (tree != null && !tree.equals("none")) {
            int colon = tree.indexOf(':');
            try {
                treeSize = Long.parseLong(colon < 0 ? "x" : tree.substring(0, colon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(messages.get("claim.tree", tree));
            }
            treeRoot = tree.substring(colon + 1);
            if (treeSize < 1 || !HEX64.matcher(treeRoot).matches()) {
                throw new IllegalArgumentException(messages.get("claim.tree", tree));
            }
            treeRoot = treeRoot.toLowerCase(Locale.ROOT);
        }
        String covered = parameters.get("covered");
        if (covered != null && !covered.equals("no")) {
            throw new IllegalArgumentException(messages.get("claim.covered", covered));
        }
        return new ReportClaim(auditId, version, sha256.toLowerCase(Locale.ROOT), treeSize, treeRoot, covered != null);
    }

    /** "audit 0455-2021-SE.1 at version 100" ({@code 审查 0455-2021-SE.1 版本 100}). */
    String describe(Messages messages) {
        return messages.get("claim", auditId, version);
    }

    private static String required(Map<String, String> parameters, String name, Messages messages) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(messages.get("claim.missing", name));
        }
        return value;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
