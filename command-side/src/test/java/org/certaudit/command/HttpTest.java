package org.certaudit.command;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Base of the HTTP tests: the shared context, MockMvc through the whole filter chain, test audits. */
@CommandSideTest
public abstract class HttpTest {

    @Autowired
    protected MockMvc http;
    @Autowired
    protected CommandGateway commandGateway;
    @Autowired
    protected EventStore eventStore;

    protected TestAudits audits;

    @BeforeEach
    void setUpAudits() {
        audits = new TestAudits(commandGateway, eventStore);
    }
}
