# ./thinspice image | test-image (sourced by ./thinspice; ROOT, log, ensure_* and demo_stop come from there).

# The kiosk .deb the image carries: $THINSPICE_KIOSK_DEB, else the newest one ./thinspice package left.
kiosk_deb() {
  if [[ -n "${THINSPICE_KIOSK_DEB:-}" ]]; then
    echo "$THINSPICE_KIOSK_DEB"
    return
  fi
  local deb
  deb=$(ls -t "$ROOT"/installers/target/*kiosk*.deb "$ROOT"/installers/target/*/*kiosk*.deb 2>/dev/null | head -1 || true)
  if [[ -z "$deb" ]] && grep -q '^  package)' "$ROOT/thinspice"; then
    log "no kiosk .deb yet: ./thinspice package…"
    "$ROOT/thinspice" package >&2
    deb=$(ls -t "$ROOT"/installers/target/*kiosk*.deb "$ROOT"/installers/target/*/*kiosk*.deb 2>/dev/null | head -1 || true)
  fi
  [[ -n "$deb" ]] || { log "no kiosk .deb: run ./thinspice package, or set THINSPICE_KIOSK_DEB=FILE"; return 1; }
  echo "$deb"
}

cmd_image() {
  [[ $(id -u) -eq 0 ]] || { log "image needs root (mmdebstrap, chroot)"; exit 1; }
  ensure_packages
  local deb
  deb=$(kiosk_deb)
  local t0=$SECONDS
  "$ROOT/kiosk-image/build-image.sh" --kiosk-deb "$deb" --out "$ROOT/target/image" "$@"
  log "built in $((SECONDS - t0)) s: $ROOT/target/image/thinspice-terminal.img (+ .bmap, .img.zst); flash: docs/technician.md"
}

