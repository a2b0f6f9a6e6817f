#!/usr/bin/env bash
# The update drill: a kiosk updated from a signed apt repository and rolled
# back by pinning, under a REAL systemd in a namespace (as
# packaging/systemd-drill.sh), with the package's own maintainer scripts.
# See docs/deploy.md ("Updating a fleet").
#
#   packaging/update-drill.sh OLD.deb NEW.deb      (e.g. from packaging/build-debs)
#
# 1. A local apt repository (aptly) holding both versions, signed with a GPG
#    key made for this run; apt inside the namespace trusts only that key.
# 2. apt installs OLD; the kiosk (`totem run` from the package, on a virtual
#    X screen) starts under the package's unit and reaches the attract screen.
#    The drill leaves state behind: a PIN lockout, a failed print job in the
#    spool; the kiosk writes its audit log.
# 3. apt upgrades to NEW while the kiosk is in a citizen's session: the
#    package schedules a restart for when it is idle, and no restart happens
#    until the kiosk says "attract" again; then it comes back on NEW, with
#    /health answering NEW's version, the audit chain intact
#    (`totem audit verify`, one "started" entry more), the PIN lockout and
#    the spool byte for byte as they were.
# 4. A pin (Pin-Priority 1001) rolls it back to OLD the same way, and keeps
#    it there: apt no longer offers NEW.
#
# The kiosk says where it is through sd_notify STATUS: "session" from a
# citizen's first touch, "attract" when the attract screen is back. The
# drill touches the virtual screen (xdotool) to start a session, and the
# drill's kiosk.toml has short inactivity timeouts, so the session ends by
# itself (timeout) while the drill watches.
#
# Safety: nothing of it reaches the host. The namespace has overlay mounts
# on /etc, /usr and /var (dpkg's database, the totem user, /var/lib/totem and
# every installed file live in their upper layers, on a tmpfs) and private
# tmpfs mounts on /run, /tmp, /var/tmp; the units have
# DefaultDependencies=no, so sysinit.target never starts; everything dies
# with the namespace's PID 1. Needs root, unshare, nsenter, aptly, gpg,
# Xvfb, xdotool, curl, and the packages' dependencies installed on the host
# (it installs what is missing of them).
set -euo pipefail

