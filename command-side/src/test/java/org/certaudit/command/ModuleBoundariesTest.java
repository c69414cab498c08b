package org.certaudit.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.certaudit.audit.AuditEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which module and package may use which, written down so that a newcomer learns it from a failing
 * test: the kernel is plain Java that both sides agree on, events are top-level records under the
 * sealed {@link AuditEvent}, the domain does not know the store, security or the metrics.
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
    void theSharedKernelIsPlainJavaWithoutFrameworks() {
        classes().that().resideInAnyPackage("org.certaudit.audit..", "org.certaudit.scheme..", "org.certaudit.certificate..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.certaudit.audit..", "org.certaudit.scheme..", "org.certaudit.certificate..")
                .because("shared-kernel is what both sides agree on, with no Spring, Axon or MongoDB in it (STYLE.md)")
                .check(classes);
    }

    @Test
    void eventsAreTopLevelRecordsInTheAuditPackage() {
        classes().that().implement(AuditEvent.class)
                .should().beRecords().andShould().beTopLevelClasses()
                .andShould().resideInAPackage("org.certaudit.audit")
                .because("Axon stores the class name: a nested or moved event cannot be read without an upcaster")
                .check(classes);
    }

    @Test
    void theAggregateIsPackagePrivateAndKnowsNoInfrastructure() {
        classes().that().areAnnotatedWith(Aggregate.class).should().notBePublic().check(classes);
        noClasses().that().resideInAPackage("org.certaudit.command.audit")
                .should().dependOnClassesThat().resideInAnyPackage("org.certaudit.eventstore..",
                        "org.certaudit.command.security..", "org.certaudit.command.messaging..", "com.mongodb..",
                        "org.bson..", "io.micrometer..")
                .because("the audit workflow decides on its events alone; storage, sign-in and metrics are wired around it")
                .check(classes);
    }

    @Test
    void theCommandSideNeverReadsTheQuerySide() {
        noClasses().that().resideInAPackage("org.certaudit.command..")
                .should().dependOnClassesThat().resideInAPackage("org.certaudit.query..")
                .check(classes);
    }

    @Test
    void signInKnowsNeitherSide() {
        noClasses().that().resideInAPackage("org.certaudit.security..")
                .should().dependOnClassesThat().resideInAnyPackage("org.certaudit.command..", "org.certaudit.query..",
                        "org.certaudit.audit..")
                .check(classes);
    }

    @Test
    void theEventStoreKnowsNoDomain() {
        noClasses().that().resideInAPackage("org.certaudit.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage("org.certaudit.audit..", "org.certaudit.scheme..",
                        "org.certaudit.command..")
                .check(classes);
    }
}
