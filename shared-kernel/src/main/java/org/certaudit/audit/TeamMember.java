package org.certaudit.audit;

import java.util.Objects;

/**
 * A member of the audit team (审查组成员): the report's code (A, B, ...), name, role,
 * registration number, specialty code, phone, and the user name they sign in with.
 */
public record TeamMember(
        String code,
        String name,
        TeamRole role,
        String registrationNumber,
        String specialtyCode,
        String phone,
        String userName) {

    public TeamMember {
        Objects.requireNonNull(code, "team member code is required");
        Objects.requireNonNull(name, "team member name is required");
        Objects.requireNonNull(role, "team member role is required");
        Objects.requireNonNull(userName, "team member user name is required");
        if (!code.matches("[A-Z]{1,2}")) {
            throw new IllegalArgumentException("team member code must be one or two capital letters, was '" + code + "'");
        }
    }
}
