package org.certaudit.ledger.verifier;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.scheme.SchemeCatalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * The command line:
 * <pre>
 * java -jar ledger-verifier.jar bundle.json [--key public.pem] [--tree-head head.json]
 * java -jar ledger-verifier.jar bundle.json --key public.pem [--tree-head head.json] --report 'the report's QR text'
 * java -jar ledger-verifier.jar --store mongodb://host:27017/ [--database certaudit] --key public.pem [--tree-head head.json]
 * </pre>
 * Prints OK and what it verified, or FAILED and the first problem (naming project, sequence and position);
 * exits 0 when everything holds, 1 when something does not, 2 when the input cannot be read. With {@code --report}, once
 * the bundle's own checks hold, it also checks that the printed report whose QR code text is given follows from the
 * bundle's events ({@link ReportCheck}): its digest, and whether the tree heads cover its last event.
 */
public final class LedgerVerifier {

    static final String USAGE = """
            usage: java -jar ledger-verifier.jar bundle.json [--key public.pem] [--tree-head head.json]
                   java -jar ledger-verifier.jar bundle.json --key public.pem [--tree-head head.json] --report '<QR text>'
                   java -jar ledger-verifier.jar --store <mongodb uri> [--database certaudit] --key public.pem [--tree-head head.json]
              bundle.json   an evidence bundle exported from /api/audits/{id}/evidence or /api/projects/{number}/evidence
              --key         the log's Ed25519 public key (PEM) as the certification body published it
              --tree-head   a signed tree head you kept earlier (JSON from /api/ledger/tree-heads/latest)
              --report      a printed report's QR code text, as a phone shows it, in quotes:
                            'https://…/console/verify/report?audit=…&version=…&sha256=…&tree=…' or 'certaudit:report?audit=…&…';
                            checks that the bundle's events give the report's digest (a project bundle always reaches
                            the report's version; an audit bundle only up to its audit's last event); needs --key
              --store       check every event, leaf and tree head of a whole store instead of a bundle
            exit status: 0 verified, 1 a check failed (or the bundle does not reach the report), 2 the input could not be read""";

    /** Held, so that the level set on them stays: the driver would otherwise warn on stderr that it has no SLF4J. */
    private static final java.util.logging.Logger[] QUIET = {
            java.util.logging.Logger.getLogger("org.mongodb.driver"), java.util.logging.Logger.getLogger("com.mongodb")};

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LedgerVerifier() {
    }

    public static void main(String[] args) {
        for (java.util.logging.Logger logger : QUIET) {
            logger.setLevel(java.util.logging.Level.SEVERE);
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String bundleFile = null;
        String keyFile = null;
        String headFile = null;
        String store = null;
        String database = "certaudit";
        ReportClaim report = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> keyFile = value(args, ++i, "--key");
                    case "--tree-head" -> headFile = value(args, ++i, "--tree-head");
                    case "--store" -> store = value(args, ++i, "--store");
                    case "--database" -> database = value(args, ++i, "--database");
                    case "--report" -> report = ReportClaim.parse(value(args, ++i, "--report"));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--") || bundleFile != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        bundleFile = args[i];
                    }
                }
            }
            if ((bundleFile == null) == (store == null)) {
                throw new IllegalArgumentException("give either a bundle file or --store");
            }
            if (report != null && store != null) {
                throw new IllegalArgumentException("--report needs a bundle file: export /api/projects/"
                        + report.auditId().projectNumber() + "/evidence");
            }
            if (report != null && keyFile == null) {
                // A bundle's own key proves nothing: whoever forged the report could sign a bundle to match it.
                throw new IllegalArgumentException("--report needs --key: the log's public key as the certification body "
                        + "published it, not the one the bundle carries");
            }
            PublicKey key = keyFile == null ? null : Keys.readPublicKey(Files.readString(Path.of(keyFile)));
            SignedTreeHead kept = headFile == null ? null : JSON.readValue(Path.of(headFile).toFile(), SignedTreeHead.class);
            Verdict verdict;
            if (store != null) {
                if (key == null) {
                    throw new IllegalArgumentException("--store needs --key: a store carries no key of its own");
                }
                try (MongoClient client = MongoClients.create(new ConnectionString(store))) {
                    verdict = StoreVerifier.verify(client.getDatabase(database), key, kept);
                }
            } else {
                EvidenceBundle bundle = JSON.readValue(Path.of(bundleFile).toFile(), EvidenceBundle.class);
                verdict = BundleVerifier.verify(bundle, key, kept);
                if (report != null) {
                    if (verdict.ok()) {
                        ReportCheck.check(bundle, report, SchemeCatalog.shipped(), verdict);
                    } else {
                        verdict.note("the report (" + report.describe() + ") was not checked: the bundle's own checks failed");
                    }
                }
            }
            out.print(verdict.report());
            return verdict.ok() ? 0 : 1;
        } catch (IOException e) {
            err.println("ledger-verifier: cannot read " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("ledger-verifier: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
