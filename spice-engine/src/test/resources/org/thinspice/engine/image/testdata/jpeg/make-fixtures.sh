#!/bin/sh
# Regenerates the JPEG fixtures with Debian 12's libjpeg-turbo 2.1.5 tools (apt-get install libjpeg-turbo-progs).
# NAME.jpg is made by cjpeg; NAME.ppm (or .pgm) is djpeg's output in libjpeg's default mode (islow IDCT, fancy
# upsampling: what spice-gtk's decode-jpeg.c uses); NAME.plain.ppm is djpeg -nosmooth (no fancy upsampling,
# spice-gtk's MJPEG setting) for the subsampled ones where the two differ.
set -e
cd "$(dirname "$0")"
tmp=$(mktemp -d)
python3 gen-ppm.py photo 61 45 12 "$tmp/photo.ppm"
python3 gen-ppm.py text 77 50 0 "$tmp/text.ppm"
python3 gen-ppm.py text 33 17 0 "$tmp/text33.ppm"
python3 gen-ppm.py photo 1 1 12 "$tmp/w1.ppm"
python3 gen-ppm.py photo 4 4 12 "$tmp/w4.ppm"
python3 gen-ppm.py photo 5 3 12 "$tmp/w5.ppm"
printf '0: 0 63 0 0;\n1: 0 63 0 0;\n2: 0 63 0 0;\n' > "$tmp/scans.txt"
cjpeg -quality 85 -sample 2x2 "$tmp/photo.ppm" > photo-420-q85.jpg
cjpeg -quality 75 -sample 2x1 "$tmp/photo.ppm" > photo-422-q75.jpg
cjpeg -quality 90 -sample 1x1 "$tmp/photo.ppm" > photo-444-q90.jpg
cjpeg -quality 80 -sample 1x2 "$tmp/photo.ppm" > photo-440-q80.jpg
cjpeg -quality 85 -grayscale "$tmp/photo.ppm" > photo-grey-q85.jpg
cjpeg -quality 80 -scans "$tmp/scans.txt" "$tmp/photo.ppm" > photo-3scans-q80.jpg
cjpeg -quality 80 -rgb "$tmp/photo.ppm" > photo-rgb-q80.jpg
cjpeg -quality 50 -sample 2x2 -restart 2B "$tmp/text.ppm" > text-420-q50-rst2.jpg
cjpeg -quality 85 -sample 2x2 -optimize "$tmp/text.ppm" > text-420-q85-optimized.jpg
cjpeg -quality 60 -sample 4x1 "$tmp/text.ppm" > text-411-q60.jpg
cjpeg -quality 95 -sample 2x2 "$tmp/text.ppm" > text-420-q95.jpg
cjpeg -quality 70 -sample 2x1 -restart 1B "$tmp/text33.ppm" > text-422-q70-rst1.jpg
cjpeg -quality 85 -sample 2x2 "$tmp/w1.ppm" > edge-420-1x1.jpg
cjpeg -quality 85 -sample 2x2 "$tmp/w4.ppm" > edge-420-4x4.jpg
cjpeg -quality 85 -sample 2x2 "$tmp/w5.ppm" > edge-420-5x3.jpg
# refused kinds
cjpeg -quality 80 -progressive "$tmp/photo.ppm" > refused-progressive.jpg
cjpeg -quality 80 -arithmetic "$tmp/photo.ppm" > refused-arithmetic.jpg
for f in photo-420-q85 photo-422-q75 photo-444-q90 photo-440-q80 photo-3scans-q80 photo-rgb-q80 text-420-q50-rst2 \
         text-420-q85-optimized text-411-q60 text-420-q95 text-422-q70-rst1 edge-420-1x1 edge-420-4x4 edge-420-5x3; do
    djpeg -ppm "$f.jpg" > "$f.ppm"
done
djpeg -pnm photo-grey-q85.jpg > photo-grey-q85.pgm
for f in photo-420-q85 photo-422-q75 photo-440-q80 text-411-q60 text-420-q50-rst2; do
    djpeg -nosmooth -ppm "$f.jpg" > "$f.plain.ppm"
done
# the benchmark frame: 1024x768 4:2:0 quality 80, photo-like with milder noise; its djpeg output is pinned by CRC-32
python3 gen-ppm.py photo 1024 768 6 "$tmp/frame.ppm"
cjpeg -quality 80 -sample 2x2 "$tmp/frame.ppm" > frame-1024x768-420-q80.jpg
djpeg -ppm frame-1024x768-420-q80.jpg | tail -c $((1024 * 768 * 3)) | python3 -c \
    'import sys, zlib; print("%08x" % zlib.crc32(sys.stdin.buffer.read()))' > frame-1024x768-420-q80.crc32
rm -r "$tmp"
# qemu-8x16.jpg and qemu-photo-1024x96.jpg are not made here: they are JPEG draws captured from QEMU 7.2's
# spice-server by capture-qemu-jpeg.py (copied from its NNN-105-WxH.jpg files); their .ppm / .crc32 are
# djpeg's default-mode output like the rest.
