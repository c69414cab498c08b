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

/**
 * How a {@link CertificateHistory} is kept in the register: the fold's state as it is, an issue's and a renewal's
 * change with its certificate.
 */
final class CertificateDocuments {

    private CertificateDocuments() {
    }

    static Document toDocument(CertificateHistory history) {
        return new Document("number", history.number())
                .append("issued", certificate(history.issued()))
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
                        .append("withdrawn", change.withdrawn())
                        .append("certificate", change.certificate() == null ? null : certificate(change.certificate())))
                        .toList());
    }

    static CertificateHistory fromDocument(Document document) {
        Certificate issued = certificate(document.get("issued", Document.class));
        List<Change> changes = document.getList("changes", Document.class).stream().map(d -> new Change(
                enumValue(d, "kind", CertificateHistory.Kind.class), date(d, "effectiveOn"), new AuditId(d.getString("auditId")),
                d.getString("by"), d.getString("reason"), enumValue(d, "grade", Grade.class), date(d, "validFrom"),
                date(d, "validUntil"), date(d, "surveillanceDue"), d.getBoolean("suspended", false),
                date(d, "suspendedUntil"), d.getBoolean("withdrawn", false),
                d.get("certificate") == null ? null : certificate(d.get("certificate", Document.class)))).toList();
        return new CertificateHistory(document.getString("number"), issued, changes);
    }

    private static Document certificate(Certificate c) {
        return new Document("number", c.number())
                .append("organization", c.organization())
                .append("scope", c.scope())
                .append("schemeId", c.schemeId())
                .append("grade", c.grade().name())
                .append("issuedOn", text(c.issuedOn()))
                .append("validFrom", text(c.validFrom()))
                .append("validUntil", text(c.validUntil()))
                .append("surveillanceDue", text(c.surveillanceDue()));
    }

    private static Certificate certificate(Document c) {
        return new Certificate(c.getString("number"), c.getString("organization"), c.getString("scope"),
                c.getString("schemeId"), enumValue(c, "grade", Grade.class), date(c, "issuedOn"), date(c, "validFrom"),
                date(c, "validUntil"), date(c, "surveillanceDue"));
    }
}
