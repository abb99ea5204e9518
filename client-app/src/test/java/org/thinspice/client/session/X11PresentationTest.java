package org.thinspice.client.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.Test;

/**
 * When the overlay must give the picture back to JavaFX: anything visible laid over the picture's branch of the
 * scene graph, at any level (the session's bar or status inside the view, the UKEY lock over the whole kiosk).
 */
class X11PresentationTest {
    @Test
    void aVisibleNodeAfterThePictureAtAnyLevelCoversIt() {
        Pane picture = new Pane();
        StackPane area = new StackPane(picture);
        Pane bar = new Pane();
        Pane status = new Pane();
        StackPane view = new StackPane(area, status, bar);
        StackPane layers = new StackPane(view);
        status.setVisible(false);
        bar.setVisible(false);
        assertFalse(X11Presentation.covered(picture), "nothing over the picture");

        bar.setVisible(true);
        assertTrue(X11Presentation.covered(picture), "the bar is shown");
        bar.setVisible(false);
        status.setVisible(true);
        assertTrue(X11Presentation.covered(picture), "the status is shown");
        status.setVisible(false);

        Pane lock = new Pane();
        layers.getChildren().add(lock);
        assertTrue(X11Presentation.covered(picture), "a layer over the whole view (the UKEY lock)");
        layers.getChildren().remove(lock);
        assertFalse(X11Presentation.covered(picture));

        Pane behind = new Pane();
        layers.getChildren().add(0, behind);
        assertFalse(X11Presentation.covered(picture), "what lies beneath does not cover");
    }

    @Test
    void anInvisiblePictureOrBranchIsCovered() {
        Pane picture = new Pane();
        StackPane area = new StackPane(picture);
        StackPane view = new StackPane(area);
        assertFalse(X11Presentation.covered(picture));
        area.setVisible(false);
        assertTrue(X11Presentation.covered(picture), "its branch is hidden");
        area.setVisible(true);
        picture.setVisible(false);
        assertTrue(X11Presentation.covered(picture), "the picture itself is hidden");
        assertFalse(view.getChildren().isEmpty());
    }
}
