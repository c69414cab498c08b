package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * A parameter given twice is refused, since a handler reading one value would read the first, unless the handler takes
 * it as a list or an array, as a form's checkboxes of one name send it.
 */
class UnknownParameterInterceptorTest {

    private final UnknownParameterInterceptor interceptor = new UnknownParameterInterceptor();

    /** A handler with one value ({@code page}), a list ({@code type}) and an array ({@code tag}). */
    static class Trail {

        String events(@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) List<String> type,
                      @RequestParam(name = "tag", required = false) String[] tags) {
            return page + " " + type + " " + tags.length;
        }
    }

    private boolean handle(String... parameters) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/audits/0455-2021-SE.1/events");
        request.setServletPath("/api/audits/0455-2021-SE.1/events");
        for (int i = 0; i < parameters.length; i += 2) {
            request.addParameter(parameters[i], parameters[i + 1]);
        }
        return interceptor.preHandle(request, new MockHttpServletResponse(),
                new HandlerMethod(new Trail(), Trail.class.getDeclaredMethod("events", int.class, List.class, String[].class)));
    }

    @Test
    void letsAListOrArrayParameterBeGivenMoreThanOnce() throws Exception {
        assertThat(handle("type", "ItemScored", "type", "ItemScoreRevised", "tag", "a", "tag", "b", "page", "1")).isTrue();
    }

    @Test
    void refusesAOneValueParameterGivenTwiceNamingIt() {
        assertThatThrownBy(() -> handle("type", "ItemScored", "page", "1", "page", "2"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("page");
                    assertThat(e.rule().code()).isEqualTo(RuleCode.FIELD_DUPLICATE.code());
                });
    }

    @Test
    void stillRefusesAParameterTheHandlerDoesNotTake() {
        assertThatThrownBy(() -> handle("types", "ItemScored"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("types");
                    assertThat(e.rule().code()).isEqualTo(RuleCode.FIELD_UNKNOWN.code());
                });
    }
}
