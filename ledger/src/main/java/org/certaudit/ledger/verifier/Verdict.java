package org.certaudit.ledger.verifier;

import java.util.ArrayList;
import java.util.List;

/**
 * What a verification found: the statements it checked and held, and the problems, each naming the event
 * (project, sequence, position) or the tree head it concerns, in the order they were found.
 */
public final class Verdict {

    private final List<String> verified = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void verified(String statement) {
        verified.add(statement);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void note(String note) {
        notes.add(note);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public List<String> verified() {
        return List.copyOf(verified);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The first problem, or null when there is none. */
    public String firstProblem() {
        return problems.isEmpty() ? null : problems.get(0);
    }

    /** The report the command line prints: OK and what held, or FAILED, the first problem and the rest. */
    public String report() {
        StringBuilder out = new StringBuilder();
        if (ok()) {
            out.append("OK\n");
            verified.forEach(line -> out.append("  verified: ").append(line).append('\n'));
        } else {
            out.append("FAILED: ").append(problems.get(0)).append('\n');
            problems.stream().skip(1).forEach(line -> out.append("  also: ").append(line).append('\n'));
            verified.forEach(line -> out.append("  still holds: ").append(line).append('\n'));
        }
        notes.forEach(line -> out.append("  note: ").append(line).append('\n'));
        return out.toString();
    }
}
