"""Inside a report's kernel: the state a notebook starts from, and its restoring.

A report runs several notebooks one after another in one kernel
(:class:`~discourse.report.notebook_run.ReportKernel`). :func:`warm_kernel` runs once, before
the first: it imports the libraries and remembers the state a notebook starts from;
:func:`reset_kernel` runs between two notebooks and restores it, so that a notebook sees what
a fresh kernel would show.
"""

from __future__ import annotations

import functools
import os

_FRESH: dict = {}
"""In a report kernel: the state after :func:`warm_kernel`, which :func:`reset_kernel` restores."""


def warm_kernel(modules) -> None:
    """In a report kernel, before any notebook: import ``modules`` and every ``dc.*`` name's
    module; remember the state a notebook starts from."""
    import gc
    import importlib
    import sys
    import warnings

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - a notebook that needs it says so itself
            continue
    dc = sys.modules.get("discourse")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # old names warn when they are used, not here
        for name in getattr(dc, "__all__", ()):
            try:
                getattr(dc, name)
            except Exception:  # noqa: BLE001, S112 - e.g. an optional dependency
                continue
    _FRESH.update(filters=list(warnings.filters), path=list(sys.path), cwd=os.getcwd(),
                  rc=_rc_params())
    _watch_memory()
    # the modules' objects live as long as the kernel: out of the collector's sight, so that a
    # full collection (the reset's, or one a notebook's tables set off) does not walk them
    # again (0.4 s each time with pandas, SciPy, scikit-learn and matplotlib imported)
    gc.collect()
    gc.freeze()


def _rc_params():
    import sys

    mpl = sys.modules.get("matplotlib")
    return None if mpl is None else mpl.rcParams.copy()


def reset_kernel() -> None:
    """In a report kernel, between two notebooks: the state :func:`warm_kernel` left."""
    import sys
    import warnings

    from IPython import get_ipython

    ip = get_ipython()
    ip.reset(new_session=True)  # the namespace, Out, _ and friends; counting from 1 again
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    if _FRESH.get("rc") is not None:
        import matplotlib

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.clear()
            matplotlib.rcParams.update(_FRESH["rc"])
    pd = sys.modules.get("pandas")
    if pd is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated options warn when reset
            pd.reset_option("all")
    warnings.filters[:] = _FRESH.get("filters", warnings.filters)
    warnings._filters_mutated()  # the "default" and "once" actions see the filters anew
    warnings.onceregistry.clear()  # the "once" action's own record
    for module in list(sys.modules.values()):  # warnings shown once are shown again
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    os.chdir(_FRESH.get("cwd", os.getcwd()))
    sys.path[:] = _FRESH.get("path", sys.path)
    _give_back_memory()
    if _TRIMMED:  # the next notebook's cells grow from here
        _TRIMMED[:] = [_resident()]


TRIM_GROWTH = 128 * 2**20
"""Bytes a kernel's resident memory may grow by, from the last cell that gave memory back,
before the next cell's end gives the freed pages back (:func:`_after_cell`)."""
_TRIMMED: list[int] = []
"""The kernel's resident bytes when it last gave memory back (or was warmed)."""


def _watch_memory() -> None:
    """In an IPython kernel: after each cell, :func:`_after_cell` (once, however often the
    kernel is warmed)."""
    import sys

    ipython = sys.modules.get("IPython")
    ip = ipython.get_ipython() if ipython is not None else None
    if ip is None or _after_cell in ip.events.callbacks.get("post_run_cell", ()):
        return
    _TRIMMED[:] = [_resident()]
    ip.events.register("post_run_cell", _after_cell)


def _after_cell(result=None) -> None:
    """After a cell: when the kernel holds :data:`TRIM_GROWTH` more than when it last gave
    memory back, give back what the cell freed (glibc and Arrow keep freed pages otherwise,
    and the next cells' peaks would stack on them: with 100,000 documents the attributions of
    notebook 04 leave 0.5 GB of freed pages behind). A small corpus's cells seldom grow that
    much; a check is one read of ``/proc/self/statm``."""
    try:
        if _TRIMMED and _resident() - _TRIMMED[0] > TRIM_GROWTH:
            _give_back_memory()
            _TRIMMED[:] = [_resident()]
    except Exception:  # noqa: BLE001, S110 - never a trace in a page
        pass


def _resident() -> int:
    """This process's resident bytes (0 where ``/proc`` is not: nothing is ever given back
    after a cell there)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _give_back_memory() -> None:
    """Free the last notebook's tables and hand the freed pages back to the system (glibc
    keeps them otherwise, and the kernel would carry one notebook's peak into the next)."""
    import contextlib
    import gc
    import sys

    gc.collect()
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass
    pa = sys.modules.get("pyarrow")  # its allocator keeps freed pages too
    if pa is not None:
        with contextlib.suppress(Exception):
            pa.default_memory_pool().release_unused()


@functools.cache
def _libc():
    """The C library, found once (``find_library`` runs ``ldconfig``, tens of ms)."""
    import ctypes
    import ctypes.util

    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
