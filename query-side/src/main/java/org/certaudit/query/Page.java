package org.certaudit.query;

import java.util.List;

/** One page of a longer answer; {@code page} counts from 0. */
public record Page<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

    public Page {
        content = List.copyOf(content);
    }

    /** The requested page of a complete, ordered list. */
    public static <T> Page<T> of(List<T> all, int page, int size) {
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new Page<>(all.subList(from, to), page, size, all.size(), totalPages(all.size(), size));
    }

    public static int totalPages(long totalElements, int size) {
        return (int) ((totalElements + size - 1) / size);
    }
}
