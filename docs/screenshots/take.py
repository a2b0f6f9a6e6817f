#!/usr/bin/env python3
"""Drive the real kiosk window under Xvfb with touches (xdotool) and take
screenshots of each screen.

    python3 docs/screenshots/take.py                 # portrait, every flow
    python3 docs/screenshots/take.py --landscape     # 1920x1080
    python3 docs/screenshots/take.py --flow recover  # only the recover flow, checked
    python3 docs/screenshots/take.py --real          # totem run + emulators + registry

It runs `cargo run --example kiosk_tour` (the kiosk's real window and ui with
a scripted stand-in for devices and registry: F1 presents a card, F2 the right
finger, F3 a wrong one, F4 fails the next print). The kiosk logs each screen
it shows (names only, no personal data); the script waits for the expected
screen after every touch and fails if it does not come. The recover flow ends
on "Su ClaveÚnica está activa" (screen `Done`).

Needs: Xvfb, matchbox-window-manager, xdotool, ImageMagick's `import`.
Touch positions follow the layout in src/ui (1080 px wide portrait, 1920 px
wide landscape).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def dark_runs(columns):
    """(start, end) of each run of inked columns: the letters of a line of
    big spaced type, such as the activation code."""
    runs, start = [], None
    for x, dark in enumerate(list(columns) + [False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x))
            start = None
    return runs


class Kiosk:
    def __init__(self, display, width, height, out, log):
        self.display = display
        self.width = width
        self.height = height
        self.out = out
        self.log_path = log
        self.env = dict(os.environ, DISPLAY=display)
        self.procs = []
        self.portrait = height >= width

    def start_screen(self):
        """Xvfb and a window manager on it (so fullscreen fills the screen)."""
        self.procs.append(subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", f"{self.width}x{self.height}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        socket_path = f"/tmp/.X11-unix/X{self.display[1:]}"
        end = time.time() + 10
        while not os.path.exists(socket_path):
            if time.time() > end:
                raise SystemExit(f"timed out waiting for the virtual screen {self.display}")
            time.sleep(0.1)
        self.procs.append(subprocess.Popen(["matchbox-window-manager", "-use_titlebar", "no"],
                                           env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(0.5)

    def start(self, binary):
        self.start_screen()
        self.log = open(self.log_path, "w")
        env = dict(self.env, RUST_LOG="info", NO_COLOR="1")
        self.procs.append(subprocess.Popen([binary], env=env, stdout=self.log, stderr=self.log, cwd=ROOT))
        self.wait_for("attract window", lambda: self.window_up(), 30)
        time.sleep(1.5)

    def start_kiosk(self, command):
        """Xvfb, the window manager and `command` (the kiosk)."""
        self.start_screen()
        self.log = open(self.log_path, "w")
        self.procs.append(subprocess.Popen(command, env=self.env, stdout=self.log, stderr=self.log, cwd=ROOT))
        self.wait_for("the kiosk window", lambda: self.window_up(), 30)
        time.sleep(2.0)

    def window_up(self):
        r = subprocess.run(["xdotool", "search", "--name", "Totem"], env=self.env, capture_output=True, text=True)
        return r.returncode == 0 and r.stdout.strip() != ""

    def stop(self):
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()

    def screens(self):
        with open(self.log_path) as f:
            return re.findall(r"screen=(\S+)", f.read())

    def wait_for(self, what, predicate, timeout=8.0):
        end = time.time() + timeout
        while time.time() < end:
            if predicate():
                return
            time.sleep(0.1)
        raise SystemExit(f"timed out waiting for {what}; screens so far: {self.screens()}")

    def expect(self, screen, timeout=8.0):
        """Wait until the latest screen logged starts with `screen`."""
        def there():
            seen = self.screens()
            # The first screen is not a change, so it is not logged.
            return seen[-1].startswith(screen) if seen else screen == "Attract"
        self.wait_for(f"screen {screen}", there, timeout)
        time.sleep(0.4)  # let the frame reach the screen

    def touch(self, x, y):
        subprocess.run(["xdotool", "mousemove", str(int(x)), str(int(y)), "click", "1"], env=self.env, check=True)
        time.sleep(0.25)

    def key(self, name):
        subprocess.run(["xdotool", "key", name], env=self.env, check=True)
        time.sleep(0.2)

    def shot(self, name):
        path = os.path.join(self.out, f"{name}.png")
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True)
        print("  ", os.path.relpath(path, ROOT))

    # ---- Layout (see src/ui: header 104, footer 176, body padding) ----

    def side(self):
        return 48 if self.portrait else 72

    def body_bottom(self):
        return self.height - 176 - 8

    def footer_y(self):
        return self.height - 24 - 64

    def back(self):
        self.touch(self.side() + (self.width - 2 * self.side() - 24) / 4, self.footer_y())

    def cancel(self):
        w = (self.width - 2 * self.side() - 24) / 2
        self.touch(self.side() + w + 24 + w / 2, self.footer_y())

    def choice(self, index_from_bottom, height=200):
        """A big choice button low on the screen (language, menu)."""
        if not self.portrait:
            raise SystemExit("choices are placed for portrait here")
        y = self.body_bottom() - height / 2 - index_from_bottom * (height + 30)
        self.touch(self.width / 2, y)

    def keyboard_area(self):
        """x range of the on-screen keyboard."""
        if self.portrait:
            return self.side(), self.width - self.side()
        inner = self.width - 2 * self.side() - 40
        left = self.side() + inner * 2 / 5 + 40
        return left, self.width - self.side()

    def type(self, text, layout):
        """Touch the keys of `text` on the keyboard `layout` (email, code, password)."""
        rows = {
            "email": ["1234567890", "qwertyuiop", "asdfghjkl", "^zxcvbnm<", "@.-_CM"],
            "code": ["qwertyuiop", "asdfghjkl", "zxcvbnm<"],
            "password": ["1234567890", "qwertyuiop", "asdfghjklñ", "^zxcvbnm<", ".-_!?#$*@"],
        }[layout]
        key_h = 100 if self.portrait else 84
        gap = 10
        # Portrait: the keyboard sits on the bottom of the body; landscape: it
        # stands at the top of the right-hand column.
        if self.portrait:
            top = self.body_bottom() - len(rows) * key_h - (len(rows) - 1) * gap
        else:
            top = 144
        left, right = self.keyboard_area()
        width = right - left
        for c in text:
            # "C" and "M" stand for the ".cl" and ".com" keys of the e-mail keyboard.
            special = layout == "email" and c in "CM"
            # Shift holds for one key (the kiosk's keyboard is phone-like).
            if c.isupper() and layout != "code" and not special:
                self._press(rows, "^", top, key_h, gap, left, width, layout)
            self._press(rows, c if special else c.lower(), top, key_h, gap, left, width, layout)

    def _press(self, rows, c, top, key_h, gap, left, width, layout):
        for r, row in enumerate(rows):
            if c not in row:
                continue
            # Portions: shift and delete take 3, ".cl"/".com" take 3, "@ . - _" 2 in the e-mail row.
            portions = []
            for k in row:
                if k in "^" or (k == "<" and (layout != "code" or "^" not in row)):
                    portions.append(3)
                elif layout == "email" and r == 4:
                    portions.append(3 if k in "CM" else 2)
                else:
                    portions.append(1)
            unit = (width - gap * (len(row) - 1)) / sum(portions)
            i = row.index(c)
            x = left + sum(portions[:i]) * unit + i * gap + portions[i] * unit / 2
            y = top + r * (key_h + gap) + key_h / 2
            self.touch(x, y)
            return
        raise SystemExit(f"no key for {c!r} on {layout}")


def build():
    subprocess.run(["cargo", "build", "-p", "totem", "--example", "kiosk_tour"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "debug", "examples", "kiosk_tour")


def recover(k, prefix=""):
    """Attract → Español → Recuperar → card → finger → code → password → Done."""
    k.expect("Attract")
    k.shot(f"{prefix}01-attract")
    k.touch(k.width / 2, k.height / 2)
    k.expect("Language")
    k.shot(f"{prefix}02-language")
    k.choice(1)  # Español
    k.expect("Menu")
    k.shot(f"{prefix}03-menu")
    k.choice(1)  # Recuperar ClaveÚnica
    k.expect("PresentCard")
    k.shot(f"{prefix}04-card")
    k.key("F1")
    k.expect("Working(VerifyingCard)")
    k.shot(f"{prefix}05-verifying-card")
    k.expect("PlaceFinger")
    k.key("F3")  # a wrong finger first
    k.expect("PlaceFinger", 5)
    time.sleep(1.2)
    k.shot(f"{prefix}06-finger-no-match")
    k.key("F2")
    k.expect("ShowCode")
    k.shot(f"{prefix}07-code-shown")
    # "Continuar" is the right-hand button of the bottom row.
    k.touch(k.width * 0.73, k.body_bottom() - 64)
    k.expect("CodeEntry")
    k.type("KPW", "code")
    k.shot(f"{prefix}08-code-entry")
    k.type("QRT", "code")
    # "Continuar" under the code field.
    k.touch(k.width * 0.3 if not k.portrait else k.width / 2, 531)
    k.expect("NewPassword")
    k.type("claveS", "password")
    k.shot(f"{prefix}09-password-typing")
    k.type("egura7", "password")
    k.touch(k.width * 0.73 if k.portrait else k.width * 0.3, 598)  # Continuar: to the repeat field
    k.type("claveSegura7", "password")
    k.shot(f"{prefix}10-password-ready")
    k.touch(k.width * 0.73 if k.portrait else k.width * 0.3, 598)  # Activar mi ClaveÚnica
    k.expect("Working(Activating)")
    k.expect("Done")
    k.shot(f"{prefix}11-done")
    k.touch(k.width / 2, k.body_bottom() - 64)  # Terminar
    k.expect("Goodbye")
    k.shot(f"{prefix}12-goodbye")
    k.expect("Attract", 10)


def certificate(k, prefix=""):
    """Certificates for another RUN, a failed print, the reprint, take it."""
    k.touch(k.width / 2, k.height / 2)
    k.expect("Language")
    k.choice(1)
    k.expect("Menu")
    k.choice(0)  # Certificados gratuitos
    k.expect("Families")
    k.shot(f"{prefix}13-families")
    # First tile (Nacimiento): top-left of the grid.
    k.touch(k.side() + 200, 144 + 78 + 30 + 75)
    k.expect("Purposes")
    k.shot(f"{prefix}14-purposes")
    # Second purpose (Matrícula escolar).
    k.touch(k.width / 2, 144 + 78 + 26 + 47 + 26 + 150 + 26 + 75)
    k.expect("RunEntry")
    # The keypad: 3 columns of at most 640 px, centred, rows of 120 + 14.
    keypad_left = (k.width - 640) / 2
    keypad_top = 144 + 78 + 24 + 37 + 24 + 151 + 24 + 37 + 24
    def pad(c):
        layout = ["123", "456", "789", "K0<"]
        for r, row in enumerate(layout):
            if c in row:
                col = row.index(c)
                k.touch(keypad_left + col * (642 / 3 + 0) + 100, keypad_top + r * 134 + 60)
                return
    for c in "123456784":
        pad(c)
    k.shot(f"{prefix}15-run-wrong-check-digit")
    pad("<")
    pad("5")
    k.shot(f"{prefix}16-run-valid")
    k.touch(k.width / 2, keypad_top + 4 * 134 + 10 + 64)  # Continuar under the keypad
    k.expect("Confirm")
    k.shot(f"{prefix}17-confirm")
    k.key("F4")  # the next print fails
    k.touch(k.width / 2, k.body_bottom() - 64)
    k.expect("Printing")
    k.shot(f"{prefix}18-printing")
    k.expect("PrintFailed", 10)
    k.shot(f"{prefix}19-print-failed")
    k.touch(k.width / 2, k.body_bottom() - 128 - 30 - 64)  # Imprimir de nuevo
    k.expect("TakeIt", 10)
    k.shot(f"{prefix}20-take-it")
    k.touch(k.width * 0.73, k.body_bottom() - 64)  # Terminar
    k.expect("Goodbye")


def inactivity(k, prefix=""):
    k.expect("Attract", 10)
    k.touch(k.width / 2, k.height / 2)
    k.expect("Language")
    k.choice(1)
    k.expect("Menu")
    time.sleep(47)
    k.shot(f"{prefix}21-inactivity-warning")
    time.sleep(21)
    k.expect("Attract")


def landscape(k):
    """The main screens at 1920x1080."""
    k.expect("Attract")
    k.shot("01-attract")
    k.touch(k.width / 2, k.height / 2)
    k.expect("Language")
    k.shot("02-language")
    k.touch(k.width / 2, 144 + 78 + 30 + 47 + 30 + 40 + 30 + 100)  # Español
    k.expect("Menu")
    k.shot("03-menu")
    k.touch(k.width / 2, 144 + 78 + 30 + 10 + 30 + 75)  # Obtener ClaveÚnica
    k.expect("PresentCard")
    k.shot("04-card")
    k.key("F1")
    k.expect("PlaceFinger")
    k.key("F5")
    k.shot("05-finger")
    k.key("F2")
    k.expect("Email")
    k.type("ana@correo", "email")
    k.type("C", "email")  # the ".cl" key
    k.shot("06-email")
    k.cancel()
    k.expect("Attract", 12)
    k.touch(k.width / 2, k.height / 2)
    k.expect("Language")
    k.touch(k.width / 2, 144 + 78 + 30 + 47 + 30 + 40 + 30 + 100)
    k.expect("Menu")
    k.touch(k.width / 2, 144 + 78 + 30 + 10 + 30 + 75 + 360)  # Certificados gratuitos
    k.expect("Families")
    k.shot("07-families")
    k.touch(k.side() + 300, 144 + 78 + 30 + 75)  # Nacimiento
    k.expect("Purposes")
    k.touch(k.width / 2, 144 + 78 + 26 + 47 + 26 + 75)  # Asignación familiar
    k.expect("RunEntry")
    k.shot("08-run-entry")
    k.cancel()
    k.expect("Goodbye")


def real(args):
    """The kiosk as `totem run` starts it with kiosk-config/demo.toml: the
    device emulators on pseudo-terminals and the reference registry, nothing
    scripted. Recover for demo citizen 44.000.055-K: the card and the finger
    go through the emulators' stdin, the activation code is read off the slip
    the kiosk prints (pdftotext), and the registry's database must then hold
    that code as used."""
    import glob
    import sqlite3
    for tool in ["pdftotext"]:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing")
    if not args.no_build:
        subprocess.run(["cargo", "build", "-p", "totem", "-p", "totem-sim", "--features", "totem/demo"],
                       cwd=ROOT, check=True)
    demo = "/tmp/totem-demo"
    shutil.rmtree(demo, ignore_errors=True)
    os.makedirs(os.path.join(demo, "printed"))
    db = os.path.join(demo, "registry.sqlite")
    sim = os.path.join(ROOT, "target", "debug", "totem-sim")
    out = os.path.join(args.out, "e2e")
    os.makedirs(out, exist_ok=True)
    procs = [subprocess.Popen([sim, "registry", "--db", db, "--listen", "127.0.0.1:8470", "--plain-http"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    devices = subprocess.Popen([sim, "devices", "--fingerprint-link", f"{demo}/fingerprint",
                                "--scanner-link", f"{demo}/scanner"],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    procs.append(devices)
    time.sleep(2.5)
    k = Kiosk(args.display, 1080, 1920, out, "/tmp/totem-real.log")
    try:
        k.start_kiosk([os.path.join(ROOT, "target", "debug", "totem"), "run", "--kiosk", "kiosk-config/demo.toml"])
        k.touch(540, 960)
        time.sleep(0.8)
        k.choice(1)  # Español
        time.sleep(0.8)
        k.choice(1)  # Recuperar ClaveÚnica
        time.sleep(0.8)
        devices.stdin.write("citizen 44000055\n")
        devices.stdin.flush()
        time.sleep(3)
        devices.stdin.write("finger 44000055 1\n")
        devices.stdin.flush()
        time.sleep(6)
        k.shot("r1-code")
        k.touch(k.width * 0.27, k.body_bottom() - 64)  # Imprimir código
        time.sleep(3)
        slips = sorted(glob.glob(os.path.join(demo, "printed", "slip-*.pdf")))
        if not slips:
            raise SystemExit("no activation slip was printed")
        text = subprocess.run(["pdftotext", slips[-1], "-"], capture_output=True, text=True).stdout
        codes = re.findall(r"\b[A-Z]{6}\b", text.replace(" ", ""))
        if not codes:
            raise SystemExit("no code on the slip")
        code = codes[0]
        k.touch(k.width * 0.73, k.body_bottom() - 64)  # Continuar
        time.sleep(0.8)
        k.type(code, "code")
        k.touch(k.width / 2, 531)
        time.sleep(0.8)
        k.type("claveSegura7", "password")
        k.touch(k.width * 0.73, 598)
        k.type("claveSegura7", "password")
        k.touch(k.width * 0.73, 598)
        time.sleep(4)
        k.shot("r2-done")
    finally:
        k.stop()
        try:
            devices.stdin.write("quit\n")
            devices.stdin.close()
        except OSError:
            pass
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
    state = sqlite3.connect(db).execute(
        "SELECT state FROM activation_codes WHERE run_body = 44000055 ORDER BY id DESC LIMIT 1").fetchone()
    print("activation code state in the registry:", state)
    if not state or state[0] != "used":
        sys.exit("the key was not activated")


def aids(k):
    """The citizen's aids in the real window: 200 % text, high contrast, the
    seated layout (pictures in docs/screenshots/accessibility/window-*)."""
    out = os.path.join(ROOT, "docs", "screenshots", "accessibility")
    os.makedirs(out, exist_ok=True)
    k.out = out
    # The aid controls: 160 x 88 px, 10 apart, at the right; on the attract
    # screen 24 px from the edge and 16 from the top, in the header 16 px
    # from the edge, centred in its 104 px.
    def aid(index, y):
        right = k.width - (24 if y == 60 else 16)
        x = right - (2 - index) * 170 - 80
        k.touch(x, y)
        time.sleep(0.6)
    k.expect("Attract")
    aid(0, 60)  # A+: 150 %
    aid(0, 60)  # A+: 200 %
    k.shot("window-01-attract-200")
    k.touch(k.width / 2, k.height * 0.6)
    k.expect("Language")
    k.shot("window-02-language-200")
    aid(1, 52)  # high contrast
    k.shot("window-03-language-200-contrast")
    aid(0, 52)  # A+: back to 100 %
    k.choice(1)  # Español
    k.expect("Menu")
    k.shot("window-04-menu-contrast")
    aid(2, 52)  # seated
    k.shot("window-05-menu-contrast-seated")
    k.cancel()
    k.expect("Attract", 12)
    k.shot("window-06-attract-after")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--landscape", action="store_true")
    ap.add_argument("--flow", choices=["recover", "certificate", "inactivity", "aids", "all"], default="all")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "screenshots"))
    ap.add_argument("--display", default=":57")
    ap.add_argument("--no-build", action="store_true", help="use the tour binary already built")
    ap.add_argument("--real", action="store_true",
                    help="totem run with the device emulators and the reference registry (recover, checked)")
    args = ap.parse_args()
    if args.real:
        real(args)
        return
    for tool in ["Xvfb", "matchbox-window-manager", "xdotool", "import"]:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing (scripts/install-deps installs it)")
    binary = os.path.join(ROOT, "target", "debug", "examples", "kiosk_tour") if args.no_build else build()
    width, height = (1920, 1080) if args.landscape else (1080, 1920)
    out = os.path.join(args.out, "landscape" if args.landscape else "portrait")
    os.makedirs(out, exist_ok=True)
    k = Kiosk(args.display, width, height, out, "/tmp/totem-window.log")
    try:
        k.start(binary)
        if args.landscape:
            landscape(k)
            args.flow = "landscape"
        if args.flow in ("recover", "all"):
            recover(k)
        if args.flow in ("certificate", "all"):
            certificate(k)
        if args.flow in ("inactivity", "all"):
            inactivity(k)
        if args.flow == "aids":
            aids(k)
    finally:
        k.stop()
    print("screens:", " ".join(k.screens()))
    if args.flow in ("recover", "all") and "Done" not in k.screens():
        sys.exit("the recover flow did not reach 'Su ClaveÚnica está activa'")


if __name__ == "__main__":
    main()
