package org.certaudit.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A Dockerfile read as its instructions (continuation lines joined, comments dropped). */
record Dockerfile(Path path, List<Instruction> instructions) {

    record Instruction(String keyword, String arguments) {
    }

    static Dockerfile read(Path path) {
        try {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String line : Files.readAllLines(path)) {
                String trimmed = line.strip();
                if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                    continue;
                }
                if (!pending.isEmpty() && trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                pending.append(trimmed);
                String text = pending.toString().strip();
                pending.setLength(0);
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT),
                        text.substring(space + 1).strip()));
            }
            return new Dockerfile(path, List.copyOf(instructions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    /** The instructions of the last stage: what the image that runs is made of. */
    Dockerfile finalStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return new Dockerfile(path, instructions.subList(last, instructions.size()));
    }

    /** Every {@code ENV} setting, in both the {@code KEY=value ...} and the legacy {@code KEY value} form. */
    Map<String, String> environment() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arguments : all("ENV")) {
            List<String> words = words(arguments);
            if (!words.get(0).contains("=")) {
                settings.put(words.get(0), String.join(" ", words.subList(1, words.size())));
                continue;
            }
            for (String word : words) {
                int equals = word.indexOf('=');
                settings.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        return settings;
    }

    /** Splits on blanks outside double quotes, dropping the quotes. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
