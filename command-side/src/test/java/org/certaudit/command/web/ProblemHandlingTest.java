package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/** Refusals no request is known to reach still answer as every other one: with {@code errors} and a rule code. */
class ProblemHandlingTest {

    @Test
    void aCommandRefusingItsOwnShapeIsA400WithAnErrorsEntryAndItsCode() {
        ProblemDetail problem = new ProblemHandling().illegalArgument(
                new IllegalArgumentException("item is required and must not be blank"));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).isEqualTo("item is required and must not be blank");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.getProperties().get("errors");
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error).doesNotContainKey("field");
            assertThat(error).containsEntry("code", "field.invalid-value")
                    .containsEntry("message", "item is required and must not be blank");
        });
    }
}
