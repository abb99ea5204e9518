package org.thinspice.client;

import javafx.application.Application;

/**
 * Launcher for the kiosk ({@code ./thinspice client}). A class apart from the Application so the
 * JavaFX jars work from the plain classpath.
 */
public final class ClientMain {
    private ClientMain() {
    }

    public static void main(String[] args) throws Exception {
        ClientOptions o;
        try {
            o = ClientOptions.parse(args, System.in);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("thinspice.client.logs", o.dataDir.resolve("logs").toString());
        KioskApp.setOptions(o);
        Application.launch(KioskApp.class);
    }
}
