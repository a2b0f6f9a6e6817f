#!/usr/bin/env python3
"""Totem against a browser kiosk, measured the same way in one run.

For each program, N times, interleaved (Totem, browser, browser, Totem, ...)
so both see the same background load:

1. a private Xvfb (1080x1920x24) and matchbox-window-manager on it;
2. start the program; poll a grid of screen cells until the screen shows its
   attract screen: "first frame" is the first poll whose static cells equal
   the settled attract screen (found afterwards, see `first_frame`);
3. after `--settle` seconds: RSS and PSS summed over the program's whole
   process tree (its session, plus descendants);
4. `--idle` seconds of idle on the attract screen: CPU time (utime+stime) of
   that tree, and separately of the X server, as % of one core;
5. a touch (XTest press+release at the centre) and the time until the
   screen changes (touch to next frame);
6. stop everything it started, by pid / process group.

Writes a section of docs/performance.md (between markers), the raw figures
as JSON, and a screenshot of each settled attract screen.

Several kiosk binaries (`--totem 72b0c4d=PATH --totem 801331e=PATH`) are
measured in the same run, interleaved with each other and the browser, so
that a change between two commits is not mixed up with the day's load.
"""

import argparse
import atexit
import json
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import xscreen  # noqa: E402
from common import MAPPING_KINDS, memory_kib  # noqa: E402

WIDTH, HEIGHT = 1080, 1920
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def in_repo(path):
    """A path as the measured documents name it: relative to the repository
    when it lies inside it (never a path of the machine that measured)."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


# ---------------------------------------------------------------- processes

def _stat(pid):
    """(comm, ppid, session, cpu_ticks incl. reaped children) or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    comm = s[s.index("(") + 1:s.rindex(")")]
    fields = s[s.rindex(")") + 2:].split()
    ppid, session = int(fields[1]), int(fields[3])
    ticks = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    return comm, ppid, session, ticks


def _has_token(pid, token):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return token in f.read().split(b"\0")
    except OSError:
        return False


def process_tree(root_pid, exclude=(), token=None):
    """pid -> (comm, ticks) for every process of the program: its session, the
    processes that carry the run's token in their environment (chromium's
    crashpad handlers leave the session and are reparented to init), and all
    their descendants."""
    procs = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _stat(int(name))
            if st:
                procs[int(name)] = st
    members = set()
    for pid, (_comm, _ppid, session, _t) in procs.items():
        if session == root_pid or pid == root_pid or (token and _has_token(pid, token)):
            members.add(pid)
    changed = True
    while changed:
        changed = False
        for pid, (_comm, ppid, _s, _t) in procs.items():
            if pid not in members and ppid in members:
                members.add(pid)
                changed = True
    return {
        pid: (procs[pid][0], procs[pid][3])
        for pid in members
        if procs[pid][0] not in exclude
    }


def ticks_of(pids):
    total = 0
    for pid in pids:
        st = _stat(pid)
        if st:
            total += st[3]
    return total


