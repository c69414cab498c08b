package org.certaudit.query;

import java.util.List;
import org.certaudit.scheme.Scheme;

/** The schemes the query side can score against, found by the id and version an audit was opened with. */
public class SchemeCatalog {

    private final List<Scheme> schemes;

    public SchemeCatalog() {
        this(List.of(Scheme.ctsIscJsgf06()));
    }

    public SchemeCatalog(List<Scheme> schemes) {
        this.schemes = List.copyOf(schemes);
    }

    /** The scheme an audit was opened with; the current one when the audit names none. */
    public Scheme resolve(String id, String version) {
        if (id == null) {
            return current();
        }
        return schemes.stream()
                .filter(scheme -> scheme.id().equals(id) && (version == null || scheme.version().equals(version)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("scheme " + id + " v" + version + " is not known to the query side"));
    }

    public Scheme current() {
        return schemes.get(0);
    }
}
