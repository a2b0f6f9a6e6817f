"""Small pieces the bench scripts share (standard library only)."""

import os
import platform
import subprocess


def machine(root):
    """What every bench records of the machine and the source it ran."""
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) // 1024
    try:
        head = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        head = "unknown"
    return {"git_head": head, "nproc": os.cpu_count(), "cpu": model, "mem_mib": mem,
            "kernel": platform.release()}


def memory_kib(pids):
    """(sum VmRSS, sum Pss) in KiB over pids; a process that has gone counts 0."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss


MAPPING_KINDS = (
    "executable", "heap", "anonymous", "stack", "shared memory", "shared libraries",
    "other files", "kernel",
)


def _mapping_kind(path, exe):
    if path == exe:
        return "executable"
    if path == "[heap]":
        return "heap"
    if path.startswith("[stack"):
        return "stack"
    if not path or path.startswith("[anon"):
        return "anonymous"
    if path.startswith(("/SYSV", "/dev/shm/", "/memfd:")):
        return "shared memory"
    if path.startswith("["):
        return "kernel"
    if path.endswith(".so") or ".so." in path:
        return "shared libraries"
    return "other files"


def pss_by_mapping_kib(pids):
    """Pss in KiB summed over pids by kind of mapping (/proc/PID/smaps):
    the program's own executable, [heap] (malloc's main arena), other
    anonymous memory (thread arenas, large allocations, stacks of threads),
    the main stack, shared memory (the window's X shared-memory frame
    buffer), shared libraries, other files (fonts, locales) and the kernel's
    ([vdso], [vvar])."""
    out = dict.fromkeys(MAPPING_KINDS, 0)
    for pid in pids:
        try:
            exe = os.readlink(f"/proc/{pid}/exe").removesuffix(" (deleted)")
            with open(f"/proc/{pid}/smaps") as f:
                kind = None
                for line in f:
                    head = line.split(None, 5)
                    if len(head) >= 5 and "-" in head[0] and ":" not in head[0]:
                        path = head[5].strip() if len(head) == 6 else ""
                        kind = _mapping_kind(path.removesuffix(" (deleted)"), exe)
                    elif line.startswith("Pss:") and kind:
                        out[kind] += int(line.split()[1])
        except OSError:
            pass
    return out


def children(pid):
    """Direct children of pid (all its threads' children)."""
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


def free_display(first=90):
    """A display number no X server uses."""
    for n in range(first, first + 200):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            return n
    raise RuntimeError("no free X display number")


def write_section(path, body, begin, end):
    """Replaces the text between the markers `begin` and `end` in the file at
    path with body (appends the section when the markers are not there)."""
    text = ""
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
    section = f"{begin}\n{body}\n{end}"
    if begin in text and end in text:
        before = text[:text.index(begin)]
        after = text[text.index(end) + len(end):]
        text = before + section + after
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + section + "\n"
    with open(path, "w") as f:
        f.write(text)


def memory_detail_kib(pid):
    """What a process's RSS is made of, from /proc/PID/status: anonymous
    (heap, stacks), file-backed (the binary's and libraries' pages) and
    shared memory (e.g. the window's X shared-memory buffer), in KiB."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key = line.split(":", 1)[0]
                if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM"):
                    out[key] = int(line.split()[1])
    except OSError:
        pass
    return out