def stop(proc, grace=3.0):
    """SIGTERM then SIGKILL to the process group this bench created for proc."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)
    # Members of the group that outlived the leader (chromium helpers).
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def self_cpu():
    t = os.times()
    return t.user + t.system


# ---------------------------------------------------------------- one run

class Display:
    """A private Xvfb + matchbox-window-manager."""

    def __init__(self, number):
        self.name = f":{number}"
        self.xvfb = subprocess.Popen(
            ["Xvfb", self.name, "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp", "-ac"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        xscreen.Screen.wait_for(self.name)
        env = dict(os.environ, DISPLAY=self.name)
        self.wm = subprocess.Popen(
            ["matchbox-window-manager", "-use_titlebar", "no", "-use_cursor", "no"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        time.sleep(0.5)
        self.screen = xscreen.Screen(self.name, WIDTH, HEIGHT)

    def close(self):
        self.screen.close()
        stop(self.wm)
        stop(self.xvfb)


def free_display():
    return common.free_display(90)


def first_frame(trace, reference, static, threshold):
    """Seconds from start to the first poll that shows the settled attract screen."""
    for t, sample in trace:
        if xscreen.matching(sample, reference, static) >= threshold:
            return t
    return None


def one_run(target, args, log):
    disp = Display(free_display())
    screen = disp.screen
    workdir = tempfile.mkdtemp(prefix=f"bench-{target.key}-")
    result = {"program": target.key}
    proc = None
    try:
        background = screen.sample()
        cmd = target.command(workdir)
        token = f"BENCH_UI_RUN={os.path.basename(workdir)}"
        env = dict(os.environ, DISPLAY=disp.name, HOME=workdir, **target.env)
        env["BENCH_UI_RUN"] = os.path.basename(workdir)
        stderr = open(os.path.join(workdir, "stderr.log"), "wb")
        cpu0 = self_cpu()
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, stdout=stderr, stderr=stderr,
                                start_new_session=True, cwd=target.cwd)
        # Poll until the screen has left the background and not changed for
        # `stable` seconds; record every change with its time.
        trace, last, last_change, polls = [], background, t0, 0
        deadline = t0 + args.start_timeout
        while True:
            now = time.monotonic()
            sample = screen.sample()
            polls += 1
            if sample != last:
                trace.append((now - t0, sample))
                last, last_change = sample, now
            if last != background and now - last_change >= args.stable:
                break
            if now > deadline or proc.poll() is not None:
                raise RuntimeError(f"{target.key}: no stable screen within {args.start_timeout} s "
                                   f"(exit status {proc.poll()}); see {workdir}/stderr.log")
            time.sleep(args.poll_sleep)
        poll_elapsed = time.monotonic() - t0
        result["poll_count"] = polls
        result["poll_period_ms"] = poll_elapsed / polls * 1000
        result["poll_cpu_pct"] = (self_cpu() - cpu0) / poll_elapsed * 100
        # Settle, sampling now and then to find the animated cells (the hint).
        settled = [last]
        while time.monotonic() - t0 < args.settle:
            time.sleep(0.25)
            settled.append(screen.sample())
        reference = settled[-1]
        animated = {i for s in settled for i in range(len(s)) if s[i] != reference[i]}
        static = [i for i in range(len(reference)) if i not in animated]
        result["animated_cells"] = len(animated)
        result["static_cells"] = len(static)
        # The screen that ended the start poll still shows the first hint, as the
        # first frame did: if it is the settled screen (outside the animated
        # cells), compare with it on every cell. Otherwise (it was an
        # intermediate state) compare with the settled screen, static cells only.
        if xscreen.matching(last, reference, static) >= args.match:
            ff = first_frame(trace, last, range(len(last)), args.match)
            result["compared_cells"] = len(last)
        else:
            ff = None
        if ff is None:
            ff = first_frame(trace, reference, static, args.match)
            result["compared_cells"] = len(static)
        if ff is None:
            raise RuntimeError(f"{target.key}: the settled screen never matched an early poll")
        result["first_frame_ms"] = ff * 1000
        result["first_pixels_ms"] = trace[0][0] * 1000
        result["screen_changes_before_first_frame"] = sum(1 for t, _ in trace if t < ff)
        if args.screenshots and not target.screenshot_taken:
            xscreen.write_png(args.screenshots.format(program=target.key),
                              screen.png_rows(), WIDTH, HEIGHT)
            target.screenshot_taken = True
        # Memory after settling.
        tree = process_tree(proc.pid, target.exclude, token.encode())
        rss, pss = memory_kib(tree)
        result["processes"] = len(tree)
        result["process_names"] = sorted({c for c, _ in tree.values()})
        result["rss_mib"] = rss / 1024
        result["pss_mib"] = pss / 1024
        result["pss_by_mapping_mib"] = {
            k: v / 1024 for k, v in common.pss_by_mapping_kib(tree).items()}
        # Idle CPU on the attract screen: no polling meanwhile.
        pids = list(process_tree(proc.pid, target.exclude, token.encode()))
        x_pids = [disp.xvfb.pid]
        c0, x0, w0 = ticks_of(pids), ticks_of(x_pids), time.monotonic()
        time.sleep(args.idle)
        # Count processes that appeared during the window too (their ticks from 0).
        pids_after = list(process_tree(proc.pid, target.exclude, token.encode()))
        c1 = ticks_of(pids_after)
        x1, w1 = ticks_of(x_pids), time.monotonic()
        result["idle_cpu_pct"] = (c1 - c0) / CLK_TCK / (w1 - w0) * 100
        result["idle_xserver_cpu_pct"] = (x1 - x0) / CLK_TCK / (w1 - w0) * 100
        # A touch at the centre, and the next frame.
        if args.touch:
            x, y = WIDTH // 2, HEIGHT // 2
            xscreen._xtst.XTestFakeMotionEvent(screen.dpy, -1, x, y, 0)
            xscreen._x11.XSync(screen.dpy, 0)
            time.sleep(0.3)
            before = screen.sample()
            touched = screen.click(x, y)
            changed = None
            while time.monotonic() - touched < args.touch_timeout:
                s = screen.sample()
                if any(s[i] != before[i] for i in static):
                    changed = time.monotonic() - touched
                    break
                time.sleep(args.poll_sleep)
            result["touch_to_frame_ms"] = None if changed is None else changed * 1000
        if proc.poll() is not None:
            raise RuntimeError(f"{target.key} exited during the run (status {proc.returncode})")
    finally:
        stop(proc)
        if proc is not None:
            # Stragglers that left the process group (crashpad handlers), by pid.
            time.sleep(0.2)
            for pid in process_tree(proc.pid, (), token.encode()):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        disp.close()
        if args.keep:
            result["workdir"] = workdir
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    log(f"  {target.key}: first frame {result['first_frame_ms']:.0f} ms, "
        f"RSS {result['rss_mib']:.1f} MiB, PSS {result['pss_mib']:.1f} MiB "
        f"({result['processes']} processes), idle CPU {result['idle_cpu_pct']:.2f} % "
        f"(X server {result['idle_xserver_cpu_pct']:.2f} %), touch->frame "
        f"{result.get('touch_to_frame_ms') or float('nan'):.0f} ms; "
        f"poll every {result['poll_period_ms']:.1f} ms")
    return result


# ---------------------------------------------------------------- programs

class World:
    """The outside world of a kiosk in service, started once before all runs
    and not measured: `totem-sim demo --no-kiosk` (the reference registry on
    loopback and both device emulators on pseudo-terminals), so Totem's
    drivers and registry client are connected while it sits on attract."""

    def __init__(self, sim):
        self.sim = os.path.abspath(sim)
        self.state = tempfile.mkdtemp(prefix="bench-totem-world-")
        self.log = open(os.path.join(self.state, "sim.log"), "w+")
        self.proc = subprocess.Popen(
            [self.sim, "demo", "--no-kiosk", "--state-dir", self.state],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        atexit.register(self.stop)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.log.seek(0)
            if any(line.strip() == "ready" for line in self.log):
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        else:
            self.log.seek(0)
            sys.exit("bench-ui: totem-sim demo not ready in 60 s:\n" + self.log.read())
        if self.proc.poll() is not None:
            self.log.seek(0)
            sys.exit("bench-ui: totem-sim demo exited:\n" + self.log.read())
        self.config_dir = os.path.join(self.state, "kiosk-config")

    def status(self):
        """The emulators' counters from the demo-control API (evidence that
        Totem's drivers talked to them), or None."""
        import re
        import urllib.request
        if not self.proc:
            return None
        self.log.seek(0)
        m = re.search(r"demo control (http://\S+)", self.log.read())
        if not m:
            return None
        try:
            with urllib.request.urlopen(m.group(1) + "/demo/status", timeout=5) as r:
                status = json.load(r)
        except (OSError, ValueError):
            return None
        found = re.search(r"commands=(\d+)", str(status.get("emulators", "")))
        return {"fingerprint_commands": int(found.group(1))} if found else None

    def stop(self):
        if self.proc:
            stop(self.proc)
            self.log.close()
            shutil.rmtree(self.state, ignore_errors=True)
            self.proc = None