# Boots the image under QEMU (TCG) as a terminal next to the demo's controller, gateway and desktop,
# and drives it: enrol, sign in, connect; screendumps of the terminal VM in docs/screenshots/.
cmd_test_image() {
  [[ $(id -u) -eq 0 ]] || { log "test-image needs root (it builds the image)"; exit 1; }
  ensure_packages
  ensure_built
  local out="$ROOT/target/test-image"
  local port="${THINSPICE_IMAGE_PORT:-8580}" gwport="${THINSPICE_IMAGE_GATEWAY_PORT:-8581}"
  rm -rf "$out"; mkdir -p "$out"
  local deb t0 t1
  deb=$(kiosk_deb)
  t0=$SECONDS
  "$ROOT/kiosk-image/build-image.sh" --kiosk-deb "$deb" --out "$ROOT/target/image"
  t1=$SECONDS
  # the controller, the gateway and the desktop VM, on the host's loopback (the terminal reaches the first two
  # through the site entry, below)
  # (this worktree's testbed classes first: the tiny guest is built from their sources, not from whatever
  # testbed jar another build last left in ~/.m2)
  java -cp "$ROOT/vdi-controller/target/test-classes:$ROOT/testbed/target/classes:$(controller_cp)" \
      org.thinspice.controller.DemoConfig "$out/controller.json" "$out/controller-data" "$port" "$gwport" "$out/gateway.properties"
  # The terminal is a host of its own: its VM runs in a network namespace whose only link (a veth pair,
  # SITE_NET.2 there, SITE_NET.1 here) leads to the site's entry — HAProxy on SITE_NET.1, relaying the
  # controller's and the gateway's ports to this host's loopback, where they and the desktop VM listen. So the
  # terminal reaches the controller and the gateway and nothing else (not the desktop's SPICE port).
  local site_net="10.213.$(( $$ % 250 ))" term_ns="thinspice-term-$$"
  local site_ip="$site_net.1"
  sed -i "s|\"proxy\": \"http://127.0.0.1:$gwport\"|\"proxy\": \"http://$site_ip:$gwport\"|" "$out/controller.json"
  grep -q "$site_ip:$gwport" "$out/controller.json" || { log "could not point the controller's gateway at $site_ip"; return 1; }
  # The one-time SPICE password dies 3 s (default) after the main channel links; the terminal under TCG
  # links its other channels later than that, and the refused display channel left the kiosk on
  # "Waiting for the first picture" (QEMU: "Ticketing is enabled, but no password is set"). A slow
  # emulated terminal gets 60 s; validity 120 s.
  python3 - "$out/controller.json" <<'PY'
import json, os, sys
c = json.load(open(sys.argv[1]))
c["provider"]["passwordGraceSeconds"] = 60
c["provider"]["passwordValiditySeconds"] = 120
# The terminal's USB stick (a real USB device of the terminal VM, redirected by the kiosk through libusb):
# the desktop's policy redirects mass storage (interface class 08) as it is plugged in and nothing else,
# and the tiny guest reports every disk it gets with the checksum of README.TXT on it (tb.blkwatch).
for p in c["bootstrap"]["policies"]:
    p["usbRedirect"] = True
    p["usbAutoshare"] = True
    p["usbFilter"] = "0x08,-1,-1,-1,1|-1,-1,-1,-1,0"
for d in c["provider"]["desktops"]:
    d["append"] += " tb.blkwatch=README.TXT"
    if os.environ.get("THINSPICE_IMAGE_USB_DEBUG") == "1":
        # the guest's kernel says what it makes of the redirected stick (its serial log)
        d["append"] = d["append"].replace("loglevel=3", "loglevel=7")
json.dump(c, open(sys.argv[1], "w"), indent=2)
PY
  # the stick's content: a FAT file system with one known file
  printf 'thinspice terminal USB stick / thinspice 终端 U 盘\r\nRedirected by the kiosk through libusb (usb4java) into the desktop.\r\n' \
      > "$out/README.TXT"
  java -cp "$(device_cp)" org.thinspice.device.backends.sim.FatImage "$out/stick.img" 16 "README.TXT=$out/README.TXT"
  local stick_sum
  stick_sum=$(sha256sum < "$out/README.TXT" | cut -d' ' -f1)
  TERM_NS="$term_ns"
  trap 'demo_stop; terminal_net_down' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  terminal_net_up "$term_ns" "$site_net" "$out" "$port" "$gwport" || return 1
  java -cp "$(gateway_cp)" org.thinspice.gateway.GatewayMain --config "$out/gateway.properties" 2>"$out/gateway.log" &
  DEMO_PIDS+=($!)
  java -cp "$(controller_cp)" org.thinspice.controller.ControllerMain "$out/controller.json" 2>"$out/controller.log" &
  DEMO_PIDS+=($!)
  local api="http://127.0.0.1:$port/api/v1" ready=""
  for _ in $(seq 1 300); do
    curl -fsS "$api/health" >/dev/null 2>&1 && grep -q '^gateway.port=' "$out/gateway.log" 2>/dev/null && { ready=1; break; }
    sleep 0.2
  done
  [[ -n "$ready" ]] || { log "the controller or the gateway did not come up (see $out/*.log)"; return 1; }
  # the terminal's namespace reaches them through the site entry, and this host's loopback (where they listen)
  # not at all
  ip netns exec "$term_ns" curl -fsS -m 5 "http://$site_ip:$port/api/v1/health" >/dev/null ||
      { log "the terminal's namespace cannot reach the controller through the site entry $site_ip:$port"; return 1; }
  if ip netns exec "$term_ns" curl -fsS -m 3 "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then
    log "the terminal's namespace reaches this host's loopback: it is not a host of its own"; return 1
  fi
  local admin code
  admin=$(curl -fsS -H 'Content-Type: application/json' -d '{"username":"admin","password":"admin-password"}' \
      "$api/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  code=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{}' \
      "$api/admin/enrolment-codes" | sed -n 's/.*"code":"\([^"]*\)".*/\1/p')
  [[ -n "$code" ]] || { log "no enrolment code from the controller"; return 1; }
  # this terminal's copy of the image, with the technician's thinspice.conf on its FAT partition
  local img="$out/terminal.img"
  cp --sparse=always "$ROOT/target/image/thinspice-terminal.img" "$img"
  printf 'CONTROLLER=http://%s:%s\nENROL_CODE=%s\nLANGUAGE=en\n' "$site_ip" "$port" "$code" > "$out/thinspice.conf"
  mcopy -o -i "$img@@2M" "$out/thinspice.conf" ::/thinspice.conf
  # the test hook (kiosk-image/test-hook): written into this copy's root only, never into a built image
  inject_test_hook "$img" "$out"
  # which boots: the full run (bios, on the raw disk), Secure Boot to the first-run screen (uefi-sb), the
  # hybrid ISO as a USB stick to the first-run screen (iso: BIOS; iso-uefi: UEFI Secure Boot); a root
  # file system Linux cannot find must reboot, not offer a shell (no-root); THINSPICE_IMAGE_PARTS picks some
  local parts=" ${THINSPICE_IMAGE_PARTS:-bios uefi-sb iso iso-uefi no-root} "
  local qmp serial hook qpid tb Q boot_s="-" restarted_ms="-" back_s="-" unreach_s="-" recover_s="-" summary=""
  if [[ "$parts" == *" bios "* ]]; then
  BOOT_NETNS="$term_ns" boot_terminal e2e "$img" "${THINSPICE_IMAGE_FIRMWARE:-bios}" disk || return 1
  # boot → the kiosk enrols with the code and shows its sign-in screen (its log comes out on ttyS0)
  local limit=$(( ${THINSPICE_IMAGE_BOOT_S:-900} ))
  until grep -qs 'screen LOGIN' "$serial"; do
    kill -0 "$qpid" 2>/dev/null || { log "the terminal VM stopped (see $serial)"; return 1; }
    (( SECONDS - tb < limit )) || { "${Q[@]}" screendump "$out/timeout.png" || true
      log "no sign-in screen within $limit s (serial: $serial, screen: $out/timeout.png)"; return 1; }
    sleep 2
  done
  boot_s=$((SECONDS - tb))
  sleep 5
  mkdir -p "$ROOT/docs/screenshots"
  "${Q[@]}" screendump "$ROOT/docs/screenshots/terminal-signin.png"
  log "sign-in screen $boot_s s after power-on (TCG); docs/screenshots/terminal-signin.png"
  # sign in as demo: click into the fields (the sign-in card is centred: username 16 px above the
  # middle, password 31 px below), type, Enter; a single running desktop connects by itself
  local wh w h
  wh=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]))' \
      "$ROOT/docs/screenshots/terminal-signin.png")
  read -r w h <<<"$wh"
  "${Q[@]}" click $((w / 2 - 6)) $((h / 2 - 16)) "$w" "$h"; "${Q[@]}" type demo
  "${Q[@]}" click $((w / 2 - 6)) $((h / 2 + 31)) "$w" "$h"; "${Q[@]}" type demo-password; "${Q[@]}" key ret
  local ts=$SECONDS
  until grep -qs 'screen SESSION' "$serial"; do
    (( SECONDS - ts < 300 )) || { "${Q[@]}" screendump "$out/no-session.png" || true
      log "no session within 300 s of signing in (serial: $serial, screen: $out/no-session.png)"; return 1; }
    grep -qs 'screen DESKTOPS' "$serial" && (( SECONDS - ts > 60 )) && "${Q[@]}" key ret
    sleep 2
  done
  log "session screen $((SECONDS - ts)) s after signing in"
  # the first picture takes a while under TCG: look every 10 s for up to 300 s
  wait_for_desktop "$ROOT/docs/screenshots/terminal-desktop.png" || return 1
  log "the desktop through the kiosk $((SECONDS - ts)) s after signing in; docs/screenshots/terminal-desktop.png"
  log "test-image: image $((t1 - t0)) s ($(grep -E '^(raw_bytes|zst_bytes)=' "$ROOT/target/image/build.txt" | tr '\n' ' ')), boot to sign-in $boot_s s under TCG"
  # the terminal's USB stick through the kiosk (docs/testing.md); THINSPICE_IMAGE_USB=0 leaves it out
  local usb_read_s="-" usb_gone_s="-"
  if [[ "${THINSPICE_IMAGE_USB:-1}" == 1 ]]; then
    terminal_usb_stick "$out" "$stick_sum" || return 1
  fi
  # the kiosk's JVM killed (SIGKILL through the test hook): systemd starts it again, and it comes back
  # to its sign-in screen by itself
  local logins answer tk
  logins=$(grep -c 'screen LOGIN' "$serial" || true)
  tk=$SECONDS
  answer=$(python3 "$ROOT/kiosk-image/qmp.py" "$hook" hook kill-kiosk)
  log "test hook: $answer"
  [[ "$answer" =~ ^kill-kiosk\ old=([0-9]+)\(.*\)\ new=([0-9]+)\ restarted_ms=([0-9]+)$ ]] ||
      { log "the test hook did not kill the kiosk: '$answer'"; return 1; }
  [[ "${BASH_REMATCH[1]}" != "${BASH_REMATCH[2]}" && "${BASH_REMATCH[2]}" != 0 ]] ||
      { log "no new kiosk process after the kill: '$answer'"; return 1; }
  restarted_ms=${BASH_REMATCH[3]}
  (( restarted_ms <= 10000 )) || { log "the kiosk was started again only after $restarted_ms ms (limit 10 s)"; return 1; }
  until (( $(grep -c 'screen LOGIN' "$serial" || true) > logins )); do
    (( SECONDS - tk < 300 )) || { "${Q[@]}" screendump "$out/no-restart.png" || true
      log "the restarted kiosk showed no sign-in screen within 300 s (serial: $serial, screen: $out/no-restart.png)"; return 1; }
    sleep 2
  done
  back_s=$((SECONDS - tk))
  log "kiosk killed: a new process after $restarted_ms ms (systemd), its sign-in screen after $back_s s under TCG"
  sleep 5
  # the network cable pulled (QMP set_link on the terminal's NIC): signing in shows the kiosk's own
  # "cannot reach the controller" state; with the cable back, Enter (the default button) signs in again
  local fails sessions tn
  fails=$(grep -c 'sign-in failed' "$serial" || true)
  sessions=$(grep -c 'screen SESSION' "$serial" || true)
  "${Q[@]}" link nic0 off
  tn=$SECONDS
  "${Q[@]}" click $((w / 2 - 6)) $((h / 2 - 16)) "$w" "$h"; "${Q[@]}" type demo
  "${Q[@]}" click $((w / 2 - 6)) $((h / 2 + 31)) "$w" "$h"; "${Q[@]}" type demo-password; "${Q[@]}" key ret
  until (( $(grep -c 'sign-in failed' "$serial" || true) > fails )); do
    (( SECONDS - tn < 300 )) || { "${Q[@]}" screendump "$out/no-unreachable.png" || true
      log "no failed sign-in within 300 s of pulling the network (serial: $serial)"; return 1; }
    sleep 2
  done
  unreach_s=$((SECONDS - tn))
  sleep 5
  "${Q[@]}" screendump "$ROOT/docs/screenshots/terminal-unreachable.png"
  local why
  why=$(grep 'sign-in failed' "$serial" | tail -1)
  log "kiosk: $why"
  # the kiosk's unreachable state comes from a network error (no route, timeout, refused), nothing else
  [[ "$why" =~ sign-in\ failed:\ .*ControllerException:\ .*([Uu]nreachable|[Tt]imed\ out|[Tt]imeout|[Nn]o\ route|[Ff]ailed\ to\ connect) ]] ||
      { log "the sign-in failed for another reason than the network"; return 1; }
  log "network pulled: sign-in failed (unreachable) after $unreach_s s; docs/screenshots/terminal-unreachable.png"
  "${Q[@]}" link nic0 on
  local tr=$SECONDS
  sleep 5
  "${Q[@]}" key ret
  until (( $(grep -c 'screen SESSION' "$serial" || true) > sessions )); do
    (( SECONDS - tr < 300 )) || { "${Q[@]}" screendump "$out/no-recovery.png" || true
      log "no session within 300 s of the network returning (serial: $serial, screen: $out/no-recovery.png)"; return 1; }
    # the retry may have raced the link coming up: Enter again while still failing, every 30 s or so
    (( (SECONDS - tr) % 30 < 2 && SECONDS - tr > 20 )) && { "${Q[@]}" key ret || true; }
    sleep 2
  done
  recover_s=$((SECONDS - tr))
  log "network back: a session again $recover_s s later"
  wait_for_desktop "$out/recovered.png" || return 1
  stop_terminal
  summary+=", BIOS: boot to sign-in $boot_s s, kiosk restarted by systemd in $restarted_ms ms (sign-in screen after $back_s s), unreachable shown $unreach_s s after pulling the network, a session again $recover_s s after it returned, $([[ "${THINSPICE_IMAGE_USB:-1}" == 1 ]] && echo "USB stick read in the desktop $usb_read_s s after it was plugged into the terminal (pulled: gone from the desktop after $usb_gone_s s, session kept)" || echo "USB stick left out (THINSPICE_IMAGE_USB=0)")"
  fi
  if [[ "$parts" == *" uefi-sb "* ]]; then
    first_run_secure_boot || return 1
  fi
  if [[ "$parts" == *" iso "* ]]; then
    iso_usb_stick bios || return 1
  fi
  if [[ "$parts" == *" iso-uefi "* ]]; then
    iso_usb_stick uefi-sb || return 1
  fi
  if [[ "$parts" == *" no-root "* ]]; then
    root_missing || return 1
  fi
  log "test-image passed ($parts): image $((t1 - t0)) s ($(grep -q '^terminal_seconds=[0-5]$' "$ROOT/target/image/build.txt" && echo cached || echo built); $(grep -E '^(raw_bytes|zst_bytes|iso_bytes)=' "$ROOT/target/image/build.txt" | tr '\n' ' '))$summary"
}

