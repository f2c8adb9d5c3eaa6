"""Ordinary memory pages for the large arrays of the table builder and the analyses.

NumPy asks Linux for transparent huge pages (2 MB, ``madvise``) for every array of 4 MB or
more. On a virtual machine whose host backs guest memory only when it is first touched (cloud
VMs, sandboxes, the 2-core machines this package is measured on), each such fault makes the host
provide 2 MB at once, and the corpus builder, which fills hundreds of MB of fresh arrays, ran
1.6x slower with them than without (10M words: tables 5.2 s against 3.2 s, stance markers 2.6 s
against 1.2 s, same machine, same run). :func:`small_pages` turns NumPy's request off for the
duration of a call and restores it after, so nothing changes for the caller's own arrays; a
``NUMPY_MADVISE_HUGEPAGE`` set in the environment is respected.
"""

from __future__ import annotations

import functools
import os
from contextlib import contextmanager

try:  # a private switch of NumPy's (the one NUMPY_MADVISE_HUGEPAGE sets at import)
    from numpy._core.multiarray import _set_madvise_hugepage
except ImportError:  # pragma: no cover - NumPy < 2
    try:
        from numpy.core.multiarray import _set_madvise_hugepage
    except ImportError:
        _set_madvise_hugepage = None


@contextmanager
def small_pages_block():
    """Inside the block, NumPy does not ask for huge pages (see the module docstring)."""
    if _set_madvise_hugepage is None or "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        yield
        return
    before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(before)


def small_pages(func):
    """Decorator: run ``func`` inside :func:`small_pages_block`."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with small_pages_block():
            return func(*args, **kwargs)

    return wrapper
