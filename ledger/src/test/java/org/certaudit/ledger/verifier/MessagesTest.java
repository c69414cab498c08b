package org.certaudit.ledger.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certaudit.audit.AuditEvent;
import org.certaudit.ledger.merkle.ProofException;
import org.junit.jupiter.api.Test;

/** The verifier's two message files say the same things: the same keys, each with the same arguments. */
class MessagesTest {

    private static final Pattern ARGUMENT = Pattern.compile("\\{\\d+}");
    /**
     * A key the code asks {@link Messages} for by its literal name (not a JSON member's {@code payload.get("…")}, not a
     * prefix such as {@code "list." + label}, whose keys the tests of each language print).
     */
    private static final Pattern KEY_IN_CODE = Pattern.compile(
            "(?:messages(?:\\(\\))?\\.|Messages\\.\\w+\\(\\w*\\)\\.|[^.\\w])get\\(\"([A-Za-z.]*[A-Za-z])\"");

    /**
     * Where the English gives a term in Chinese and its English constant, {@code 四星级 (FOUR_STAR)}, the Chinese gives the
     * Chinese alone.
     */
    private static final Set<String> ENGLISH_NAME_LEFT_OUT = Set.of("grade", "report.changeKind");

    private final Properties english = load("messages.properties");
    private final Properties chinese = load("messages_zh.properties");

    @Test
    void haveTheSameKeysEachWithTheSameArguments() {
        assertThat(chinese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        for (String key : english.stringPropertyNames()) {
            if (ENGLISH_NAME_LEFT_OUT.contains(key)) {
                assertThat(arguments(chinese.getProperty(key))).as(key).hasSize(1);
                assertThat(arguments(english.getProperty(key))).as(key).containsAll(arguments(chinese.getProperty(key)));
            } else {
                assertThat(arguments(chinese.getProperty(key))).as(key).isEqualTo(arguments(english.getProperty(key)));
            }
        }
    }

    @Test
    void holdEveryKeyTheCodeAsksForByName() throws IOException {
        Set<String> asked = new TreeSet<>();
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/org/certaudit/ledger/verifier"))) {
            for (Path source : sources.toList()) {
                Matcher key = KEY_IN_CODE.matcher(Files.readString(source));
                while (key.find()) {
                    asked.add(key.group(1));
                }
            }
        }
        assertThat(asked).as("keys found in the code").hasSizeGreaterThan(150);
        assertThat(english.stringPropertyNames()).containsAll(asked);
    }

    @Test
    void wordEveryProofCheckAndEveryAuditEventTypeKeepingTheTypesStoredName() {
        for (ProofException.Check check : ProofException.Check.values()) {
            assertThat(english).as(check.name()).containsKey("proof." + check.name());
        }
        for (Class<?> type : AuditEvent.class.getPermittedSubclasses()) {
            String name = type.getSimpleName();
            assertThat(english.getProperty("type." + name)).isEqualTo(name);
            assertThat(chinese.getProperty("type." + name)).as(name).matches(Pattern.quote(name) + "（\\p{IsHan}+）");
        }
    }

    @Test
    void leadEveryOkWithOkForScripts() {
        assertThat(Messages.ENGLISH.get("verdict.okWithLimits", "x")).isEqualTo("OK (x)");
        assertThat(Messages.CHINESE.get("verdict.okWithLimits", "x")).isEqualTo("OK（x）");
    }

    @Test
    void putTheArgumentsInAsWrittenWithoutGroupingNumbersOrEatingApostrophes() {
        assertThat(Messages.ENGLISH.get("kept.noProof", 4211L))
                .isEqualTo("the bundle has no consistency proof from tree size 4211; export it with consistencyFrom=4211");
        assertThat(Messages.ENGLISH.get("bundle.streamKey", "project P, sequence 1, position 2", "P/$1"))
                .isEqualTo("project P, sequence 1, position 2: its stream key 'P/$1' does not match its project and sequence");
        assertThat(Messages.CHINESE.get("list.percentWas", "80.00", "87.50")).isEqualTo("80.00%（原为 87.50%）");
    }

    @Test
    void chooseChineseForEveryChineseLocaleAndEnglishOtherwise() {
        assertThat(Messages.of(Locale.SIMPLIFIED_CHINESE).chinese()).isTrue();
        assertThat(Messages.of(Locale.forLanguageTag("zh-Hant-HK")).chinese()).isTrue();
        assertThat(Messages.of(Locale.JAPAN).chinese()).isFalse();
        assertThat(Messages.of(Locale.ROOT).chinese()).isFalse();
        assertThat(Messages.named("ZH")).contains(Messages.CHINESE);
        assertThat(Messages.named("en")).contains(Messages.ENGLISH);
        assertThat(Messages.named("zh_CN")).isEmpty();
    }

    private static Set<String> arguments(String text) {
        Set<String> found = new TreeSet<>();
        Matcher argument = ARGUMENT.matcher(text);
        while (argument.find()) {
            found.add(argument.group());
        }
        return found;
    }

    private static Properties load(String name) {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
