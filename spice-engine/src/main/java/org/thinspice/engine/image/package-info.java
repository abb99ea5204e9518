/**
 * Image codecs: pure functions from a SPICE image payload to ARGB pixels. They know nothing of Netty.
 *
 * <p>Conventions every decoder follows:
 * <ul>
 *   <li>Input is a byte slice ({@code byte[] data, int offset, int length}) holding exactly the
 *       payload the wire carries for that image type (after the 18-byte image descriptor).</li>
 *   <li>Output is an {@code int[]} of {@code width * height} pixels, {@code 0xAARRGGBB}, rows top-down
 *       (bottom-up sources are flipped). Formats without alpha produce alpha {@code 0xFF}; formats with
 *       alpha keep it.</li>
 *   <li>16-bit x555 pixels widen each 5-bit channel by bit replication: {@code (v << 3) | (v >> 2)}.</li>
 *   <li>Dimensions are checked with {@link org.thinspice.engine.Limits#checkedPixels} before any
 *       allocation; every read is bounds-checked; malformed input throws
 *       {@link org.thinspice.engine.SpiceImageException}, never a runtime exception.</li>
 *   <li>State that must outlive one image (the GLZ dictionary window) is an explicit object passed in.</li>
 * </ul>
 */
package org.thinspice.engine.image;