def labelled(value):
    """(label, path) from `LABEL=PATH` or a bare PATH (label None)."""
    label, sep, path = value.partition("=")
    if sep and label and os.sep not in label:
        return label, path
    return None, value


def default_sim():
    return next((p for p in (os.path.join(ROOT, "target", d, "totem-sim") for d in ("release", "debug"))
                 if os.access(p, os.X_OK)), None)


class Totem:
    title = "Totem (iced, tiny-skia)"
    screenshot_taken = False

    def __init__(self, args, binary, label=None, world=None):
        """label: what the binary was built from (a commit), when several
        kiosks are measured in one run; its key is then `totem-LABEL`."""
        self.binary = os.path.abspath(binary)
        self.label = label
        self.key = f"totem-{label}" if label else "totem"
        self.name = f"Totem {label}" if label else "Totem"
        self.extra = shlex.split(args.totem_args)
        self.exclude = set(args.totem_exclude.split(",")) if args.totem_exclude else set()
        self.env = {"RUST_LOG": "warn"}
        self.cwd = ROOT
        self.world = world
        self.config_dir = world.config_dir if world else None

    def binary_size(self):
        """Bytes of the executable on disk and, if binutils' `size` is there,
        its text, data and bss segments."""
        out = {"file_bytes": os.path.getsize(self.binary)}
        if shutil.which("size"):
            r = subprocess.run(["size", self.binary], capture_output=True, text=True)
            try:
                text, data, bss = (int(x) for x in r.stdout.splitlines()[1].split()[:3])
                out.update(text_bytes=text, data_bytes=data, bss_bytes=bss)
            except (IndexError, ValueError):
                pass
        return out

    def command(self, _workdir):
        if self.config_dir:
            return [self.binary, "run", "--config-dir", self.config_dir] + self.extra
        return [self.binary] + self.extra

    def describe(self):
        """The command as markdown, paths relative to the repository."""
        cmd = [in_repo(self.binary)]
        if self.config_dir:
            cmd += ["run", "--config-dir", "STATE/kiosk-config"]
        text = f"`{shlex.join(cmd + self.extra)}`"
        if self.world:
            text += (f", against `{in_repo(self.world.sim)} demo --no-kiosk --state-dir STATE` "
                     "(started before the runs, not measured)")
        if self.exclude:
            text += f"; excluded from the tree: {', '.join(sorted(self.exclude))}"
        return text


