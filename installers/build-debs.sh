#!/usr/bin/env bash
# Builds the Debian packages from the modules' jars (run by `./thinspice package` and by the installers
# module's package phase):
#   thinspice-kiosk       client-app with its own jlink runtime (jpackage app image), udev rules for USB
#   thinspice-controller  vdi-controller as a systemd service (Debian's Java 17)
#   thinspice-gateway     spice-gateway as a systemd service (Debian's Java 17)
# usage: build-debs.sh OUT_DIR MAVEN_VERSION [kiosk] [controller] [gateway]   (default: all three)
# THINSPICE_BUILD sets the build suffix (default: the UTC time of the build, so a newer build upgrades).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
OUT="${1:?usage: build-debs.sh OUT_DIR MAVEN_VERSION [kiosk] [controller] [gateway]}"
MVN_VERSION="${2:?usage: build-debs.sh OUT_DIR MAVEN_VERSION [kiosk] [controller] [gateway]}"
shift 2
WHAT=("$@")
((${#WHAT[@]})) || WHAT=(kiosk controller gateway)

log() { printf '[package] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

BUILD="${THINSPICE_BUILD:-$(date -u +%Y%m%d%H%M%S)}"
[[ "$BUILD" =~ ^[0-9A-Za-z.]+$ ]] || die "THINSPICE_BUILD must be letters, digits and dots: $BUILD"
# 0.1.0-SNAPSHOT -> 0.1.0~snapshot+20261207011500: a snapshot sorts before its release, a later build after
# an earlier one.
DEB_VERSION="$(tr 'A-Z' 'a-z' <<<"${MVN_VERSION/-/\~}")+$BUILD"
[[ "$DEB_VERSION" =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || die "cannot make a Debian version from $MVN_VERSION"
NUM_VERSION="$(sed -E 's/^([0-9]+(\.[0-9]+)*).*/\1/' <<<"$MVN_VERSION")"
MAINTAINER="thinspice developers <thinspice-dev@example.org>"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
[[ -d "$JAVA_HOME/jmods" ]] || die "no $JAVA_HOME/jmods: install openjdk-17-jdk-headless (jlink needs the jmods)"

WORK="$OUT/work"
mkdir -p "$OUT"
rm -rf "$WORK" "$OUT/built.txt"
mkdir -p "$WORK"

# The runtime class path of a module, as its package phase wrote it (one absolute path per entry).
classpath_of() {
  local f="$ROOT/$1/target/runtime.classpath"
  [[ -s "$f" ]] || die "$f missing: build the module first (mvn -pl $1 -am package)"
  # (the file has no final newline: the echo keeps `read` from dropping the last entry)
  { tr ':' '\n' <"$f"; echo; } | sed '/^$/d'
}

main_jar_of() {
  local j="$ROOT/$1/target/$1-$MVN_VERSION.jar"
  [[ -f "$j" ]] || die "$j missing: build the module first (mvn -pl $1 -am package)"
  echo "$j"
}

# /usr/share/doc/PKG: copyright (what is bundled and under which licence) and a changelog.
write_docs() {
  local pkg="$1" root="$2" extra="$3"
  local doc="$root/usr/share/doc/$pkg"
  install -d -m 0755 "$doc"
  {
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: thinspice"
    echo "Comment: thinspice, a SPICE VDI system. The repository carries no licence file yet; the bundled"
    echo " third-party libraries keep their own licences, listed below."
    echo
    echo "Files: *"
    echo "Copyright: 2025-2026 thinspice developers"
    echo "License: other"
    echo " All rights reserved by the thinspice developers until a licence is chosen."
    echo
    echo "Files: usr/lib/$pkg/lib/*.jar usr/lib/$pkg/lib/app/*.jar"
    echo "Copyright: their respective authors (Netty, Gson, SLF4J, Logback, OkHttp, Kotlin stdlib, Jetty,"
    echo " H2, PostgreSQL JDBC, HikariCP, Flyway, Micrometer, Bouncy Castle, JNA, usb4java, jnasmartcardio)"
    echo "License: various"
    echo " Apache-2.0, MIT, EPL-1.0/EPL-2.0 (or LGPL-2.1), MPL-2.0 (or EPL-1.0), BSD-2-Clause and LGPL-3.0,"
    echo " each as stated in the library's own jar. On Debian systems the Apache License 2.0 is in"
    echo " /usr/share/common-licenses/Apache-2.0, the LGPL in /usr/share/common-licenses/LGPL-2.1 and"
    echo " LGPL-3, the MPL in /usr/share/common-licenses/MPL-2.0."
    if [[ -n "$extra" ]]; then
      echo
      echo "$extra"
    fi
  } >"$doc/copyright"
  {
    echo "$pkg ($DEB_VERSION) unstable; urgency=medium"
    echo
    echo "  * Build $BUILD of thinspice $MVN_VERSION."
    echo
    echo " -- $MAINTAINER  $(date -u -R)"
  } | gzip -9n >"$doc/changelog.gz"
  chmod 0644 "$doc/copyright" "$doc/changelog.gz"
}

# A section-8 (or 1) manual page from a few lines of text.
write_man() {
  local root="$1" name="$2" section="$3" summary="$4" body="$5"
  install -d -m 0755 "$root/usr/share/man/man$section"
  {
    echo ".TH $(tr 'a-z' 'A-Z' <<<"$name") $section \"\" \"thinspice $MVN_VERSION\""
    echo ".SH NAME"
    echo "$name \\- $summary"
    echo ".SH DESCRIPTION"
    echo "$body"
    echo ".SH SEE ALSO"
    echo "The administrator's guide, docs/install.md in the thinspice sources."
  } | gzip -9n >"$root/usr/share/man/man$section/$name.$section.gz"
  chmod 0644 "$root/usr/share/man/man$section/$name.$section.gz"
}

# "a (>= 1), b, a" -> "a (>= 1), b": the first mention of a package wins.
dedupe_depends() {
  tr ',' '\n' <<<"$1" | sed 's/^ *//; s/ *$//' | awk 'NF { split($0, w, /[ (]/); if (!seen[w[1]]++) print }' |
      paste -sd, - | sed 's/,/, /g'
}

# DEBIAN/control, md5sums, conffiles, maintainer scripts; then dpkg-deb and lintian.
finish_deb() {
  local pkg="$1" root="$2" src="$3" depends="$4" description="$5" arch="$6"
  install -d -m 0755 "$root/DEBIAN"
  local size
  size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
  {
    echo "Package: $pkg"
    echo "Version: $DEB_VERSION"
    echo "Architecture: $arch"
    echo "Maintainer: $MAINTAINER"
    echo "Installed-Size: $size"
    echo "Depends: $(dedupe_depends "$depends")"
    echo "Section: net"
    echo "Priority: optional"
    echo "Homepage: https://github.com/thinspice/thinspice"
    echo "Description: $description"
  } >"$root/DEBIAN/control"
  local s
  for s in preinst postinst prerm postrm; do
    if [[ -f "$src/$s" ]]; then
      install -m 0755 "$src/$s" "$root/DEBIAN/$s"
    fi
  done
  if [[ -f "$src/conffiles" ]]; then
    install -m 0644 "$src/conffiles" "$root/DEBIAN/conffiles"
  fi
  (cd "$root" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | sed -z 's|^\./||' |
      xargs -0 -r md5sum) >"$root/DEBIAN/md5sums"
  chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
  local deb="$OUT/${pkg}_${DEB_VERSION}_${arch}.deb"
  rm -f "$OUT/${pkg}"_*.deb
  local t0=$SECONDS
  dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
  log "built $deb ($(du -h "$deb" | cut -f1), dpkg-deb $((SECONDS - t0)) s)"
  if [[ "${THINSPICE_LINT:-1}" == 0 ]]; then
    # only for a second build of the same content (the ITs' upgrade packages): the first one was linted
    log "lintian left out (THINSPICE_LINT=0)"
  elif command -v lintian >/dev/null; then
    local lint="$OUT/$pkg.lintian.txt"
    # overrides with their reasons are shipped in the package (usr/share/lintian/overrides/PKG)
    local t=$SECONDS
    lintian --tag-display-limit 0 --display-level '>=warning' "$deb" >"$lint" 2>&1 || true
    if grep -q '^E:\|internal error\|^Traceback\|^Can.t locate' "$lint"; then
      cat "$lint" >&2
      die "lintian found errors in $deb"
    fi
    log "lintian ($((SECONDS - t)) s): $(grep -c '^E:' "$lint" || true) errors, $(grep -c '^W:' "$lint" || true) warnings ($lint)"
  else
    die "lintian is not installed (installers/packages.txt)"
  fi
  echo "$deb" >>"$OUT/built.txt"
}

# ---------------------------------------------------------------- kiosk
build_kiosk() {
  local pkg=thinspice-kiosk w="$WORK/kiosk"
  mkdir -p "$w/input" "$w/fx" "$w/natives"
  local main_jar j
  main_jar=$(main_jar_of client-app)
  cp "$main_jar" "$w/input/"
  while read -r j; do
    case "$(basename "$j")" in
      javafx-*-linux.jar) cp "$j" "$w/fx/" ;;
      javafx-*.jar) ;; # the empty platform-neutral javafx jars: the -linux ones carry the modules
      libusb4java-*-linux-x86-64.jar) cp "$j" "$w/input/" ;;
      libusb4java-*.jar) ;; # usb4java's natives for the other six platforms: the terminal is x86-64 Linux
      *.jar) cp "$j" "$w/input/" ;;
      *) die "client-app's class path has a non-jar entry: $j" ;;
    esac
  done < <(classpath_of client-app)
  compgen -G "$w/fx/javafx-graphics-*-linux.jar" >/dev/null || die "no javafx-graphics linux jar on client-app's class path"
  compgen -G "$w/input/libusb4java-*-linux-x86-64.jar" >/dev/null || die "no libusb4java linux-x86-64 jar on client-app's class path"
  # The runtime: the JDK modules the kiosk, its libraries and the device layer use, and JavaFX. JavaFX's
  # natives go to the runtime's lib/ (where System.loadLibrary looks first), as the JavaFX jmods would put
  # them, not into the module image (from where JavaFX would unpack them to ~/.openjfx at every new home).
  local modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs
  modules+=,java.security.jgss,java.smartcardio,java.sql,java.xml,jdk.charsets,jdk.crypto.ec,jdk.crypto.cryptoki
  modules+=,jdk.localedata,jdk.net,jdk.unsupported,jdk.zipfs,javafx.base,javafx.graphics,javafx.controls
  T0=$SECONDS
  log "jlink: kiosk runtime ($modules)"
  "$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods:$w/fx" --add-modules "$modules" \
      --exclude-resources='glob:/javafx.*/*.so' --include-locales=en,zh \
      --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive --output "$w/runtime"
  (cd "$w/natives" && unzip -q -o "$w"/fx/javafx-graphics-*-linux.jar '*.so')
  install -m 0644 "$w"/natives/*.so "$w/runtime/lib/"
  log "jpackage: kiosk app image (jlink took $((SECONDS - T0)) s)"
  # the client's JVM options, as ./thinspice and the benches use them (spice-engine's client-jvm.options);
  # com.sun.glass.ui exported: the session's X11 overlay asks glass for the kiosk window's X id; the quantum
  # toolkit opened and com.sun.javafx.tk exported: IdlePulses lets JavaFX's pulse timer pause on GTK
  local client_jvm=() o
  while read -r o; do client_jvm+=(--java-options "$o"); done \
      < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' \
          "$ROOT/spice-engine/src/main/resources/org/thinspice/engine/client-jvm.options")
  "$JAVA_HOME/bin/jpackage" --type app-image --name "$pkg" --dest "$w/app" --input "$w/input" \
      --main-jar "$(basename "$main_jar")" --main-class org.thinspice.client.ClientMain \
      --runtime-image "$w/runtime" --app-version "$NUM_VERSION" --vendor thinspice \
      --description "thinspice kiosk" \
      --java-options '-XX:+ExitOnOutOfMemoryError' --java-options '-Djdk.gtk.version=3' \
      --java-options '--add-exports=javafx.graphics/com.sun.glass.ui=ALL-UNNAMED' \
      --java-options '--add-exports=javafx.graphics/com.sun.javafx.tk=ALL-UNNAMED' \
      --java-options '--add-opens=javafx.graphics/com.sun.javafx.tk.quantum=ALL-UNNAMED' "${client_jvm[@]}"
  log "staging the kiosk package ($((SECONDS - T0)) s so far)"
  local root="$w/root"
  install -d -m 0755 "$root/usr/lib" "$root/usr/bin" "$root/usr/lib/udev/rules.d"
  cp -a "$w/app/$pkg" "$root/usr/lib/$pkg"
  rm -f "$root/usr/lib/$pkg/lib/$pkg.png"
  ln -s "../lib/$pkg/bin/$pkg" "$root/usr/bin/$pkg"
  install -m 0644 "$HERE/kiosk/70-thinspice-kiosk-usb.rules" "$root/usr/lib/udev/rules.d/"
  # Debian conventions: executables and shared objects stripped, shared objects not executable, files
  # 0644 or 0755 (jlink writes some 0444)
  normalise_tree "$root"
  write_docs "$pkg" "$root" "Files: usr/lib/$pkg/lib/runtime/*
Copyright: Oracle and/or its affiliates, the OpenJDK and OpenJFX contributors
License: GPL-2 with Classpath exception
 The Java runtime (OpenJDK 17, jlink image) and JavaFX 21. On Debian systems the GPL 2 is in
 /usr/share/common-licenses/GPL-2; the Classpath exception is in the runtime's legal/ folder."
  write_man "$root" "$pkg" 1 "the thinspice kiosk (JavaFX)" \
      "The terminal's full-screen kiosk: enrolment, sign-in, desktops, session, diagnostics and settings.
Options: --controller URL, --enrol-code CODE, --data DIR, --lang zh-CN|en, --windowed, --vv FILE.
USB devices it may redirect are given to group thinspice-kiosk by /usr/lib/udev/rules.d/70-thinspice-kiosk-usb.rules."
  install -d -m 0755 "$root/usr/share/lintian/overrides"
  install -m 0644 "$HERE/kiosk/lintian-overrides" "$root/usr/share/lintian/overrides/$pkg"
  # Depends: the libraries the runtime, JavaFX and the launcher link (dpkg-shlibdeps), plus what the kiosk
  # opens at run time: PC/SC (libpcsclite, pcscd), libusb, CJK fonts, GTK 3 for JavaFX's glass, libX11, libXext
  # and libXrender for the session's X11 overlay (GTK pulls them in too), and the
  # native decoders the engine prefers (libjpeg-turbo's TurboJPEG, libopus; Java fallbacks exist, but a
  # terminal is where their CPU saving matters).
  local shlibs
  shlibs=$(shlib_depends "$root" "$root/usr/lib/$pkg/lib/runtime/lib" "$root/usr/lib/$pkg/lib/runtime/lib/server" "$root/usr/lib/$pkg/lib") || exit 1
  [[ "$shlibs" == *libc6* ]] || { echo "[package] the kiosk's Depends from dpkg-shlibdeps lack libc6: '$shlibs'" >&2; exit 1; }
  finish_deb "$pkg" "$root" "$HERE/kiosk" \
      "$shlibs, adduser, libgtk-3-0, libx11-6, libxext6, libxrender1, libxfixes3, libxtst6, libgl1, libpcsclite1, pcscd, libusb-1.0-0, libturbojpeg0, libopus0, fonts-noto-cjk, fonts-dejavu-core" \
      "thinspice kiosk: the thin terminal's SPICE client
 The full-screen JavaFX kiosk of thinspice, with its own Java runtime: staff
 enrol the terminal, sign in and reach their virtual desktops over SPICE.
 Local USB devices and smartcards (UKEY, through pcscd) can be passed on to
 the desktop." amd64
}

normalise_tree() {
  local root="$1" f
  find "$root" -type d -exec chmod 0755 {} +
  find "$root" -type f -perm /111 -exec chmod 0755 {} +
  find "$root" -type f ! -perm /111 -exec chmod 0644 {} +
  find "$root" -type f -name '*.so' -exec chmod 0644 {} +
  while IFS= read -r -d '' f; do
    if head -c4 "$f" | grep -q 'ELF'; then strip --strip-unneeded --remove-section=.comment --remove-section=.note "$f"; fi
  done < <(find "$root" -type f \( -name '*.so' -o -perm -u+x \) -print0)
}

# The Depends of every ELF object under ROOT (libraries found in the given private folders are the
# package's own).
shlib_depends() {
  local root="$1"; shift
  local tmp
  tmp=$(mktemp -d)
  mkdir -p "$tmp/debian"
  printf 'Source: x\n\nPackage: x\nArchitecture: any\n' >"$tmp/debian/control"
  local args=() d
  for d in "$@"; do args+=("-l$d"); done
  local elves=()
  while IFS= read -r -d '' f; do
    if head -c4 "$f" | grep -q 'ELF'; then elves+=("$f"); fi
  done < <(find "$root" -type f \( -name '*.so' -o -perm -u+x \) -print0)
  # A library the runtime links that is not installed here (dpkg-shlibdeps cannot find it) would leave
  # the package without its Depends, libc included: fail with dpkg-shlibdeps' own words instead.
  if ! (cd "$tmp" && dpkg-shlibdeps -O --ignore-missing-info "${args[@]}" "${elves[@]}" >"$tmp/out" 2>"$tmp/warn"); then
    grep -v '^dpkg-shlibdeps: warning' "$tmp/warn" >&2 || true
    echo "[package] dpkg-shlibdeps failed: install the packages of the libraries named above (installers/packages.txt lists them)" >&2
    rm -rf "$tmp"
    return 1
  fi
  sed -n 's/^shlibs:Depends=//p' "$tmp/out"
  rm -rf "$tmp"
}

# ---------------------------------------------------------------- controller, gateway
# A Java service on Debian's Java 17: jars in /usr/share/PKG/lib, a systemd unit, configuration in
# /etc/thinspice (a conffile), state in /var/lib/thinspice/SVC, its own system account.
build_service() {
  local svc="$1" module main_class summary description extra_configure="" extra_purge="" conf
  case "$svc" in
    controller)
      module=vdi-controller; conf=controller.json
      summary="the controller's REST API for kiosks and administrators"
      description="thinspice VDI controller: users, terminals, desktops, tickets
 The controller of thinspice: staff sign in from the kiosk, terminals enrol,
 desktops (local QEMU or Proxmox VE) are listed, started and connected through
 the SPICE gateway with one-time signed tickets. HTTPS API on port 8480."
      # the configuration holds the bootstrap password: readable by the service, not by everyone
      extra_configure="    chgrp thinspice-controller /etc/thinspice/controller.json
    chmod 0640 /etc/thinspice/controller.json" ;;
    gateway)
      module=spice-gateway; conf=gateway.properties
      summary="the SPICE gateway: HTTP CONNECT with tickets signed by the controller"
      description="thinspice SPICE gateway: the single entry point for SPICE traffic
 An HTTP CONNECT relay for SPICE clients: each CONNECT names a ticket signed
 by the thinspice controller (Ed25519); the gateway dials only the desktop the
 ticket names and relays its bytes. Listens on port 3128."
      extra_configure="    install -d -m 0755 /etc/thinspice/gateway-keys"
      extra_purge="    rm -rf /etc/thinspice/gateway-keys" ;;
  esac
  local pkg="thinspice-$svc" w="$WORK/$svc"
  local root="$w/root" j
  install -d -m 0755 "$root/usr/share/$pkg/lib" "$root/usr/lib/systemd/system" "$root/etc/thinspice"
  cp "$(main_jar_of "$module")" "$root/usr/share/$pkg/lib/"
  while read -r j; do
    [[ "$j" == *.jar ]] || die "$module's class path has a non-jar entry: $j"
    cp "$j" "$root/usr/share/$pkg/lib/"
  done < <(classpath_of "$module")
  install -m 0644 "$HERE/$svc/$pkg.service" "$root/usr/lib/systemd/system/"
  install -m 0644 "$HERE/$svc/$conf" "$root/etc/thinspice/$conf"
  if [[ "$svc" == controller ]]; then
    chmod 0640 "$root/etc/thinspice/$conf"
    install -m 0644 "$HERE/controller/controller-logback.xml" "$root/etc/thinspice/"
  fi
  local s
  for s in postinst prerm postrm; do
    local text
    text=$(sed -e "s/@PKG@/$pkg/g" -e "s/@USER@/$pkg/g" -e "s/@SVC@/$svc/g" "$HERE/service/$s.in")
    text="${text//@EXTRA_CONFIGURE@/$extra_configure}"
    text="${text//@EXTRA_PURGE@/$extra_purge}"
    printf '%s\n' "$text" >"$w/$s"
  done
  cp "$HERE/$svc/conffiles" "$w/conffiles"
  find "$root" -type d -exec chmod 0755 {} +
  write_docs "$pkg" "$root" ""
  write_man "$root" "$pkg" 8 "$summary" \
      "The systemd service $pkg.service runs it as user $pkg with /etc/thinspice/$conf as its configuration
and /var/lib/thinspice/$svc as its state; logs go to the journal (journalctl -u $pkg)."
  if [[ -f "$HERE/$svc/lintian-overrides" ]]; then
    install -d -m 0755 "$root/usr/share/lintian/overrides"
    install -m 0644 "$HERE/$svc/lintian-overrides" "$root/usr/share/lintian/overrides/$pkg"
  fi
  finish_deb "$pkg" "$root" "$w" \
      "default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser, init-system-helpers (>= 1.52)" \
      "$description" all
}

for what in "${WHAT[@]}"; do
  case "$what" in
    kiosk) build_kiosk ;;
    controller) build_service controller ;;
    gateway) build_service gateway ;;
    *) die "unknown package $what (kiosk, controller, gateway)" ;;
  esac
done

# the staging trees are large (the kiosk's runtime twice over); THINSPICE_KEEP_WORK=1 keeps them to look into
if [[ "${THINSPICE_KEEP_WORK:-0}" != 1 ]]; then
  rm -rf "$WORK"
fi
