package org.certaudit.query.console;

/** One download of an audit: what it is (the endpoint's path after the audit, e.g. {@code report}) and where. */
public record Download(String name, String href, String file) {

    /**
     * The file a browser saves: the server names the reports and exports itself; a JSON answer without a name of its
     * own (the evidence bundle) is saved as {@code <audit>-<name>.json}, not as a bare {@code evidence.json}.
     */
    static Download of(String name, String href, String auditId) {
        return new Download(name, href, name.contains(".") ? "" : auditId + "-" + name + ".json");
    }
}
