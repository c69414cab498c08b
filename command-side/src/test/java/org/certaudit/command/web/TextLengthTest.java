package org.certaudit.command.web;

import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import org.certaudit.audit.AuditId;
import org.certaudit.command.HttpTest;
import org.junit.jupiter.api.Test;

/** A text's size is counted in characters (code points), as its message says: an emoji is one, not two. */
class TextLengthTest extends HttpTest {

    /** U+1F600, two UTF-16 code units. */
    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void aReasonOfTheMostCharactersOutsideTheBasicPlaneIsTaken() throws Exception {
        AuditId id = audits.readyToScore();
        http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "5.1.1.2"),
                        Map.of("reason", EMOJI.repeat(2000))).with(as("auditor")))
                .andExpect(status().isOk());
    }

    @Test
    void aReasonOfOneCharacterMoreIsRefusedNamingTheSizeInCharacters() throws Exception {
        AuditId id = audits.readyToScore();
        http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "5.1.1.2"),
                        Map.of("reason", EMOJI.repeat(2001))).with(as("auditor")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"))
                .andExpect(jsonPath("$.errors[0].code").value("field.size"))
                .andExpect(jsonPath("$.errors[0].arguments.max").value(2000))
                .andExpect(jsonPath("$.errors[0].message").value("must be at most 2000 characters"));
    }
}
