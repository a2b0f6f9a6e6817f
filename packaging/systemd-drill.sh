#!/usr/bin/env bash
# The watchdog drill under a REAL systemd, for machines where systemd is not
# PID 1 (containers, CI VMs): systemd is started as PID 1 of a new PID and
# mount namespace, runs packaging/totem.service (its notify, watchdog,
# restart and hardening settings) with PROGRAM as ExecStart, and the drill
# checks: READY + "attract" status; kill -9 → restarted; SIGSTOP (frozen ui)
# → watchdog → restarted. See docs/deploy.md. Needs root, unshare, nsenter.
#
#   packaging/systemd-drill.sh [--watchdog-sec S] [--env K=V]... -- PROGRAM [ARGS...]
#
# Safety: the host must not feel it. Everything systemd might clean or create
# at boot is a private tmpfs in the namespace (/run, /tmp, /var/tmp,
# /var/log/journal), and the units have DefaultDependencies=no, so
# sysinit.target (tmpfiles, sysctl, udev, journald) is never started. (An
# earlier experiment without these measures let systemd-tmpfiles empty the
# host's /tmp.) The program's output goes to /run/totem-drill/program.log in
# the namespace and is printed at the end.
set -euo pipefail

watchdog=3
envs=()
while (($#)); do
  case "$1" in
    --watchdog-sec) watchdog="$2"; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
(($#)) || { echo "usage: $0 [--watchdog-sec S] [--env K=V]... -- PROGRAM [ARGS...]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (unshare of PID and mount namespaces)" >&2; exit 2; }
systemd_bin=/lib/systemd/systemd
[ -x "$systemd_bin" ] || { echo "no $systemd_bin" >&2; exit 2; }

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /var/tmp/totem-systemd-drill.XXXXXX)"
sd_pid=""
cleanup() {
  # SIGKILL to the namespace's PID 1 ends every process in it.
  [ -n "$sd_pid" ] && kill -9 "$sd_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The unit: totem.service as shipped, minus what needs a real seat (user,
# PAM session, tty1) or writes outside the namespace (state directories),
# with PROGRAM as ExecStart and a short watchdog.
# The program runs from a copy in the namespace's /run: the hardened unit
# (PrivateTmp, ProtectHome) cannot see a build under /tmp or /home, as a
# kiosk's own /usr/bin/totem never is.
program="$(realpath "$1")"
shift
program_copy="/run/totem-drill-bin/$(basename "$program")"
exec_start="$(printf '%q ' "$program_copy" "$@")"
awk -v exec_start="$exec_start" -v wd="$watchdog" -v envs="${envs[*]:-}" '
  /^\[Unit\]/    { print; print "DefaultDependencies=no"; next }
  /^\[Service\]/ { print; print "ReadWritePaths=/run/totem-drill"; print "StandardOutput=append:/run/totem-drill/program.log"; print "StandardError=append:/run/totem-drill/program.log"
                   n = split(envs, e, " "); for (i = 1; i <= n; i++) print "Environment=" e[i]; next }
  /^(After|Wants|Conflicts|ConditionPathExists|Documentation)=/ { next }
  /^(User|Group|SupplementaryGroups|PAMName|TTYPath|TTYReset|TTYVHangup|TTYVTDisallocate|StandardInput|StandardOutput|StandardError|UtmpIdentifier|UtmpMode|WorkingDirectory|StateDirectory|StateDirectoryMode|ConfigurationDirectory|ReadWritePaths)=/ { next }
  /^ExecStart=/   { print "ExecStart=" exec_start; next }
  /^WatchdogSec=/ { print "WatchdogSec=" wd; next }
  /^RestartSec=/  { print "RestartSec=1"; next }
  /^TimeoutAbortSec=/ { print "TimeoutAbortSec=2"; next }
  /^\[Install\]/  { exit }
  { print }
' "$here/totem.service" >"$work/totem.service"
cat >"$work/drill.target" <<'EOF'
[Unit]
Description=totem systemd drill
DefaultDependencies=no
Wants=totem.service
EOF
cat >"$work/inner.sh" <<EOF
#!/bin/sh
set -e
mount --make-rprivate /
mount -t tmpfs tmpfs /run
mkdir -p /run/systemd/system /run/totem-drill /run/totem-drill-bin
cp "$work/totem.service" "$work/drill.target" /run/systemd/system/
cp "$program" /run/totem-drill-bin/
# Only now hide /tmp and /var/tmp (the units and program were copied from there).
for d in /tmp /var/tmp; do mount -t tmpfs tmpfs "\$d"; done
if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal; fi
exec $systemd_bin --system --unit=drill.target --log-target=null --show-status=no
EOF
chmod +x "$work/inner.sh"

unshare --pid --fork --mount --uts --ipc --mount-proc "$work/inner.sh" >"$work/systemd.out" 2>&1 &
unshare_pid=$!
for _ in $(seq 50); do
  # systemd is the child of unshare (after its exec of inner.sh).
  sd_pid="$(pgrep -P "$unshare_pid" -f -- "--unit=drill.target" || true)"
  [ -n "$sd_pid" ] && break
  sleep 0.1
done
[ -n "$sd_pid" ] || { echo "FAIL: systemd did not start"; cat "$work/systemd.out"; exit 1; }
in_ns() { timeout 10 nsenter -t "$sd_pid" -m -p "$@"; }
prop() { in_ns systemctl show totem.service -p "$1" --value 2>/dev/null || true; }

fail() {
  echo "FAIL: $*"
  in_ns systemctl status totem.service --no-pager 2>&1 | head -20 || true
  echo "--- program output:"; in_ns tail -n 30 /run/totem-drill/program.log 2>/dev/null || true
  exit 1
}

# up WHAT RESTARTS: wait until the unit is active, has restarted RESTARTS
# times and its status mentions the attract screen.
up() {
  local deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    if [ "$(prop ActiveState)" = active ] && [ "$(prop NRestarts)" = "$2" ] && [[ "$(prop StatusText)" == *attract* ]]; then
      echo "PASS: $1: MainPID $(prop MainPID) (in the namespace) active, NRestarts=$2, status \"$(prop StatusText)\""
      return 0
    fi
    sleep 0.2
  done
  fail "$1: not back on the attract screen (ActiveState=$(prop ActiveState) NRestarts=$(prop NRestarts) StatusText=$(prop StatusText))"
}

echo "systemd $("$systemd_bin" --version | head -1 | cut -d' ' -f2) as PID 1 of a namespace (host pid $sd_pid); WatchdogSec=$watchdog"
up "start" 0

main="$(prop MainPID)"
in_ns kill -9 "$main"
up "after kill -9 of $main" 1

main="$(prop MainPID)"
in_ns kill -STOP "$main"
t0=$SECONDS
up "after freezing $main (SIGSTOP): watchdog fired, restarted" 2
echo "      (frozen to back on the attract screen: about $((SECONDS - t0)) s, WatchdogSec=$watchdog)"

echo "--- systemctl status:"
in_ns systemctl status totem.service --no-pager 2>&1 | head -12 || true
echo "PASS: all"
