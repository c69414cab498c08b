package org.certaudit.query.lineage;

import org.certaudit.audit.ProjectNumber;

/** The lineage of one project number. */
public record GetProjectLineage(ProjectNumber projectNumber) {
}
