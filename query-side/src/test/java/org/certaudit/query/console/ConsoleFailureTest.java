package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;
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

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import org.certaudit.audit.AuditId;
import org.certaudit.query.QuerySideTest;
import org.certaudit.query.report.ReportVerification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A console page that fails unexpectedly (here the report check, whose verification throws) is the console's error
 * page for a browser, with the request id to quote and nothing of the failure, and the problem for an API client.
 */
@QuerySideTest
@AutoConfigureMockMvc
class ConsoleFailureTest {

    private static final String INTERNALS = "cursor 7f3a on certaudit.report_v2 was closed";
    private static final String REPORT_CHECK = "/console/verify/report?audit=0455-2021-SE.1&version=101&sha256="
            + "a".repeat(64);
    private static final String REQUEST_ID = "console-failure-1";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ReportVerification verification;

    @BeforeEach
    void theVerificationFails() {
        given(verification.verify(any(AuditId.class), anyLong(), anyString(), any(), anyBoolean()))
                .willThrow(new IllegalStateException(INTERNALS));
    }

    @Test
    void aBrowserGetsTheConsolesErrorPageWithTheRequestIdAndNoInternals() throws Exception {
        String page = mvc.perform(reportCheck().header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(header().string("X-Request-Id", REQUEST_ID))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("<h1>无法完成</h1>", "data-kind=\"internal-error\"", "<strong>服务器内部错误</strong>",
                        "报告问题时请提供下面的请求编号", "请求编号：" + REQUEST_ID, "/console/assets/console.css")
                .doesNotContain(INTERNALS, "IllegalStateException", "ReportVerification", "返回审查列表");

        String english = mvc.perform(reportCheck().cookie(new Cookie("certaudit-lang", "en")).accept(MediaType.TEXT_HTML))
                .andExpect(status().isInternalServerError())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(english).contains("Internal server error", "quote the request id below", "Request id: " + REQUEST_ID)
                .doesNotContain(INTERNALS);
    }

    @Test
    void anApiClientKeepsTheProblem() throws Exception {
        for (MediaType accept : new MediaType[] {MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON,
                MediaType.ALL}) {
            String problem = mvc.perform(reportCheck().accept(accept))
                    .andExpect(status().isInternalServerError())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:internal-error"))
                    .andExpect(jsonPath("$.title").value("Internal error"))
                    .andExpect(jsonPath("$.requestId").value(REQUEST_ID))
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(problem).as(accept.toString()).doesNotContain(INTERNALS, "IllegalStateException");
        }
    }

    private static MockHttpServletRequestBuilder reportCheck() {
        return get(REPORT_CHECK).header("X-Request-Id", REQUEST_ID);
    }
}
