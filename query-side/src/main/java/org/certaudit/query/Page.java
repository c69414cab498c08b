package org.certaudit.query;

import java.util.List;

/**
 * Slicing of complete, ordered lists into pages ({@code page} counts from 0). Each paged answer is
 * its own record: Axon matches a query's response type by class, and a generic {@code Page<T>}
 * would not match.
 */
public final class Page {

    private Page() {
    }

    public static <T> List<T> slice(List<T> all, int page, int size) {
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return List.copyOf(all.subList(from, to));
    }

    public static int totalPages(long totalElements, int size) {
        return (int) ((totalElements + size - 1) / size);
    }
}
