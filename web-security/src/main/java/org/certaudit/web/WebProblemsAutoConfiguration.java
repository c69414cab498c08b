package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.MultipartConfigElement;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.spi.ConfigurationState;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.MultipartAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * The HTTP contract of both sides in one place, so that every endpoint, present or added later,
 * inherits it: strict JSON bodies, strict query strings and form bodies (over the one body limit of 1 MiB refused,
 * malformed, or holding text JSON may not), {@code Accept} weighed as RFC 9110 has it,
 * the request id, problems for refusals made by the container, the firewall and the error page,
 * unknown parameters refused, Unicode blank text refused by {@code @NotBlank}, a {@code GET /} that
 * says where the API is, and (with springdoc present) the problems' schema and examples in the
 * OpenAPI document.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class, before = {HttpMessageConvertersAutoConfiguration.class,
        ErrorMvcAutoConfiguration.class, ValidationAutoConfiguration.class, MultipartAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebProblemsAutoConfiguration {

    /**
     * The servlet's multipart limits, the API's one body limit ({@link StrictJsonHttpMessageConverter#MAX_BODY_BYTES}
     * bytes, in memory): neither side takes a multipart body, but the dispatcher parses one on any path before it finds
     * the endpoint, up to Boot's default of 10 MB, and refuses more with a 413 that cannot say its limit. Here a
     * multipart body over the limit is the same 413 as a JSON one ({@link ProblemResponses}).
     */
    @Bean
    MultipartConfigElement multipartConfigElement() {
        return new MultipartConfigElement("", StrictJsonHttpMessageConverter.MAX_BODY_BYTES,
                StrictJsonHttpMessageConverter.MAX_BODY_BYTES, StrictJsonHttpMessageConverter.MAX_BODY_BYTES);
    }

    /** Request bodies read strictly; responses written by Boot's mapper as configured. */
    @Bean
    StrictJsonHttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper objectMapper) {
        return new StrictJsonHttpMessageConverter(objectMapper);
    }

    /**
     * Ours is the only Jackson converter: Boot puts it in front of Spring MVC's defaults without taking out the default
     * one, which would write any resource labelled with a type that ours refuses (a scorecard as
     * {@code application/problem+json}). Spring MVC also adds a YAML one whenever jackson-dataformat-yaml is on the
     * class path (swagger-core brings it for springdoc): with a mapper of its own it answered the query side's
     * resources as {@code application/yaml}, dates as arrays, in no format the API documents.
     */
    @Bean
    WebMvcConfigurer onlyStrictJson() {
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
                converters.removeIf(converter -> converter instanceof AbstractJackson2HttpMessageConverter
                        && !(converter instanceof StrictJsonHttpMessageConverter));
            }
        };
    }

    /** First of all filters, so that even a 401 carries the request id. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter(ObjectMapper objectMapper) {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter(objectMapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Right after the request id: nothing reads a parameter the container decoded leniently. It holds a query to the
     * connector's parameter count, Boot's {@code server.tomcat.max-parameter-count} (Tomcat's 1,000 by default).
     */
    @Bean
    FilterRegistrationBean<RequestLineFilter> requestLineFilter(ObjectMapper objectMapper,
                                                                ObjectProvider<ServerProperties> server) {
        int maxParameters = server.getIfAvailable(ServerProperties::new).getTomcat().getMaxParameterCount();
        FilterRegistrationBean<RequestLineFilter> registration =
                new FilterRegistrationBean<>(new RequestLineFilter(objectMapper, maxParameters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * After the request line's checks, which refuse a form body on an API path before it is read, and before Spring
     * Security ({@code SecurityProperties.DEFAULT_FILTER_ORDER}), whose CSRF check would otherwise have Tomcat read the
     * form leniently, and read a form it failed to parse as one without a token. It holds the query's and the form's
     * parameters together to the connector's parameter count, as Tomcat would.
     */
    @Bean
    FilterRegistrationBean<FormBodyFilter> formBodyFilter(ObjectMapper objectMapper,
                                                          ObjectProvider<ServerProperties> server) {
        int maxParameters = server.getIfAvailable(ServerProperties::new).getTomcat().getMaxParameterCount();
        FilterRegistrationBean<FormBodyFilter> registration =
                new FilterRegistrationBean<>(new FormBodyFilter(objectMapper, maxParameters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    MethodRefusals methodRefusals(ObjectMapper objectMapper, ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
        return new MethodRefusals(objectMapper, mappings);
    }

    @Bean
    ProblemErrorController problemErrorController(ObjectMapper objectMapper, MethodRefusals methodRefusals) {
        return new ProblemErrorController(objectMapper, methodRefusals);
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper objectMapper, MethodRefusals methodRefusals) {
        return new RejectedRequests(objectMapper, methodRefusals);
    }

    @Bean
    ApiIndexController apiIndexController(@Value("${spring.application.name:certaudit}") String service) {
        return new ApiIndexController(service);
    }

    /**
     * First of the interceptors: a request refusing every type the endpoint answers in is a 406 before its parameters
     * are read, as it is when Spring MVC refuses it while choosing the handler.
     */
    @Bean
    WebMvcConfigurer acceptHeader(ObjectProvider<RequestMappingHandlerAdapter> adapter) {
        AcceptInterceptor interceptor = new AcceptInterceptor(() -> adapter.getObject().getMessageConverters());
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
            }
        };
    }

    /**
     * The file types the API names in its paths ({@code /report.pdf}, {@code /scorecard.xlsx}), known to Spring MVC as
     * safe. Its guard against reflected file downloads adds {@code Content-Disposition: inline;filename=f.txt} to an
     * answer on a path whose extension it does not know, unless the handler matched by the path ends in it; a 406 made
     * while choosing the handler has none, so {@code curl -OJ} saved that problem as f.txt. Other extensions keep the
     * guard.
     */
    @Bean
    WebMvcConfigurer downloadExtensions() {
        return new WebMvcConfigurer() {
            @Override
            public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
                configurer.mediaType("html", MediaType.TEXT_HTML)
                        .mediaType("pdf", MediaType.APPLICATION_PDF)
                        .mediaType("csv", new MediaType("text", "csv"))
                        .mediaType("xlsx", new MediaType("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
            }
        };
    }

    @Bean
    WebMvcConfigurer unknownParameters() {
        UnknownParameterInterceptor interceptor = new UnknownParameterInterceptor();
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }

    @Bean
    WholeNumbers.Binding wholeNumbers() {
        return new WholeNumbers.Binding();
    }

    @Bean
    ValidationConfigurationCustomizer unicodeNotBlank() {
        return configuration -> {
            if (configuration instanceof HibernateValidatorConfiguration hibernate) {
                ConstraintMapping mapping = hibernate.createConstraintMapping();
                mapping.constraintDefinition(NotBlank.class).includeExistingValidators(false)
                        .validatedBy(UnicodeNotBlankValidator.class);
                hibernate.addMapping(mapping);
            }
        };
    }

    /**
     * {@code @Size} on text counts characters (code points), as its messages say; the validator for {@code String} is
     * the most specific one, so lists and maps keep Hibernate Validator's.
     */
    @Bean
    ValidationConfigurationCustomizer codePointSize() {
        return configuration -> {
            if (configuration instanceof HibernateValidatorConfiguration hibernate) {
                ConstraintMapping mapping = hibernate.createConstraintMapping();
                mapping.constraintDefinition(Size.class).includeExistingValidators(true)
                        .validatedBy(CodePointSizeValidator.class);
                hibernate.addMapping(mapping);
            }
        };
    }

    /**
     * Constraint messages in English whatever the request's locale (the console's is Chinese by default) or the JVM's:
     * they are the API's problem messages (README, "Problems"), and pages for people say the rule from its code in
     * their own words. The root bundle is Hibernate Validator's English one; asking for {@code en} would fall back to
     * the JVM's default locale, which has a bundle of its own on a Chinese system.
     */
    @Bean
    ValidationConfigurationCustomizer englishConstraintMessages() {
        return configuration -> {
            MessageInterpolator chosen = configuration instanceof ConfigurationState state
                    && state.getMessageInterpolator() != null ? state.getMessageInterpolator()
                    : configuration.getDefaultMessageInterpolator();
            configuration.messageInterpolator(new RootLocaleInterpolator(chosen));
        };
    }

    /** Every message interpolated in the root locale, by the interpolator Spring and Boot chose. */
    record RootLocaleInterpolator(MessageInterpolator target) implements MessageInterpolator {

        @Override
        public String interpolate(String template, Context context) {
            return target.interpolate(template, context, Locale.ROOT);
        }

        @Override
        public String interpolate(String template, Context context, Locale locale) {
            return target.interpolate(template, context, Locale.ROOT);
        }
    }

    /**
     * Redirects ({@code Location}) as paths, never built from the request's {@code Host} header, which a client or a
     * proxy may set to anything; after Boot's customizer, which sets Tomcat's choice from
     * {@code server.tomcat.use-relative-redirects} (false unless set).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> relativeRedirects() {
        return new RelativeRedirects();
    }

    static final class RelativeRedirects implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> context.setUseRelativeRedirects(true));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** After Boot's customizers, which add their own error report valve to the host. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(ObjectProvider<MethodRefusals> methods) {
        return new ProblemValveCustomizer(methods::getIfAvailable);
    }

    /**
     * The connector's body limits are the API's one limit, {@link StrictJsonHttpMessageConverter#MAX_BODY_BYTES} bytes.
     * {@code maxPostSize}, the largest form body Tomcat parses into parameters (Boot's
     * {@code server.tomcat.max-http-form-post-size}, 2 MB by default, which this overrides): {@link FormBodyFilter} reads
     * a form on {@code POST} itself, to the same limit, before Tomcat would; this holds any form Tomcat reads still to it. {@code maxSavePostSize}: the one body Tomcat itself refuses with
     * 413, a request asking to upgrade to HTTP/2 ({@code h2c}, with {@code server.http2.enabled}) whose body is over it
     * (4 KB by default), is held to the API's limit instead, so that the container's 413 ({@link ProblemReportValve})
     * states the limit in force. After Boot's customizer, which sets {@code maxPostSize} from its property.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> bodyLimitOfTheConnector() {
        return new BodyLimitOfTheConnector();
    }

    static final class BodyLimitOfTheConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> {
                connector.setMaxPostSize(StrictJsonHttpMessageConverter.MAX_BODY_BYTES);
                connector.setMaxSavePostSize(StrictJsonHttpMessageConverter.MAX_BODY_BYTES);
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    static final class ProblemValveCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final Supplier<MethodRefusals> methods;

        ProblemValveCustomizer(Supplier<MethodRefusals> methods) {
            this.methods = methods;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof Host host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline().addValve(new ProblemReportValve(methods));
                    if (host instanceof StandardHost standard) {
                        standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                    }
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Only where springdoc writes an OpenAPI document (both sides; web-security's own tests have none). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class ProblemDocumentationConfiguration {

        @Bean
        org.springdoc.core.customizers.OpenApiCustomizer certauditProblemDocumentation() {
            return ProblemDocumentation.customizer();
        }
    }
}
