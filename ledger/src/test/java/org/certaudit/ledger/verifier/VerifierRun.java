package org.certaudit.ledger.verifier;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One run of the verifier's command line in-process: its exit status and what it printed on each stream. */
record VerifierRun(int status, String out, String err) {

    /** A run on a machine whose locale is English, whatever this one's is: without --lang it prints English. */
    static VerifierRun of(String... args) {
        return on(Locale.US, args);
    }

    /** A run on a machine whose locale is {@code locale}. */
    static VerifierRun on(Locale locale, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LedgerVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), locale);
        return new VerifierRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
