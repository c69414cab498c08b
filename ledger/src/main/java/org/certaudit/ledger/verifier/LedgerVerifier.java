package org.certaudit.ledger.verifier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
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
import java.time.ZoneId;

/**
 * The command line:
 * <pre>
 * java -jar ledger-verifier.jar bundle.json [--key public.pem] [--tree-head head.json] [--time-zone Asia/Shanghai] [--list]
 * java -jar ledger-verifier.jar bundle.json --key public.pem [--tree-head head.json] --report 'the report's QR text'
 * java -jar ledger-verifier.jar --store mongodb://host:27017/ [--database certaudit] --key public.pem [--tree-head head.json]
 * </pre>
 * Prints OK, what a bundle shows at its end and what it verified, or FAILED and the first problem (naming project, sequence
 * and position); exits {@value Verdict#VERIFIED} when everything holds, {@value Verdict#FAILED} when something does not,
 * {@value Verdict#UNREADABLE} when the input cannot be read, {@value Verdict#ORIGIN_NOT_VERIFIED} when everything holds
 * under the bundle's own key (no {@code --key}: integrity only, not who signed it), {@value Verdict#END_NOT_PROVEN} when
 * everything holds under the trusted key but the bundle carries no signed stream end. With {@code --report}, once the
 * bundle's own checks hold, it also checks that the printed report whose QR code text is given follows from the bundle's
 * events ({@link ReportCheck}): its digest, and whether the tree heads cover its last event. With {@code --list}, after the
 * verdict whatever it is, it lists the bundle's events in words, one line each ({@link EventList}).
 */
public final class LedgerVerifier {

    static final String USAGE = """
            usage: java -jar ledger-verifier.jar bundle.json [--key public.pem] [--tree-head head.json] [--time-zone <zone>] [--list]
                   java -jar ledger-verifier.jar bundle.json --key public.pem [--tree-head head.json] --report '<QR text>'
                   java -jar ledger-verifier.jar --store <mongodb uri> [--database certaudit] --key public.pem [--tree-head head.json]
              bundle.json   an evidence bundle exported from /api/audits/{id}/evidence or /api/projects/{number}/evidence
              --key         the log's Ed25519 public key (PEM) as the certification body published it; without it the
                            bundle's own key is used, which proves integrity only (exit status 3), not who signed it
              --tree-head   a signed tree head you kept earlier (JSON from /api/ledger/tree-heads/latest)
              --report      a printed report's QR code text, as a phone shows it, in quotes:
                            'https://…/console/verify/report?audit=…&version=…&sha256=…&tree=…' or 'certaudit:report?audit=…&…';
                            checks that the bundle's events give the report's digest (a project bundle always reaches
                            the report's version; an audit bundle only up to its audit's last event); needs --key
              --time-zone   the certification body's zone (default Asia/Shanghai, as the query side's certaudit.time-zone):
                            a certificate whose last valid day had passed on the day, in it, of the last event is 已过期;
                            --list gives each event's time on this clock too
              --list        after the verdict (whatever it is), list the bundle's events in words, one line each in
                            sequence order: sequence, time recorded, who, type and facts (an item's percent, the
                            previous one and the reason of a revision, a decision's outcome ...); an event whose own
                            checks failed is marked NOT PROVEN
              --store       check every event, leaf and tree head of a whole store instead of a bundle
            exit status: 0 verified with --key, 1 a check failed (or the bundle does not reach the report or misses events
                         at its end), 2 the input could not be read, 3 every check held but without --key: integrity
                         only, origin NOT verified, 4 every check held with --key but the bundle carries no signed stream
                         end (exported before the log signed one, or with it removed): events cut off at its end would
                         not be seen; export it again""";