# A USB stick plugged into the terminal VM during the session (QMP: a raw FAT image as usb-storage on its
# EHCI, or THINSPICE_IMAGE_STICK_BUS): the kiosk redirects it through libusb (usb4java) by itself, as the desktop's policy allows mass
# storage, and the desktop's guest must read README.TXT from it with the host's checksum. Then the stick
# is pulled (device_del) while redirected: the guest must see the disk go and the session must stay.
# Uses Q, serial and qpid from cmd_test_image; sets usb_read_s and usb_gone_s there.
terminal_usb_stick() {
  local out="$1" want="$2" dserial="$1/controller-data/vms/demo/serial.log"
  local files gones tp
  files=$(grep -c '^TB-BLK file ' "$dserial" || true)
  gones=$(grep -c '^TB-BLK gone ' "$dserial" || true)
  "${Q[@]}" hmp "drive_add 0 if=none,id=stick,format=raw,file=$out/stick.img" >/dev/null
  tp=$SECONDS
  # on the terminal's EHCI: a USB 2 stick (480 Mb/s); see docs/testing.md for a SuperSpeed one on its xHCI
  "${Q[@]}" hmp "device_add usb-storage,bus=${THINSPICE_IMAGE_STICK_BUS:-ehci.0},drive=stick,id=stick0,removable=on" >/dev/null
  log "USB stick plugged into the terminal VM (usb-storage on ${THINSPICE_IMAGE_STICK_BUS:-ehci.0}, $out/stick.img, README.TXT sha256 $want)"
  until (( $(grep -c '^TB-BLK file ' "$dserial" || true) > files )); do
    if (( SECONDS - tp >= 300 )) || grep -q '^TB-BLK no' "$dserial"; then
      "${Q[@]}" screendump "$out/no-usb.png" || true
      log "the desktop did not read the terminal's stick within $((SECONDS - tp)) s; the kiosk's USB lines:"
      grep -i 'usb' "$serial" | tail -20 >&2 || true
      grep '^TB-BLK' "$dserial" | tail -5 | tr -d '\r' >&2 || true
      return 1
    fi
    sleep 2
  done
  usb_read_s=$((SECONDS - tp))
  local got disk
  got=$(grep '^TB-BLK file ' "$dserial" | tail -1 | tr -d '\r')
  log "desktop guest: $got"
  disk=$(awk '{ print $3 }' <<<"$got")
  [[ "$(awk '{ print $6 }' <<<"$got")" == "$want" ]] ||
      { log "the desktop read README.TXT with another checksum than the host wrote ($want)"; return 1; }
  log "USB stick: redirected by the terminal's kiosk (libusb) and read in the desktop ($disk) with the right checksum, $usb_read_s s after it was plugged in"
  grep -i 'usb' "$serial" | grep -iv 'xhci\|hid' | tail -3 | sed 's/^/[thinspice]   kiosk: /' >&2 || true
  "${Q[@]}" screendump "$ROOT/docs/screenshots/terminal-usb.png"
  # pulled out while redirected: the guest sees the disk go; the session stays (no sign-in screen, the
  # desktop's picture still on the terminal)
  local logins tu
  logins=$(grep -c 'screen LOGIN' "$serial" || true)
  tu=$SECONDS
  "${Q[@]}" hmp "device_del stick0" >/dev/null
  until (( $(grep -c '^TB-BLK gone ' "$dserial" || true) > gones )); do
    (( SECONDS - tu < 120 )) || { log "the desktop still has the stick 120 s after it was pulled from the terminal"; return 1; }
    sleep 2
  done
  usb_gone_s=$((SECONDS - tu))
  log "desktop guest: $(grep '^TB-BLK gone ' "$dserial" | tail -1 | tr -d '\r'), $usb_gone_s s after the stick was pulled from the terminal"
  sleep 5
  (( $(grep -c 'screen LOGIN' "$serial" || true) == logins )) || { log "pulling the stick ended the session"; return 1; }
  kill -0 "$qpid" 2>/dev/null || { log "the terminal VM stopped"; return 1; }
  wait_for_desktop "$out/after-unplug.png" || { log "no desktop picture after pulling the stick"; return 1; }
  log "USB stick pulled while redirected: the desktop saw it go after $usb_gone_s s; the session stayed"
  # the kiosk reports both to the controller's audit (through the site's entry, as every call it makes)
  local audit="$out/controller-data/audit.jsonl" ta=$SECONDS
  until grep '"outcome":"redirected"' "$audit" 2>/dev/null | grep -q '46f4:0001' \
      && grep '"outcome":"returned"' "$audit" 2>/dev/null | grep -q '46f4:0001'; do
    if (( SECONDS - ta >= 20 )); then
      log "the controller's audit lacks the stick's redirect or return after 20 s; the kiosk said:"
      grep 'ControllerUsbAudit' "$serial" | tail -3 >&2 || true
      return 1
    fi
    sleep 1
  done
  log "controller audit: the stick's redirect and return recorded, as the kiosk reported them"
}

