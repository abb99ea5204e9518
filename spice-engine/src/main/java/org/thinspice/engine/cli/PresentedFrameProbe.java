package org.thinspice.engine.cli;

import org.thinspice.engine.display.Surface;

/**
 * A measurement hook of {@code session --frame-probe CLASS}: shown every stream frame the session presented (on the
 * display channel's thread, right after the blit, the primary surface as it is now) and the final picture before the
 * report; adds its own fields to the session's JSON. For benchmarks that compare presented pictures with a reference
 * (the testbed's {@code SceneQualityProbe}); without the option nothing of this runs.
 */
public interface PresentedFrameProbe {
    /** A stream frame was drawn into {@code primary}. Read it under {@code primary.lock()}. */
    void presented(Surface primary);

    /** The session ends: {@code primary} (null when none) as it stands. */
    void finish(Surface primary);

    /** JSON members to add to the report, without braces, e.g. {@code "psnr_mean":31.2,"psnr_min":28.0}. */
    String json();
}
