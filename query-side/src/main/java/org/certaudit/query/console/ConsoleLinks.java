package org.certaudit.query.console;

import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The downloads of an audit that this query side serves: every {@code GET} endpoint under
 * {@code /api/audits/{id}/} for a report, a scorecard export or an evidence bundle. Found from the
 * registered endpoints, so that the console offers them as soon as they are built, and never a
 * link that answers 404.
 */
@Component
class ConsoleLinks {

    private static final String AUDIT = "/api/audits/{id}/";
    private static final List<String> DOWNLOADS = List.of("report", "export", "bundle", "xlsx", "csv", "pdf");

    private final List<String> downloads;

    ConsoleLinks(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.downloads = mappings.getHandlerMethods().keySet().stream()
                .filter(info -> info.getMethodsCondition().getMethods().isEmpty()
                        || info.getMethodsCondition().getMethods().contains(RequestMethod.GET))
                .flatMap(info -> info.getPatternValues().stream())
                .filter(Objects::nonNull)
                .filter(pattern -> pattern.startsWith(AUDIT)
                        && DOWNLOADS.stream().anyMatch(word -> pattern.substring(AUDIT.length()).contains(word)))
                .sorted()
                .distinct()
                .toList();
    }

    /** The download paths of one audit, e.g. {@code /api/audits/0455-2021-SE.1/report}. */
    List<Download> downloads(String auditId) {
        return downloads.stream()
                .map(pattern -> new Download(pattern.substring(AUDIT.length()), pattern.replace("{id}", auditId)))
                .toList();
    }
}