# Starts the terminal VM NAME from IMAGE (a copy the caller owns) with FIRMWARE bios | uefi | uefi-sb
# (Secure Boot on: OVMF's secboot code, its variables with Microsoft's keys enrolled, a fresh copy per run)
# and AS disk (virtio) | usb-stick (usb-storage on the xhci bus, booted first); sets qmp, serial, hook,
# qpid, tb and Q of the caller. Uses out from cmd_test_image.
boot_terminal() {
  local name="$1" image="$2" firmware="$3" as="$4" fw drive
  qmp="$out/$name-qmp.sock" serial="$out/$name-serial.log" hook="$out/$name-hook.sock"
  case "$firmware" in
    bios) fw=(-machine pc) ;;
    uefi-sb)
      [[ -f /usr/share/OVMF/OVMF_CODE_4M.ms.fd && -f /usr/share/OVMF/OVMF_VARS_4M.ms.fd ]] ||
          { log "UEFI Secure Boot firmware missing: install the Debian package ovmf"; return 1; }
      cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$out/$name-ovmf-vars.fd"
      # the secure variable store needs SMM (q35): without it the firmware could not keep Secure Boot on
      fw=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
          -global ICH9-LPC.disable_s3=1
          -drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.ms.fd
          -drive if=pflash,format=raw,unit=1,file="$out/$name-ovmf-vars.fd") ;;
    uefi)
      [[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ]] || { log "UEFI firmware missing: install the Debian package ovmf"; return 1; }
      cp /usr/share/OVMF/OVMF_VARS_4M.fd "$out/$name-ovmf-vars.fd"
      fw=(-machine pc -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd
          -drive if=pflash,format=raw,file="$out/$name-ovmf-vars.fd") ;;
    *) log "unknown firmware '$firmware' (bios, uefi, uefi-sb)"; return 1 ;;
  esac
  case "$as" in
    disk) drive=(-drive file="$image",format=raw,if=virtio) ;;
    usb-stick) drive=(-drive if=none,id=stick,file="$image",format=raw
                      -device usb-storage,bus=xhci.0,drive=stick,removable=on,bootindex=0) ;;
    # a disk the firmware and GRUB read but the terminal's kernel cannot: no driver for this SCSI
    # controller (sym53c8xx) in its initramfs, so the root file system "does not exist" for Linux
    foreign-scsi) drive=(-device lsi53c895a,id=scsi0 -drive if=none,id=d0,file="$image",format=raw
                         -device scsi-hd,bus=scsi0.0,drive=d0,bootindex=0) ;;
    *) log "unknown drive kind '$as' (disk, usb-stick, foreign-scsi)"; return 1 ;;
  esac
  rm -f "$qmp" "$hook" "$serial"
  tb=$SECONDS
  local in_ns=()
  [[ -n "${BOOT_NETNS:-}" ]] && in_ns=(ip netns exec "$BOOT_NETNS")
  "${in_ns[@]}" qemu-system-x86_64 -accel tcg -m 2048 -smp 2 -name "thinspice-terminal-$name" "${fw[@]}" \
      -vga std -display none \
      -netdev user,id=n0 -device virtio-net-pci,netdev=n0,id=nic0 \
      -device qemu-xhci,id=xhci -device usb-kbd -device usb-tablet -device usb-ehci,id=ehci "${drive[@]}" \
      -device virtio-serial-pci,id=vser0 \
      -chardev socket,id=hook,path="$hook",server=on,wait=off \
      -device virtserialport,bus=vser0.0,chardev=hook,name=org.thinspice.testhook \
      -serial file:"$serial" -qmp unix:"$qmp",server=on,wait=off -no-reboot 2>"$out/$name-qemu.log" &
  qpid=$!
  DEMO_PIDS+=("$qpid")
  Q=(python3 "$ROOT/kiosk-image/qmp.py" "$qmp")
  log "terminal VM '$name' ($firmware, image as $as$([[ -n "${BOOT_NETNS:-}" ]] && echo ", in network namespace $BOOT_NETNS")) started"
}

