package org.certaudit.query.console;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.certaudit.query.People;
import org.certaudit.web.RuleViolation;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriUtils;

/**
 * The texts the console's scripts show (keys {@code js.*}, {@code grade.*}, {@code event.*}, {@code problem.*}, the rules'
 * sentences {@code rule.*} and the words of their arguments' values of the {@code messages} bundle, and the
 * special-item form's words for a clause not applicable, which the page and its script both write) in the page's
 * language, so that the scripts hold no words of their own.
 */
@ControllerAdvice(assignableTypes = ConsoleController.class)
class ConsoleMessages {

    private static final String[] PREFIXES = {"js.", "grade.", "event.", "sheet.na", "problem.", "rule.", "type.",
            "role.", "decision.", "certificate-status.", "json-type.", "special.clauseNotApplicable"};

    /** {name}, or {name,prefix} for a value in the words of prefix.value: as console.js's errorText fills them in. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(?:,([\\w-]+))?}");
    private static final Map<Locale, Map<String, String>> CACHE = new ConcurrentHashMap<>();

    @ModelAttribute("jsMessages")
    Map<String, String> jsMessages(Locale locale) {
        return texts(locale);
    }

    private final People people;

    ConsoleMessages(People people) {
        this.people = people;
    }

    /**
     * How pages name a user: the person's name where the body configured one ({@code certaudit.people}), with the user
     * name in the page's language's brackets.
     */
    @ModelAttribute("people")
    People people(Locale locale) {
        return people.in(locale);
    }

    /** The language switch's links: this page with its parameters, in the other language ({@code lang}). */
    @ModelAttribute("languages")
    PageLinks languages(HttpServletRequest request) {
        return new PageLinks(request.getRequestURI(), request.getQueryString());
    }

    /**
     * This page: its {@code path} and its raw {@code query}, as the browser sent them (already encoded), for links to the
     * same page with one parameter changed or left out; every other part of the query is kept as it was.
     */
    record PageLinks(String path, String query) {

        /** The page with {@code lang} set. */
        public String link(String language) {
            return with("lang", language);
        }

        /** The page with {@code parameter} set to {@code value}, the rest of the query as sent (a trail's filters, paged). */
        public String with(String parameter, Object value) {
            String without = without(parameter);
            return without + (without.contains("?") ? "&" : "?")
                    + UriUtils.encodeQueryParam(parameter, StandardCharsets.UTF_8) + "="
                    + UriUtils.encodeQueryParam(String.valueOf(value), StandardCharsets.UTF_8);
        }

        /** The page without {@code parameter} (named as decoded). */
        public String without(String parameter) {
            StringBuilder link = new StringBuilder(path);
            char separator = '?';
            if (query != null) {
                for (String part : query.split("&")) {
                    int eq = part.indexOf('=');
                    if (!part.isEmpty() && !decode(eq < 0 ? part : part.substring(0, eq)).equals(parameter)) {
                        link.append(separator).append(part);
                        separator = '&';
                    }
                }
            }
            return link.toString();
        }

        private static String decode(String name) {
            try {
                return UriUtils.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException unreadable) {
                return name;
            }
        }
    }

    /**
     * The rule's sentence {@code rule.<code>} in the language of {@code locale} with its arguments filled in, as the
     * console's script says it for an API problem; null when the bundle has no sentence for the code.
     */
    static String sentence(RuleViolation rule, Locale locale) {
        Map<String, String> texts = texts(locale);
        String sentence = texts.get("rule." + rule.code());
        if (sentence == null) {
            return null;
        }
        Matcher placeholder = PLACEHOLDER.matcher(sentence);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            Object value = rule.arguments().get(placeholder.group(1));
            String prefix = placeholder.group(2);
            Function<Object, String> word = v -> prefix != null && texts.containsKey(prefix + "." + v)
                    ? texts.get(prefix + "." + v) : String.valueOf(v);
            String text = value == null ? texts.getOrDefault("js.none", "")
                    : value instanceof List<?> values ? values.stream().map(word)
                            .collect(Collectors.joining(texts.getOrDefault("js.list.separator", ", ")))
                    : word.apply(value);
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(text));
        }
        placeholder.appendTail(filled);
        return filled.toString();
    }

    private static Map<String, String> texts(Locale locale) {
        return CACHE.computeIfAbsent(locale, ConsoleMessages::load);
    }

    private static Map<String, String> load(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle("messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> texts = new TreeMap<>();
        for (String key : bundle.keySet()) {
            for (String prefix : PREFIXES) {
                if (key.startsWith(prefix)) {
                    texts.put(key, bundle.getString(key));
                }
            }
        }
        return texts;
    }
}