class Browser:
    key = "browser"
    name = "Browser kiosk"
    title = "Chromium kiosk (HTML/CSS/JS)"
    screenshot_taken = False

    def __init__(self, args):
        self.binary = args.chromium
        self.url = "file://" + os.path.join(ROOT, "benches", "browser-attract", "index.html")
        if args.hint_period is not None:
            self.url += f"?rotate={args.hint_period}"
        self.exclude = set()
        self.env = {}
        self.cwd = ROOT
        self.profile_template = None

    def flags(self, profile):
        return [
            "--kiosk", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-sandbox", "--disable-gpu", "--noerrdialogs", "--password-store=basic",
            "--disable-features=Translate,MediaRouter", "--lang=es", "--window-position=0,0",
            f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={profile}",
        ]

    def command(self, workdir):
        profile = os.path.join(workdir, "profile")
        if self.profile_template:
            # A copy of the profile the warm-up run created: each run has its own
            # directory, but none pays for creating a profile (a real kiosk reuses one).
            shutil.copytree(self.profile_template, profile, symlinks=True)
        return [self.binary] + self.flags(profile) + [self.url]

    def describe(self):
        """The command as markdown; the page is named inside the repository."""
        url = self.url.replace("file://" + ROOT + os.sep, "file://REPOSITORY/")
        return f"`{shlex.join([self.binary] + self.flags('PROFILE') + [url])}`"


# ---------------------------------------------------------------- report

def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def fmt(s, digits=0):
    if s is None:
        return "n/a"
    f = f"{{:.{digits}f}}"
    return f"{f.format(s['median'])} ({f.format(s['min'])}–{f.format(s['max'])})"


def ratio(a, b, digits=2):
    if a is None or b is None or b["median"] == 0:
        return "n/a"
    r = a["median"] / b["median"]
    return f"{r:.{digits}f}" if r == 0 or r >= 0.01 else f"{r:.4f}"


def machine():
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
        except Exception:  # a missing tool is reported as unknown, not fatal
            return "unknown"
    return dict(common.machine(ROOT),
                chromium=version(["chromium", "--version"]),
                xvfb=version(["dpkg-query", "-W", "-f=${Version}", "xvfb"]))


METRICS = [
    ("first_pixels_ms", "Start to first pixels: window drawn, not yet the attract (ms)", 0),
    ("first_frame_ms", "Start to first frame: the attract screen complete (ms)", 0),
    ("rss_mib", "RSS, whole process tree (MiB)", 1),
    ("pss_mib", "PSS, whole process tree (MiB)", 1),
    ("processes", "Processes", 0),
    ("idle_cpu_pct", "Idle CPU on attract, % of one core", 2),
    ("idle_xserver_cpu_pct", "X server CPU meanwhile, % of one core", 2),
    ("touch_to_frame_ms", "Touch to next frame (ms)", 0),
]


