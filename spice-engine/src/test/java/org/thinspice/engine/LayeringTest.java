package org.thinspice.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine is a library a stranger can embed: no UI toolkit, and codecs that know nothing of Netty. */
class LayeringTest {
    private final JavaClasses engine = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.thinspice.engine");

    @Test
    void noUiToolkit() {
        assertHolds(noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("javafx..", "java.awt..", "javax.swing.."));
    }

    @Test
    void codecsAreFreeOfNetty() {
        assertHolds(noClasses().that().resideInAPackage("org.thinspice.engine.image..")
                .should().dependOnClassesThat().resideInAPackage("io.netty.."));
    }

    private void assertHolds(ArchRule rule) {
        assertTrue(engine.size() > 100, "the engine's classes were imported: " + engine.size());
        EvaluationResult result = rule.evaluate(engine);
        assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
    }
}
