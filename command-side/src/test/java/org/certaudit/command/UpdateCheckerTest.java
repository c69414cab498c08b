package org.certaudit.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The app turns Axon's update checker off before Spring starts, as nothing may leave the machine. */
class UpdateCheckerTest {

    private final String before = System.getProperty(CommandSideApplication.UPDATE_CHECKER_DISABLED);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(CommandSideApplication.UPDATE_CHECKER_DISABLED);
        } else {
            System.setProperty(CommandSideApplication.UPDATE_CHECKER_DISABLED, before);
        }
    }

    @Test
    void turnsTheUpdateCheckerOffWhenNobodySaidOtherwise() {
        System.clearProperty(CommandSideApplication.UPDATE_CHECKER_DISABLED);
        CommandSideApplication.keepAxonUpdateCheckerOff();
        assertThat(System.getProperty(CommandSideApplication.UPDATE_CHECKER_DISABLED)).isEqualTo("true");
    }

    @Test
    void leavesAnOperatorsExplicitChoiceAlone() {
        System.setProperty(CommandSideApplication.UPDATE_CHECKER_DISABLED, "false");
        CommandSideApplication.keepAxonUpdateCheckerOff();
        assertThat(System.getProperty(CommandSideApplication.UPDATE_CHECKER_DISABLED)).isEqualTo("false");
    }
}
