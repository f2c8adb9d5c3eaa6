"""When the package shows progress: one policy that every caller asks.

Work that takes more than about :data:`SECONDS` seconds (reading many files, building the
tables of a large corpus, finding the markers, the notebooks of a report) shows a plain
``tqdm`` bar, or a line, on standard error, and only where a person watches:

- in a terminal (standard error is a TTY), or in a notebook opened by hand (an IPython kernel);
- never under pytest (``PYTEST_CURRENT_TEST``), never in a report's notebook kernel (it has
  ``DISCOURSE_SNAPSHOT``: nothing of a bar reaches a page), never when standard error goes to
  a file or a pipe;
- ``DISCOURSE_PROGRESS=0`` turns it off, ``DISCOURSE_PROGRESS=1`` on (where a bar would be
  seen but is not, or the other way round). A caller's explicit ``progress=True`` or
  ``progress=False`` wins over all of this.

The estimates of how long a piece of work takes are rough (measured on 2 cores): what matters
is that a short job stays silent and a long one does not.
"""

from __future__ import annotations

import os
import sys

SECONDS = 2.0
"""Work estimated to take less than this is never shown."""
ENV_VAR = "DISCOURSE_PROGRESS"
"""``0``: never show progress; ``1``: always (where it would otherwise be hidden)."""
KERNEL_VAR = "DISCOURSE_SNAPSHOT"
"""Set in a report's notebook kernels (:mod:`discourse.report.context`): no progress there."""

RATES = {  # units per second on one core of the 2-core development machine, rounded down
    "characters": 10_000_000,  # building the four tables
    "marker characters": 25_000_000,  # finding the stance markers
    "files": 5_000,  # reading a folder: open, read, decode
    "csv bytes": 25_000_000,  # reading a CSV: decode, parse, keep the columns as written
}


def seconds(amount: float, what: str) -> float:
    """A rough estimate of the seconds ``amount`` units of work ``what`` take.

    >>> seconds(30_000_000, "characters")
    3.0
    """
    return float(amount) / RATES[what]


def visible() -> bool:
    """Whether a person sees standard error here (see the module docstring for the rules).

    >>> visible()  # under pytest
    False
    """
    forced = os.environ.get(ENV_VAR, "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    if _in_tests() or os.environ.get(KERNEL_VAR, "").strip():
        return False
    return _in_notebook() or _terminal()


def _in_tests() -> bool:
    return bool(os.environ.get("PYTEST_CURRENT_TEST"))


def _terminal() -> bool:
    try:
        return bool(sys.stderr is not None and sys.stderr.isatty())
    except (AttributeError, ValueError):  # replaced by an object without isatty, or closed
        return False


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ip = getattr(shell, "get_ipython", lambda: None)()
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def wanted(estimate: float | None = None, progress: bool | None = None) -> bool:
    """Whether to show progress for work of ``estimate`` seconds (``None``: unknown, long).

    ``progress`` is the caller's own choice (``True``/``False``), which wins.

    >>> wanted(0.5), wanted(10.0, progress=True), wanted(10.0, progress=False)
    (False, True, False)
    """
    if progress is not None:
        return bool(progress)
    if estimate is not None and estimate < SECONDS:
        return False
    return visible()


def bar(iterable=None, *, total: int | None = None, desc: str, unit: str = "it",
        show: bool = False):
    """A plain ``tqdm`` bar on standard error, or a silent one (``show=False``).

    Plain tqdm, not ``tqdm.auto``: that one warns in notebooks without ipywidgets.

    >>> b = bar(total=3, desc="x", show=False)
    >>> b.update(3); b.close()
    """
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, disable=not show, file=sys.stderr,
                leave=False, dynamic_ncols=True, mininterval=0.5)


def line(text: str) -> None:
    """Print one line of progress on standard error (the caller asked :func:`wanted`)."""
    print(text, file=sys.stderr, flush=True)