def markdown(data):
    m = data["machine"]
    progs = data["programs"]
    names = data["names"]
    totems = [k for k in progs if k != "browser"]
    several = len(totems) > 1
    lines = []
    a = lambda s: lines.append(s)  # noqa: E731
    a(f"Measured {data['date']} by `{data['command']}`.")
    a("")
    source = f"Source: git {m['git_head']}."
    if several:
        source = ("Kiosks: " + "; ".join(
            f"{names[k]}: `{data['binaries'][k]['path']}`" for k in totems)
            + f" (each label names the commit it was built from; the bench ran from git {m['git_head']}).")
    a(f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['mem_mib']} MiB RAM, Linux {m['kernel']}, "
      f"Xvfb {m['xvfb']}, {m['chromium']}. Load average before / after: "
      f"{data['loadavg_before']} / {data['loadavg_after']} (other work shared the machine). "
      + source)
    a("")
    warm = "after one discarded warm-up run each" if data["warmup"] else "no warm-up run"
    ratio_text = ("Ratio = that kiosk's median / the browser's median" if several
                  else "Ratio = Totem median / browser median")
    a(f"{data['runs']} run{'s' if data['runs'] != 1 else ''} per program ({warm}), interleaved. "
      f"Median (min–max). {ratio_text} (below 1: Totem is better).")
    a("")
    s = data["stats"]
    ratio_cols = [f"{names[k]} / browser" for k in totems] if "browser" in progs else []
    a("| | " + " | ".join(names[k] for k in progs) + "".join(f" | {c}" for c in ratio_cols) + " |")
    a("|---" * (1 + len(progs) + len(ratio_cols)) + "|")
    for key, label, digits in METRICS:
        if all(s[k].get(key) is None for k in progs):
            continue
        row = [fmt(s[k].get(key), digits) for k in progs]
        if ratio_cols:
            row += [ratio(s[k].get(key), s["browser"].get(key)) for k in totems]
        a(f"| {label} | " + " | ".join(row) + " |")
    a("")
    targets = [
        ("first_frame_ms", "first frame under 300 ms", lambda v: v < 300),
        ("rss_mib", "RSS under 60 MB", lambda v: v < 60 * 1e6 / 2**20),
        ("idle_cpu_pct", "idle CPU under 1 %", lambda v: v < 1),
        ("touch_to_frame_ms", "touch to frame under 50 ms", lambda v: v < 50),
    ]
    a("Issue 5's targets for Totem (on the medians):")
    a("")
    for key, label, ok in targets:
        verdicts = []
        for k in totems:
            v = s[k].get(key)
            verdict = "n/a" if v is None else ("met" if ok(v["median"]) else "**not met**")
            verdicts.append(f"{names[k]} {verdict}" if several else verdict)
        a(f"- {label}: " + ", ".join(verdicts))
    a("")
    a("PSS by kind of mapping (`/proc/PID/smaps`, summed over the tree), MiB, median (min–max):")
    a("")
    a("| | " + " | ".join(names[k] for k in progs) + " |")
    a("|---" * (1 + len(progs)) + "|")
    for kind in MAPPING_KINDS:
        a(f"| {kind} | " + " | ".join(fmt(s[k]["pss_by_mapping_mib"][kind], 1) for k in progs) + " |")
    a("")
    if data.get("binaries"):
        a("The kiosk binaries (bytes on disk; text, data and bss from binutils' `size`): " + "; ".join(
            f"{names[k]}: {b['file_bytes'] / 2**20:.1f} MiB"
            + (f" (text {b['text_bytes'] / 2**20:.1f} MiB, data {b['data_bytes'] / 2**20:.2f} MiB, "
               f"bss {b['bss_bytes'] / 2**10:.0f} KiB)" if "text_bytes" in b else "")
            for k, b in data["binaries"].items()) + ".")
        a("")
    if "screens_differ_pct" in data:
        a(f"The two settled attract screens ({', '.join(data['screens_compared'])}) "
          f"differ in {data['screens_differ_pct']:.1f} % of their pixels (by more than 10 %: "
          f"glyph rasterisation and the hint standing out at that moment).")
        a("")
    a("Harness figures (how fine the measurement is):")
    a("")
    a(f"- CPU time is read in clock ticks (1/{CLK_TCK} s) from /proc/PID/stat: over the "
      f"{data['idle_s']:.0f} s idle window one tick is {100 / CLK_TCK / data['idle_s']:.3f} % of a core, "
      f"the resolution of the idle CPU figures. Memory is read {data['settle_s']:.0f} s after the start.")
    for prog in progs:
        h = data["harness"][prog]
        a(f"- {prog}: one poll of the screen every {h['poll_period_ms']:.1f} ms "
          f"(one grid sample costs {h['sample_ms']:.2f} ms), the poller using "
          f"{h['poll_cpu_pct']:.0f} % of a core while polling; "
          f"{h['animated_cells']} of {h['cells']} cells change while idle (the hint that "
          f"stands out); the first frame was compared on {h['compared_cells']} cells.")
    a("")
    noise = []
    for prog in progs:
        parts = []
        for key, label in (("first_frame_ms", "first frame"), ("pss_mib", "PSS"),
                           ("idle_cpu_pct", "idle CPU"), ("touch_to_frame_ms", "touch to frame")):
            st = s[prog].get(key)
            if st and st["median"]:
                parts.append(f"{label} ±{(st['max'] - st['min']) / 2 / st['median'] * 100:.0f} %")
        noise.append(f"{prog}: " + ", ".join(parts))
    a("How noisy (half the min–max range over the median): " + "; ".join(noise) + ".")
    a("")
    a("Raw figures, one line per run:")
    a("")
    a("| Run | Program | First frame (ms) | RSS (MiB) | PSS (MiB) | Processes | Idle CPU % | "
      "X server CPU % | Touch to frame (ms) |")
    a("|---|---|---|---|---|---|---|---|---|")
    for r in data["results"]:
        touch = r.get("touch_to_frame_ms")
        a(f"| {r['run']} | {r['program']} | {r['first_frame_ms']:.0f} | {r['rss_mib']:.1f} | "
          f"{r['pss_mib']:.1f} | {r['processes']} | {r['idle_cpu_pct']:.2f} | "
          f"{r['idle_xserver_cpu_pct']:.2f} | {'n/a' if touch is None else f'{touch:.0f}'} |")
    a("")
    for sim, w in (data.get("world") or {}).items():
        if "fingerprint_commands" not in w:
            continue
        runs = (data["runs"] + data["warmup"]) * len(w["kiosks"])
        kiosks = "" if not several else f" ({', '.join(names[k] for k in w['kiosks'])})"
        a(f"Totem's drivers were connected{kiosks}: the fingerprint emulator of `{sim}` answered "
          f"{w['fingerprint_commands']} commands over the {runs} "
          f"Totem runs (the driver's start handshake and its checks of the connected module).")
        a("")
    a("Commands started by the bench:")
    a("")
    for k in progs:
        tail = " (REPOSITORY: the checkout's root)" if k == "browser" else ""
        a(f"- {names[k] if k != 'browser' else 'Browser'}: {data['commands'][k]}{tail}")
    a("")
    a("Processes in each tree: "
      + "; ".join(f"{p}: {', '.join(data['process_names'][p])}" for p in progs))
    return "\n".join(lines)