(($# == 2)) || { echo "usage: $0 OLD.deb NEW.deb" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (namespaces, overlay mounts)" >&2; exit 2; }
old_deb="$(realpath "$1")"
new_deb="$(realpath "$2")"
old_version="$(dpkg-deb -f "$old_deb" Version)"
new_version="$(dpkg-deb -f "$new_deb" Version)"
dpkg --compare-versions "$new_version" gt "$old_version" \
  || { echo "NEW ($new_version) must be newer than OLD ($old_version)" >&2; exit 2; }
systemd_bin=/lib/systemd/systemd
[ -x "$systemd_bin" ] || { echo "no $systemd_bin" >&2; exit 2; }

# What the drill itself needs on the host, and what the package depends on
# that the drill's repository does not carry.
need=()
for p in aptly gnupg xvfb xdotool curl cage libpam-systemd adduser procps; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  echo "installing on the host: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work="$(mktemp -d /var/tmp/totem-update-drill.XXXXXX)"
chmod 0755 "$work"
sd_pid=""
xvfb_pid=""
cleanup() {
  [ -n "$sd_pid" ] && kill -9 "$sd_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# ------------------------------------------------ 1. the signed repository
export GNUPGHOME="$work/gnupg"
install -d -m 0700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key \
  "Totem update drill <drill@example.invalid>" ed25519 sign 1d 2>/dev/null
key="$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr/ { print $10; exit }')"
gpg --batch --export "$key" >"$work/repo-key.gpg"
cat >"$work/aptly.conf" <<EOF
{"rootDir": "$work/aptly", "architectures": ["amd64"], "gpgProvider": "gpg"}
EOF
aptly() { command aptly -config="$work/aptly.conf" "$@"; }
aptly repo create -distribution=stable -component=main totem >/dev/null
aptly repo add totem "$old_deb" "$new_deb" >/dev/null
aptly publish repo -batch -gpg-key="$key" -passphrase='' totem >/dev/null 2>&1
chmod -R a+rX "$work/aptly/public"
echo "repository: $(aptly repo show -with-packages totem | grep -c 'totem_') versions of totem, signed by $key"

# ------------------------------------------------ the kiosk's screen and site
display=""
for n in $(seq 90 130); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
[ -n "$display" ] || { echo "FAIL: no free X display"; exit 1; }
Xvfb "$display" -screen 0 1080x1920x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
metrics_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# The site's kiosk.toml, there before the package (postinst keeps a site's file).
cat >"$work/kiosk.toml" <<EOF
[kiosk]
id = "TOT-DRILL"
site = "Update drill"
demo = true

[devices.scanner]
port = "/run/totem-drill/no-scanner"

[devices.fingerprint]
port = "/run/totem-drill/no-fingerprint"

[backend]
# Nobody listens here: the kiosk runs degraded, which is enough for the drill.
url = "http://127.0.0.1:9"

[printer]
kind = "folder"
folder = "/var/lib/totem/printed"
spool_dir = "/var/lib/totem/spool"

[maintenance]
# PIN 123456 (the demo's).
pin_hash = "\$argon2id\$v=19\$m=19456,t=2,p=1\$dG90ZW1kZW1vc2FsdA\$bBR2RAmptofXHL69kSpJfFlzv1meGKiPFmk3SOVQPbI"
pin_state_file = "/var/lib/totem/pin-lock.json"
audit_log = "/var/lib/totem/audit.log"
metrics_listen = "127.0.0.1:$metrics_port"

[timeouts]
# A citizen who walks away: the session ends by itself ~40 s after the touch
# (20 s idle, then the 20 s warning), long enough for the upgrade below.
idle_secs = 20
typing_idle_secs = 20
warning_secs = 20
EOF

cat >"$work/drill.target" <<'EOF'
[Unit]
Description=totem update drill
DefaultDependencies=no
EOF

# ------------------------------------------------ the namespace
cat >"$work/inner.sh" <<EOF
#!/bin/sh
set -e
mount --make-rprivate /
mount -t tmpfs tmpfs /run
for d in etc usr var; do
  mkdir -p /run/drill-layers/\$d/upper /run/drill-layers/\$d/work
  mount -t overlay overlay -o lowerdir=/\$d,upperdir=/run/drill-layers/\$d/upper,workdir=/run/drill-layers/\$d/work /\$d
done
mkdir -p /run/systemd/system /run/totem-drill
cp "$work/drill.target" /run/systemd/system/
cp -r "$work/aptly/public" /run/totem-drill/repo
cp "$work/repo-key.gpg" /run/totem-drill/
chmod -R a+rX /run/totem-drill
# apt sees the drill's repository only, and trusts only its key.
rm -f /etc/apt/sources.list /etc/apt/sources.list.d/* /etc/apt/preferences.d/*
cat >/etc/apt/sources.list.d/totem-drill.sources <<'SOURCES'
Types: deb
URIs: file:/run/totem-drill/repo
Suites: stable
Components: main
Signed-By: /run/totem-drill/repo-key.gpg
SOURCES
mkdir -p /etc/totem
cp "$work/kiosk.toml" /etc/totem/kiosk.toml
for d in /tmp /var/tmp; do mount -t tmpfs tmpfs "\$d"; done
if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal; fi
exec $systemd_bin --system --unit=drill.target --log-target=null --show-status=no
EOF
chmod +x "$work/inner.sh"
unshare --pid --fork --mount --uts --ipc --mount-proc "$work/inner.sh" >"$work/systemd.out" 2>&1 &
unshare_pid=$!
for _ in $(seq 50); do
  sd_pid="$(pgrep -P "$unshare_pid" -f -- "--unit=drill.target" || true)"
  [ -n "$sd_pid" ] && break
  sleep 0.1
done
[ -n "$sd_pid" ] || { echo "FAIL: systemd did not start"; cat "$work/systemd.out"; exit 1; }
in_ns() { timeout 120 nsenter -t "$sd_pid" -m -p "$@"; }
prop() { in_ns systemctl show totem.service -p "$1" --value 2>/dev/null || true; }
for _ in $(seq 50); do
  in_ns systemctl show -p Version --value >/dev/null 2>&1 && break
  sleep 0.1
done

fail() {
  echo "FAIL: $*"
  in_ns systemctl status totem.service totem-restart-when-idle.service --no-pager 2>&1 | head -30 || true
  echo "--- kiosk output:"; in_ns tail -n 30 /run/totem-drill/kiosk.log 2>/dev/null || true
  exit 1
}
pass() { echo "PASS: $*"; }

apt_get() {
  in_ns env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 "$@" >>"$work/apt.log" 2>&1 \
    || { tail -n 30 "$work/apt.log"; fail "apt-get $*"; }
}
installed() { in_ns dpkg-query -W -f='${Version}' totem 2>/dev/null || true; }
health() { curl -s --max-time 2 "http://127.0.0.1:$metrics_port/health" || true; }
health_version() { health | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])' 2>/dev/null || true; }

# The package's unit, minus what needs a real seat (PAM session, tty1, cage:
# the kiosk draws on the virtual X screen instead), with the namespace's
# safety settings. Everything else — user totem, its groups, the state
# directory, notify, watchdog, restart, hardening, the program's own
# arguments — is the installed unit's. Written to /run/systemd/system, which
# takes precedence over the package's /lib/systemd/system. (The host's
# /var/tmp, where $work is, is hidden in the namespace: pipes, not files.)
drill_unit() {
  in_ns awk -v display="$display" '
    /^\[Unit\]/    { print; print "DefaultDependencies=no"; next }
    /^\[Service\]/ { print; print "Environment=DISPLAY=" display; print "StandardOutput=append:/run/totem-drill/kiosk.log"; print "StandardError=append:/run/totem-drill/kiosk.log"; next }
    /^(After|Wants|Conflicts|ConditionPathExists)=/ { next }
    /^(PAMName|TTYPath|TTYReset|TTYVHangup|TTYVTDisallocate|StandardInput|StandardOutput|StandardError|UtmpIdentifier|UtmpMode)=/ { next }
    /^ExecStart=/  { sub(/\/usr\/bin\/cage -d -- /, ""); print; next }
    /^\[Install\]/ { exit }
    { print }
  ' /lib/systemd/system/totem.service | in_ns sh -c 'cat >/run/systemd/system/totem.service'
  in_ns systemctl daemon-reload
}

# up VERSION WHAT: the unit active, on the attract screen, /health says VERSION.
up() {
  local want="${1%-*}" deadline=$((SECONDS + 90))
  while ((SECONDS < deadline)); do
    if [ "$(prop ActiveState)" = active ] && [ "$(prop StatusText)" = attract ] && [ "$(health_version)" = "$want" ]; then
      pass "$2: totem $want active (MainPID $(prop MainPID) in the namespace), on the attract screen, /health says version $want, status $(health | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])')"
      return 0
    fi
    sleep 0.5
  done
  fail "$2: not up on $want (ActiveState=$(prop ActiveState) StatusText=$(prop StatusText) /health version=$(health_version))"
}

audit_entries() {
  in_ns /usr/bin/totem audit verify /var/lib/totem/audit.log | sed -n 's/^OK \([0-9]*\) entries.*/\1/p'
}
state_sums() {
  in_ns sh -c 'cd /var/lib/totem && sha256sum pin-lock.json spool/900123.json spool/900123.pdf'
}
check_state() { # WHAT ENTRIES_EXPECTED
  local verify
  verify="$(in_ns /usr/bin/totem audit verify /var/lib/totem/audit.log)" || fail "$1: totem audit verify: $verify"
  [ "$(audit_entries)" = "$2" ] || fail "$1: $(audit_entries) audit entries, expected $2 (one 'started' per start)"
  in_ns cmp -s /run/totem-drill/audit-before /var/lib/totem/audit.log \
    -n "$(in_ns stat -c %s /run/totem-drill/audit-before)" || fail "$1: the audit log's earlier lines changed"
  [ "$(state_sums)" = "$sums" ] || fail "$1: PIN lockout or spool changed:\n$(state_sums)"
  pass "$1: audit chain intact ($verify), PIN lockout and spooled job unchanged"
}

echo "systemd $("$systemd_bin" --version | head -1 | cut -d' ' -f2) as PID 1 of a namespace (host pid $sd_pid); display $display; metrics on 127.0.0.1:$metrics_port"

# ------------------------------------------------ 2. install OLD
apt_get update
apt_get install "totem=$old_version"
[ "$(installed)" = "$old_version" ] || fail "install: dpkg says $(installed)"
in_ns getent passwd totem >/dev/null || fail "install: no user totem"
[ "$(in_ns systemctl is-enabled totem.service 2>/dev/null || true)" = enabled ] || fail "install: totem.service not enabled"
[ "$(prop ActiveState)" = inactive ] || fail "install: started by the install (ActiveState=$(prop ActiveState))"
pass "install $old_version from the signed repository: user totem, unit enabled, not started"

# State a kiosk has: a PIN lockout in force, a failed print job kept for a reprint.
locked_until="$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)"
in_ns sh -c "
  printf '{\"failures\":0,\"locked_until\":\"$locked_until\"}' >/var/lib/totem/pin-lock.json
  printf '{\"id\":\"900123\",\"kind\":\"certificate\",\"attempts\":1,\"phase\":\"failed\",\"reason\":\"media-empty\"}' >/var/lib/totem/spool/900123.json
  printf '%%PDF-1.4\n%% synthetic drill document\n' >/var/lib/totem/spool/900123.pdf
  chown totem:totem /var/lib/totem/pin-lock.json /var/lib/totem/spool/900123.*
  chmod 0600 /var/lib/totem/pin-lock.json /var/lib/totem/spool/900123.*"
sums="$(state_sums)"

drill_unit
in_ns systemctl start --no-block totem.service
up "$old_version" "start"
in_ns cp /var/lib/totem/audit.log /run/totem-drill/audit-before
entries="$(audit_entries)"
check_state "before the upgrade" "$entries"

# ------------------------------------------------ 3. upgrade inside a session
pid_before="$(prop MainPID)"
# A citizen touches the screen: the kiosk leaves its attract screen and says so.
DISPLAY="$display" xdotool mousemove 540 960 click 1
for _ in $(seq 20); do [ "$(prop StatusText)" = session ] && break; sleep 0.5; done
[ "$(prop StatusText)" = session ] || fail "touch: the kiosk says \"$(prop StatusText)\", not \"session\""
pass "a touch on the screen: the kiosk tells systemd STATUS=session"
t_touch=$SECONDS
apt_get install "totem=$new_version"
[ "$(installed)" = "$new_version" ] || fail "upgrade: dpkg says $(installed)"
drill_unit
in_ns systemctl is-active --quiet totem-restart-when-idle.service || fail "upgrade: no restart scheduled"
# The session goes on for a while: nothing may restart.
for _ in $(seq 10); do
  sleep 1
  [ "$(prop MainPID)" = "$pid_before" ] && [ "$(health_version)" = "${old_version%-*}" ] \
    || fail "upgrade: the kiosk restarted inside the session"
done
[ "$(prop StatusText)" = session ] || fail "upgrade: the session ended before the check did ($(prop StatusText)); the timeouts are too short"
pass "upgrade to $new_version during a session: installed, restart scheduled, kiosk untouched for 10 s (still $old_version, MainPID $pid_before, status session)"
# The citizen has walked away: the kiosk times the session out by itself.
up "$new_version" "after the session timed out (touched $((SECONDS - t_touch)) s before)"
[ "$(prop MainPID)" != "$pid_before" ] || fail "upgrade: same MainPID"
check_state "after the upgrade" $((entries + 1))

# ------------------------------------------------ 4. roll back by pinning
in_ns sh -c "cat >/etc/apt/preferences.d/totem-rollback.pref <<EOF
Package: totem
Pin: version $old_version
Pin-Priority: 1001
EOF"
pid_before="$(prop MainPID)"
apt_get install --allow-downgrades totem
[ "$(installed)" = "$old_version" ] || fail "rollback: dpkg says $(installed)"
drill_unit
up "$old_version" "rollback by pin to $old_version"
[ "$(prop MainPID)" != "$pid_before" ] || fail "rollback: same MainPID"
check_state "after the rollback" $((entries + 2))
apt_get upgrade
candidate="$(in_ns apt-cache policy totem | awk '/Candidate:/ { print $2 }')"
[ "$(installed)" = "$old_version" ] && [ "$candidate" = "$old_version" ] \
  || fail "pin: apt upgrade moved totem to $(installed) (candidate $candidate)"
pass "the pin holds: apt-get upgrade keeps $old_version, candidate $candidate though $new_version is in the repository"

echo "--- the audit log's last lines:"
in_ns tail -n 3 /var/lib/totem/audit.log | cut -c1-160
echo "PASS: all"
