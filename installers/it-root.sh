#!/usr/bin/env bash
# The Debian 12 root the installers' ITs boot with systemd-nspawn: systemd, Debian's Java 17 and every
# library the three packages depend on, so `apt-get install ./x.deb` needs no network inside the
# container. Built once per content of this recipe (mmdebstrap), cached as a tar; prints its path.
set -euo pipefail
SUITE=bookworm
INCLUDE="systemd,systemd-sysv,dbus,udev,init-system-helpers,adduser,ca-certificates,openssl,curl,procps,iproute2"
INCLUDE+=",openjdk-17-jre-headless"
INCLUDE+=",pcscd,libpcsclite1,libusb-1.0-0,libturbojpeg0,libopus0,fonts-noto-cjk,fonts-dejavu-core,libgtk-3-0,libxtst6,libgl1,libasound2"
INCLUDE+=",libgif7,liblcms2-2,libjpeg62-turbo,libxxf86vm1,libxi6,libxrender1,libxext6,libx11-6,libharfbuzz0b,libpng16-16"
cache="${THINSPICE_CACHE:-/var/cache/thinspice}/installers-root"
# the machine's Debian mirror, part of the cache key: deb822 sources (a Debian 12 install) or the one-line
# sources.list (what mmdebstrap roots and older set-ups have); none found is no error
mirror=$( { sed -n 's/^URIs: //p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } | head -1)
if [[ -z "$mirror" ]]; then
  mirror=$( { sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null || true; } | head -1)
fi
key=$(printf '%s\n' "$SUITE" minbase "$INCLUDE" "$mirror" | sha256sum | cut -c1-16)
tar="$cache/debian-$SUITE-systemd-$key.tar"
mkdir -p "$cache"
# one build at a time (two ITs, or another checkout on this machine, may ask together)
exec 9>"$cache/.lock"
flock 9
if [[ ! -f "$tar" ]]; then
  command -v mmdebstrap >/dev/null || { echo "mmdebstrap is not installed (installers/packages.txt)" >&2; exit 1; }
  mkdir -p "$cache"
  echo "[it-root] building the Debian 12 root with systemd for the installers' ITs (mmdebstrap; once per recipe, cached as $tar)" >&2
  rm -f "$tar.part"
  # only a finished build is moved into place: an interrupted one never passes for the cache
  mmdebstrap --variant=minbase --format=tar --include="$INCLUDE" "$SUITE" "$tar.part" >&2
  tar -tf "$tar.part" >/dev/null
  mv -T "$tar.part" "$tar"
fi
echo "$tar"
