package org.thinspice.device;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The UKEY packages: only {@code smartcard} touches PC/SC (javax.smartcardio, jnasmartcardio, JNA); the PIV
 * client speaks APDUs through {@code ApduTransport} only, so it runs against an in-memory card as well; neither
 * knows SPICE, Netty or USB; the VSC codec is sans-I/O.
 */
class SmartcardLayeringTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.thinspice.device");

    @Test
    void onlyTheSmartcardPackageTouchesPcsc() {
        assertHolds(noClasses().that().resideOutsideOfPackage("org.thinspice.device.smartcard..").should()
                .dependOnClassesThat().resideInAnyPackage("javax.smartcardio..", "jnasmartcardio..", "com.sun.jna.."));
    }

    @Test
    void pivUsesOnlyTheTransportSeam() {
        assertHolds(noClasses().that().resideInAPackage("org.thinspice.device.piv..").should()
                .dependOnClassesThat().resideInAnyPackage("org.thinspice.engine..", "io.netty..", "org.usb4java..",
                        "org.thinspice.device.usbredir..", "org.thinspice.device.host..",
                        "org.thinspice.device.backends.."));
    }

    @Test
    void smartcardKnowsNothingOfPivOrSpice() {
        assertHolds(noClasses().that().resideInAPackage("org.thinspice.device.smartcard..").should()
                .dependOnClassesThat().resideInAnyPackage("org.thinspice.device.piv..", "org.thinspice.engine..",
                        "io.netty.."));
    }

    @Test
    void vscCodecIsSansIo() {
        assertHolds(noClasses().that().resideInAPackage("org.thinspice.device.vsc..").should()
                .dependOnClassesThat().resideInAnyPackage("org.thinspice.engine..", "io.netty..", "javax.smartcardio..",
                        "jnasmartcardio..", "com.sun.jna..", "org.thinspice.device.piv..", "org.thinspice.device.usbredir.."));
    }

    private void assertHolds(ArchRule rule) {
        assertTrue(classes.size() > 10, "device-layer's classes were imported: " + classes.size());
        EvaluationResult result = rule.evaluate(classes);
        assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
    }
}
