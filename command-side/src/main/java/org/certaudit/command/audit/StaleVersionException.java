package org.certaudit.command.audit;

import org.certaudit.web.RuleCode;

/** The caller expected another version of the project stream than the current one. */
public final class StaleVersionException extends AuditRefusalException {

    private final Long currentVersion;

    public StaleVersionException(long expectedVersion, Long currentVersion) {
        super(currentVersion == null
                        ? RuleCode.VERSION_NOTHING_YET.with("expectedVersion", expectedVersion)
                        : RuleCode.VERSION_STALE.with("expectedVersion", expectedVersion, "currentVersion", currentVersion),
                currentVersion == null
                        ? "expected version " + expectedVersion + ", but the audit does not exist yet"
                        : "expected version " + expectedVersion + ", but the audit is at version " + currentVersion
                                + "; reload it and decide again");
        this.currentVersion = currentVersion;
    }

    /** The version the stream is at, absent when nothing exists yet. */
    public Long currentVersion() {
        return currentVersion;
    }
}