# The terminal's own network host: namespace NS with a veth pair to this host (NET.2 there, NET.1 here, NET a
# /24 prefix like 10.213.7) and HAProxy on NET.1 relaying the controller's PORT and the gateway's GWPORT to
# 127.0.0.1 (mode tcp: bytes untouched). The namespace can reach NET.1 and nothing else of this host.
TERM_NS=""
terminal_net_up() {
  local ns="$1" net="$2" out="$3" port="$4" gwport="$5" host_if="tsh$(( $$ % 100000 ))" term_if="tst$(( $$ % 100000 ))"
  command -v ip >/dev/null || { log "program ip not found: install the Debian package iproute2"; return 1; }
  command -v haproxy >/dev/null || { log "program haproxy not found: install the Debian package haproxy"; return 1; }
  ip netns add "$ns" || { log "could not make network namespace $ns"; return 1; }
  ip -n "$ns" link set lo up
  ip link add "$host_if" type veth peer name "$term_if"
  ip link set "$term_if" netns "$ns"
  ip addr add "$net.1/24" dev "$host_if"
  ip link set "$host_if" up
  ip -n "$ns" addr add "$net.2/24" dev "$term_if"
  ip -n "$ns" link set "$term_if" up
  ip -n "$ns" route add default via "$net.1"
  printf '%s\n' "global" "  maxconn 256" "defaults" "  mode tcp" "  timeout connect 5s" "  timeout client 1h" \
      "  timeout server 1h" "frontend controller" "  bind $net.1:$port" "  default_backend controller" \
      "backend controller" "  server c1 127.0.0.1:$port" "frontend gateway" "  bind $net.1:$gwport" \
      "  default_backend gateway" "backend gateway" "  server g1 127.0.0.1:$gwport" > "$out/site-entry.cfg"
  haproxy -db -f "$out/site-entry.cfg" >"$out/site-entry.log" 2>&1 &
  DEMO_PIDS+=($!)
  local i
  for i in $(seq 1 50); do
    ip netns exec "$ns" bash -c "exec 3<>/dev/tcp/$net.1/$port" 2>/dev/null && break
    sleep 0.1
  done
  ip netns exec "$ns" bash -c "exec 3<>/dev/tcp/$net.1/$port" 2>/dev/null ||
      { log "the terminal's namespace cannot reach the site entry $net.1:$port (see $out/site-entry.log)"; return 1; }
  log "terminal network: namespace $ns ($net.2), the site entry (HAProxy) on $net.1 → controller :$port, gateway :$gwport"
}

