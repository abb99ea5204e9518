#!/bin/sh
# Runs inside the new root (chroot) at the end of the build.
set -eu
echo tbdesk > /etc/hostname
useradd -m -s /bin/bash -G dialout,video,input,audio tb
passwd -d root
# Autologin on tty1; ~/.profile starts X there.
mkdir -p /etc/systemd/system/getty@tty1.service.d
cat > /etc/systemd/system/getty@tty1.service.d/autologin.conf <<'X'
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin tb --noclear %I $TERM
X
cat >> /home/tb/.profile <<'X'
if [ "$(tty)" = /dev/tty1 ] && [ -z "${DISPLAY:-}" ]; then
    exec startx -- -nolisten tcp vt1 >/tmp/xsession.log 2>&1
fi
X
install -m 755 /tmp/xinitrc /home/tb/.xinitrc
chown -R tb:tb /home/tb
printf 'allowed_users=anybody\nneeds_root_rights=yes\n' > /etc/X11/Xwrapper.config
mkdir -p /etc/X11/xorg.conf.d
cat > /etc/X11/xorg.conf.d/10-qxl.conf <<'X'
Section "Device"
    Identifier "qxl"
    Driver "qxl"
EndSection
X
echo uinput > /etc/modules-load.d/uinput.conf
# The test helper on ttyS1.
install -m 755 /tmp/tbdesk-helper /usr/local/bin/tbdesk-helper
cat > /etc/systemd/system/tbdesk-helper.service <<'X'
[Unit]
Description=thinspice desktop test helper on ttyS1
After=systemd-user-sessions.service

[Service]
User=tb
Environment=DISPLAY=:0 XAUTHORITY=/home/tb/.Xauthority HOME=/home/tb
ExecStart=/usr/local/bin/tbdesk-helper /dev/ttyS1
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
X
systemctl enable tbdesk-helper.service
# No waiting on things a test VM does not have.
systemctl mask systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer \
    systemd-networkd-wait-online.service man-db.timer 2>/dev/null || true
printf 'LABEL=tbroot / ext4 defaults 0 1\n' > /etc/fstab
rm -f /tmp/customize.sh /tmp/tbdesk-helper /tmp/xinitrc
