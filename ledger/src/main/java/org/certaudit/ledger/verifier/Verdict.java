package org.certaudit.ledger.verifier;

import org.certaudit.ledger.bundle.BundleEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a verification found: the statements it checked and held, and the problems, each naming the event
 * (project, sequence, position) or the tree head it concerns, in the order they were found; what the bundle shows at its
 * end; and the limits of an OK (what it did not prove), which the first line names. Worded in one language, the one it
 * was made with ({@link #messages()}): its checks word what they add in it too.
 */
public final class Verdict {

    /** Exit status: every check held, the origin included. */
    public static final int VERIFIED = 0;
    /** Exit status: a check failed. */
    public static final int FAILED = 1;
    /** Exit status: the input (arguments, bundle, key or tree head file) could not be read. */
    public static final int UNREADABLE = 2;
    /** Exit status: every check held, but under the bundle's own key, so who signed it is not proven. */
    public static final int ORIGIN_NOT_VERIFIED = 3;
    /**
     * Exit status: every check held under the trusted key, but the bundle carries no signed stream end, so events cut
     * off after its last one would not be seen (a bundle exported before the log signed one, or one whose statement was
     * removed): export it again.
     */
    public static final int END_NOT_PROVEN = 4;

    /** How many problems of one kind the report prints before it counts the rest. */
    static final int SHOWN_OF_A_KIND = 10;

    private record Problem(String kind, String text) {
    }

    private final Messages messages;
    private final List<String> verified = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> atEnd = new ArrayList<>();
    private final List<String> limits = new ArrayList<>();
    /** Events a check of their own failed for (content, stream key, inclusion), with why, for {@code --list}. */
    private final Map<BundleEvent, String> unproven = new LinkedHashMap<>();
    private boolean eventsChecked;
    private boolean originUnproven;
    private boolean endUnproven;

    /** A verdict in English. */
    Verdict() {
        this(Messages.ENGLISH);
    }

    Verdict(Messages messages) {
        this.messages = messages;
    }

    /** The language the verdict is worded in, for the checks that add to it. */
    Messages messages() {
        return messages;
    }

    void verified(String statement) {
        verified.add(statement);
    }

    /** A problem of its own kind: always printed. */
    void problem(String problem) {
        problems.add(new Problem(null, problem));
    }

    /**
     * A problem that may repeat for many events (e.g. every inclusion proof after a changed root): the report prints the
     * first {@value #SHOWN_OF_A_KIND} of {@code kind} and then how many more there are.
     *
     * @param kind what the problems of this kind have in common, in words ("events not proven in the tree head")
     */
    void problem(String kind, String problem) {
        problems.add(new Problem(kind, problem));
    }

    /** The bundle's events were each checked (hash, stream key, inclusion); those not marked {@link #unproven} held. */
    void eventsChecked() {
        eventsChecked = true;
    }

    /** {@code event} failed a check of its own, {@code why} in a few words ("its content does not match its hash"). */
    void unproven(BundleEvent event, String why) {
        unproven.merge(event, why, (first, next) -> first + messages.get("separator") + next);
    }

    /**
     * Why {@code event} is not proven, or null when it is: every event is unproven when the bundle's events were not
     * checked at all (no tree head, not a bundle of this format).
     */
    String unproven(BundleEvent event) {
        return eventsChecked ? unproven.get(event) : messages.get("verdict.notChecked", firstProblem());
    }

    void note(String note) {
        notes.add(note);
    }

    /** What the bundle shows at its end (an audit's last event and stage), printed right under the verdict's first line. */
    void atEnd(String statement) {
        atEnd.add(statement);
    }

    /** Something an OK does not prove, named on its first line: {@code OK (<limit>; <limit>)}. */
    void limit(String limit) {
        limits.add(limit);
    }

    /** The tree heads were checked with the bundle's own key: an OK says so and exits {@link #ORIGIN_NOT_VERIFIED}. */
    void originUnproven(String limit) {
        originUnproven = true;
        limit(limit);
    }

    /** The bundle's end is not signed: an OK says so and exits {@link #END_NOT_PROVEN}, unless the origin is unproven too. */
    void endUnproven(String limit) {
        endUnproven = true;
        limit(limit);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * {@link #FAILED} with a problem, else {@link #ORIGIN_NOT_VERIFIED} when no trusted key was given, else
     * {@link #END_NOT_PROVEN} when the bundle's end is not signed, else {@link #VERIFIED}: 0 only for a bundle proven
     * whole, so that a script cannot take a weaker OK for a full one.
     */
    public int exitStatus() {
        return !ok() ? FAILED : originUnproven ? ORIGIN_NOT_VERIFIED : endUnproven ? END_NOT_PROVEN : VERIFIED;
    }

    public List<String> verified() {
        return List.copyOf(verified);
    }

    public List<String> problems() {
        return problems.stream().map(Problem::text).toList();
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** What the verdict's first line names as not proven by an OK. */
    public List<String> limits() {
        return List.copyOf(limits);
    }

    /** The first problem, or null when there is none. */
    public String firstProblem() {
        return problems.isEmpty() ? null : problems.get(0).text();
    }

    /**
     * The report the command line prints: OK (with what it does not prove) and what held, or FAILED, the first problem
     * and the rest, at most {@value #SHOWN_OF_A_KIND} of a kind. {@code OK} and {@code FAILED: } lead the first line in
     * every language, for scripts; the rest is in the verdict's.
     */
    public String report() {
        StringBuilder out = new StringBuilder();
        if (ok()) {
            out.append(limits.isEmpty() ? "OK"
                    : messages.get("verdict.okWithLimits", String.join(messages.get("separator"), limits)))
                    .append('\n');
            atEnd.forEach(line -> out.append("  ").append(messages.get("verdict.atEnd", line)).append('\n'));
            verified.forEach(line -> out.append("  ").append(messages.get("verdict.verified", line)).append('\n'));
        } else {
            Map<String, Integer> total = new HashMap<>();
            problems.stream().filter(problem -> problem.kind() != null)
                    .forEach(problem -> total.merge(problem.kind(), 1, Integer::sum));
            Map<String, Integer> printed = new HashMap<>();
            for (int i = 0; i < problems.size(); i++) {
                Problem problem = problems.get(i);
                int seen = problem.kind() == null ? 1 : printed.merge(problem.kind(), 1, Integer::sum);
                if (seen > SHOWN_OF_A_KIND) {
                    continue;
                }
                out.append(i == 0 ? "FAILED: " + problem.text() : "  " + messages.get("verdict.also", problem.text()))
                        .append('\n');
                int more = problem.kind() == null ? 0 : total.get(problem.kind()) - SHOWN_OF_A_KIND;
                if (seen == SHOWN_OF_A_KIND && more > 0) {
                    out.append("  ").append(messages.get("verdict.also",
                            messages.get("verdict.moreOfAKind", more, problem.kind()))).append('\n');
                }
            }
            verified.forEach(line -> out.append("  ").append(messages.get("verdict.stillHolds", line)).append('\n'));
        }
        notes.forEach(line -> out.append("  ").append(messages.get("verdict.note", line)).append('\n'));
        return out.toString();
    }
}
