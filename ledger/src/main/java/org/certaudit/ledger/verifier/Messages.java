package org.certaudit.ledger.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.merkle.ProofException;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.scheme.Grade;

/**
 * The verifier's words in its reader's language: English ({@code messages.properties}, {@code usage.txt}) or Chinese
 * ({@code messages_zh.properties}, {@code usage_zh.txt}), same keys, in this package's resources. What a script reads
 * stays the same in both: the leading {@code OK} and {@code FAILED:}, exit statuses, ids, hashes, numbers and dates.
 *
 * <p>A text's {@code {0}}, {@code {1}} … are replaced by the arguments as {@link String#valueOf(Object)} gives them, and
 * nothing else is special: unlike {@link java.text.MessageFormat}, an apostrophe ({@code the bundle's}) stays as it is
 * and a number prints without grouping ({@code 4211}, not {@code 4,211}).
 */
final class Messages {

    private static final String BASE = "org.certaudit.ledger.verifier.messages";
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)}");

    static final Messages ENGLISH = new Messages(false);
    static final Messages CHINESE = new Messages(true);

    private final boolean chinese;
    private final ResourceBundle bundle;

    private Messages(boolean chinese) {
        this.chinese = chinese;
        // No fallback to the default locale: on a Chinese machine, English must still be English.
        this.bundle = ResourceBundle.getBundle(BASE, chinese ? Locale.CHINESE : Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Chinese for any {@code zh} locale (zh_CN, zh_TW, zh_Hans_SG …), English for every other. */
    static Messages of(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? CHINESE : ENGLISH;
    }

    /** The language {@code --lang} names, {@code zh} or {@code en} (either case); empty for any other. */
    static Optional<Messages> named(String language) {
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "zh" -> Optional.of(CHINESE);
            case "en" -> Optional.of(ENGLISH);
            default -> Optional.empty();
        };
    }

    boolean chinese() {
        return chinese;
    }

    /**
     * The text of {@code key} with its arguments in place.
     *
     * @throws java.util.MissingResourceException when the key is in neither file (a test keeps both files' keys alike)
     */
    String get(String key, Object... arguments) {
        Matcher argument = ARGUMENT.matcher(bundle.getString(key));
        StringBuilder text = new StringBuilder();
        while (argument.find()) {
            int index = Integer.parseInt(argument.group(1));
            argument.appendReplacement(text, Matcher.quoteReplacement(
                    index < arguments.length ? String.valueOf(arguments[index]) : argument.group()));
        }
        return argument.appendTail(text).toString();
    }

    /** The usage text {@code --help} and a usage error print. */
    String usage() {
        String name = chinese ? "usage_zh.txt" : "usage.txt";
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the verifier's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "project 0455-2021-SE, sequence 7, position 42" ({@code 项目 0455-2021-SE，序号 7，位置 42}): how a verdict names an event. */
    String event(BundleEvent event) {
        return event(event.aggregateId(), event.seq(), event.eventId(), event.position());
    }

    /** An event by its stream and sequence, or by its id when it is of no stream, and its position. */
    String event(String aggregateId, Object seq, String eventId, Object position) {
        return aggregateId == null ? get("event.withoutStream", eventId, position)
                : get("event", aggregateId, seq, position);
    }

    /**
     * "audit 0455-2021-SE.1" or "project 0455-2021-SE" ({@code 审查 …}, {@code 项目 …}): a bundle's subject; a kind other
     * than those two as the bundle writes it.
     */
    String subject(EvidenceBundle.Subject subject) {
        return "audit".equals(subject.kind()) || "project".equals(subject.kind())
                ? get("subject." + subject.kind(), subject.id()) : subject.kind() + " " + subject.id();
    }

    /**
     * An event's type, its simple class name as stored; in Chinese followed by its name as the console's trail gives it
     * ({@code ItemScoreRevised（修改得分）}). A type the verifier does not know stays as it is.
     */
    String eventType(String type) {
        return bundle.containsKey("type." + type) ? get("type." + type) : type;
    }

    /** A grade as GB/T 27922's ladder names it: {@code 四星级 (FOUR_STAR)} in English, {@code 四星级} in Chinese. */
    String grade(Grade grade) {
        return get("grade", grade.chineseName(), grade.name());
    }

    /** "of size 201 signed 2026-12-05T12:11:32.880Z": a tree head after the words "tree head". */
    String treeHead(SignedTreeHead head) {
        return get("treeHead", head.treeSize(), java.time.Instant.ofEpochMilli(head.timestamp()));
    }

    /**
     * Why a proof failed: a {@link ProofException}'s check in words, or a hash in the proof that is not one (the decoder's
     * own message, which names how long it was).
     */
    String proofFailure(Exception failure) {
        if (failure instanceof ProofException proof) {
            return get("proof." + proof.check().name(), proof.values().toArray());
        }
        return get("proof.notAHash", failure.getMessage());
    }
}
