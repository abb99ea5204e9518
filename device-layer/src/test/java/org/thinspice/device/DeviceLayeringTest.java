package org.thinspice.device;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * device-layer is usable without a UI: no toolkit; the protocol knows nothing of SPICE, Netty or
 * libusb; only the usb4java backend touches usb4java; no cycles between packages.
 */
class DeviceLayeringTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.thinspice.device");

    @Test
    void noUiToolkit() {
        assertHolds(noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..",
                "javax.swing.."));
    }

    @Test
    void protocolIsSansIo() {
        assertHolds(noClasses().that().resideInAPackage("org.thinspice.device.usbredir..").should()
                .dependOnClassesThat().resideInAnyPackage("org.thinspice.engine..", "io.netty..", "org.usb4java..",
                        "org.thinspice.device.host..", "org.thinspice.device.backends.."));
    }

    @Test
    void onlyTheUsb4javaBackendTouchesUsb4java() {
        assertHolds(noClasses().that().resideOutsideOfPackage("org.thinspice.device.backends.usb4java..").should()
                .dependOnClassesThat().resideInAPackage("org.usb4java.."));
    }

    @Test
    void noPackageCycles() {
        assertHolds(slices().matching("org.thinspice.device.(*)..").should().beFreeOfCycles());
    }

    private void assertHolds(ArchRule rule) {
        assertTrue(classes.size() > 40, "device-layer's classes were imported: " + classes.size());
        EvaluationResult result = rule.evaluate(classes);
        assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
    }
}
