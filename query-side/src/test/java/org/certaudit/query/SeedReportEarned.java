package org.certaudit.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The earned points (分项实际得分) of each item as the seed report prints them, for comparison. */
public final class SeedReportEarned {

    /** 不涉及: the report prints 0 for a not applicable item. */
    public static final String NOT_APPLICABLE = "不涉及";

    private SeedReportEarned() {
    }

    /** Clause to {percent as printed, earned as printed}. */
    public static Map<String, String[]> rows() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                SeedReportEarned.class.getResourceAsStream("seed-report-earned.tsv"), StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
                String[] fields = line.split("\t");
                rows.put(fields[0], new String[] {fields[2], fields[3]});
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    public static BigDecimal earned(String clause) {
        return new BigDecimal(rows().get(clause)[1]);
    }
}
