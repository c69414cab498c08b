package org.certaudit.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query side's boundaries as a test: read models are rebuilt from events alone and never send
 * commands, feature packages depend on each other in one direction only, and the query side never
 * reaches into the command side.
 */
class ModuleBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.certaudit");
    }

    @Test
    void projectionsNeverSendCommands() {
        noClasses().that().areAnnotatedWith(ProcessingGroup.class)
                .should().dependOnClassesThat().areAssignableTo(CommandGateway.class)
                .orShould().dependOnClassesThat().areAssignableTo(CommandBus.class)
                .because("a read model is rebuilt from events alone; a replay must not act again (STYLE.md)")
                .check(classes);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("org.certaudit.query.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theQuerySideNeverReachesIntoTheCommandSide() {
        noClasses().that().resideInAPackage("org.certaudit.query..")
                .should().dependOnClassesThat().resideInAPackage("org.certaudit.command..")
                .check(classes);
    }
}
