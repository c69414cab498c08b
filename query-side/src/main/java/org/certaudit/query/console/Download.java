package org.certaudit.query.console;

/** One download of an audit: what it is (the endpoint's path after the audit, e.g. {@code report}) and where. */
public record Download(String name, String href) {
}
