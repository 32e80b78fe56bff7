package io.firebreak.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The core is pure: no IO, no frameworks, no wall clock. */
class ArchitectureTest {
    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.firebreak.core");

    @Test
    void coreHasNoIo() {
        noClasses().that().resideInAPackage("io.firebreak.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.io..", "java.net..", "java.sql..", "java.nio.file..", "java.nio.channels..",
                        "io.javalin..", "org.jdbi..", "com.fasterxml..", "io.micrometer..", "picocli..", "org.slf4j..")
                .check(CORE);
    }

    @Test
    void coreReadsNoWallClock() {
        noClasses().that().resideInAPackage("io.firebreak.core..")
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .check(CORE);
    }
}