# Deletes the terminal's namespace (and with it the veth pair).
terminal_net_down() {
  [[ -n "$TERM_NS" ]] && ip netns del "$TERM_NS" 2>/dev/null
  TERM_NS=""
  return 0
}

# Powers the current terminal VM off (QMP quit; its pid otherwise).
stop_terminal() {
  "${Q[@]}" hmp quit >/dev/null 2>&1 || kill "$qpid" 2>/dev/null || true
  wait "$qpid" 2>/dev/null || true
}

# Waits until the kiosk's log on the serial port says "screen WHAT" (up to THINSPICE_IMAGE_BOOT_S, 900 s).
wait_for_screen() {
  local what="$1" limit="${THINSPICE_IMAGE_BOOT_S:-900}"
  until grep -qs "screen $what" "$serial"; do
    kill -0 "$qpid" 2>/dev/null || { log "the terminal VM stopped (see $serial, $out/*-qemu.log)"; return 1; }
    # an emulated machine on an overloaded host can fail the kernel's early timer check: say so at once
    grep -qs 'Kernel panic' "$serial" && { log "the terminal's kernel panicked: $(grep -a -m1 'Kernel panic' "$serial" | cut -c1-200)"; return 1; }
    (( SECONDS - tb < limit )) || { "${Q[@]}" screendump "$out/timeout-$what.png" || true
      log "no $what screen within $limit s (serial: $serial, screen: $out/timeout-$what.png)"; return 1; }
    sleep 2
  done
}

# Screendumps into FILE every 5 s until the kiosk has drawn its screen and two in a row are the same
# (JavaFX under TCG paints well after it logs the screen); up to 300 s.
wait_for_paint() {
  local file="$1" t=$SECONDS
  "${Q[@]}" screendump "$file.prev.png"
  while (( SECONDS - t < 300 )); do
    sleep 5
    "${Q[@]}" screendump "$file"
    if python3 "$ROOT/kiosk-image/same-screen.py" --painted "$file" >/dev/null &&
       python3 "$ROOT/kiosk-image/same-screen.py" "$file.prev.png" "$file" >/dev/null; then
      rm -f "$file.prev.png"
      return 0
    fi
    cp "$file" "$file.prev.png"
  done
  rm -f "$file.prev.png"
  log "the kiosk did not draw a settled screen within 300 s ($file)"
  return 1
}

