package org.certaudit.query.console;

import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The texts the console's scripts show (keys {@code js.*}, {@code grade.*}, {@code event.*}, {@code problem.*}, the rules'
 * sentences {@code rule.*} and the words of their arguments' values of the {@code messages} bundle) in the page's language, so that the scripts hold no words of their own.
 */
@ControllerAdvice(assignableTypes = ConsoleController.class)
class ConsoleMessages {

    private static final String[] PREFIXES = {"js.", "grade.", "event.", "sheet.na", "problem.", "rule.", "type.",
            "role.", "decision.", "certificate-status.", "json-type."};

    private final Map<Locale, Map<String, String>> cache = new ConcurrentHashMap<>();

    @ModelAttribute("jsMessages")
    Map<String, String> jsMessages(Locale locale) {
        return cache.computeIfAbsent(locale, ConsoleMessages::load);
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
