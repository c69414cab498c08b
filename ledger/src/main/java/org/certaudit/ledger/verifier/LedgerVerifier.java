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

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The command line:
 * <pre>
 * java -jar ledger-verifier.jar bundle.json [--key public.pem] [--tree-head head.json] [--time-zone Asia/Shanghai] [--list] [--lang zh|en]
 * java -jar ledger-verifier.jar bundle.json --key public.pem [--tree-head head.json] --report 'the report's QR text' [--lang zh|en]
 * java -jar ledger-verifier.jar --store mongodb://host:27017/ [--database certaudit] --key public.pem [--tree-head head.json] [--lang zh|en]
 * </pre>
 * Prints OK, what a bundle shows at its end and what it verified, or FAILED and the first problem (naming project, sequence
 * and position); exits {@value Verdict#VERIFIED} when everything holds, {@value Verdict#FAILED} when something does not,
 * {@value Verdict#UNREADABLE} when the input cannot be read, {@value Verdict#ORIGIN_NOT_VERIFIED} when everything holds
 * under the bundle's own key (no {@code --key}: integrity only, not who signed it), {@value Verdict#END_NOT_PROVEN} when
 * everything holds under the trusted key but the bundle carries no signed stream end. With {@code --report}, once the
 * bundle's own checks hold, it also checks that the printed report whose QR code text is given follows from the bundle's
 * events ({@link ReportCheck}): its digest, and whether the tree heads cover its last event. With {@code --list}, after the
 * verdict whatever it is, it lists the bundle's events in words, one line each ({@link EventList}).
 *
 * <p>Every line is in Chinese or English ({@link Messages}): {@code --lang zh} or {@code --lang en}, by default Chinese
 * where the system's locale is a {@code zh} one. The leading {@code OK} and {@code FAILED:}, the exit statuses, ids,
 * hashes and numbers are the same in both, for scripts. An unknown {@code --lang} is a usage error
 * ({@value Verdict#UNREADABLE}).
 */
public final class LedgerVerifier {

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
        String console = System.getProperty("sun.stdout.encoding");
        Charset charset = outputCharset(console != null && Charset.isSupported(console) ? Charset.forName(console)
                : Charset.defaultCharset());
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true, charset);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, charset);
        int status = run(args, out, err, Locale.getDefault());
        out.flush();
        System.exit(status);
    }

    /**
     * The charset the verifier writes in: the one Java 17 would write {@code System.out} in ({@code current}), unless it
     * cannot write Chinese (a POSIX or C locale gives US-ASCII, and every Chinese character would print as {@code ?}),
     * then UTF-8, which such a terminal most likely shows. Names, reasons and 已过期 are Chinese in either language.
     */
    static Charset outputCharset(Charset current) {
        return current.newEncoder().canEncode("审查") ? current : StandardCharsets.UTF_8;
    }

    /**
     * Runs the command line, printing on {@code out} and {@code err}, and returns the exit status.
     *
     * @param locale the language without {@code --lang}: Chinese for a {@code zh} locale, else English
     */
    static int run(String[] args, PrintStream out, PrintStream err, Locale locale) {
        Messages messages = Messages.of(locale);
        String bundleFile = null;
        String keyFile = null;
        String headFile = null;
        String store = null;
        String database = "certaudit";
        ZoneId zone = DEFAULT_ZONE;
        String reportText = null;
        boolean list = false;
        try {
            // The language first, so that a mistake in any other argument is said in it.
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--lang")) {
                    String language = value(args, i + 1, "--lang", messages);
                    messages = Messages.named(language).orElseThrow(() -> new IllegalArgumentException(
                            Messages.of(locale).get("cli.lang", language)));
                }
            }
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> keyFile = value(args, ++i, "--key", messages);
                    case "--tree-head" -> headFile = value(args, ++i, "--tree-head", messages);
                    case "--store" -> store = value(args, ++i, "--store", messages);
                    case "--database" -> database = value(args, ++i, "--database", messages);
                    case "--report" -> reportText = value(args, ++i, "--report", messages);
                    case "--time-zone" -> zone = zone(value(args, ++i, "--time-zone", messages), messages);
                    case "--lang" -> ++i;
                    case "--list" -> list = true;
                    case "-h", "--help" -> {
                        out.println(messages.usage());
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--") || bundleFile != null) {
                            throw new IllegalArgumentException(messages.get("cli.unexpected", args[i]));
                        }
                        bundleFile = args[i];
                    }
                }
            }
            ReportClaim report = reportText == null ? null : ReportClaim.parse(reportText, messages);
            if ((bundleFile == null) == (store == null)) {
                throw new IllegalArgumentException(messages.get("cli.bundleOrStore"));
            }
            if (report != null && store != null) {
                throw new IllegalArgumentException(messages.get("cli.reportNeedsBundle",
                        report.auditId().projectNumber()));
            }
            if (list && store != null) {
                throw new IllegalArgumentException(messages.get("cli.listNeedsBundle"));
            }
            if (report != null && keyFile == null) {
                // A bundle's own key proves nothing: whoever forged the report could sign a bundle to match it.
                throw new IllegalArgumentException(messages.get("cli.reportNeedsKey"));
            }
            PublicKey key = keyFile == null ? null : readKey(keyFile, messages);
            SignedTreeHead kept = headFile == null ? null
                    : readJson(headFile, "treeHead", SignedTreeHead.class, messages);
            Verdict verdict;
            EvidenceBundle listed = null;
            if (store != null) {
                if (key == null) {
                    throw new IllegalArgumentException(messages.get("cli.storeNeedsKey"));
                }
                try (MongoClient client = MongoClients.create(new ConnectionString(store))) {
                    verdict = StoreVerifier.verify(client.getDatabase(database), key, kept, messages);
                }
            } else {
                EvidenceBundle bundle = readJson(bundleFile, "bundle", EvidenceBundle.class, messages);
                verdict = BundleVerifier.verify(bundle, key, kept, messages);
                listed = list ? bundle : null;
                if (verdict.ok()) {
                    BundleEnd.describe(bundle, SchemeCatalog.shipped(), zone, verdict);
                }
                if (report != null) {
                    if (verdict.ok()) {
                        ReportCheck.check(bundle, report, SchemeCatalog.shipped(), zone, verdict);
                    } else {
                        verdict.note(messages.get("cli.reportNotChecked", report.describe(messages)));
                    }
                }
            }
            out.print(verdict.report());
            if (listed != null) {
                out.print(EventList.of(listed, verdict, zone, SchemeCatalog.shipped()));
            }
            return verdict.exitStatus();
        } catch (UnreadableFile e) {
            err.println("ledger-verifier: " + e.getMessage());
            return Verdict.UNREADABLE;
        } catch (IOException e) {
            err.println("ledger-verifier: " + messages.get("cli.cannotRead", e.getMessage()));
            return Verdict.UNREADABLE;
        } catch (IllegalArgumentException e) {
            err.println("ledger-verifier: " + e.getMessage());
            err.println(messages.usage());
            return Verdict.UNREADABLE;
        }
    }

    /** The key file's Ed25519 public key; a file that holds none is a usage error saying so. */
    private static PublicKey readKey(String file, Messages messages) throws IOException {
        String pem = Files.readString(Path.of(file));
        try {
            return Keys.readPublicKey(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(messages.get("cli.badKey", file, e.getMessage()), e);
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
     * stopped), text that is not JSON, JSON that is not a {@code what} ({@code bundle} or {@code treeHead}, a key of
     * {@code file.*} and {@code what.*} in the messages).
     */
    static <T> T readJson(String file, String what, Class<T> type, Messages messages) throws IOException {
        Path path = Path.of(file);
        String name = messages.get("file." + what, file);
        String again = what.equals("bundle") ? messages.get("file.downloadAgain") : "";
        if (Files.isRegularFile(path) && Files.size(path) == 0) {
            throw new UnreadableFile(messages.get("file.empty", name) + again);
        }
        try {
            return JSON.readValue(path.toFile(), type);
        } catch (JsonProcessingException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonEOFException eof) {
                    throw new UnreadableFile(messages.get("file.cut", name, where(eof.getLocation(), messages)) + again);
                }
                if (cause instanceof JsonParseException parse) {
                    throw new UnreadableFile(messages.get("file.notJson", name, parse.getOriginalMessage().lines()
                            .findFirst().orElse(""), where(parse.getLocation(), messages)));
                }
            }
            String at = e instanceof JsonMappingException mapping ? path(mapping) : "";
            String kind = messages.get("what." + what);
            throw new UnreadableFile(at.isEmpty() ? messages.get("file.notA", name, kind, firstLine(e.getOriginalMessage()))
                    : messages.get("file.notAAt", name, kind, at, firstLine(e.getOriginalMessage())));
        }
    }

    private static String where(JsonLocation location, Messages messages) {
        return location == null ? messages.get("file.whereUnknown")
                : messages.get("file.where", location.getLineNr(), location.getColumnNr());
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

    private static ZoneId zone(String id, Messages messages) {
        try {
            return ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(messages.get("cli.zone", id));
        }
    }

    private static String value(String[] args, int i, String option, Messages messages) {
        if (i >= args.length) {
            throw new IllegalArgumentException(messages.get("cli.needsValue", option));
        }
        return args[i];
    }
}