# UEFI with Secure Boot on (Microsoft's keys, Debian's signed shim and GRUB), a fresh copy of the image
# with nothing pre-seeded: the kiosk's first-run screen, the firmware's and the kernel's word that Secure
# Boot was on, and the keyboard's usual ways out tried one by one, none leading anywhere.
first_run_secure_boot() {
  local img="$out/first-run.img" shot="$ROOT/docs/screenshots/terminal-first-run.png" sb before after k
  cp --sparse=always "$ROOT/target/image/thinspice-terminal.img" "$img"
  inject_test_hook "$img" "$out" || return 1
  boot_terminal first-run "$img" uefi-sb disk || return 1
  wait_for_screen ENROL || return 1
  wait_for_paint "$shot" || return 1
  local first_s=$((SECONDS - tb))
  log "UEFI Secure Boot: first-run screen $first_s s after power-on (TCG); docs/screenshots/terminal-first-run.png"
  sb=$(python3 "$ROOT/kiosk-image/qmp.py" "$hook" hook sb-state)
  log "test hook: $sb"
  [[ "$sb" == "sb-state efi=yes secureboot=1 setupmode=0 "* ]] ||
      { log "Secure Boot was not on (firmware variables: '$sb')"; return 1; }
  # Debian's kernel says so as "Kernel is locked down from EFI Secure Boot" (lockdown follows Secure Boot)
  [[ "$sb" =~ kernel=.*(Secure\ boot\ enabled|locked\ down\ from\ EFI\ Secure\ Boot) ]] ||
      { log "the kernel did not report Secure Boot: '$sb'"; return 1; }
  # the ways out people know, each followed by a look at the screen; Diagnostics is the header's
  # button (no key opens it) and comes after
  before=$(python3 "$ROOT/kiosk-image/qmp.py" "$hook" hook escape-state)
  log "test hook before the keys: $before"
  [[ "$before" =~ ^escape-state\ vt=tty1\ kiosk=[1-9][0-9]*\ x=[1-9][0-9]*\ forbidden=none\ alternatives=none\ panic=10$ ]] ||
      { log "the first-run terminal is not as it should be: '$before'"; return 1; }
  local screens shots=()
  screens=$(grep -c 'screen ' "$serial" || true)
  for k in ctrl-alt-f1 ctrl-alt-f2 ctrl-alt-f3 ctrl-alt-f4 ctrl-alt-f5 ctrl-alt-f6 ctrl-alt-backspace \
           alt-f4 alt-tab ctrl-alt-delete meta_l esc alt-f2 ctrl-alt-t alt-sysrq-b; do
    "${Q[@]}" key "$k"
    sleep 3
    kill -0 "$qpid" 2>/dev/null || { log "after $k the terminal VM is gone (rebooted or powered off)"; return 1; }
    "${Q[@]}" screendump "$out/after-$k.png"
    shots+=("$out/after-$k.png")
  done
  python3 "$ROOT/kiosk-image/same-screen.py" "$shot" "${shots[@]}" >"$out/after-keys.txt" ||
      { log "a key changed the screen: $(grep 'ANOTHER SCREEN' "$out/after-keys.txt" | head -3)"; return 1; }
  after=$(python3 "$ROOT/kiosk-image/qmp.py" "$hook" hook escape-state)
  log "test hook after the keys: $after"
  [[ "$after" == "$before" ]] || { log "the keys changed the terminal: before '$before', after '$after'"; return 1; }
  (( $(grep -c 'screen ' "$serial" || true) == screens )) ||
      { log "the keys changed the kiosk's screen: $(grep 'screen ' "$serial" | tail -1)"; return 1; }
  log "15 escape keys (Ctrl+Alt+F1…F6, Ctrl+Alt+Backspace, Alt+F4, Alt+Tab, Ctrl+Alt+Del, Super, Esc, Alt+F2, Ctrl+Alt+T, Alt+SysRq+B): same screen, same kiosk and X server, still vt1, no shell or session"
  # Diagnostics (read-only, no PIN) and Settings (behind the administrator PIN): the header's buttons
  local wh w h
  wh=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]))' "$shot")
  read -r w h <<<"$wh"
  # the header (zh-CN, the kiosk's first language; 1280x800): 诊断 106 px and 设置 42 px left of the right edge
  "${Q[@]}" click $((w - ${THINSPICE_IMAGE_DIAG_DX:-106})) 26 "$w" "$h"
  local td=$SECONDS
  until grep -qs 'screen DIAGNOSTICS' "$serial"; do
    (( SECONDS - td < 60 )) || { "${Q[@]}" screendump "$out/no-diagnostics.png"; log "no diagnostics screen ($out/no-diagnostics.png)"; return 1; }
    sleep 2
  done
  sleep 5
  "${Q[@]}" screendump "$out/first-run-diagnostics.png"
  "${Q[@]}" click $((w - ${THINSPICE_IMAGE_SETTINGS_DX:-42})) 26 "$w" "$h"
  td=$SECONDS
  until grep -qs 'screen SETTINGS' "$serial"; do
    (( SECONDS - td < 60 )) || { "${Q[@]}" screendump "$out/no-settings.png"; log "no settings screen ($out/no-settings.png)"; return 1; }
    sleep 2
  done
  sleep 5
  "${Q[@]}" screendump "$out/first-run-settings.png"
  # a wrong PIN into the gate's field (focused by a click in it) is refused; the default would have opened it
  "${Q[@]}" click $((w / 2)) $((h / 2 + ${THINSPICE_IMAGE_PIN_DY:-30})) "$w" "$h"
  "${Q[@]}" type 987654
  "${Q[@]}" key ret
  td=$SECONDS
  until grep -qs 'wrong administrator PIN' "$serial"; do
    (( SECONDS - td < 60 )) || { "${Q[@]}" screendump "$out/no-pin-refusal.png"; log "the settings' PIN gate did not refuse a wrong PIN ($out/no-pin-refusal.png)"; return 1; }
    sleep 2
  done
  log "diagnostics opened without a PIN ($out/first-run-diagnostics.png); settings ask for the administrator PIN and refused a wrong one (kiosk log; $out/first-run-settings.png)"
  stop_terminal
  rm -f "$img"
  summary+=", UEFI Secure Boot: first-run screen $first_s s ($sb), no way out by 15 escape keys, settings behind the PIN"
}

