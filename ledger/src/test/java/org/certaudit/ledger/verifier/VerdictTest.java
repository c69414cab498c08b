package org.certaudit.ledger.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void printsTheFirstTenProblemsOfAKindAndCountsTheRest() {
        Verdict verdict = new Verdict();
        verdict.problem("the signature of tree head of size 201 does not verify");
        for (int seq = 0; seq < 201; seq++) {
            verdict.problem("events not proven in the tree head", "project P, sequence " + seq + ": not proven");
        }
        verdict.problem("events whose content does not match their hash", "project P, sequence 7: changed");

        String report = verdict.report();

        assertThat(report.lines()).hasSize(13);
        assertThat(report).startsWith("FAILED: the signature of tree head of size 201 does not verify\n")
                .contains("  also: project P, sequence 9: not proven\n"
                        + "  also: and 191 more of the same kind (events not proven in the tree head)\n"
                        + "  also: project P, sequence 7: changed\n")
                .doesNotContain("sequence 10: not proven");
        assertThat(verdict.problems()).as("every problem is kept, only the report counts them").hasSize(203);
        assertThat(verdict.exitStatus()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void countsTheRestOfAKindInChineseKeepingFailedFirst() {
        Verdict verdict = new Verdict(Messages.CHINESE);
        for (int seq = 0; seq < 12; seq++) {
            verdict.problem("哈希链断裂", "序号 " + seq + "：断裂");
        }
        verdict.verified("树头已签名");
        verdict.note("对象：项目 P");

        assertThat(verdict.report()).isEqualTo("FAILED: 序号 0：断裂\n"
                + "  另：序号 1：断裂\n  另：序号 2：断裂\n  另：序号 3：断裂\n  另：序号 4：断裂\n  另：序号 5：断裂\n"
                + "  另：序号 6：断裂\n  另：序号 7：断裂\n  另：序号 8：断裂\n  另：序号 9：断裂\n"
                + "  另：同类问题另有 2 项（哈希链断裂）\n"
                + "  仍成立：树头已签名\n"
                + "  注：对象：项目 P\n");
    }

    @Test
    void printsTenOfAKindWithoutACountWhenThereAreNoMore() {
        Verdict verdict = new Verdict();
        for (int seq = 0; seq < 10; seq++) {
            verdict.problem("breaks in the chain", "sequence " + seq + ": broken");
        }
        assertThat(verdict.report().lines()).hasSize(10);
        assertThat(verdict.report()).doesNotContain("more of the same kind");
    }

    @Test
    void namesWhatAnOkDoesNotProveOnItsFirstLineAndExitsThreeWithoutTheOrigin() {
        Verdict verdict = new Verdict();
        verdict.verified("tree head of size 4 is signed");
        verdict.originUnproven("integrity only; origin NOT verified");

        assertThat(verdict.report()).startsWith("OK (integrity only; origin NOT verified)\n");
        assertThat(verdict.exitStatus()).isEqualTo(Verdict.ORIGIN_NOT_VERIFIED);
    }
}
