package org.certaudit.demo;

import java.util.Map;
import org.certaudit.scheme.Percent;

/**
 * What the driver loaded: the decided initial audit (with one revised score), its certificate, and the surveillance
 * audit after it, each with the version its last change returned.
 *
 * @param revisedClause the initial audit's item scored {@code draftPercent} first, then revised to the seed value
 * @param surveillanceChanges the items the surveillance audit scored differently from the initial one
 * @param certificateNumber the certificate granted on the initial audit
 */
public record SeededProject(
        String projectNumber,
        String initialAuditId,
        long initialVersion,
        String revisedClause,
        Percent draftPercent,
        String surveillanceAuditId,
        long surveillanceVersion,
        Map<String, Percent> surveillanceChanges,
        String certificateNumber) {
}
