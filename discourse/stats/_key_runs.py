"""Distinct integer keys and their counts, by a sort in place: the counting step of
:func:`discourse.count_terms` (:mod:`discourse.stats.counts`)."""

from __future__ import annotations

import numpy as np


def _runs(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``key`` in increasing order and how often each occurs, by a sort
    in place (NumPy's stable sort: the keys come in runs, the units in token order, which it
    merges where the default sort does not look)."""
    key.sort(kind="stable")
    new = np.empty(len(key), dtype=bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    first = np.flatnonzero(new)
    del new
    n = np.empty(len(first), dtype=first.dtype)  # the runs' lengths, without temporaries
    np.subtract(first[1:], first[:-1], out=n[:-1])
    n[-1] = len(key) - first[-1]
    return _compact(key, first), n


def _compact(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``values[at]`` for increasing positions ``at`` (so ``at[i] >= i``), written over the
    start of ``values`` a million at a time: no second array as long as the result. Each
    block reads positions at or after its own start, which no earlier block has written.

    Examples
    --------
    >>> _compact(np.array([5, 6, 7, 8, 9]), np.array([0, 2, 4])).tolist()
    [5, 7, 9]
    """
    step = 1 << 20
    for a in range(0, len(at), step):
        b = min(a + step, len(at))
        values[a:b] = values[at[a:b]]
    return values[:len(at)]
