"""The report's folders in the system's temporary folder, and the clean-up of killed runs'.

A run keeps each kernel's unix sockets and log in ``dck-<pid>-*`` and the kernel parent's log in
``dck-parent-<pid>-*`` (``<pid>``: the process that made the folder), and removes them when it
ends. A run killed outright (SIGKILL, a power cut) cannot; :func:`sweep` removes them at the
start of the next run: every such folder whose maker is gone, owned by this user.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_NAME = re.compile(r"^dck-(?:parent-)?(\d+)-")


def folder(kind: str = "") -> str:
    """A new private folder ``dck-<kind><pid>-*`` (short: a unix socket path is <= 107 bytes).

    >>> import os, re
    >>> f = folder("parent-"); bool(re.match(rf"dck-parent-{os.getpid()}-", os.path.basename(f)))
    True
    >>> os.rmdir(f)
    """
    return tempfile.mkdtemp(prefix=f"dck-{kind}{os.getpid()}-")


def sweep(where: str | os.PathLike | None = None) -> list[str]:
    """Remove the report folders of ``where`` (default: the temporary folder) whose maker is
    gone; return their names. Folders of live processes, of other users and of other names are
    left alone."""
    root = Path(where or tempfile.gettempdir())
    gone = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return gone
    uid = os.getuid() if hasattr(os, "getuid") else None
    for path in entries:
        m = _NAME.match(path.name)
        if m is None or not path.is_dir() or path.is_symlink():
            continue
        try:
            if uid is not None and path.stat().st_uid != uid:
                continue
        except OSError:
            continue
        if not alive(int(m.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            gone.append(path.name)
    return sorted(gone)


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
