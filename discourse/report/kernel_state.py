"""Inside a report's kernel: the state a notebook starts from, and its restoring.

A report runs several notebooks one after another in one kernel
(:class:`~discourse.report.notebook_run.ReportKernel`). :func:`warm_kernel` runs once, before
the first: it imports the libraries and remembers the state a notebook starts from;
:func:`reset_kernel` runs between two notebooks and restores it, so that a notebook sees what
a fresh kernel would show.
"""

from __future__ import annotations

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


def _give_back_memory() -> None:
    """Free the last notebook's tables and hand the freed pages back to the system (glibc
    keeps them otherwise, and the kernel would carry one notebook's peak into the next)."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass
