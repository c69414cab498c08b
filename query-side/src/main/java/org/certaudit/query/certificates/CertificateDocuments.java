package org.certaudit.query.certificates;

import static org.certaudit.query.DocumentValues.date;
import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.text;

import java.util.List;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.Certificate;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.CertificateHistory.Change;
import org.certaudit.scheme.Grade;

/** How a {@link CertificateHistory} is kept in the register: the fold's state as it is. */
final class CertificateDocuments {

    private CertificateDocuments() {
    }

    static Document toDocument(CertificateHistory history) {
        Certificate c = history.issued();
        return new Document("number", history.number())
                .append("issued", new Document("number", c.number())
                        .append("organization", c.organization())
                        .append("scope", c.scope())
                        .append("schemeId", c.schemeId())
                        .append("grade", c.grade().name())
                        .append("issuedOn", text(c.issuedOn()))
                        .append("validFrom", text(c.validFrom()))
                        .append("validUntil", text(c.validUntil()))
                        .append("surveillanceDue", text(c.surveillanceDue())))
                .append("changes", history.changes().stream().map(change -> new Document("kind", change.kind().name())
                        .append("effectiveOn", text(change.effectiveOn()))
                        .append("auditId", change.auditId().value())
                        .append("by", change.by())
                        .append("reason", change.reason())
                        .append("grade", change.grade().name())
                        .append("validFrom", text(change.validFrom()))
                        .append("validUntil", text(change.validUntil()))
                        .append("surveillanceDue", text(change.surveillanceDue()))
                        .append("suspended", change.suspended())
                        .append("suspendedUntil", text(change.suspendedUntil()))
                        .append("withdrawn", change.withdrawn())).toList());
    }

    static CertificateHistory fromDocument(Document document) {
        Document c = document.get("issued", Document.class);
        Certificate issued = new Certificate(c.getString("number"), c.getString("organization"), c.getString("scope"),
                c.getString("schemeId"), enumValue(c, "grade", Grade.class), date(c, "issuedOn"), date(c, "validFrom"),
                date(c, "validUntil"), date(c, "surveillanceDue"));
        List<Change> changes = document.getList("changes", Document.class).stream().map(d -> new Change(
                enumValue(d, "kind", CertificateHistory.Kind.class), date(d, "effectiveOn"), new AuditId(d.getString("auditId")),
                d.getString("by"), d.getString("reason"), enumValue(d, "grade", Grade.class), date(d, "validFrom"),
                date(d, "validUntil"), date(d, "surveillanceDue"), d.getBoolean("suspended", false),
                date(d, "suspendedUntil"), d.getBoolean("withdrawn", false))).toList();
        return new CertificateHistory(document.getString("number"), issued, changes);
    }
}
