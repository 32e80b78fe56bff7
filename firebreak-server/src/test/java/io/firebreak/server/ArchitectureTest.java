package io.firebreak.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.routing.Regex;
import org.junit.jupiter.api.Test;

/** The server's structure: packages depend one way, and user regexes only ever run on RE2/J. */
class ArchitectureTest {
    static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.firebreak.server");

    /**
     * Each package below {@code io.firebreak.server} (with its subpackages, so {@code channel.slack}
     * is part of {@code channel}) may depend on others only without a cycle. The root package
     * ({@code Service}, the composition root) is no slice: it wires everything and everything may
     * read it.
     */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.firebreak.server.(*)..").should().beFreeOfCycles().check(SERVER);
    }

    @Test
    void matcherRegexesAreCompiledOnlyByRe2Matchers() {
        noClasses().that().resideOutsideOfPackage("io.firebreak.server.routing..")
                .should().callMethod(Matcher.class, "parse", String.class, Regex.Compiler.class)
                .orShould().callMethod(Matcher.class, "of", String.class, Matcher.Op.class, String.class, Regex.Compiler.class)
                .orShould().callConstructor(Matcher.class, String.class, Matcher.Op.class, String.class, Regex.class)
                .because("every regex a user writes must run on RE2/J (Re2Matchers), never on a backtracking engine")
                .check(SERVER);
    }
}
