package org.certaudit.audit;

import java.util.Objects;

/**
 * One audit of a project: {@code <project number>.<n>}, n counting the project's audits from 1.
 * The project number is part of the id so that a command about an audit finds its project's
 * stream without a lookup.
 */
public record AuditId(String value) {

    public AuditId {
        Objects.requireNonNull(value, "audit id is required");
        int dot = value.lastIndexOf('.');
        if (dot <= 0 || dot == value.length() - 1) {
            throw new IllegalArgumentException("audit id must look like '<project number>.<n>', was '" + value + "'");
        }
        new ProjectNumber(value.substring(0, dot));
        String sequence = value.substring(dot + 1);
        if (!sequence.chars().allMatch(Character::isDigit) || sequence.startsWith("0") || sequence.length() > 6) {
            throw new IllegalArgumentException("audit id must end with the audit's number from 1, was '" + value + "'");
        }
    }

    public static AuditId of(ProjectNumber project, int sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("audit number starts at 1, was " + sequence);
        }
        return new AuditId(project.value() + "." + sequence);
    }

    public ProjectNumber projectNumber() {
        return new ProjectNumber(value.substring(0, value.lastIndexOf('.')));
    }

    public int sequence() {
        return Integer.parseInt(value.substring(value.lastIndexOf('.') + 1));
    }

    @Override
    public String toString() {
        return value;
    }
}
