package org.thinspice.engine.image;

/**
 * Run by {@link JpegHiddenLibraryTest} in its own JVM (the decoder choice is made once per JVM): decodes the
 * benchmark frame through the decoders a stream and the still-image path get, prints their kinds and a pixel
 * checksum on stdout.
 */
public final class JpegHiddenLibraryMain {
    private JpegHiddenLibraryMain() {
    }

    public static void main(String[] args) throws Exception {
        byte[] jpeg = JpegFixtures.jpeg(JpegFixtures.FRAME);
        try (JpegFrameDecoder stream = JpegDecoders.forStream(); JpegFrameDecoder images = JpegDecoders.forImages()) {
            int[] a = stream.decode(jpeg, 0, jpeg.length, 1024, 768).argb();
            int[] b = images.decode(jpeg, 0, jpeg.length, 1024, 768).argb();
            System.out.println("kinds " + stream.kind() + " " + images.kind());
            System.out.println("hashes " + java.util.Arrays.hashCode(a) + " " + java.util.Arrays.hashCode(b));
        }
    }
}
