package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import org.certaudit.eventstore.AppendOutcomeUnknownException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Refusals no request is known to reach still answer as every other one: with {@code errors} and a rule code; a store
 * that did not answer, as it answers a change it did not take.
 */
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

    @Test
    void aReadTheStoreDidNotAnswerIsA503StoreUnavailableToRetryAfterASecond() {
        ServerAddress store = new ServerAddress("127.0.0.1", 1);
        MongoSocketReadTimeoutException timedOut = new MongoSocketReadTimeoutException("Timeout while receiving message",
                store, new SocketTimeoutException("Read timed out"));
        for (MongoException failure : new MongoException[] {timedOut,
                new MongoTimeoutException("Timed out while waiting for a server"),
                new MongoConnectionPoolClearedException(new ServerId(new ClusterId(), store), timedOut),
                new MongoServerUnavailableException("The server at 127.0.0.1:1 is no longer available")}) {
            ResponseEntity<ProblemDetail> answer = new ProblemHandling().storeNotAnswering(failure);

            assertThat(answer.getStatusCode().value()).as(failure.getClass().getSimpleName()).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(answer.getBody().getType()).hasToString("urn:certaudit:problem:store-unavailable");
        }
    }

    @Test
    void anInsertTheStoreDidNotAnswerIsA503SayingTheChangeMayBeStored() throws Exception {
        AppendOutcomeUnknownException unknown = new AppendOutcomeUnknownException("no answer to positions 7..7",
                new MongoSocketReadTimeoutException("Timeout while receiving message", new ServerAddress("127.0.0.1", 1),
                        new SocketTimeoutException("Read timed out")));

        ResponseEntity<ProblemDetail> answer = new ProblemHandling().storeDidNotConfirm(unknown);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getBody().getType()).hasToString("urn:certaudit:problem:store-unavailable");
        assertThat(answer.getBody().getProperties()).containsEntry("stored", "unknown");
        assertThat(answer.getBody().getDetail()).contains("may or may not be stored").doesNotContain("nothing");
        assertThat(ProblemHandling.class.getDeclaredMethod("storeDidNotConfirm", AppendOutcomeUnknownException.class)
                .getAnnotation(org.springframework.web.bind.annotation.ExceptionHandler.class).value())
                .as("its own handler, the nearest to the exception (the one for EventStoreException says nothing was saved)")
                .containsExactly(AppendOutcomeUnknownException.class);
    }
}
