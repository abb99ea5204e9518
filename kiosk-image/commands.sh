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
  # the controller, the gateway and the desktop VM, on the host's loopback (the terminal VM's 10.0.2.2)
  # (this worktree's testbed classes first: the tiny guest is built from their sources, not from whatever
  # testbed jar another build last left in ~/.m2)
  java -cp "$ROOT/vdi-controller/target/test-classes:$ROOT/testbed/target/classes:$(controller_cp)" \
      org.thinspice.controller.DemoConfig "$out/controller.json" "$out/controller-data" "$port" "$gwport" "$out/gateway.properties"
  # the terminal reaches the gateway through QEMU's user network: 10.0.2.2 is the host's 127.0.0.1
  sed -i "s|\"proxy\": \"http://127.0.0.1:$gwport\"|\"proxy\": \"http://10.0.2.2:$gwport\"|" "$out/controller.json"
  grep -q "10.0.2.2:$gwport" "$out/controller.json" || { log "could not point the controller's gateway at 10.0.2.2"; return 1; }
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
    if os.environ.get("THINSPICE_IMAGE_USB") == "1":
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
  trap demo_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
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
  local admin code
  admin=$(curl -fsS -H 'Content-Type: application/json' -d '{"username":"admin","password":"admin-password"}' \
      "$api/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  code=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{}' \
      "$api/admin/enrolment-codes" | sed -n 's/.*"code":"\([^"]*\)".*/\1/p')
  [[ -n "$code" ]] || { log "no enrolment code from the controller"; return 1; }
  # this terminal's copy of the image, with the technician's thinspice.conf on its FAT partition
  local img="$out/terminal.img"
  cp --sparse=always "$ROOT/target/image/thinspice-terminal.img" "$img"
  printf 'CONTROLLER=http://10.0.2.2:%s\nENROL_CODE=%s\nLANGUAGE=en\n' "$port" "$code" > "$out/thinspice.conf"
  mcopy -o -i "$img@@2M" "$out/thinspice.conf" ::/thinspice.conf
  # the test hook (kiosk-image/test-hook): written into this copy's root only, never into a built image
  inject_test_hook "$img" "$out"
  local qmp="$out/qmp.sock" serial="$out/serial.log"
  # firmware: SeaBIOS (legacy BIOS) by default; THINSPICE_IMAGE_FIRMWARE=uefi boots through OVMF, shim and GRUB
  # (uefi-sb: Secure Boot on, with Microsoft's and Debian's keys enrolled, OVMF_VARS_4M.ms.fd)
  local fw=(-machine pc)
  if [[ "${THINSPICE_IMAGE_FIRMWARE:-bios}" == uefi-sb ]]; then
    [[ -f /usr/share/OVMF/OVMF_CODE_4M.secboot.fd ]] || { log "UEFI firmware missing: install the Debian package ovmf"; return 1; }
    cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$out/ovmf-vars.fd"
    fw=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
        -drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
        -drive if=pflash,format=raw,unit=1,file="$out/ovmf-vars.fd")
  elif [[ "${THINSPICE_IMAGE_FIRMWARE:-bios}" == uefi ]]; then
    [[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ]] || { log "UEFI firmware missing: install the Debian package ovmf"; return 1; }
    cp /usr/share/OVMF/OVMF_VARS_4M.fd "$out/ovmf-vars.fd"
    fw=(-machine pc -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd
        -drive if=pflash,format=raw,file="$out/ovmf-vars.fd")
  fi
  local tb=$SECONDS
  qemu-system-x86_64 -accel tcg -m 2048 -smp 2 -name thinspice-terminal "${fw[@]}" \
      -drive file="$img",format=raw,if=virtio -vga std -display none \
      -netdev user,id=n0 -device virtio-net-pci,netdev=n0,id=nic0 \
      -device qemu-xhci,id=xhci -device usb-kbd -device usb-tablet -device usb-ehci,id=ehci \
      -device virtio-serial-pci,id=vser0 \
      -chardev socket,id=hook,path="$out/hook.sock",server=on,wait=off \
      -device virtserialport,bus=vser0.0,chardev=hook,name=org.thinspice.testhook \
      -serial file:"$serial" -qmp unix:"$qmp",server=on,wait=off -no-reboot &
  DEMO_PIDS+=($!)
  local qpid=$!
  local Q=(python3 "$ROOT/kiosk-image/qmp.py" "$qmp")
  # boot → the kiosk enrols with the code and shows its sign-in screen (its log comes out on ttyS0)
  local limit=$(( ${THINSPICE_IMAGE_BOOT_S:-900} ))
  until grep -qs 'screen LOGIN' "$serial"; do
    kill -0 "$qpid" 2>/dev/null || { log "the terminal VM stopped (see $serial)"; return 1; }
    (( SECONDS - tb < limit )) || { "${Q[@]}" screendump "$out/timeout.png" || true
      log "no sign-in screen within $limit s (serial: $serial, screen: $out/timeout.png)"; return 1; }
    sleep 2
  done
  local boot_s=$((SECONDS - tb))
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
  # THINSPICE_IMAGE_USB=1: the terminal's USB stick through the kiosk (docs/testing.md) — off by default
  # while the desktop does not get the stick's disk yet (the kiosk claims and connects it; see there)
  local usb_read_s="-" usb_gone_s="-"
  if [[ "${THINSPICE_IMAGE_USB:-0}" == 1 ]]; then
    terminal_usb_stick "$out" "$stick_sum" || return 1
  fi
  # the kiosk's JVM killed (SIGKILL through the test hook): systemd starts it again, and it comes back
  # to its sign-in screen by itself
  local logins answer restarted_ms tk
  logins=$(grep -c 'screen LOGIN' "$serial" || true)
  tk=$SECONDS
  answer=$(python3 "$ROOT/kiosk-image/qmp.py" "$out/hook.sock" hook kill-kiosk)
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
  local back_s=$((SECONDS - tk))
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
  local unreach_s=$((SECONDS - tn))
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
  local recover_s=$((SECONDS - tr))
  log "network back: a session again $recover_s s later"
  wait_for_desktop "$out/recovered.png" || return 1
  log "test-image passed: image $((t1 - t0)) s ($(grep -q '^terminal_seconds=[0-5]$' "$ROOT/target/image/build.txt" && echo cached || echo built)), boot to sign-in $boot_s s, $([[ "${THINSPICE_IMAGE_USB:-0}" == 1 ]] && echo "USB stick read in the desktop $usb_read_s s after it was plugged into the terminal (unplugged: gone from the desktop after $usb_gone_s s, session kept)" || echo "USB stick left out (THINSPICE_IMAGE_USB=1)"), kiosk restarted by systemd in $restarted_ms ms (sign-in screen after $back_s s), unreachable shown $unreach_s s after pulling the network, a session again $recover_s s after it returned"
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
