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
