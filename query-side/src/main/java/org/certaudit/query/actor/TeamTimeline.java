package org.certaudit.query.actor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.UserNames;

/**
 * One audit's team over time, built from {@link TeamMemberAssigned} and {@link TeamMemberRemoved}
 * alone: each stint of a member on the team, from the sequence number (in the project stream) of its
 * assignment to that of its removal. It answers which member a signed-in user was when an event at a
 * given sequence number happened, so a projection names the person without any event carrying them.
 * <p>
 * The team a change is judged against is the team just before it: a member's own assignment is made by
 * someone else (they were not yet on the team), their removal while they still were. Because stints keep
 * their sequence numbers, the answer does not depend on the order in which a projection learnt of the
 * team changes, and {@link #after} ignores an event it has taken in already (a redelivery).
 */
public record TeamTimeline(List<Stint> stints) {

    /**
     * A member's time on the team: assigned by the event at {@code assignedAt}, removed by the event
     * at {@code removedAt} (null while still on it).
     */
    public record Stint(String code, String name, TeamRole role, String userName,
                        long assignedAt, Long removedAt) {

        public Stint {
            Objects.requireNonNull(code, "code is required");
            Objects.requireNonNull(userName, "user name is required");
        }

        boolean onTeamAt(long sequence) {
            return assignedAt < sequence && (removedAt == null || removedAt >= sequence);
        }
    }

    public static final TeamTimeline EMPTY = new TeamTimeline(List.of());

    public TeamTimeline {
        stints = List.copyOf(stints);
    }

    /**
     * The member {@code user} was on the team when the event at {@code sequence} happened, the user name matched
     * regardless of case and width as the command side matched it ({@link UserNames}); empty when the user was not on
     * the team then (or no user is known).
     */
    public Optional<ActingMember> member(String user, long sequence) {
        if (user == null) {
            return Optional.empty();
        }
        return memberAt(sequence, stint -> UserNames.same(stint.userName(), user));
    }

    /**
     * The member with report code {@code code} on the team when the event at {@code sequence} happened, removed by
     * that very event included: the member a {@link TeamMemberRemoved}, {@code PledgeSigned} or
     * {@code PledgeDateCorrected} names by code. Empty for an unknown code. A code given again after its member left
     * names the later member from then on.
     */
    public Optional<ActingMember> memberCoded(String code, long sequence) {
        if (code == null) {
            return Optional.empty();
        }
        return memberAt(sequence, stint -> stint.code().equals(code));
    }

    private Optional<ActingMember> memberAt(long sequence, Predicate<Stint> which) {
        return stints.stream()
                .filter(stint -> which.test(stint) && stint.onTeamAt(sequence))
                .findFirst()
                .map(stint -> new ActingMember(stint.code(), stint.name(), stint.role()));
    }

    /**
     * The timeline after {@code event}, which happened at {@code sequence}: any audit event may be
     * given; only team changes change the timeline, so events added to {@link AuditEvent} later need
     * nothing here.
     */
    public TeamTimeline after(AuditEvent event, long sequence) {
        if (event instanceof TeamMemberAssigned assigned) {
            TeamMember member = assigned.member();
            if (stints.stream().anyMatch(stint -> stint.assignedAt() == sequence)) {
                return this;
            }
            List<Stint> next = new ArrayList<>(stints);
            next.add(new Stint(member.code(), member.name(), member.role(), member.userName(), sequence, null));
            return new TeamTimeline(next);
        }
        if (event instanceof TeamMemberRemoved removed) {
            List<Stint> next = new ArrayList<>(stints.size());
            boolean changed = false;
            for (Stint stint : stints) {
                if (stint.code().equals(removed.memberCode()) && stint.removedAt() == null && stint.assignedAt() < sequence) {
                    next.add(new Stint(stint.code(), stint.name(), stint.role(), stint.userName(), stint.assignedAt(), sequence));
                    changed = true;
                } else {
                    next.add(stint);
                }
            }
            return changed ? new TeamTimeline(next) : this;
        }
        return this;
    }

    /** Whether {@code event} changes a team (the projections store the timeline only then). */
    public static boolean changesTeam(AuditEvent event) {
        return event instanceof TeamMemberAssigned || event instanceof TeamMemberRemoved;
    }

    /** As a read model keeps it: one sub-document per stint. */
    public List<Document> toDocuments() {
        return stints.stream().map(stint -> new Document("code", stint.code())
                        .append("name", stint.name())
                        .append("role", stint.role() == null ? null : stint.role().name())
                        .append("userName", stint.userName())
                        .append("assignedAt", stint.assignedAt())
                        .append("removedAt", stint.removedAt()))
                .toList();
    }

    /** Reads what {@link #toDocuments()} wrote; null or absent is the empty timeline. */
    public static TeamTimeline fromDocuments(List<Document> documents) {
        if (documents == null || documents.isEmpty()) {
            return EMPTY;
        }
        return new TeamTimeline(documents.stream().map(document -> {
            Number removedAt = document.get("removedAt", Number.class);
            String role = document.getString("role");
            return new Stint(document.getString("code"), document.getString("name"),
                    role == null ? null : TeamRole.valueOf(role), document.getString("userName"),
                    document.get("assignedAt", Number.class).longValue(), removedAt == null ? null : removedAt.longValue());
        }).toList());
    }

    /** An acting member as a read model keeps it next to the change; null for none. */
    public static Document toDocument(Optional<ActingMember> member) {
        return member.map(found -> new Document("code", found.code()).append("name", found.name())
                .append("role", found.role() == null ? null : found.role().name())).orElse(null);
    }

    /** Reads what {@link #toDocument} wrote. */
    public static ActingMember fromDocument(Document document) {
        if (document == null) {
            return null;
        }
        String role = document.getString("role");
        return new ActingMember(document.getString("code"), document.getString("name"),
                role == null ? null : TeamRole.valueOf(role));
    }
}
