#!/usr/bin/env python3
"""Touches per flow and the kiosk's memory over many sessions, in the real window.

    scripts/bench-sessions                  # installs, builds (release), 200 sessions
    python3 scripts/bench/bench_sessions.py --sessions 20 --shots

Starts a virtual screen (Xvfb 1080x1920) with matchbox and `totem-sim demo`
(release build): the reference registry, both device emulators on
pseudo-terminals, the demo control API and the kiosk window (`totem run`,
fullscreen). Then, session after session, as a person would:

  recover      attract -> Espanol -> Recuperar Clave Unica -> card -> finger
               -> the activation code read off the screen -> typed -> a new
               password twice -> "Su Clave Unica esta activa" -> Terminar
  certificate  attract -> Espanol -> Certificados gratuitos -> Nacimiento ->
               Matricula escolar -> a RUN on the keypad -> Continuar ->
               Imprimir -> "Retire su certificado" -> Terminar

Touches are `xdotool mousemove X Y click 1` on the screen and are counted;
the card and the finger are calls to the demo control API (bytes on the
emulated scanner's and reader's serial lines) and are counted apart.

How a screen is recognised: the kiosk logs every change of screen as a JSON
line `{"screen":"PresentCard","message":"screen",...}` (screen names only, no
personal data) on its stdout, which `totem-sim demo` passes through to the log
this script reads; every expected screen is waited for there (polled every
20 ms). That the frame reached the X screen too is checked by pixels: a
sample of the screen (48 rows, xscreen.py) must differ from the previous
screen's. The activation code is read off the screen: the blue letters are
cut out by colour (XGetImage), each letter's bitmap is looked up in a cache
and only an unknown bitmap is read by tesseract (three scales, majority).

Whether a flow really succeeded is checked afterwards, not assumed: the
registry's SQLite file must hold one more activation code in state `used`
(recover) or one more certificate with delivery `printed` (certificate), the
kiosk's Prometheus endpoint must count one more completed session of that
flow, and a certificate must have appeared in the demo's printed folder.

Memory: VmRSS and Pss (/proc/PID/smaps_rollup) of the kiosk process (`totem`,
the child of totem-sim) on the attract screen, before the first session and
after every session (settled for --settle seconds); the table shows sessions
1, 10, 50, 100, 200.

Writes docs/bench/sessions-<date>.json (every figure) and, with --write-doc,
the bench-sessions section of docs/performance.md.
"""

import argparse
import glob
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
import xscreen  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

# The e2e test's kiosk driver: starts Xvfb + matchbox + `totem-sim demo`, and
# knows the layout (choices, keyboards) through docs/screenshots/take.py.
_spec = importlib.util.spec_from_file_location("recover_e2e", os.path.join(ROOT, "tests", "e2e", "recover.py"))
recover_e2e = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(recover_e2e)

EMAIL = "demo@correo"  # then the ".cl" key
FIRST_ISSUE_CITIZENS = [44000066, 44000077, 44000088, 46075990]  # no key yet (docs/demo.md)
PASSWORD = "Clave123"  # the policy's minimum: 8 characters, a capital, a digit
RECOVER_CITIZENS = [44000055, 44000044, 46047770]  # demo citizens with a key (docs/demo.md)
CERTIFICATE_SUBJECTS = [44000055, 44000044, 44000066, 44000011, 44000077]
CHECKPOINTS = [1, 10, 50, 100, 200]
BEGIN = "<!-- bench-sessions:begin (written by scripts/bench-sessions; edit the script, not this) -->"
END = "<!-- bench-sessions:end -->"


def run_dv(body):
    """The RUN's check digit (módulo 11)."""
    total, factor = 0, 2
    for d in reversed(str(body)):
        total += int(d) * factor
        factor = 2 if factor == 7 else factor + 1
    dv = 11 - total % 11
    return {11: "0", 10: "K"}.get(dv, str(dv))


class Failed(Exception):
    pass


