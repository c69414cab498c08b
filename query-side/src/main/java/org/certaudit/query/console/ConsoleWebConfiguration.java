package org.certaudit.query.console;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.certaudit.query.BadParameterException;
import org.certaudit.web.RuleCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's language: Chinese unless the user chose English ({@code ?lang=en}, remembered in a
 * cookie; another {@code lang} is a 400 page naming it, on an address that is a page, an unreadable cookie is ignored). Not the browser's {@code Accept-Language}: the reports and the scheme are Chinese, and a
 * team on site should see the same words whatever tablet they borrowed.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    /** The languages {@code lang} takes, as the language switch sends them. */
    static final List<String> LANGUAGES = List.of("zh_CN", "en");

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("certaudit-lang");
        resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        // A cookie this server did not write (or an older one) falls back to Chinese; Spring's default is a 500 on every
        // page until the browser drops it.
        resolver.setRejectInvalidCookies(false);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws ServletException {
                String language = request.getParameter("lang");
                if (language != null && !LANGUAGES.contains(language)) {
                    if (!(handler instanceof HandlerMethod)) {
                        // No page here (a mistyped address, or a file): its 404, a page for a browser, is what to say, as
                        // for a parameter no page takes; the language stays as it was.
                        return true;
                    }
                    // Spring would take any well-formed locale and fail with a 500 on a malformed one.
                    throw new BadParameterException("lang", RuleCode.FIELD_NOT_ONE_OF.with("value", language,
                            "allowed", LANGUAGES), "lang must be one of " + String.join(", ", LANGUAGES));
                }
                return change.preHandle(request, response, handler);
            }
        }).addPathPatterns("/console/**");
    }
}
