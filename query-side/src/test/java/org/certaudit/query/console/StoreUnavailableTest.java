package org.certaudit.query.console;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import org.certaudit.audit.AuditId;
import org.certaudit.query.QuerySideTest;
import org.certaudit.query.report.ReportVerification;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A read the store does not answer (here the report check's, whose verification meets the store unreachable, as every
 * read did while the embedded store's process was stopped, or finds no answer within the read timeout, or the driver's
 * connections just cleared because it found the store down) is a 503 {@code store-unavailable} with {@code Retry-After}
 * for an API client, as the command side answers a change its store did not take, not the 500 of a failure to report;
 * wrapped in the query's {@link CompletionException} too. Any other failure stays the 500, and a browser's page the
 * console's error page.
 */
@QuerySideTest
@AutoConfigureMockMvc
class StoreUnavailableTest {

    private static final String REPORT_CHECK = "/console/verify/report?audit=0455-2021-SE.1&version=101&sha256="
            + "a".repeat(64);

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ReportVerification verification;

    private void theVerificationThrows(RuntimeException failure) {
        given(verification.verify(any(AuditId.class), anyLong(), anyString(), any(), anyBoolean())).willThrow(failure);
    }

    @Test
    void aStoreThatCannotBeReachedIsA503ToRetryAfterASecond() throws Exception {
        MongoTimeoutException timeout = new MongoTimeoutException("Timed out while waiting for a server");
        ServerAddress store = new ServerAddress("127.0.0.1", 1);
        MongoConnectionPoolClearedException cleared = new MongoConnectionPoolClearedException(
                new ServerId(new ClusterId(), store), new MongoSocketReadTimeoutException("Timeout while receiving message",
                        store, new SocketTimeoutException("Read timed out")));
        for (RuntimeException failure : new RuntimeException[] {timeout, new CompletionException(timeout),
                new MongoSocketReadException("Prematurely reached end of stream", store),
                new MongoSocketReadTimeoutException("Timeout while receiving message", store,
                        new SocketTimeoutException("Read timed out")),
                // What a read meets that asks for a connection just after the driver took the server for down.
                new CompletionException(cleared), new MongoServerUnavailableException("The server at 127.0.0.1:1 is no "
                        + "longer available")}) {
            theVerificationThrows(failure);
            mvc.perform(reportCheck().accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:store-unavailable"))
                    .andExpect(jsonPath("$.status").value(503))
                    .andExpect(jsonPath("$.requestId").isNotEmpty());
        }
    }

    @Test
    void anotherFailureWrappedInTheQuerysCompletionStaysThe500() throws Exception {
        theVerificationThrows(new CompletionException(new IllegalStateException("cursor closed")));
        mvc.perform(reportCheck().accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:internal-error"));
    }

    @Test
    void aBrowsersPageStaysTheConsolesErrorPage() throws Exception {
        theVerificationThrows(new MongoTimeoutException("Timed out while waiting for a server"));
        mvc.perform(reportCheck().accept(MediaType.TEXT_HTML))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML));
    }

    private static MockHttpServletRequestBuilder reportCheck() {
        return get(REPORT_CHECK);
    }
}
