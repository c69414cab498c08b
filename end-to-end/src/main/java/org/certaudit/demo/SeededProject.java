package org.certaudit.demo;

import java.util.Map;
import org.certaudit.scheme.Percent;

/**
 * What the driver loaded: the finished initial audit (with one revised score) and the surveillance
 * audit after it, each with the version its last change returned.
 *
 * @param revisedClause the initial audit's item scored {@code draftPercent} first, then revised to the seed value
 * @param surveillanceChanges the items the surveillance audit scored differently from the initial one
 */
public record SeededProject(
        String projectNumber,
        String initialAuditId,
        long initialVersion,
        String revisedClause,
        Percent draftPercent,
        String surveillanceAuditId,
        long surveillanceVersion,
        Map<String, Percent> surveillanceChanges) {
}
