package org.certaudit.query.report;

import java.util.Locale;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Turns a {@link ReportView} into the report's XHTML with the template {@code report.xhtml} beside this class
 * (Thymeleaf in XML mode, so that the output is well-formed for the PDF renderer and valid HTML for a browser). The
 * engine is the report's own: it neither uses nor configures Spring MVC views.
 */
@Component
class ReportHtml {

    private final TemplateEngine engine = new TemplateEngine();

    ReportHtml() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("org/certaudit/query/report/");
        resolver.setSuffix(".xhtml");
        resolver.setTemplateMode(TemplateMode.XML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    String render(ReportView view) {
        Context context = new Context(Locale.SIMPLIFIED_CHINESE);
        context.setVariable("v", view);
        return engine.process("report", context);
    }
}
