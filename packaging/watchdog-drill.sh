#!/usr/bin/env bash
# The watchdog drill: what systemd's Type=notify + WatchdogSec= + Restart=always
# must do for the kiosk, checked where systemd cannot run as PID 1 (containers,
# CI), with totem-supervise standing in for it. See docs/deploy.md.
#
#   packaging/watchdog-drill.sh [--watchdog-sec S] [--xvfb] [--shots DIR] -- PROGRAM [ARGS...]
#
# 1. start PROGRAM; wait for READY=1 and a STATUS containing "attract";
# 2. kill -9 it; wait for a new process to reach READY and "attract" again;
# 3. freeze it (SIGSTOP: the ui loop stops, so do the pings); wait for the
#    watchdog to fire and a new process to reach READY and "attract" again.
# With --xvfb it runs PROGRAM on a virtual screen; with --shots DIR it saves a
# screenshot of the screen after each recovery (needs imagemagick's import).
# Exit 0 when every step passed.
set -euo pipefail

watchdog=5
use_xvfb=0
shots=""
while (($#)); do
  case "$1" in
    --watchdog-sec) watchdog="$2"; shift 2 ;;
    --xvfb) use_xvfb=1; shift ;;
    --shots) shots="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
(($#)) || { echo "usage: $0 [--watchdog-sec S] [--xvfb] [--shots DIR] -- PROGRAM [ARGS...]" >&2; exit 2; }

here="$(cd "$(dirname "$0")/.." && pwd)"
supervise="${TOTEM_SUPERVISE:-$here/target/debug/totem-supervise}"
[ -x "$supervise" ] || { echo "build it first: cargo build -p totem-maintenance --bins" >&2; exit 2; }

work="$(mktemp -d)"
events="$work/events.jsonl"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if ((use_xvfb)); then
  display=":$((90 + RANDOM % 9))"
  Xvfb "$display" -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  export DISPLAY="$display"
  sleep 1
  command -v matchbox-window-manager >/dev/null && { matchbox-window-manager -use_titlebar no >/dev/null 2>&1 & pids+=($!); }
fi

"$supervise" --watchdog-sec "$watchdog" --restart-sec 1 --start-timeout-sec 60 --kill-timeout-sec 3 \
  -- "$@" >"$events" 2>"$work/supervise.err" &
pids+=($!)

fail() { echo "FAIL: $*"; echo "--- events:"; cat "$events"; exit 1; }

# wait_for REGEX SECONDS: until a line after the current mark matches.
mark=0
wait_for() {
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if tail -n +"$((mark + 1))" "$events" | grep -qE "$1"; then
      mark=$(grep -nE "$1" "$events" | tail -1 | cut -d: -f1)
      return 0
    fi
    sleep 0.2
  done
  return 1
}
pid_of_last() { grep -E "\"event\":\"$1\"" "$events" | tail -1 | sed -E 's/.*"pid":([0-9]+).*/\1/'; }
shot() { [ -n "$shots" ] && ((use_xvfb)) && mkdir -p "$shots" && import -window root "$shots/$1.png" && echo "  screenshot $shots/$1.png"; return 0; }

up() {
  wait_for '"event":"started"' 30 || fail "$1: not started"
  local pid; pid=$(pid_of_last started)
  wait_for "\"event\":\"ready\",\"pid\":$pid" 60 || fail "$1: pid $pid never said READY=1"
  wait_for "\"event\":\"status\",\"pid\":$pid,\"status\":\"[^\"]*attract" 60 || fail "$1: pid $pid never reached the attract screen"
  echo "PASS: $1: pid $pid READY and on the attract screen"
  shot "$2"
  current=$pid
}

up "start" 1-start

kill -9 "$current"
wait_for "\"event\":\"exited\",\"pid\":$current,\"code\":null,\"signal\":9" 10 || fail "kill -9 not seen"
old=$current
up "after kill -9 of pid $old" 2-after-sigkill

kill -STOP "$current"
frozen_at=$SECONDS
wait_for "\"event\":\"watchdog_timeout\",\"pid\":$current" $((watchdog * 3)) || fail "watchdog did not fire for frozen pid $current"
echo "PASS: frozen pid $current: watchdog fired after $((SECONDS - frozen_at)) s (WatchdogSec=$watchdog)"
wait_for "\"event\":\"exited\",\"pid\":$current" 15 || fail "frozen pid $current not killed"
old=$current
up "after the frozen pid $old was killed" 3-after-freeze

echo "PASS: all"
