package org.thinspice.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine is a library a stranger can embed: no UI toolkit, and codecs that know nothing of Netty. */
class LayeringTest {
    private final JavaClasses engine = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.thinspice.engine");

    @Test
    void noUiToolkit() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..")
                .check(engine);
    }

    @Test
    void codecsAreFreeOfNetty() {
        noClasses().that().resideInAPackage("org.thinspice.engine.image..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(engine);
    }
}
