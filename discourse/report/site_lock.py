"""One run at a time writes a site: the lock file ``<out>/.<name>.lock``.

:func:`site_lock` is held by :func:`discourse.report.build.build` while it writes a site; it
records who holds it, so that a second run is refused with a message naming the holder, and a
lock left by a run that was killed is taken over.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import socket
import time
from pathlib import Path

from .._validate import InputError
from . import scratch
from .scratch import alive as _alive

LOCK_GRACE = 10.0
"""Seconds during which an empty lock file is taken as one being written, not as stale."""


@contextlib.contextmanager
def site_lock(target: Path):
    """Hold ``<out>/.<name>.lock`` while a run writes ``target``; refuse a second run.

    The lock records the host, the pid and the start time of the process that holds it. It is
    stale (and taken over) when that process is gone, or when the pid now belongs to another
    process (its start time differs); an empty lock younger than :data:`LOCK_GRACE` seconds is
    being written by a run that is starting, not stale.
    """
    lock = target.parent / f".{target.name}.lock"
    fix = (f"If no report is running, remove the lock file: rm {shlex.quote(str(lock))} "
           f"(or give this run another --name).")
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            holder = _lock_holder(lock)
            if holder is not None:
                raise InputError(f"another report is being written to {target} ({holder}; "
                                 f"lock file {lock}). Wait for it to finish. {fix}") from None
            lock.unlink(missing_ok=True)  # left by a run that was killed
    else:
        raise InputError(f"cannot take the lock {lock}. {fix}")
    try:
        os.write(fd, json.dumps(_lock_record(os.getpid())).encode())
        os.close(fd)
        for stale in target.parent.glob(f".{target.name}.building-*"):
            shutil.rmtree(stale, ignore_errors=True)  # from killed runs (we hold the lock)
        scratch.sweep()  # its kernels' folders in the temporary folder, from killed runs
        yield
    finally:
        lock.unlink(missing_ok=True)


def _lock_record(pid: int) -> dict:
    return {"host": socket.gethostname(), "pid": pid, "started": _start_time(pid)}


def _start_time(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc; psutil elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        pass
    try:
        import psutil

        return repr(psutil.Process(pid).create_time())
    except Exception:  # noqa: BLE001 - no way to tell: the pid alone decides
        return None


def _lock_holder(lock: Path) -> str | None:
    """Who holds ``lock`` (a phrase for the message), or None when the lock is stale."""
    try:
        raw = lock.read_text(encoding="utf-8", errors="replace").strip()
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return None
    if not raw:  # created, not yet written: a run is starting
        return "a run that is starting" if age < LOCK_GRACE else None
    try:
        record = json.loads(raw)
        if isinstance(record, int):
            record = {"pid": record}
        pid = int(record["pid"])
    except (ValueError, TypeError, KeyError):
        return None  # unreadable: no run can be identified by it
    host, started = record.get("host"), record.get("started")
    if host and host != socket.gethostname():
        return f"process {pid} on host {host}, which cannot be checked from here"
    if pid <= 0 or not _alive(pid):
        return None
    if started is not None and started != _start_time(pid):
        return None  # the pid now belongs to another process
    return f"process {pid}"