# The hybrid ISO written to a USB stick: booted from the emulated stick (legacy BIOS through GRUB's
# hybrid MBR), nothing pre-seeded, to the kiosk's first-run screen.
iso_usb_stick() {
  local firmware="${1:-bios}" iso="$out/stick.iso" shot="$out/iso-first-run-$1.png" label
  label=$([[ "$firmware" == bios ]] && echo "BIOS" || echo "UEFI Secure Boot")
  cp "$ROOT/target/image/thinspice-terminal.iso" "$iso"
  [[ "$firmware" == bios ]] || inject_test_hook "$iso" "$out" || return 1
  boot_terminal "iso-$firmware" "$iso" "$firmware" usb-stick || return 1
  wait_for_screen ENROL || return 1
  wait_for_paint "$shot" || return 1
  local iso_s=$((SECONDS - tb))
  if [[ "$firmware" != bios ]]; then
    local sb
    sb=$(python3 "$ROOT/kiosk-image/qmp.py" "$hook" hook sb-state)
    log "test hook (ISO): $sb"
    [[ "$sb" == "sb-state efi=yes secureboot=1 setupmode=0 "* && "$sb" =~ kernel=.*(Secure\ boot\ enabled|locked\ down\ from\ EFI\ Secure\ Boot) ]] ||
        { log "the ISO did not boot with Secure Boot on: '$sb'"; return 1; }
  fi
  if [[ -f "$ROOT/docs/screenshots/terminal-first-run.png" ]]; then
    python3 "$ROOT/kiosk-image/same-screen.py" "$ROOT/docs/screenshots/terminal-first-run.png" "$shot" ||
        { log "the ISO's first screen differs from the disk image's ($shot)"; return 1; }
  fi
  log "hybrid ISO from a USB stick ($label): first-run screen $iso_s s after power-on; $shot"
  stop_terminal
  rm -f "$iso"
  summary+=", ISO as a USB stick ($label): first-run screen $iso_s s"
}

# A terminal whose root file system cannot be mounted (here: its disk on a SCSI controller the initramfs
# has no driver for) must not open initramfs-tools' root shell on the keyboard: with panic=10 on the
# kernel command line it reboots (QEMU runs with -no-reboot, so the VM ends), and the serial console
# says why. Uses out from cmd_test_image.
root_missing() {
  local img="$out/no-root.img" limit="${THINSPICE_IMAGE_BOOT_S:-900}"
  cp --sparse=always "$ROOT/target/image/thinspice-terminal.img" "$img"
  boot_terminal no-root "$img" bios foreign-scsi || return 1
  while kill -0 "$qpid" 2>/dev/null; do
    (( SECONDS - tb < limit )) || { "${Q[@]}" screendump "$out/no-root.png" || true
      log "the terminal without its root neither rebooted nor stopped within $limit s (serial: $serial, screen: $out/no-root.png)"
      stop_terminal; return 1; }
    sleep 2
  done
  wait "$qpid" 2>/dev/null || true
  local ended_s=$((SECONDS - tb))
  grep -aq 'does not exist' "$serial" ||
      { log "the terminal VM ended, but not because its root was missing (serial: $serial)"; return 1; }
  grep -aq 'Rebooting automatically due to panic= boot argument' "$serial" ||
      { log "the terminal without its root did not reboot by panic= (serial: $serial)"; return 1; }
  if grep -aq 'BusyBox\|(initramfs)' "$serial"; then
    log "the terminal without its root offered the initramfs shell (serial: $serial)"; return 1
  fi
  log "root missing: initramfs said '$(grep -a -m1 'does not exist' "$serial" | tr -d '\r' | cut -c1-120)', then rebooted by panic= instead of a shell, $ended_s s after power-on"
  rm -f "$img"
  summary+=", root missing: rebooted after $ended_s s, no shell"
}

# Screendumps of the terminal VM into FILE every 10 s until check-desktop.py finds the desktop's colour
# bars in one (up to THINSPICE_IMAGE_PICTURE_S, 300 s); uses Q from cmd_test_image.
wait_for_desktop() {
  local file="$1" t=$SECONDS limit="${THINSPICE_IMAGE_PICTURE_S:-300}"
  while :; do
    sleep 10
    "${Q[@]}" screendump "$file"
    python3 "$ROOT/kiosk-image/check-desktop.py" "$file" >/dev/null 2>&1 && return 0
    (( SECONDS - t < limit )) || break
  done
  python3 "$ROOT/kiosk-image/check-desktop.py" "$file" || true
  log "no desktop picture on the terminal within $limit s (last screen: $file)"
  return 1
}

# Writes kiosk-image/test-hook into the root file system (partition TSROOT) of a test copy of the image,
# enabled for multi-user.target; debugfs edits the ext4 in place, no mount needed.
inject_test_hook() {
  local img="$1" out="$2" start
  command -v debugfs >/dev/null || { log "program debugfs not found: install the Debian package e2fsprogs"; return 1; }
  start=$(partx -g -o START,NAME "$img" | awk '$2 == "TSROOT" { print $1 }')
  if [[ -z "$start" ]]; then  # the hybrid ISO: MBR partitions have no names, its file systems have labels
    local s
    for s in $(partx -g -o START "$img"); do
      [[ "$(blkid -p -O $((s * 512)) -s LABEL -o value "$img" 2>/dev/null)" == TSROOT ]] && start=$s
    done
  fi
  [[ "$start" =~ ^[0-9]+$ ]] || { log "no TSROOT partition in $img"; return 1; }
  debugfs -w -f - "$img?offset=$((start * 512))" >"$out/debugfs.log" 2>&1 <<EOF
write $ROOT/kiosk-image/test-hook/test-hook /usr/lib/thinspice-image/test-hook
write $ROOT/kiosk-image/test-hook/thinspice-test-hook.service /etc/systemd/system/thinspice-test-hook.service
symlink /etc/systemd/system/multi-user.target.wants/thinspice-test-hook.service /etc/systemd/system/thinspice-test-hook.service
EOF
  debugfs -R 'stat /etc/systemd/system/multi-user.target.wants/thinspice-test-hook.service' \
      "$img?offset=$((start * 512))" 2>/dev/null | grep -q 'Type: symlink' ||
      { log "could not write the test hook into $img (see $out/debugfs.log)"; return 1; }
}