class Kiosk(recover_e2e.Demo):
    """The demo's kiosk window, with counted touches and the kiosk's own
    screen log as the way to know where it is."""

    def __init__(self, display, out, state_dir, pace, finger_delay):
        super().__init__(display, out, state_dir)
        self.pace = pace
        self.finger_delay = finger_delay
        self.placed_again = 0
        self.touches = []  # labels of the touches of the current session
        self.placements = []  # card / finger, through the control API
        self._label = None
        self._log_pos = 0
        self._partial = b""
        self.seen = []  # screens, in order, since the start
        self.screen = None
        self.frame = None
        self.frames_not_changed = []  # screens whose frame did not settle or change in 3 s
        self.glyphs = {}  # letter bitmap -> letter
        self.template_margins = []  # second-best / best template distance, per letter classified
        self.ocr_reads = 0
        self.shots = False

    # ---- the pieces of the demo ----

    @property
    def demo_dir(self):
        return os.path.join(self.state_dir, "demo")

    def kiosk_pid(self):
        sim = self.procs[-1].pid
        for pid in common.children(sim):
            if common.comm(pid) == "totem":
                return pid
        raise Failed("the kiosk process (totem, child of totem-sim) is not running")

    def metrics_url(self):
        for path in glob.glob(os.path.join(self.demo_dir, "kiosk-config", "*.toml")):
            m = re.search(r'^metrics_listen\s*=\s*"([^"]+)"', open(path).read(), re.M)
            if m:
                return f"http://{m.group(1)}/metrics"
        raise Failed("no metrics_listen in the demo's kiosk config")

    def metrics(self):
        """Prometheus text -> {'name{labels}': value}."""
        with urllib.request.urlopen(self._metrics_url, timeout=5) as r:
            text = r.read().decode()
        out = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                try:
                    out[name] = float(value)
                except ValueError:
                    pass
        return out

    def registry_counts(self):
        db = sqlite3.connect(f"file:{os.path.join(self.demo_dir, 'registry.sqlite')}?mode=ro", uri=True, timeout=10)
        try:
            used = db.execute("SELECT count(*) FROM activation_codes WHERE state = 'used'").fetchone()[0]
            printed = db.execute("SELECT count(*) FROM certificates WHERE delivery = 'printed'").fetchone()[0]
        finally:
            db.close()
        return {"codes_used": used, "certificates_printed": printed}

    def printed_files(self):
        return len(glob.glob(os.path.join(self.demo_dir, "printed", "*.pdf")))

    def start(self, totem_sim, totem=None):
        super().start(totem_sim, totem)
        self.xs = xscreen.Screen(self.display, self.width, self.height)
        self._metrics_url = self.metrics_url()

    def stop(self):
        if getattr(self, "xs", None):
            self.xs.close()
        super().stop()

    # ---- where the kiosk is: its screen log ----

    def _read_log(self):
        with open(self.log_path, "rb") as f:
            f.seek(self._log_pos)
            data = f.read()
        self._log_pos += len(data)
        data = self._partial + data
        lines = data.split(b"\n")
        self._partial = lines.pop()
        for line in lines:
            if b'"message":"screen"' not in line:
                continue
            try:
                self.seen.append(json.loads(line)["screen"])
            except (ValueError, KeyError):
                continue
            self.screen = self.seen[-1]

    def expect(self, screen, timeout=15.0):
        """Waits until the kiosk's latest screen starts with `screen`, then
        until the X screen shows a frame other than the previous screen's."""
        end = time.monotonic() + timeout
        while True:
            self._read_log()
            current = self.screen or "Attract"  # the first screen is not a change
            if current.startswith(screen):
                break
            if self.procs[-1].poll() is not None:
                raise Failed(f"the demo ended while waiting for {screen}")
            if time.monotonic() > end:
                raise Failed(f"waited {timeout:.0f} s for screen {screen}; it is {current} "
                             f"(last screens: {' '.join(self.seen[-6:])})")
            time.sleep(0.02)
        # The frame of that screen: iced draws within a frame of the change
        # (touch to frame is ~20 ms, docs/performance.md), so the screen is
        # taken once it has been still for 40 ms, at least 80 ms after the
        # log line, and differs from the last screen's frame. Until then it
        # may still show a screen in between (Verificando su huella...).
        seen_at = time.monotonic()
        frame_end = seen_at + 3.0
        time.sleep(0.08)
        before = self.xs.sample()
        while True:
            time.sleep(0.04)
            sample = self.xs.sample()
            if sample == before and sample != self.frame:
                break
            if time.monotonic() > frame_end:
                self.frames_not_changed.append(screen)
                break
            before = sample
        self.frame = sample
        if self.shots:
            self.shot(screen.lower())

    def screens(self):
        return self.seen

    # ---- what the person does ----

    def touch(self, x, y, label=None):
        self.touches.append(label or self._label or "touch")
        subprocess.run(["xdotool", "mousemove", str(int(x)), str(int(y)), "click", "1"], env=self.env, check=True)
        time.sleep(self.pace)

    def _press(self, rows, c, top, key_h, gap, left, width, layout):
        # Keys by kind, never the character: codes and passwords stay out of the output.
        outer = self._label
        self._label = outer or (f"{layout} shift" if c == "^" else f"{layout} key")
        try:
            super()._press(rows, c, top, key_h, gap, left, width, layout)
        finally:
            self._label = outer

    def place(self, what, path, body):
        self.placements.append(what)
        self.control_call(path, body)

    def control_call(self, path, body):
        req = urllib.request.Request(self.control + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                r.read()
        except OSError as e:
            raise Failed(f"demo control {path}: {e}") from e

    # ---- the activation code, off the screen ----

    def read_code(self, timeout=5.0):
        """Six blue capitals under the title: cut out by colour, each letter's
        bitmap looked up in the cache, unknown ones read by tesseract."""
        top, height = 250, 500
        end = time.monotonic() + timeout
        letters = None
        while time.monotonic() < end:
            rows = self.xs.rect(0, top, self.width, height)
            letters = self._letters(rows)
            if len(letters) == 6:
                break
            time.sleep(0.05)
        if not letters or len(letters) != 6:
            raise Failed(f"expected 6 blue letters on the code screen, found {len(letters or [])}")
        self.last_bitmaps = letters
        code = ""
        for bitmap in letters:
            if bitmap not in self.glyphs:
                self.glyphs[bitmap] = self._classify(bitmap)
            code += self.glyphs[bitmap]
        return code

    GRID = (20, 24)

    @classmethod
    def _shape(cls, bitmap):
        """A letter's ink as fractions on a fixed grid over its bounding box,
        and its aspect ratio: comparable across sizes and renderers."""
        w, bits = bitmap
        h = len(bits) // w
        gw, gh = cls.GRID
        cells = []
        for gy in range(gh):
            y0 = gy * h // gh
            y1 = max(y0 + 1, (gy + 1) * h // gh)
            for gx in range(gw):
                x0 = gx * w // gw
                x1 = max(x0 + 1, (gx + 1) * w // gw)
                ink = sum(bits[y * w + x0:y * w + x1].count(1) for y in range(y0, y1))
                cells.append(ink / ((y1 - y0) * (x1 - x0)))
        return cells, w / h

    def _templates(self):
        """A-Z in the kiosk's bold font (assets/fonts/NotoSans-Bold.ttf, the
        code screen's font), drawn by ImageMagick."""
        if getattr(self, "_tpl", None) is None:
            font = os.path.join(ROOT, "assets", "fonts", "NotoSans-Bold.ttf")
            self._tpl = {}
            for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
                pgm = subprocess.run(["convert", "-background", "white", "-fill", "black", "-font", font,
                                      "-pointsize", "120", f"label:{letter}", "-trim", "+repage",
                                      "-threshold", "50%", "-compress", "none", "pgm:-"],
                                     capture_output=True, text=True, check=True).stdout.split()
                w, h, top = int(pgm[1]), int(pgm[2]), int(pgm[3])
                bits = bytes(1 if int(v) < top // 2 else 0 for v in pgm[4:4 + w * h])
                self._tpl[letter] = self._shape((w, bits))
        return self._tpl

    def _classify(self, bitmap):
        """The nearest template letter; tesseract decides when two are close."""
        cells, aspect = self._shape(bitmap)
        scored = []
        for letter, (tcells, taspect) in self._templates().items():
            d = sum(abs(a - b) for a, b in zip(cells, tcells)) / len(cells)
            d += abs(aspect - taspect) / max(aspect, taspect)
            scored.append((d, letter))
        scored.sort()
        (d1, best), (d2, second) = scored[0], scored[1]
        self.template_margins.append(round(d2 / max(d1, 1e-9), 2))
        if d2 < 1.3 * d1:
            read = self._ocr_letter(bitmap)
            if read in (best, second):
                return read
            raise Failed(f"activation code letter: templates say {best} or {second}, tesseract {read}")
        return best

    @staticmethod
    def _letters(rows):
        ink = []
        for row in rows:
            r, b = row[0::3], row[2::3]
            ink.append(bytes(1 if bb - rr > 76 else 0 for rr, bb in zip(r, b)))
        w = len(ink[0])
        runs = recover_e2e.take.dark_runs(any(line[x] for line in ink) for x in range(w))
        out = []
        for x0, x1 in runs:
            ys = [y for y, line in enumerate(ink) if any(line[x0:x1])]
            out.append((x1 - x0, b"".join(ink[y][x0:x1] for y in range(ys[0], ys[-1] + 1))))
        return out

    def _ocr_letter(self, bitmap):
        w, bits = bitmap
        h = len(bits) // w
        rows = [bytes(0 if bits[y * w + x] else 255 for x in range(w) for _ in range(3)) for y in range(h)]
        path = os.path.join(self.state_dir, "letter.png")
        xscreen.write_png(path, rows, w, h)
        votes = []
        # Single letters: tesseract reads them at some sizes and returns
        # nothing at others; the majority of the readings that said something.
        for scale in (40, 60, 100, 150):
            scaled = os.path.join(self.state_dir, "letter-scaled.png")
            subprocess.run(["convert", path, "-resize", f"{scale}%", "-bordercolor", "white", "-border", "30",
                            scaled], check=True)
            r = subprocess.run(["tesseract", scaled, "stdout", "-l", "eng", "--psm", "10",
                                "-c", "tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
                               capture_output=True, text=True)
            if r.stdout.strip():
                votes.append(r.stdout.strip()[:1])
        self.ocr_reads += 1
        if not votes:
            raise Failed("could not read a letter of the activation code")
        best = max(set(votes), key=votes.count)
        return best

    # ---- the flows ----

    def begin(self):
        self._read_log()
        if not (self.screen or "Attract").startswith("Attract"):
            self.expect("Attract")
        self.touch(self.width / 2, self.height / 2, "attract: touch the screen")
        self.expect("Language")
        self.touch(*self._choice_at(1), "language: Español")
        self.expect("Menu")

    def _choice_at(self, index_from_bottom, height=200):
        y = self.body_bottom() - height / 2 - index_from_bottom * (height + 30)
        return self.width / 2, y

    def recover(self, citizen):
        self.begin()
        self.touch(*self._choice_at(1), "menu: Recuperar ClaveÚnica")
        self.expect("PresentCard")
        self.place("card", "/demo/card", {"run_body": citizen, "carrier": "qr"})
        self.expect("PlaceFinger", 20)
        self.place_finger(citizen)
        self.activate(self.read_code())

    def activate(self, code):
        """From the code shown to "Su ClaveÚnica está activa"."""
        self.touch(self.width * 0.73, self.body_bottom() - 64, "code shown: Continuar")
        self.expect("CodeEntry")
        self.type(code, "code")
        self.touch(self.width / 2, 531, "code: Continuar")
        self.expect("NewPassword")
        self.type(PASSWORD, "password")
        self.touch(self.width * 0.73, 598, "password: Continuar (to the repeat)")
        self.type(PASSWORD, "password")
        self.touch(self.width * 0.73, 598, "password: Activar mi ClaveÚnica")
        self.expect("Done", 30)

    def first_issue(self, citizen):
        """Obtener ClaveÚnica (primera vez): as recover, with an e-mail for
        recovery typed before the code is shown."""
        self.begin()
        self.touch(*self._choice_at(2), "menu: Obtener ClaveÚnica (primera vez)")
        self.expect("PresentCard")
        self.place("card", "/demo/card", {"run_body": citizen, "carrier": "qr"})
        self.expect("PlaceFinger", 20)
        self.place_finger(citizen, until="Email")
        self.type(EMAIL, "email")
        self._label = "email key .cl"
        self.type("C", "email")  # the ".cl" key
        self._label = None
        self.touch(self.width / 2, self.primary_button_y(), "e-mail: Continuar")
        self.expect("ShowCode", 30)
        self.activate(self.read_code())

    def primary_button_y(self, top=400, bottom=1100):
        """The middle of the first button in the accent blue below the form's
        field, found by its pixels (its place depends on the lines above it)."""
        column = self.xs.rect(80, top, 1, bottom - top)  # inside the button, left of its label
        run = []
        for y, (r, g, b) in enumerate(column, start=top):
            if abs(r - 10) < 12 and abs(g - 74) < 12 and abs(b - 164) < 12:
                run.append(y)
            elif len(run) >= 60:
                break
            else:
                run = []
        if len(run) < 60:
            raise Failed("no enabled button in the accent blue under the field")
        return (run[0] + run[-1]) / 2

    def place_finger(self, citizen, timeout=30.0, until="ShowCode"):
        """The right index, placed the way a person does: a moment after the
        screen asks for it. The reader takes a finger that is already on the
        sensor when its capture begins for the last try's finger, not lifted,
        and asks to lift and place again: then it is placed again (counted)."""
        time.sleep(self.finger_delay)
        self.place("finger", "/demo/finger", {"run_body": citizen, "finger": 1})
        mark = len(self.seen)
        end = time.monotonic() + timeout
        while True:
            self._read_log()
            if self.screen.startswith(until):
                break
            since = self.seen[mark:]
            if "PlaceFinger(LiftAndPlaceAgain)" in since and self.screen == "PlaceFinger(Waiting)":
                self.placed_again += 1
                time.sleep(self.finger_delay)
                self.place("finger again (asked to lift and place again)", "/demo/finger",
                           {"run_body": citizen, "finger": 1})
                mark = len(self.seen)
            if time.monotonic() > end:
                raise Failed(f"waited {timeout:.0f} s for screen {until}; it is {self.screen} "
                             f"(last screens: {' '.join(self.seen[-6:])})")
            time.sleep(0.02)
        self.expect(until)

    def certificate(self, subject):
        self.begin()
        self.touch(*self._choice_at(0), "menu: Certificados gratuitos")
        self.expect("Families")
        self.touch(self.side() + 200, 144 + 78 + 30 + 75, "families: Nacimiento")
        self.expect("Purposes")
        self.touch(self.width / 2, 144 + 78 + 26 + 47 + 26 + 150 + 26 + 75, "purposes: Matrícula escolar")
        self.expect("RunEntry")
        keypad_left = (self.width - 640) / 2
        keypad_top = 144 + 78 + 24 + 37 + 24 + 151 + 24 + 37 + 24
        layout = ["123", "456", "789", "K0<"]
        for c in f"{subject}{run_dv(subject)}":
            r = next(i for i, row in enumerate(layout) if c in row)
            col = layout[r].index(c)
            self.touch(keypad_left + col * 642 / 3 + 100, keypad_top + r * 134 + 60, "run keypad")
        self.touch(self.width / 2, keypad_top + 4 * 134 + 10 + 64, "run: Continuar")
        self.expect("Confirm")
        self.touch(self.width / 2, self.body_bottom() - 64, "confirm: Imprimir")
        self.expect("TakeIt", 60)

    def finish(self, take_it):
        """After the flow: Terminar, then a touch on the goodbye screen (it
        would also return by itself after 6 s)."""
        if take_it:
            self.touch(self.width * 0.73, self.body_bottom() - 64, "take it: Terminar")
        else:
            self.touch(self.width / 2, self.body_bottom() - 64, "done: Terminar")
        self.expect("Goodbye")
        self.touch(self.width / 2, self.height / 2, "goodbye: touch")
        self.expect("Attract")


def machine(bin_dir):
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "crates", "sim"],
                           capture_output=True, text=True).stdout.strip() != ""
    built = datetime.fromtimestamp(os.path.getmtime(os.path.join(bin_dir, "totem")), timezone.utc)
    return dict(common.machine(ROOT), source_tree_dirty=dirty,
                totem_built=built.strftime("%Y-%m-%d %H:%M UTC"))


def mib(kib):
    return round(kib / 1024, 1)


def markdown(data):
    lines = []
    m = data["machine"]
    lines.append(f"Measured {data['when']} by `{data['command']}`.")
    lines.append("")
    lines.append(f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['mem_mib']} MiB RAM, Linux {m['kernel']}. "
                 f"Load average before / after: {data['load_before']} / {data['load_after']} "
                 f"(other work shared the machine). Source at the start of the run: git {m['git_head']}"
                 f"{' with uncommitted changes in src/, crates/ or sim/' if m['source_tree_dirty'] else ''}"
                 f"{'; the kiosk binary was built ' + m['totem_built'] if m.get('totem_built') else ''}."
                 f"{' ' + m['note'] if m.get('note') else ''}"
                 f" Environment of the kiosk: {data['env'] or 'nothing set'}.")
    lines.append("")
    lines.append("**Touches on the screen** (card and finger are placements on the devices, counted apart):")
    lines.append("")
    lines.append("| Flow | Touches to the goal | Placements | Touches to leave (Terminar, goodbye) |")
    lines.append("|---|---|---|---|")
    for flow, t in data["touches"].items():
        lines.append(f"| {t['goal']} | {t['to_goal']} | {', '.join(t['placements']) or 'none'} | {t['to_leave']} |")
    lines.append("")
    for flow, t in data["touches"].items():
        lines.append(f"- {flow}: " + "; ".join(f"{label} ×{n}" if n > 1 else label for label, n in t["grouped"]))
    lines.append("")
    s = data["sessions"]
    lines.append(f"**Sessions**: {s['done']} run ({s['by_flow']}), {s['failed']} failed; "
                 f"checked against the registry ({s['registry']}) and the kiosk's counters ({s['metrics']}). "
                 f"{data['duration_s'] / 60:.0f} min in all, {data['per_session_s']:.1f} s per session.")
    lines.append("")
    lines.append("**Memory of the kiosk process** (`totem`, on the attract screen, "
                 f"{data['settle_s']} s after it returned):")
    lines.append("")
    lines.append("| After session | RSS (MiB) | PSS (MiB) | of the RSS: anonymous | file-backed | shared memory |")
    lines.append("|---|---|---|---|---|---|")
    for row in data["table"]:
        lines.append(f"| {row['after']} | {row['rss_mib']} | {row['pss_mib']} | {row.get('RssAnon', '')} | "
                     f"{row.get('RssFile', '')} | {row.get('RssShmem', '')} |")
    lines.append("")
    g = data["growth"]
    lines.append(f"RSS from session {g['from']} to {g['to']}: {g['rss_mib']:+.1f} MiB "
                 f"(PSS {g['pss_mib']:+.1f} MiB); the largest RSS seen after any session: {g['max_rss_mib']} MiB "
                 f"(after session {g['max_rss_after']}). Target RSS under 60 MB: "
                 f"{'met' if g['max_rss_mib'] * 1.048576 < 60 else 'NOT met'}.")
    hwm = data["samples"][-1].get("detail_kib", {}).get("VmHWM")
    if hwm:
        lines.append("")
        lines.append(f"Peak RSS of the kiosk over the whole run, in the middle of sessions too (VmHWM): "
                     f"{mib(hwm)} MiB.")
    lines.append("")
    lines.append(f"Screens recognised from the kiosk's screen log; frames that did not change on the X "
                 f"screen within 3 s of a new screen: {len(data['frames_not_changed'])}"
                 f"{' (' + ', '.join(data['frames_not_changed'][:10]) + ')' if data['frames_not_changed'] else ''}. "
                 f"Activation-code letters: "
                 f"{data['letters_classified']} distinct bitmaps matched against A-Z drawn in the kiosk's font "
                 f"(the nearest at least {data['template_margin_min']}x closer than the next), "
                 f"{data['ocr_letters']} close calls read by tesseract. "
                 f"The finger was placed {data['finger_delay_s']} s after the screen asked for it; placed "
                 f"again because the reader asked to lift and place again: {data['finger_placed_again']} times.")
    return "\n".join(lines)


def group(labels):
    out = []
    for label in labels:
        if out and out[-1][0] == label:
            out[-1][1] += 1
        else:
            out.append([label, 1])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--settle", type=float, default=1.5, help="seconds on attract before reading memory")
    ap.add_argument("--pace", type=float, default=0.04, help="seconds after each touch")
    ap.add_argument("--finger-delay", type=float, default=0.8,
                    help="seconds between the screen asking for the finger and the finger on the sensor")
    ap.add_argument("--first-issue", type=int, default=0, choices=range(0, len(FIRST_ISSUE_CITIZENS) + 1),
                    help="the first K sessions are first issues (the demo has 4 citizens without a key)")
    ap.add_argument("--sample-every", type=int, default=5, help="memory after every Nth session (and 1, 10, 50...)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release"), help="folder of totem and totem-sim")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "bench"))
    ap.add_argument("--write-doc", action="store_true", help="rewrite the section of docs/performance.md")
    ap.add_argument("--shots", action="store_true", help="a screenshot of every screen of the first two sessions")
    ap.add_argument("--command", default="python3 scripts/bench/bench_sessions.py")
    ap.add_argument("--from-json", help="only write the docs section again from a run's JSON")
    args = ap.parse_args()
    if args.from_json:
        with open(args.from_json) as f:
            common.write_section(os.path.join(ROOT, "docs", "performance.md"), markdown(json.load(f)), BEGIN, END)
        return
    for tool in ["Xvfb", "matchbox-window-manager", "xdotool", "import", "convert", "tesseract"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (scripts/bench-sessions installs it)")
    totem_sim = os.path.join(args.bin, "totem-sim")
    if not os.access(totem_sim, os.X_OK):
        sys.exit(f"{totem_sim} is not built (cargo build --release -p totem -p totem-sim --features totem/demo)")
    shots_dir = os.path.join(ROOT, "target", "bench-sessions")
    os.makedirs(shots_dir, exist_ok=True)
    state = tempfile.mkdtemp(prefix="totem-bench-sessions-")
    k = Kiosk(f":{common.free_display(120)}", shots_dir, state, args.pace, args.finger_delay)
    load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    host = machine(args.bin)
    started = time.time()
    samples = []
    touches = {}
    failures = []
    by_flow = {"first_issue": 0, "recover": 0, "certificate": 0}
    try:
        k.start(totem_sim)
        k.expect("Attract", 30)
        time.sleep(3.0)
        pid = k.kiosk_pid()
        rss, pss = common.memory_kib([pid])
        samples.append({"after": 0, "rss_kib": rss, "pss_kib": pss, "t": 0.0,
                        "detail_kib": common.memory_detail_kib(pid)})
        print(f"kiosk pid {pid}; before the first session: RSS {mib(rss)} MiB, PSS {mib(pss)} MiB", flush=True)
        reg0, met0, files0 = k.registry_counts(), k.metrics(), k.printed_files()
        for n in range(1, args.sessions + 1):
            m = n - args.first_issue
            flow = "first_issue" if m <= 0 else "recover" if m % 2 == 1 else "certificate"
            k.shots = args.shots and n <= 2
            k.touches, k.placements = [], []
            reg, met, files = k.registry_counts(), k.metrics(), k.printed_files()
            t0 = time.monotonic()
            try:
                if flow == "first_issue":
                    k.first_issue(FIRST_ISSUE_CITIZENS[n - 1])
                elif flow == "recover":
                    k.recover(RECOVER_CITIZENS[(m // 2) % len(RECOVER_CITIZENS)])
                else:
                    k.certificate(CERTIFICATE_SUBJECTS[(m // 2) % len(CERTIFICATE_SUBJECTS)])
                to_goal = list(k.touches)
                k.finish(flow == "certificate")
            except Failed as e:
                failures.append({"session": n, "flow": flow, "error": str(e), "screens": k.seen[-8:]})
                print(f"session {n} ({flow}) FAILED: {e}", flush=True)
                k.shot(f"failed-{n}")
                # A letter read wrongly must not stay in the cache.
                for bitmap in getattr(k, "last_bitmaps", []):
                    k.glyphs.pop(bitmap, None)
                # Back to attract the way a person who gives up does: wait for the timeout.
                k.expect("Attract", 150)
                continue
            # The flow really happened: the registry and the kiosk's counters agree.
            reg2, met2 = k.registry_counts(), k.metrics()
            key = f'totem_sessions_completed_total{{flow="{flow}"}}'
            if flow in ("recover", "first_issue"):
                ok = reg2["codes_used"] == reg["codes_used"] + 1
            else:
                ok = (reg2["certificates_printed"] == reg["certificates_printed"] + 1
                      and k.printed_files() > files)
            ok = ok and met2.get(key, 0) == met.get(key, 0) + 1
            if not ok:
                failures.append({"session": n, "flow": flow, "error": "not confirmed by registry/metrics",
                                 "registry": [reg, reg2], "metric": [met.get(key), met2.get(key)]})
                print(f"session {n} ({flow}): NOT confirmed: registry {reg} -> {reg2}, {key} "
                      f"{met.get(key)} -> {met2.get(key)}", flush=True)
                continue
            by_flow[flow] += 1
            leave = k.touches[len(to_goal):]
            if flow not in touches:
                touches[flow] = {
                    "goal": {"recover": "attract → active key (recover)",
                             "first_issue": "attract → active key (first issue, with an e-mail)",
                             "certificate": "attract → printed certificate (birth, for a RUN)"}[flow],
                    "to_goal": len(to_goal), "list": to_goal, "grouped": group(to_goal),
                    "placements": list(k.placements), "to_leave": len(leave), "leave": leave,
                }
            elif len(to_goal) != touches[flow]["to_goal"]:
                failures.append({"session": n, "flow": flow, "error": f"{len(to_goal)} touches, not "
                                 f"{touches[flow]['to_goal']}"})
            if n not in CHECKPOINTS and n % args.sample_every and n != args.sessions:
                continue
            time.sleep(args.settle)
            rss, pss = common.memory_kib([pid])
            samples.append({"after": n, "rss_kib": rss, "pss_kib": pss, "t": round(time.time() - started, 1),
                            "flow": flow, "session_s": round(time.monotonic() - t0, 2),
                            "detail_kib": common.memory_detail_kib(pid)})
            if n in CHECKPOINTS or n % 10 == 0 or n == args.sessions:
                print(f"after session {n} ({flow}, {time.monotonic() - t0:.1f} s): RSS {mib(rss)} MiB, "
                      f"PSS {mib(pss)} MiB; failures so far {len(failures)}", flush=True)
        reg_end, met_end, files_end = k.registry_counts(), k.metrics(), k.printed_files()
    finally:
        k.stop()
    duration = time.time() - started
    done = sum(by_flow.values())
    by_after = {s["after"]: s for s in samples}
    table = [{"after": a, "rss_mib": mib(by_after[a]["rss_kib"]), "pss_mib": mib(by_after[a]["pss_kib"]),
              **{k: mib(v) for k, v in by_after[a].get("detail_kib", {}).items() if k != "VmRSS"}}
             for a in sorted({0, *CHECKPOINTS, max(by_after)}) if a in by_after]
    first, last = (10 if 10 in by_after else 1), max(by_after)
    top = max(samples, key=lambda s: s["rss_kib"])
    metric = {f: met_end.get(f'totem_sessions_completed_total{{flow="{f}"}}', 0)
              - met0.get(f'totem_sessions_completed_total{{flow="{f}"}}', 0) for f in by_flow}
    data = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": args.command,
        "machine": host,
        "env": " ".join(f"{v}={os.environ[v]}" for v in ["GLIBC_TUNABLES", "MALLOC_ARENA_MAX"] if v in os.environ),
        "load_before": load_before,
        "load_after": " ".join(open("/proc/loadavg").read().split()[:3]),
        "settle_s": args.settle,
        "pace_s": args.pace,
        "password_length": len(PASSWORD),
        "touches": touches,
        "sessions": {
            "asked": args.sessions, "done": done, "failed": len(failures),
            "by_flow": ", ".join(f"{v} {f}" for f, v in by_flow.items()),
            "registry": f"activation codes used +{reg_end['codes_used'] - reg0['codes_used']}, certificates "
                        f"printed +{reg_end['certificates_printed'] - reg0['certificates_printed']}, "
                        f"PDFs in the printed folder +{files_end - files0}",
            "metrics": ", ".join(f"sessions completed {f} +{v:.0f}" for f, v in metric.items()),
        },
        "failures": failures,
        "duration_s": round(duration),
        "per_session_s": duration / max(1, args.sessions),
        "table": table,
        "growth": {"from": first, "to": last,
                   "rss_mib": mib(by_after[last]["rss_kib"] - by_after[first]["rss_kib"]),
                   "pss_mib": mib(by_after[last]["pss_kib"] - by_after[first]["pss_kib"]),
                   "max_rss_mib": mib(top["rss_kib"]), "max_rss_after": top["after"]},
        "frames_not_changed": k.frames_not_changed,
        "ocr_letters": k.ocr_reads,
        "letters_classified": len(k.template_margins),
        "template_margin_min": min(k.template_margins, default=None),
        "finger_placed_again": k.placed_again,
        "finger_delay_s": args.finger_delay,
        "samples": samples,
    }
    os.makedirs(args.out, exist_ok=True)
    tag = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
    suffix = "-mmap-threshold" if "GLIBC_TUNABLES" in os.environ else ""
    path = os.path.join(args.out, f"sessions-{tag}{suffix}.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")
    text = markdown(data)
    print()
    print(text)
    print(f"\n(written {os.path.relpath(path, ROOT)})")
    if args.write_doc:
        common.write_section(os.path.join(ROOT, "docs", "performance.md"), text, BEGIN, END)
    if failures or done != args.sessions:
        sys.exit(f"{len(failures)} sessions failed; the demo's state and log are in {state}")
    # The demo's registry file and printed certificates (synthetic people) go with it.
    shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main()
