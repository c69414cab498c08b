package org.certaudit.query.trail;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.certaudit.query.RequestParameters;

/** The order a trail lists its events in: stream order ({@code oldest}, the default) or its reverse ({@code newest}). */
public enum TrailOrder {
    OLDEST, NEWEST;

    /** The values of the {@code order} parameter, as the API and the console take them. */
    public static final List<String> PARAMETER_VALUES = Arrays.stream(values()).map(TrailOrder::parameterValue).toList();

    /** As the {@code order} parameter names it: {@code oldest} or {@code newest}. */
    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The order the parameter {@code parameter} names, as sent ({@code oldest} or {@code newest}, lower case);
     * {@link #OLDEST} when absent or empty.
     *
     * @throws org.certaudit.query.BadParameterException {@code field.not-one-of} naming the two values
     */
    public static TrailOrder of(String parameter, String value) {
        String given = RequestParameters.oneOf(parameter, value, PARAMETER_VALUES);
        return given == null ? OLDEST : valueOf(given.toUpperCase(Locale.ROOT));
    }
}
