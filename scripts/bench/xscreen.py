"""Fast looks at an X screen, and fake touches, through libX11/libXtst (ctypes).

Only the standard library: the bench must not depend on a Python package
manager. The screen is sampled as a grid of cells: `rows` one-pixel-high
strips across the full width, each cut into `cols` cells; a cell's value is
its raw bytes. Two samples are compared cell by cell, exactly (the same
program draws the same pixels), which is cheap in pure Python.
"""

import ctypes
import ctypes.util
import time

ZPIXMAP = 2
ALL_PLANES = ctypes.c_ulong(~0 & 0xFFFFFFFFFFFFFFFF)


class _Funcs(ctypes.Structure):
    _fields_ = [
        ("create_image", ctypes.c_void_p),
        ("destroy_image", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)),
        ("get_pixel", ctypes.c_void_p),
        ("put_pixel", ctypes.c_void_p),
        ("sub_image", ctypes.c_void_p),
        ("add_pixel", ctypes.c_void_p),
    ]


class _XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
        ("red_mask", ctypes.c_ulong),
        ("green_mask", ctypes.c_ulong),
        ("blue_mask", ctypes.c_ulong),
        ("obdata", ctypes.c_void_p),
        ("f", _Funcs),
    ]


def _load(name, soname):
    path = ctypes.util.find_library(name) or soname
    return ctypes.CDLL(path)


_x11 = _load("X11", "libX11.so.6")
_x11.XOpenDisplay.restype = ctypes.c_void_p
_x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
_x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
_x11.XDefaultRootWindow.restype = ctypes.c_ulong
_x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
_x11.XGetImage.restype = ctypes.POINTER(_XImage)
_x11.XGetImage.argtypes = [
    ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
    ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
]
_x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XFlush.argtypes = [ctypes.c_void_p]
# Errors (e.g. the display going away) must not kill the bench with exit(1).
_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_ignore_errors = _ERROR_HANDLER(lambda _d, _e: 0)
_x11.XSetErrorHandler(_ignore_errors)

_xtst = _load("Xtst", "libXtst.so.6")
_xtst.XTestFakeMotionEvent.argtypes = [
    ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong,
]
_xtst.XTestFakeButtonEvent.argtypes = [
    ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong,
]


class Screen:
    """One connection to a display, sampling a fixed grid of cells."""

    def __init__(self, display, width, height, rows=48, cols=18):
        self.dpy = _x11.XOpenDisplay(display.encode())
        if not self.dpy:
            raise OSError(f"cannot open display {display}")
        self.root = _x11.XDefaultRootWindow(self.dpy)
        self.width, self.height = width, height
        step = height // rows
        self.row_ys = [step // 2 + i * step for i in range(rows)]
        self.cols = cols

    @staticmethod
    def wait_for(display, timeout=10.0):
        """Waits until the display accepts a connection; returns the seconds it took."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            dpy = _x11.XOpenDisplay(display.encode())
            if dpy:
                _x11.XCloseDisplay(dpy)
                return time.monotonic() - start
            time.sleep(0.02)
        raise TimeoutError(f"display {display} did not come up in {timeout} s")

    def close(self):
        if self.dpy:
            _x11.XCloseDisplay(self.dpy)
            self.dpy = None

    def row(self, y):
        img = _x11.XGetImage(self.dpy, self.root, 0, y, self.width, 1, ALL_PLANES, ZPIXMAP)
        if not img:
            raise OSError("XGetImage failed")
        im = img.contents
        data = ctypes.string_at(im.data, im.bytes_per_line)
        im.f.destroy_image(ctypes.cast(img, ctypes.c_void_p))
        return data

    def sample(self):
        """The grid: a tuple of cells (bytes), row-major."""
        cells = []
        for y in self.row_ys:
            data = self.row(y)
            n = len(data) // self.cols
            cells.extend(data[i * n:(i + 1) * n] for i in range(self.cols))
        return tuple(cells)

    def pixel(self, x, y):
        """(r, g, b) of one pixel (24-bit TrueColor, little-endian BGRX)."""
        img = _x11.XGetImage(self.dpy, self.root, x, y, 1, 1, ALL_PLANES, ZPIXMAP)
        im = img.contents
        b, g, r = ctypes.string_at(im.data, 3)
        im.f.destroy_image(ctypes.cast(img, ctypes.c_void_p))
        return (r, g, b)

    def rect(self, x, y, w, h):
        """The pixels of a rectangle as RGB rows (bytes of 3*w each)."""
        img = _x11.XGetImage(self.dpy, self.root, x, y, w, h, ALL_PLANES, ZPIXMAP)
        if not img:
            raise OSError("XGetImage failed")
        im = img.contents
        bpl = im.bytes_per_line
        raw = ctypes.string_at(im.data, bpl * h)
        im.f.destroy_image(ctypes.cast(img, ctypes.c_void_p))
        rows = []
        for j in range(h):
            line = raw[j * bpl:j * bpl + w * 4]
            rgb = bytearray(w * 3)
            rgb[0::3] = line[2::4]
            rgb[1::3] = line[1::4]
            rgb[2::3] = line[0::4]
            rows.append(bytes(rgb))
        return rows

    def png_rows(self):
        """The whole screen as RGB rows (for a screenshot of the compared state)."""
        return self.rect(0, 0, self.width, self.height)

    def click(self, x, y):
        """A touch as a pointer press and release at (x, y); returns the monotonic
        time at which the server has processed the release (after XSync)."""
        _xtst.XTestFakeMotionEvent(self.dpy, -1, x, y, 0)
        _xtst.XTestFakeButtonEvent(self.dpy, 1, 1, 0)
        _x11.XSync(self.dpy, 0)
        _xtst.XTestFakeButtonEvent(self.dpy, 1, 0, 0)
        _x11.XSync(self.dpy, 0)
        return time.monotonic()


def matching(sample, reference, static):
    """Fraction of the static cells (indices) where sample equals reference."""
    if not static:
        return 1.0
    same = sum(1 for i in static if sample[i] == reference[i])
    return same / len(static)


def write_png(path, rows, width, height):
    import struct
    import zlib

    raw = b"".join(b"\x00" + r for r in rows)

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))