BEGIN = "<!-- bench-ui:begin (written by scripts/bench-ui; edit the script, not this) -->"
END = "<!-- bench-ui:end -->"


def write_section(path, body):
    common.write_section(path, body, BEGIN, END)


# ---------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--settle", type=float, default=10.0, help="seconds from start to the memory reading")
    p.add_argument("--idle", type=float, default=30.0, help="seconds of idle CPU measurement")
    p.add_argument("--only", choices=["totem", "browser"], help="measure one program only")
    p.add_argument("--totem", action="append", metavar="[LABEL=]PATH",
                   help="the kiosk binary (default target/release/totem); give it several times, "
                        "each as LABEL=PATH (LABEL: what it was built from, e.g. a commit), to "
                        "measure several kiosks in the same run, interleaved")
    p.add_argument("--totem-args", default="",
                   help="more arguments for totem (a shell-quoted string); with --world none, all of them")
    p.add_argument("--world", choices=["demo", "none"], default="demo",
                   help="demo: Totem runs with its devices and registry connected (totem-sim demo "
                        "--no-kiosk); none: `totem TOTEM_ARGS` alone")
    p.add_argument("--sim", action="append", metavar="[LABEL=]PATH",
                   help="the totem-sim binary (default: target/release or debug); LABEL=PATH gives "
                        "the kiosk of that label its own (one world per distinct binary)")
    p.add_argument("--totem-exclude", default="",
                   help="comma-separated process names not counted in Totem's tree (e.g. its simulators)")
    p.add_argument("--chromium", default="chromium")
    p.add_argument("--hint-period", type=int, default=None,
                   help="ms between hint changes on the browser page (default 4000, like Totem's; 0: still)")
    p.add_argument("--poll-sleep", type=float, default=0.003, help="sleep between polls (s)")
    p.add_argument("--stable", type=float, default=1.5, help="no change for this long ends the start poll")
    p.add_argument("--start-timeout", type=float, default=60.0)
    p.add_argument("--match", type=float, default=0.995,
                   help="fraction of static cells that must equal the settled screen")
    p.add_argument("--no-touch", dest="touch", action="store_false")
    p.add_argument("--touch-timeout", type=float, default=5.0)
    p.add_argument("--no-warmup", dest="warmup", action="store_false")
    p.add_argument("--out", default=os.path.join(ROOT, "docs", "performance.md"))
    p.add_argument("--json", default=os.path.join(ROOT, "docs", "bench", "ui.json"))
    p.add_argument("--screenshots", default=os.path.join(ROOT, "docs", "bench", "attract-{program}.png"))
    p.add_argument("--keep", action="store_true", help="keep each run's work directory (logs, profile)")
    p.add_argument("--command", default=None, help=argparse.SUPPRESS)
    args = p.parse_args()
    # A SIGTERM stops the bench like Ctrl-C: whatever it started is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    def log(msg):
        print(msg, flush=True)

    programs = {}
    if args.only != "browser":
        totems = [labelled(t) for t in args.totem or [os.path.join(ROOT, "target", "release", "totem")]]
        if len(totems) > 1 and (any(label is None for label, _ in totems)
                                or len({label for label, _ in totems}) < len(totems)):
            sys.exit("bench-ui: several --totem need a distinct LABEL= each")
        sims = dict(labelled(s) for s in args.sim or [])
        worlds = {}
        for label, binary in totems:
            if not os.access(binary, os.X_OK):
                sys.exit(f"bench-ui: no totem binary at {binary} (cargo build --release -p totem)")
            world = None
            if args.world == "demo":
                sim = sims.get(label) or sims.get(None) or default_sim()
                if not sim:
                    sys.exit("bench-ui: no totem-sim binary (cargo build --release -p totem-sim), "
                             "or --world none")
                sim = os.path.abspath(sim)
                if sim not in worlds:
                    worlds[sim] = World(sim)
                world = worlds[sim]
            prog = Totem(args, binary, label if len(totems) > 1 else None, world)
            programs[prog.key] = prog
    if args.only != "totem":
        if not shutil.which(args.chromium):
            sys.exit("bench-ui: chromium not found (scripts/bench-ui installs it unless --no-install)")
        programs["browser"] = Browser(args)
    os.makedirs(os.path.dirname(args.json), exist_ok=True)

    # The cost of one poll, on an idle screen.
    disp = Display(free_display())
    n, t = 200, time.perf_counter()
    for _ in range(n):
        disp.screen.sample()
    sample_ms = (time.perf_counter() - t) / n * 1000
    cells = len(disp.screen.sample())
    disp.close()
    log(f"bench-ui: one grid sample ({cells} cells) costs {sample_ms:.2f} ms")

    loadavg_before = open("/proc/loadavg").read().split()[:3]
    warm_dirs = []
    if args.warmup:
        for prog in programs.values():
            log(f"warm-up: {prog.key}")
            saved = args.settle, args.idle, args.keep, args.touch
            args.settle, args.idle, args.keep, args.touch = 4.0, 1.0, True, False
            try:
                warm = one_run(prog, args, log)
            finally:
                args.settle, args.idle, args.keep, args.touch = saved
            if isinstance(prog, Browser):
                # The warm-up profile is the template for the measured runs.
                prog.profile_template = os.path.join(warm["workdir"], "profile")
                warm_dirs.append(warm["workdir"])
            else:
                shutil.rmtree(warm["workdir"], ignore_errors=True)
            prog.screenshot_taken = False

    results = []
    try:
        for i in range(args.runs):
            order = list(programs.values())
            if i % 2:
                order.reverse()
            for prog in order:
                log(f"run {i + 1}/{args.runs}: {prog.key}")
                r = one_run(prog, args, log)
                r["run"] = i + 1
                results.append(r)
    finally:
        totems = [p for p in programs.values() if isinstance(p, Totem)]
        world = {}
        for prog in totems:
            if prog.world and prog.world.proc:
                world[in_repo(prog.world.sim)] = dict(
                    prog.world.status() or {},
                    kiosks=[t.key for t in totems if t.world is prog.world])
                prog.world.stop()
        for d in warm_dirs:
            shutil.rmtree(d, ignore_errors=True)
    loadavg_after = open("/proc/loadavg").read().split()[:3]

    data = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": args.command or shlex.join([in_repo(sys.argv[0])] + sys.argv[1:]),
        "machine": machine(),
        "runs": args.runs,
        "warmup": args.warmup,
        "idle_s": args.idle,
        "settle_s": args.settle,
        "loadavg_before": " ".join(loadavg_before),
        "loadavg_after": " ".join(loadavg_after),
        "programs": list(programs),
        "names": {k: v.name for k, v in programs.items()},
        "binaries": {k: dict(v.binary_size(), path=in_repo(v.binary))
                     for k, v in programs.items() if isinstance(v, Totem)},
        "commands": {k: v.describe() for k, v in programs.items()},
        "results": results,
        "stats": {},
        "harness": {},
        "process_names": {},
        "world": world or None,
    }
    for key in programs:
        rs = [r for r in results if r["program"] == key]
        data["stats"][key] = {m: stats([r.get(m) for r in rs]) for m, _, _ in METRICS}
        data["stats"][key]["pss_by_mapping_mib"] = {
            kind: stats([r["pss_by_mapping_mib"][kind] for r in rs]) for kind in MAPPING_KINDS}
        if rs:
            data["harness"][key] = {
                "poll_period_ms": statistics.median(r["poll_period_ms"] for r in rs),
                "poll_cpu_pct": statistics.median(r["poll_cpu_pct"] for r in rs),
                "animated_cells": max(r["animated_cells"] for r in rs),
                "compared_cells": min(r["compared_cells"] for r in rs),
                "cells": cells,
                "sample_ms": sample_ms,
            }
            data["process_names"][key] = sorted({n for r in rs for n in r["process_names"]})
    # How alike the two settled attract screens are: pixels that differ by more
    # than 10 % (ImageMagick's compare), as a share of the screen.
    first_totem = next((k for k in programs if k != "browser"), None)
    shots = [args.screenshots.format(program=k) for k in (first_totem, "browser")]
    if (args.screenshots and first_totem and "browser" in programs
            and all(os.path.exists(p) for p in shots) and shutil.which("compare")):
        out = subprocess.run(["compare", "-metric", "AE", "-fuzz", "10%", *shots, "null:"],
                             capture_output=True, text=True)
        try:
            data["screens_differ_pct"] = float(out.stderr.split()[0]) / (WIDTH * HEIGHT) * 100
            data["screens_compared"] = [in_repo(p) for p in shots]
        except (ValueError, IndexError):
            pass
    with open(args.json, "w") as f:
        json.dump(data, f, indent=1)
    if "browser" in programs and len(programs) >= 2:
        write_section(args.out, markdown(data))
        log(f"bench-ui: wrote {args.out} and {args.json}")
    else:
        log(f"bench-ui: one program only; wrote {args.json}, left {args.out} alone")
    for key in data["stats"]:
        for m, label, d in METRICS:
            log(f"{key:8} {label:45} {fmt(data['stats'][key][m], d)}")
        for kind, st in data["stats"][key]["pss_by_mapping_mib"].items():
            log(f"{key:8} {'PSS, ' + kind + ' (MiB)':45} {fmt(st, 1)}")


if __name__ == "__main__":
    main()
