package org.thinspice.testbed;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the host programs the tests run (Xvfb, remote-viewer, qemu-system-x86_64, …) on a search path,
 * so a missing one fails with its own name and the Debian package that brings it — never as an empty
 * picture or a silent skip.
 */
public final class Programs {
    private static final Programs SYSTEM = new Programs(System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));

    private final String searchPath;

    /** @param searchPath a PATH-style list of directories */
    public Programs(String searchPath) {
        this.searchPath = searchPath;
    }

    /** The programs on this process's PATH. */
    public static Programs system() {
        return SYSTEM;
    }

    /** The executable {@code name} on the search path, if any. */
    public Optional<Path> find(String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The executable {@code name}; when it is missing, a {@link MissingProgramException} that names it and
     * {@code debianPackage}.
     */
    public Path require(String name, String debianPackage) throws MissingProgramException {
        return find(name).orElseThrow(() -> new MissingProgramException(name, debianPackage, searchPath));
    }

    /** A program the tests need is not installed. */
    public static final class MissingProgramException extends java.io.IOException {
        private static final long serialVersionUID = 1L;
        private final String program;

        MissingProgramException(String program, String debianPackage, String searchPath) {
            super("program '" + program + "' not found on PATH (" + searchPath + "): install the Debian package "
                    + debianPackage + " (./thinspice test installs every package the tests need)");
            this.program = program;
        }

        public String program() {
            return program;
        }
    }
}