    /** Held, so that the level set on them stays: the driver would otherwise warn on stderr that it has no SLF4J. */
    private static final java.util.logging.Logger[] QUIET = {
            java.util.logging.Logger.getLogger("org.mongodb.driver"), java.util.logging.Logger.getLogger("com.mongodb")};

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** The query side's default {@code certaudit.time-zone}. */
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

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
        ZoneId zone = DEFAULT_ZONE;
        ReportClaim report = null;
        boolean list = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> keyFile = value(args, ++i, "--key");
                    case "--tree-head" -> headFile = value(args, ++i, "--tree-head");
                    case "--store" -> store = value(args, ++i, "--store");
                    case "--database" -> database = value(args, ++i, "--database");
                    case "--report" -> report = ReportClaim.parse(value(args, ++i, "--report"));
                    case "--time-zone" -> zone = zone(value(args, ++i, "--time-zone"));
                    case "--list" -> list = true;
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
            if (list && store != null) {
                throw new IllegalArgumentException("--list needs a bundle file, not --store");
            }
            if (report != null && keyFile == null) {
                // A bundle's own key proves nothing: whoever forged the report could sign a bundle to match it.
                throw new IllegalArgumentException("--report needs --key: the log's public key as the certification body "
                        + "published it, not the one the bundle carries");
            }
            PublicKey key = keyFile == null ? null : Keys.readPublicKey(Files.readString(Path.of(keyFile)));
            SignedTreeHead kept = headFile == null ? null : readJson(headFile, "tree head", SignedTreeHead.class);
            Verdict verdict;
            EvidenceBundle listed = null;
            if (store != null) {
                if (key == null) {
                    throw new IllegalArgumentException("--store needs --key: a store carries no key of its own");
                }
                try (MongoClient client = MongoClients.create(new ConnectionString(store))) {
                    verdict = StoreVerifier.verify(client.getDatabase(database), key, kept);
                }
            } else {
                EvidenceBundle bundle = readJson(bundleFile, "bundle", EvidenceBundle.class);
                verdict = BundleVerifier.verify(bundle, key, kept);
                listed = list ? bundle : null;
                if (verdict.ok()) {
                    BundleEnd.describe(bundle, SchemeCatalog.shipped(), zone, verdict);
                }
                if (report != null) {
                    if (verdict.ok()) {
                        ReportCheck.check(bundle, report, SchemeCatalog.shipped(), zone, verdict);
                    } else {
                        verdict.note("the report (" + report.describe() + ") was not checked: the bundle's own checks failed");
                    }
                }
            }
            out.print(verdict.report());
            if (listed != null) {
                out.print(EventList.of(listed, verdict, zone));
            }
            return verdict.exitStatus();
        } catch (UnreadableFile e) {
            err.println("ledger-verifier: " + e.getMessage());
            return Verdict.UNREADABLE;
        } catch (IOException e) {
            err.println("ledger-verifier: cannot read " + e.getMessage());
            return Verdict.UNREADABLE;
        } catch (IllegalArgumentException e) {
            err.println("ledger-verifier: " + e.getMessage());
            err.println(USAGE);
            return Verdict.UNREADABLE;
        }
    }

    /** A file that is there but does not hold what it should, said in words rather than as the JSON parser's trace. */
    static final class UnreadableFile extends IOException {
        UnreadableFile(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code file} as {@code type}, saying what is wrong in words when it cannot: a file cut short (a download that
     * stopped), text that is not JSON, JSON that is not a {@code what}.
     */
    static <T> T readJson(String file, String what, Class<T> type) throws IOException {
        Path path = Path.of(file);
        String name = "the " + what + " file " + file;
        String again = what.equals("bundle") ? "; download it again" : "";
        if (Files.isRegularFile(path) && Files.size(path) == 0) {
            throw new UnreadableFile(name + " is empty" + again);
        }
        try {
            return JSON.readValue(path.toFile(), type);
        } catch (JsonProcessingException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonEOFException eof) {
                    throw new UnreadableFile(name + " is not complete JSON: it ends at " + where(eof.getLocation())
                            + again);
                }
                if (cause instanceof JsonParseException parse) {
                    throw new UnreadableFile(name + " is not JSON: " + parse.getOriginalMessage().lines().findFirst()
                            .orElse("") + " at " + where(parse.getLocation()));
                }
            }
            String at = e instanceof JsonMappingException mapping ? path(mapping) : "";
            throw new UnreadableFile(name + " is JSON but not a " + what + (at.isEmpty() ? "" : ": at " + at) + ": "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "an unknown place" : "line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    /** The member the mapping failed at, as {@code events[3].seq}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("--time-zone needs a zone id such as Asia/Shanghai, was '" + id + "'");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
