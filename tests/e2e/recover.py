#!/usr/bin/env python3
"""The recover flow through the real kiosk window, driven by touches.

    tests/e2e/recover.sh            # installs what it needs, builds, runs this
    python3 tests/e2e/recover.py [--no-build] [--out DIR] [--display :N]
                                 [--via-panel] [--totem PATH]

Starts a virtual screen (Xvfb 1080x1920) and a window manager (matchbox),
then `totem-sim demo`: the reference registry, both device emulators on
pseudo-terminals, the demo control API and the kiosk window (`totem run`)
with the demo's config. Then, as a person would with the demo panel:

  touch the screen → Español → Recuperar ClaveÚnica → the card of María José
  González (44.000.055-K, demo citizen with a key) on the scanner → a wrong
  finger (no match, one try used; without --via-panel it is left on the
  sensor, so the kiosk asks to lift it, then it is lifted) → her right
  index → the activation code,
  read off the screen → typed on the on-screen keyboard → a new password typed
  twice → "Su ClaveÚnica está activa".

Touches are `xdotool mousemove X Y click 1`; the card and the fingers are
calls to the demo control API (curl), i.e. real bytes on the emulated
scanner's and reader's serial lines. With --via-panel they go through the
demo panel in the window instead: touch the DEMO tab, the citizen's RUN,
"Present card" / "Wrong finger" / "Right finger" (found on the screen by
their words), and close it. Each step waits until the screen shows
the words it expects: a screenshot (`import -window root`) read by tesseract,
so the test sees what a person sees, not a log line. The code is read the same
way. Screenshots of every step go to --out (default target/e2e/recover).

Exit 0 only when the last screen says "Su ClaveÚnica está activa".
Needs: Xvfb, matchbox-window-manager, xdotool, ImageMagick, tesseract-ocr
(+ tesseract-ocr-spa), curl.
"""

import argparse
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The touch positions of every key and button live in one place, next to the
# ui's layout: docs/screenshots/take.py (the screenshot driver).
_spec = importlib.util.spec_from_file_location("take", os.path.join(ROOT, "docs", "screenshots", "take.py"))
take = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(take)

CITIZEN = 44000055  # María José González Núñez: valid card, has a key (docs/registry.md)
RUN = "44.000.055-K"
PASSWORD = "claveSegura7"


