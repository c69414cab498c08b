package org.certaudit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed audit's fixture ({@code org/certaudit/seed/0455-2021-SE-audit.json} in shared-kernel): the
 * request bodies that open the audit, assign its team, sign the pledges and record the findings, as
 * the command side's HTTP API takes them. Phone numbers and e-mails in it are fictional.
 */
public record SeedFixture(ObjectNode opening, List<ObjectNode> team, List<ObjectNode> pledges, ObjectNode findings,
                          ObjectNode recommendation) {

    public static final String RESOURCE = "/org/certaudit/seed/0455-2021-SE-audit.json";

    public static SeedFixture load() {
        try (InputStream in = SeedFixture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("seed fixture " + RESOURCE + " is not on the classpath (shared-kernel)");
            }
            return of(CertauditClient.json().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("seed fixture " + RESOURCE + " cannot be read", e);
        }
    }

    static SeedFixture of(JsonNode root) {
        return new SeedFixture(
                object(root, "audit"),
                objects(root, "team"),
                objects(root, "pledges"),
                object(root, "findings"),
                object(root, "recommendation"));
    }

    public String projectNumber() {
        return opening.path("projectNumber").asText();
    }

    /** The user name of the member with the given role, e.g. the leader's. */
    public String userOf(String role) {
        return team.stream()
                .filter(member -> role.equals(member.path("role").asText()))
                .map(member -> member.path("userName").asText())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("seed fixture has no team member with role " + role));
    }

    private static ObjectNode object(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isObject()) {
            throw new IllegalStateException("seed fixture " + RESOURCE + " needs an object '" + field + "'");
        }
        return (ObjectNode) node;
    }

    private static List<ObjectNode> objects(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalStateException("seed fixture " + RESOURCE + " needs a non-empty array '" + field + "'");
        }
        List<ObjectNode> result = new ArrayList<>();
        node.forEach(element -> result.add((ObjectNode) element));
        return List.copyOf(result);
    }
}
