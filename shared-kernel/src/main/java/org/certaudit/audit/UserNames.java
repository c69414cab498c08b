package org.certaudit.audit;

import java.text.Normalizer;
import java.util.Locale;

/**
 * When two user names name one person: a user name is compared as its key, the name in Unicode NFKC (so fullwidth
 * {@code ａｕｄｉｔｏｒ} reads as {@code auditor}), without surrounding white space, lower-cased in {@link Locale#ROOT}
 * (never the server's locale, in which a Turkish {@code I} lowers to a dotless {@code ı}). This follows the PRECIS
 * UsernameCaseMapped profile (RFC 8265 3.3: width mapping, case mapping, normalisation) closely enough for sign-in
 * names, and it is at least as wide as sign-in itself: HTTP Basic finds a configured user whatever the case of the name
 * typed (Spring Security's in-memory user store), and a bearer token's user claim is whatever the identity provider
 * writes.
 *
 * <p>Who the signed-in user is on a team (who may score, sign, recommend), whether a user already holds a place on a
 * team, and whether a reviewer or decider took part in an audit are all judged by the key, on both sides. Recorded
 * events keep the user names as they were given: only comparisons normalise, so no stored event changes.
 */
public final class UserNames {

    private UserNames() {
    }

    /** The form two user names are compared in; null for null. */
    public static String key(String userName) {
        return userName == null ? null
                : Normalizer.normalize(userName, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code one} and {@code other} name the same person; a null names nobody, not even another null. */
    public static boolean same(String one, String other) {
        return one != null && other != null && key(one).equals(key(other));
    }
}