def plain(text):
    """Lower case, no accents, one space: what OCR text is compared as."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_display():
    n = 91
    while os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
        n += 1
    return f":{n}"


class Demo(take.Kiosk):
    """The kiosk of `totem-sim demo` on a virtual screen."""

    def __init__(self, display, out, state_dir):
        super().__init__(display, 1080, 1920, out, os.path.join(state_dir, "demo.log"))
        self.state_dir = state_dir
        self.control = f"http://127.0.0.1:{free_port()}"
        self.ocr_lang = "spa" if "spa" in subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split() else "eng"
        self.step = 0

    def start(self, totem_sim, totem=None):
        self.start_screen()
        self.log = open(self.log_path, "w")
        self.procs.append(subprocess.Popen(
            [totem_sim, "demo", "--state-dir", os.path.join(self.state_dir, "demo"),
             "--control", self.control.removeprefix("http://"), *(["--totem", totem] if totem else [])],
            env=dict(self.env, NO_COLOR="1"), stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT))
        self.wait_for("the demo to be ready", lambda: "\nready" in open(self.log_path).read(), 60)
        self.wait_for("the kiosk window", self.window_up, 60)

    def screens(self):
        return []  # this test reads the screen, not the log

    def wait_for(self, what, predicate, timeout=8.0):
        end = time.time() + timeout
        while time.time() < end:
            if predicate():
                return
            if self.procs and any(p.poll() is not None for p in self.procs):
                sys.exit(f"FAIL: a process ended while waiting for {what}; log: {self.log_path}")
            time.sleep(0.2)
        sys.exit(f"FAIL: timed out waiting for {what}; log: {self.log_path}")

    # ---- what a person sees ----

    def grab(self, path):
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True)

    def read_screen(self, path=None):
        path = path or os.path.join(self.state_dir, "screen.png")
        self.grab(path)
        r = subprocess.run(["tesseract", path, "stdout", "-l", self.ocr_lang, "--psm", "3"],
                           capture_output=True, text=True)
        return r.stdout

    def see(self, words, timeout=20.0):
        """Wait until the screen shows `words`; returns what it read."""
        want = plain(words)
        seen = {"text": ""}

        def there():
            seen["text"] = self.read_screen()
            return want in plain(seen["text"])
        try:
            self.wait_for(f"the screen to say {words!r}", there, timeout)
        except SystemExit:
            print(f"last read of the screen:\n{seen['text']}", file=sys.stderr)
            raise
        time.sleep(0.3)
        return seen["text"]

    def shot(self, name):
        self.step += 1
        path = os.path.join(self.out, f"{self.step:02d}-{name}.png")
        self.grab(path)
        print(f"  {os.path.relpath(path, ROOT)}")

    def find_words(self, words, region=None):
        """Centre of the first place the screen shows `words` (OCR word
        boxes), in `region` (x, y, w, h) if given. Read twice: as it is, and
        with light-on-dark turned dark-on-light (labels on the accent blue)."""
        path = os.path.join(self.state_dir, "find.png")
        self.grab(path)
        x0, y0, w, h = region or (0, 0, self.width, self.height)
        want = plain(words).split()
        for look in ([], ["-colorspace", "Gray", "-negate", "-threshold", "50%"]):
            part = os.path.join(self.state_dir, "find-part.png")
            subprocess.run(["convert", path, "-crop", f"{w}x{h}+{x0}+{y0}", "+repage", *look, part], check=True)
            tsv = subprocess.run(["tesseract", part, "stdout", "-l", self.ocr_lang, "tsv"],
                                 capture_output=True, text=True).stdout.splitlines()[1:]
            boxes = []
            for row in tsv:
                cols = row.split("\t")
                if len(cols) == 12 and cols[11].strip():
                    boxes.append((plain(cols[11]), *map(int, cols[6:10])))
            for i in range(len(boxes) - len(want) + 1):
                run = boxes[i:i + len(want)]
                if all(b[0] == word for b, word in zip(run, want)):
                    left = min(b[1] for b in run)
                    right = max(b[1] + b[3] for b in run)
                    top = min(b[2] for b in run)
                    bottom = max(b[2] + b[4] for b in run)
                    return x0 + (left + right) / 2, y0 + (top + bottom) / 2
        return None

    def touch_words(self, words, region=None, timeout=10.0):
        found = {}

        def there():
            found["at"] = self.find_words(words, region)
            return found["at"] is not None
        self.wait_for(f"{words!r} on the screen", there, timeout)
        self.touch(*found["at"])

    def panel(self, button):
        """Through the demo panel: open it, pick the citizen, press `button`, close it."""
        self.touch(self.width - 20, self.height / 2)  # the DEMO tab on the right edge
        panel = (self.width - 660, 0, 660, self.height)  # it opens along the right edge
        self.touch_words(RUN, panel)  # the citizen, by the RUN on its line
        self.touch_words(button, panel)
        self.shot("panel-" + button.lower().replace(" ", "-"))
        # The ✕ on the panel's header row, level with its title "Demo".
        header = self.find_words("Demo", panel)
        if header is None:
            sys.exit("FAIL: the demo panel's header is not on the screen")
        self.touch(self.width - 8 - 20 - 38, header[1])
        time.sleep(0.3)

    # ---- the demo control API, as the demo panel calls it ----

    def control_call(self, path, body):
        r = subprocess.run(["curl", "-sS", "--fail-with-body", "-d", json.dumps(body), self.control + path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"FAIL: demo control {path}: {r.stdout}{r.stderr}")

    def read_code(self):
        """The activation code, as shown (see `read_code`)."""
        path = os.path.join(self.state_dir, "code.png")
        self.grab(path)
        return read_code(path, self.width, self.state_dir)


def read_code(path, width, work_dir):
    """The activation code on the screenshot `path`: six capital letters in
    the accent blue. Each letter is cut out by its colour and read on its own
    (tesseract reads single big spaced letters poorly as a line), at three
    scales, the majority winning. The I is told by its shape instead: alone,
    tesseract often reads nothing at all for it."""
    top, height = 250, 500  # the code's panel, under the title and hint
    blue = ["-fx", "(b-r)>0.3 ? 0 : 1", "-colorspace", "Gray"]
    out = subprocess.run(["convert", path, "-crop", f"{width}x{height}+0+{top}", "+repage", *blue,
                          "-compress", "none", "pgm:-"], capture_output=True, text=True, check=True).stdout.split()
    w, h, px = int(out[1]), int(out[2]), out[4:]
    ink = [[px[y * w + x] == "0" for x in range(w)] for y in range(h)]
    runs = take.dark_runs(any(ink[y][x] for y in range(h)) for x in range(w))
    rows = [y for y in range(h) if any(ink[y])]
    if len(runs) != 6 or not rows:
        sys.exit(f"FAIL: expected 6 blue letters on the code screen, found {len(runs)}: {path}")
    # Each letter's top and bottom; the common baseline and cap height.
    spans = []
    for x0, x1 in runs:
        inked = [y for y in range(h) if any(ink[y][x0:x1])]
        spans.append((inked[0], inked[-1]))
    baseline = sorted(b for _, b in spans)[len(spans) // 2]
    cap = baseline - sorted(t for t, _ in spans)[len(spans) // 2]
    y0, y1 = rows[0] + top - 4, rows[-1] + top + 4
    code = ""
    for (x0, x1), (_, bottom) in zip(runs, spans):
        # Noto Sans Bold: the I is 0.46 of the cap height wide, the next
        # narrowest capitals 0.58 (F, E) or, narrower, the J, which goes
        # below the baseline.
        if x1 - x0 < 0.52 * cap and bottom <= baseline + 2:
            code += "I"
            continue
        votes = []
        for scale in (30, 40, 60):
            letter = os.path.join(work_dir, "letter.png")
            subprocess.run(["convert", path, "-crop", f"{x1 - x0 + 8}x{y1 - y0}+{x0 - 4}+{y0}", "+repage", *blue,
                            "-resize", f"{scale}%", "-bordercolor", "white", "-border", "30", letter], check=True)
            # As one character; some (P, R) only come out read as a word.
            for psm in ("10", "8"):
                r = subprocess.run(["tesseract", letter, "stdout", "-l", "eng", "--psm", psm,
                                    "-c", "tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
                                   capture_output=True, text=True)
                if r.stdout.strip():
                    break
            votes.append(r.stdout.strip()[:1])
        best = max(set(votes) - {""} or {""}, key=votes.count)
        if not best:
            sys.exit(f"FAIL: could not read a letter of the code: {path}")
        code += best
    return code


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "e2e", "recover"))
    ap.add_argument("--display", default=None)
    ap.add_argument("--no-build", action="store_true", help="use target/debug as built")
    ap.add_argument("--via-panel", action="store_true", help="card and fingers through the demo panel")
    ap.add_argument("--totem", help="the kiosk binary (default: the one next to totem-sim)")
    args = ap.parse_args()
    for tool in ["Xvfb", "matchbox-window-manager", "xdotool", "import", "tesseract", "curl"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (tests/e2e/recover.sh installs it)")
    if not args.no_build:
        subprocess.run(["cargo", "build", "-p", "totem", "-p", "totem-sim", "--features", "totem/demo"],
                       cwd=ROOT, check=True)
    totem_sim = os.path.join(ROOT, "target", "debug", "totem-sim")
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):
        if old.endswith(".png"):
            os.remove(os.path.join(args.out, old))
    state = tempfile.mkdtemp(prefix="totem-e2e-")
    k = Demo(args.display or free_display(), args.out, state)
    started = time.time()
    try:
        k.start(totem_sim, args.totem)
        k.see("Toque la pantalla para comenzar", 30)
        k.shot("attract")
        k.touch(k.width / 2, k.height / 2)
        k.see("Elija su idioma")
        k.shot("language")
        k.choice(1)  # Español
        k.see("Recuperar Clave")
        k.shot("menu")
        k.choice(1)  # Recuperar ClaveÚnica
        k.see("Acerque su cédula")
        k.shot("present-card")
        if args.via_panel:
            k.panel("Present card")
        else:
            k.control_call("/demo/card", {"run_body": CITIZEN, "carrier": "qr"})
        k.see("Ponga su dedo")
        k.shot("place-finger")
        if args.via_panel:
            k.panel("Wrong finger")
            k.see("no coincide. Le quedan 2 intentos")  # one placement, one try
            k.shot("wrong-finger")
        else:
            # A wrong finger, left on the sensor: read once, then the kiosk
            # asks for it to be lifted instead of reading it again.
            k.control_call("/demo/finger", {"run_body": CITIZEN, "finger": 2, "stay": True})
            k.see("Levante el dedo y vuelva a ponerlo")
            k.see("no coincide. Le quedan 2 intentos")  # one placement, one try
            k.shot("wrong-finger-left-on")
            k.control_call("/demo/lift", {})
            k.see("Esperando su dedo")
            k.shot("wrong-finger-lifted")
        if args.via_panel:
            k.panel("Right finger")
        else:
            k.control_call("/demo/finger", {"run_body": CITIZEN, "finger": 1})  # the right index
        k.see("Su código de activación")
        k.shot("code-shown")
        code = k.read_code()
        print("  read the activation code off the screen (6 letters)")
        k.touch(k.width * 0.73, k.body_bottom() - 64)  # Continuar
        k.see("Escriba su código")
        k.type(code, "code")
        k.shot("code-typed")
        k.touch(k.width / 2, 531)  # Continuar, under the code field
        k.see("Crear su clave")
        k.type(PASSWORD, "password")
        k.touch(k.width * 0.73, 598)  # Continuar: to the repeat field
        k.type(PASSWORD, "password")
        k.shot("password")
        k.touch(k.width * 0.73, 598)  # Activar mi ClaveÚnica
        k.see("Su ClaveÚnica está activa", 40)
        k.shot("done")
    finally:
        k.stop()
    print(f"PASS: recover flow to 'Su ClaveÚnica está activa' in {time.time() - started:.0f} s "
          f"(screenshots in {os.path.relpath(args.out, ROOT)})")


if __name__ == "__main__":
    main()
