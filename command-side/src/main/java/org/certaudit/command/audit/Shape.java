package org.certaudit.command.audit;

import java.util.List;
import java.util.Objects;

/** Shape checks shared by the command records: what a command must carry whatever the history. */
final class Shape {

    private Shape() {
    }

    static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    static String text(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required and must not be blank");
        }
        return value.strip();
    }

    /** Absent and blank are the same: no text. */
    static String optionalText(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static List<String> texts(List<String> values, String what) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(v -> v == null || v.isBlank())) {
            throw new IllegalArgumentException(what + " must not contain blank entries");
        }
        return values.stream().map(String::strip).toList();
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(Objects.requireNonNull(message));
        }
    }
}
