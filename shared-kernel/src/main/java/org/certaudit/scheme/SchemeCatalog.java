package org.certaudit.scheme;

import java.util.List;
import java.util.Optional;

/**
 * The schemes audits are opened and scored against, one catalogue for both sides. An audit pins
 * the scheme id and catalogue version it was opened with, so that a later catalogue can never
 * rescore a finished audit.
 */
public final class SchemeCatalog {

    /** The scheme an audit uses when the request names none. */
    public static final String DEFAULT_SCHEME_ID = "CTS-ISC-JSGF-06";

    private final List<Scheme> schemes;

    public SchemeCatalog(List<Scheme> schemes) {
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("a scheme catalogue holds at least one scheme");
        }
        this.schemes = List.copyOf(schemes);
    }

    /** The catalogue shipped with this release. */
    public static SchemeCatalog shipped() {
        return new SchemeCatalog(List.of(Scheme.ctsIscJsgf06()));
    }

    /** The current catalogue version of the scheme with this id. */
    public Optional<Scheme> current(String schemeId) {
        return schemes.stream().filter(s -> s.id().equals(schemeId)).findFirst();
    }

    /**
     * The exact catalogue an audit was opened against.
     *
     * @throws IllegalStateException when this release does not ship that scheme version
     */
    public Scheme pinned(String schemeId, String version) {
        return schemes.stream()
                .filter(s -> s.id().equals(schemeId) && s.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "scheme " + schemeId + " version " + version + " is not shipped with this release"));
    }

    /** The ids of the schemes, each once. */
    public List<String> ids() {
        return schemes.stream().map(Scheme::id).distinct().toList();
    }
}
