package org.certaudit.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A rule of the {@link RuleCode} catalogue as one request broke it: the code and its named
 * arguments, in the catalogue's order. Built by {@link RuleCode#with(Object...)}, which checks the names.
 */
public record RuleViolation(RuleCode rule, Map<String, Object> arguments) {

    public RuleViolation {
        Objects.requireNonNull(rule, "rule");
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** The stable code ({@code independence.decider-on-team}). */
    public String code() {
        return rule.code();
    }
}
