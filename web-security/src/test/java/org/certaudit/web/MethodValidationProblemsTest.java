package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.validation.method.MethodValidationResult;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

class MethodValidationProblemsTest {

    private final ProblemResponses responses = new ProblemResponses() {
    };

    private static HandlerMethodValidationException withoutParameterResults() throws Exception {
        Method method = MethodValidationProblemsTest.class.getDeclaredMethod("withoutParameterResults");
        // Spring's own factory insists on a result; a result of another kind (a return value's) may still carry none.
        return new HandlerMethodValidationException(new MethodValidationResult() {
            @Override
            public Object getTarget() {
                return MethodValidationProblemsTest.class;
            }

            @Override
            public Method getMethod() {
                return method;
            }

            @Override
            public boolean isForReturnValue() {
                return true;
            }

            @Override
            public List<ParameterValidationResult> getParameterValidationResults() {
                return List.of();
            }

            @Override
            public List<MessageSourceResolvable> getCrossParameterValidationResults() {
                return List.of();
            }
        });
    }

    @Test
    void aMethodValidationFailureNamingNoParameterIsAnInvalidValueNotAFailureOfTheServer() throws Exception {
        ResponseEntity<Object> answer = responses.handleHandlerMethodValidationException(withoutParameterResults(),
                new HttpHeaders(), HttpStatus.BAD_REQUEST, new ServletWebRequest(new MockHttpServletRequest()));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.getProperties().get("errors");
        assertThat(errors).singleElement().satisfies(error ->
                assertThat(error.get("code")).isEqualTo(RuleCode.FIELD_INVALID_VALUE.code()));
        assertThat(problem.getDetail()).doesNotStartWith("null");
    }

    @Test
    void aPageSaysTheSameRefusalForAFailureNamingNoParameter() throws Exception {
        InvalidInputException input = ProblemResponses.invalidInput(withoutParameterResults(), Clock.systemUTC());

        assertThat(input.rule().rule()).isEqualTo(RuleCode.FIELD_INVALID_VALUE);
    }
}
