package org.certaudit.scheme;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The item results of the seed audit 0455-2021-SE as its report prints them: the one real audit
 * every piece of the project is checked against.
 */
public final class SeedReport {

    static final String ITEMS_RESOURCE = "/org/certaudit/seed/0455-2021-SE-items.tsv";
    private static final String NOT_APPLICABLE = "N/A";

    private SeedReport() {
    }

    /** Clause to result for all 94 items, in report order. */
    public static Map<String, ItemResult> itemResults() {
        Map<String, ItemResult> results = new LinkedHashMap<>();
        try (InputStream in = SeedReport.class.getResourceAsStream(ITEMS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("seed resource " + ITEMS_RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                String result = fields[2].strip();
                results.put(fields[0].strip(),
                        NOT_APPLICABLE.equals(result) ? ItemResult.NOT_APPLICABLE : ItemResult.scored(Percent.of(result)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed resource " + ITEMS_RESOURCE, e);
        }
        return Collections.unmodifiableMap(results);
    }
}
