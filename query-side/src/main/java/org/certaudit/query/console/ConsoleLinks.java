package org.certaudit.query.console;

import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The downloads of an audit that this query side serves: every {@code GET} endpoint under
 * {@code /api/audits/{id}/} for a report, a scorecard export or an evidence bundle. Found from the
 * registered endpoints, so that the console offers them as soon as they are built, and never a
 * link that answers 404. A name without a format is left out when the same name with one is there
 * ({@code report}, which negotiates, beside {@code report.html} and {@code report.pdf}). Each is shown in
 * the words of {@code download.<name>} (ConsoleTest checks that every one has them).
 */
@Component
class ConsoleLinks {

    private static final String AUDIT = "/api/audits/{id}/";
    private static final List<String> DOWNLOADS = List.of("report", "export", "bundle", "evidence", "xlsx", "csv", "pdf");

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private volatile List<String> downloads;

    // The mappings are read on first use, not at construction: the handler mapping is built after the
    // controllers, and asking for it early ties it into the security configuration's start-up.
    ConsoleLinks(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    private List<String> patterns() {
        List<String> found = downloads;
        if (found == null) {
            found = mappings.getObject().getHandlerMethods().keySet().stream()
                    .filter(info -> info.getMethodsCondition().getMethods().isEmpty()
                            || info.getMethodsCondition().getMethods().contains(RequestMethod.GET))
                    .flatMap(info -> info.getPatternValues().stream())
                    .filter(Objects::nonNull)
                    .filter(pattern -> pattern.startsWith(AUDIT)
                            && DOWNLOADS.stream().anyMatch(word -> pattern.substring(AUDIT.length()).contains(word)))
                    .sorted()
                    .distinct()
                    .toList();
            List<String> all = found;
            found = all.stream().filter(pattern -> pattern.contains(".")
                    || all.stream().noneMatch(other -> other.startsWith(pattern + "."))).toList();
            downloads = found;
        }
        return found;
    }

    /** The download paths of one audit, e.g. {@code /api/audits/0455-2021-SE.1/report}. */
    List<Download> downloads(String auditId) {
        return patterns().stream()
                .map(pattern -> Download.of(pattern.substring(AUDIT.length()), pattern.replace("{id}", auditId), auditId))
                .toList();
    }
}
