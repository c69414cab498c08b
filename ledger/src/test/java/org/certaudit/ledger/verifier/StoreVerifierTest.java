package org.certaudit.ledger.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --store} on an in-memory MongoDB-compatible server holding a project's three events, their leaves and a signed
 * tree head, in English and in Chinese.
 */
class StoreVerifierTest {

    private static final String PROJECT = "0455-2021-SE";
    private static final long SIGNED_AT = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final KeyPair key = Keys.generate();
    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private String uri;
    private Path publicKey;

    @BeforeEach
    void threeEventsLoggedUnderASignedTreeHead() throws Exception {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        uri = "mongodb://" + address.getHostString() + ":" + address.getPort() + "/";
        client = MongoClients.create(uri);
        database = client.getDatabase("certaudit");
        publicKey = Files.writeString(dir.resolve("public.pem"), Keys.publicKeyPem(key.getPublic()));
        List<LeafEntry> leaves = new ArrayList<>();
        String previous = null;
        for (long seq = 0; seq < 3; seq++) {
            Document event = new Document(EventDocuments.POSITION, seq + 1)
                    .append("aggregateId", PROJECT).append("aggregateType", "Project").append("seq", seq)
                    .append(EventDocuments.STREAM, EventDocuments.streamKey(PROJECT, seq))
                    .append("eventId", "event-" + seq).append("timestamp", new Date(1_623_060_000_000L + seq))
                    .append("appendedAt", new Date(1_623_060_000_500L + seq))
                    .append("payloadType", "org.certaudit.audit.ItemScored")
                    .append("payload", "{\"clause\":\"5.2.2." + (seq + 1) + "\",\"percent\":87.50}")
                    .append("metaData", "{\"user\":\"leader\"}");
            previous = EventDocuments.complete(event, previous);
            database.getCollection(EventDocuments.EVENTS).insertOne(event);
            leaves.add(new LeafEntry(seq, seq + 1, previous, "event-" + seq, PROJECT, seq));
        }
        MongoLog log = new MongoLog(database);
        log.createIndexes();
        log.append(leaves);
        log.saveHead(SignedTreeHead.sign(3, log.tree().root(3), SIGNED_AT, key.getPrivate(), key.getPublic()));
    }

    @AfterEach
    void stopTheServer() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void saysOkOfAnUntouchedStoreInEitherLanguage() {
        VerifierRun english = VerifierRun.of("--store", uri, "--key", publicKey.toString());
        VerifierRun chinese = VerifierRun.of("--store", uri, "--key", publicKey.toString(), "--lang", "zh");

        assertThat(english.status()).as(english.out() + english.err()).isZero();
        assertThat(english.out()).isEqualTo("OK\n  verified: 3 events in 1 streams read; 3 chained correctly\n"
                + "  verified: 1 of 1 signed tree heads match the tree rebuilt from the events\n");
        assertThat(chinese.status()).as(chinese.out() + chinese.err()).isZero();
        assertThat(chinese.out()).isEqualTo("OK\n  已验证：已读取 1 个流中的 3 个事件；其中 3 个链接无误\n"
                + "  已验证：1 个签名树头中有 1 个与由事件重建的树相符\n");
    }

    @Test
    void namesTheChangedEventInChineseAndExitsOne() {
        Document stored = database.getCollection(EventDocuments.EVENTS).find(Filters.eq(EventDocuments.POSITION, 2L)).first();
        database.getCollection(EventDocuments.EVENTS).updateOne(Filters.eq(EventDocuments.POSITION, 2L),
                Updates.set("payload", "{\"clause\":\"5.2.2.2\",\"percent\":97.50}"));

        VerifierRun run = VerifierRun.of("--store", uri, "--key", publicKey.toString(), "--lang", "zh");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(Verdict.FAILED);
        assertThat(run.out()).startsWith("FAILED: 项目 0455-2021-SE 序号 1（位置 2）：内容与存储时的哈希值不符（重新计算为 ")
                .contains("，存储的是 " + stored.getString(EventDocuments.HASH) + "）\n")
                .contains("  另：项目 0455-2021-SE 序号 1（位置 2）：该事件不是日志在叶节点 1 记录的事件（日志为 "
                        + stored.getString(EventDocuments.HASH) + "，事件现为 ")
                .contains("  另：树头（大小 3，签于 " + Instant.ofEpochMilli(SIGNED_AT) + "）与其涵盖的事件不符：此前记入日志的某个"
                        + "事件已被修改、移动或删除（叶节点 0 至 2）\n")
                .contains("  仍成立：1 个签名树头中有 0 个与由事件重建的树相符\n");
    }

    @Test
    void refusesAStoreWithoutTheKeyInTheLanguageGiven() {
        VerifierRun run = VerifierRun.of("--store", uri, "--lang", "zh");

        assertThat(run.status()).isEqualTo(Verdict.UNREADABLE);
        assertThat(run.err()).startsWith("ledger-verifier: --store 需要 --key：存储库不带公钥\n用法：");
    }
}
