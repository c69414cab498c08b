package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every whole-number parameter the binder reads declares its range once ({@code @Min}, {@code @Max}), and every value
 * outside it is refused naming that range: below or above it, and beyond the parameter's type, which the binder
 * refuses before the range is checked ({@code dueWithinDays=99999999999} says 3660, not 2147483647); so are the
 * ranged parameters a handler parses from text. The API answers the problem, the console the page in its words.
 */
@QuerySideTest
@AutoConfigureMockMvc
class RangedParametersTest {

    private static final String AUDIT = "0999-2021-SE.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where each ranged parameter is read, and its range: the table the handlers' declarations must match. */
    private static final List<Ranged> RANGED = List.of(
            new Ranged("AuditsController.list", "/api/audits?", "page", 0, 1_000_000),
            new Ranged("AuditsController.list", "/api/audits?", "size", 1, 200),
            new Ranged("TrailController.events", "/api/audits/" + AUDIT + "/events?", "page", 0, 1_000_000),
            new Ranged("TrailController.events", "/api/audits/" + AUDIT + "/events?", "size", 1, 200),
            new Ranged("CertificatesController.certificates", "/api/certificates?", "dueWithinDays", 0, 3660),
            new Ranged("ConsoleController.audits", "/console/audits?", "page", 0, 1_000_000),
            new Ranged("ConsoleController.audits", "/console/audits?", "size", 1, 200),
            new Ranged("ConsoleController.trail", "/console/audits/" + AUDIT + "/trail?", "page", 0, 1_000_000));
    /** Ranged parameters a handler reads as text and parses itself ({@code RequestParameters.wholeNumber}). */
    private static final List<Ranged> PARSED = List.of(
            new Ranged("LedgerController.heads", "/api/ledger/tree-heads?", "limit", 1, 200),
            new Ranged("ConsoleController.certificates", "/console/certificates?", "dueWithinDays", 0, 3660));

    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    record Ranged(String handler, String path, String parameter, long min, long max) {

        boolean console() {
            return path.startsWith("/console/");
        }
    }

    /** A value outside the range, and the bound it crosses: {@code field.min} or {@code field.max} naming it. */
    record Refused(String value, String code, long bound) {
    }

    static Stream<Arguments> refusals() {
        List<Arguments> cases = new ArrayList<>();
        for (Ranged ranged : Stream.concat(RANGED.stream(), PARSED.stream()).toList()) {
            for (Refused refused : List.of(
                    new Refused(String.valueOf(ranged.min() - 1), "field.min", ranged.min()),
                    new Refused(String.valueOf(ranged.max() + 1), "field.max", ranged.max()),
                    new Refused("2147483648", "field.max", ranged.max()),
                    new Refused("99999999999", "field.max", ranged.max()),
                    new Refused("99999999999999999999", "field.max", ranged.max()),
                    new Refused("-2147483649", "field.min", ranged.min()))) {
                cases.add(Arguments.of(ranged, refused));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("refusals")
    void aValueOutsideTheDeclaredRangeIsRefusedNamingTheRange(Ranged ranged, Refused refused) throws Exception {
        String path = ranged.path() + ranged.parameter() + "=" + refused.value();
        if (ranged.console()) {
            String page = mvc.perform(get(path).session(signIn()).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            String sentence = (refused.code().equals("field.min") ? "不得小于 " : "不得大于 ") + refused.bound();
            assertThat(page).contains("data-code=\"" + refused.code() + "\"", ranged.parameter() + ":", sentence);
            return;
        }
        String body = mvc.perform(get(path).with(httpBasic("reviewer", "reviewer-pass")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode errors = JSON.readTree(body).path("errors");
        assertThat(errors).as(body).hasSize(1);
        assertThat(errors.get(0).path("field").asText()).isEqualTo(ranged.parameter());
        assertThat(errors.get(0).path("code").asText()).isEqualTo(refused.code());
        assertThat(errors.get(0).path("arguments").path("value").asLong()).as(body).isEqualTo(refused.bound());
        // The API speaks English whatever the locale the console chose for the request (Chinese by default).
        assertThat(errors.get(0).path("message").asText()).as(body).doesNotContainPattern("\\p{IsHan}")
                .contains(String.valueOf(refused.bound()));
        assertThat(JSON.readTree(body).path("detail").asText()).as(body).doesNotContainPattern("\\p{IsHan}");
    }

    @Test
    void aValueOutsideTheRangeIsRefusedInEnglishEvenToAClientAskingForChinese() throws Exception {
        String body = mvc.perform(get("/api/audits?size=0").with(httpBasic("reviewer", "reviewer-pass"))
                        .header("Accept-Language", "zh-CN").cookie(new jakarta.servlet.http.Cookie("certaudit-lang", "zh_CN")))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("errors").get(0).path("message").asText()).as(body)
                .isEqualTo("must be greater than or equal to 1");
        assertThat(problem.path("detail").asText()).isEqualTo("size: must be greater than or equal to 1");
    }

    @Test
    void theTableHoldsEveryWholeNumberParameterOfTheHandlersWithTheRangeItDeclares() {
        Set<String> declared = new TreeSet<>();
        handlers.getHandlerMethods().values().forEach(method -> {
            for (MethodParameter parameter : method.getMethodParameters()) {
                Class<?> type = parameter.getParameterType();
                boolean wholeNumber = type == int.class || type == Integer.class || type == long.class || type == Long.class;
                boolean bound = parameter.hasParameterAnnotation(RequestParam.class)
                        || parameter.hasParameterAnnotation(PathVariable.class)
                        || parameter.hasParameterAnnotation(RequestHeader.class);
                if (wholeNumber && bound) {
                    Min min = parameter.getParameterAnnotation(Min.class);
                    Max max = parameter.getParameterAnnotation(Max.class);
                    declared.add(method.getBeanType().getSimpleName() + "." + method.getMethod().getName() + " "
                            + parameter.getParameterName() + " " + (min == null ? "-" : min.value()) + ".."
                            + (max == null ? "-" : max.value()));
                }
            }
        });
        assertThat(declared).isEqualTo(RANGED.stream()
                .map(r -> r.handler() + " " + r.parameter() + " " + r.min() + ".." + r.max())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private MockHttpSession signIn() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/console/login").user("reviewer").password("reviewer-pass"))
                .andExpect(status().isFound()).andReturn().getRequest().getSession(false);
    }
}
