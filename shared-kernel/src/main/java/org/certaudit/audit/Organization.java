package org.certaudit.audit;

import java.util.Objects;

/** The audited organization as the report's basic information (1.1 to 1.5) records it. */
public record Organization(
        String name,
        String registeredAddress,
        String registeredPostcode,
        String auditAddress,
        String auditPostcode,
        String contactName,
        String contactTitle,
        String contactPhone,
        String contactEmail) {

    public Organization {
        Objects.requireNonNull(name, "organization name is required");
        if (name.isBlank()) {
            throw new IllegalArgumentException("organization name must not be blank");
        }
    }
}
