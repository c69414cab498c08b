package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certaudit.web.RuleCode;
import org.junit.jupiter.api.Test;

/**
 * Every place the command side, the query side and web-security name a rule ({@code RuleCode.X.with(name, value, ...)})
 * gives exactly the code's arguments. {@link RuleCode#with} checks this when the refusal happens; read
 * from the sources here, so that a refusal no test provokes cannot turn into a 500 for a wrong name.
 */
class RuleCodeUsageTest {

    /** The modules that raise rules: both sides and the problem format they share. */
    private static final String[] MODULES = {"command-side", "query-side", "web-security"};
    private static final Pattern USE = Pattern.compile("RuleCode\\.(\\w+)\\)?\\.with\\(");

    @Test
    void everyUseOfARuleNamesExactlyItsArguments() throws IOException {
        List<String> faults = new ArrayList<>();
        int uses = 0;
        Map<String, Integer> usesByModule = new java.util.TreeMap<>();
        for (String module : MODULES) {
            for (Path source : sources(Path.of("..", module, "src/main/java"))) {
                String text = Files.readString(source);
                Matcher use = USE.matcher(text);
                while (use.find()) {
                    uses++;
                    usesByModule.merge(module, 1, Integer::sum);
                    RuleCode rule = RuleCode.valueOf(use.group(1));
                    List<String> arguments = arguments(text, use.end());
                    TreeSet<String> names = new TreeSet<>();
                    for (int i = 0; i < arguments.size(); i += 2) {
                        names.add(arguments.get(i).replace("\"", ""));
                    }
                    if (arguments.size() % 2 != 0 || !names.equals(new TreeSet<>(rule.arguments()))) {
                        faults.add(source.getFileName() + ": " + rule + " given " + arguments + ", takes " + rule.arguments());
                    }
                }
            }
        }
        assertThat(uses).as("uses found").isGreaterThan(100);
        assertThat(usesByModule).as("uses found per module").containsOnlyKeys(MODULES)
                .allSatisfy((module, count) -> assertThat(count).as(module).isGreaterThan(10));
        assertThat(faults).isEmpty();
    }

    @Test
    void everyCodeIsUsedAndUnique() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : MODULES) {
            for (Path source : sources(Path.of("..", module, "src/main/java"))) {
                if (!source.getFileName().toString().equals("RuleCode.java")) {
                    all.append(Files.readString(source));
                }
            }
        }
        assertThat(Stream.of(RuleCode.values()).filter(rule -> !all.toString().contains("RuleCode." + rule.name())).toList())
                .as("codes nothing raises").isEmpty();
        assertThat(Stream.of(RuleCode.values()).map(RuleCode::code).distinct().count()).isEqualTo(RuleCode.values().length);
        assertThat(Stream.of(RuleCode.values()).map(RuleCode::code).filter(code -> !code.matches("[a-z]+\\.[a-z]+(-[a-z]+)*")))
                .as("codes not of the form area.rule-words").isEmpty();
    }

    @Test
    void withRefusesOtherNamesThanTheCodesArguments() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleCode.INDEPENDENCE_DECIDER_ON_TEAM.with("user", "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[user, audit]");
        assertThat(RuleCode.INDEPENDENCE_DECIDER_ON_TEAM.with("audit", "0455-2021-SE.2", "user", "decider2").arguments())
                .containsExactly(Map.entry("user", "decider2"), Map.entry("audit", "0455-2021-SE.2"));
    }

    /** The top-level arguments of a call whose parenthesis opened just before {@code start}. */
    private static List<String> arguments(String text, int start) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && text.charAt(i - 1) != '\\') {
                quoted = !quoted;
            }
            if (!quoted && (c == '(' || c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (!quoted && c == ',' && depth == 0) {
                arguments.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            arguments.add(current.toString().strip());
        }
        return arguments;
    }

    private static List<Path> sources(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        }
    }
}
