"""The resampling loops of the rate statistics: bootstraps and permutations over documents.

Each public statistic documents its draws (``rng.integers(0, k, (B, k))`` for a bootstrap,
``rng.permuted(tile(x, (B, 1)), axis=1)`` for a permutation, ``B = n_resamples``); these
helpers make exactly those draws, in that order, a batch of rows at a time, and leave the
arithmetic to the caller. Numpy's stream does not depend on how the rows are cut into batches,
so the batch size is free, with one caveat: a sum of floats may round differently when it is
computed in another shape. Two batch sizes are therefore offered:

- :data:`BATCH` elements (2 MB of float64: the counting and the matrix products stay in the
  processor's cache) when every sum the caller forms is of integers below 2**53
  (:func:`exact_sums`): float64 adds those exactly, in any order and any shape;
- the batch the statistic has always used otherwise (``legacy``), so that results stay
  identical to the last bit.

Memory is bounded by the batch: a few times ``BATCH`` elements at 100,000 documents, never
``n_resamples x documents``. While exact sums are formed, BLAS runs on one thread
(:func:`blas_threads`): the draws, single-threaded, are most of the work, and a second BLAS
thread on a batch's small product only waits, which costs more than it saves on a busy machine.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

import numpy as np

BATCH = 262_144
"""Elements of a batch of resamples x documents when its sums are exact."""

MAX_BATCH = 2_000_000
"""At most this many elements a batch (16 MB of float64), however many sums are formed."""

_EXACT_LIMIT = 2.0 ** 53


def exact_sums(*columns, n_terms: int) -> bool:
    """Whether float64 adds up ``n_terms`` multiples of values of ``columns`` exactly.

    True when every value is a finite integer and ``n_terms * max|value| < 2**53``: a bootstrap
    row (``k`` documents drawn ``k`` times in all) or a permutation row (each document at most
    once) then sums integers no larger than that bound, which float64 represents exactly, so
    the order of the additions (a matrix product's blocking, a batch's shape) cannot change
    the result.

    Examples
    --------
    >>> exact_sums(np.array([1.0, 2.0]), np.array([[3], [4]]), n_terms=10)
    True
    >>> exact_sums(np.array([0.5]), n_terms=10), exact_sums(np.array([2.0**50]), n_terms=10)
    (False, False)
    """
    for col in columns:
        x = np.asarray(col, dtype=float)
        if not x.size:
            continue
        if not np.isfinite(x).all() or not (x == np.round(x)).all():
            return False
        if max(n_terms, 1) * float(np.abs(x).max()) >= _EXACT_LIMIT:
            return False
    return True


def batch_rows(n_columns: int, *, exact: bool, legacy: int, n_sums: int = 1) -> int:
    """Rows per batch: when the sums are exact, :data:`BATCH` elements, but at least
    ``n_sums`` rows (the caller's matrix of ``n_sums`` columns is read once per batch, so a
    batch of a few long rows would spend its time re-reading it) and at most
    :data:`MAX_BATCH` elements; otherwise ``legacy`` rows, as before."""
    if not exact:
        return max(1, legacy)
    n = max(n_columns, 1)
    return max(1, min(max(BATCH // n, n_sums), MAX_BATCH // n))


def blas_threads(exact: bool):
    """A context in which BLAS uses one thread when ``exact`` (else as configured, so that
    inexact sums are formed exactly as before)."""
    if not exact:
        return contextlib.nullcontext()
    return _controller().limit(limits=1, user_api="blas")


@functools.lru_cache(maxsize=1)
def _controller():
    """threadpoolctl's view of the loaded thread pools, made once (a fresh look per call costs
    ~15 ms once scipy and scikit-learn are loaded; numpy's BLAS, the one used here, is always
    loaded before)."""
    from threadpoolctl import ThreadpoolController  # scikit-learn's; imported where used

    return ThreadpoolController()


def bootstrap_counts(rng: np.random.Generator, k: int, n_resamples: int,
                     rows: int, dtype=float) -> Iterator[tuple[int, np.ndarray]]:
    """``(start, times)`` batches: ``times[b, i]`` is how often document ``i`` of ``k`` is drawn
    in resample ``start + b``, resample ``r`` being row ``r`` of
    ``rng.integers(0, k, (n_resamples, k))`` (float64 or ``dtype``, ready for a matrix
    product).

    Examples
    --------
    >>> np.random.default_rng(0).integers(0, 3, (2, 3)).tolist()  # the documented draws
    [[2, 1, 1], [0, 0, 0]]
    >>> [t.tolist() for _, t in bootstrap_counts(np.random.default_rng(0), 3, 2, rows=1)]
    [[[0.0, 2.0, 1.0]], [[3.0, 0.0, 0.0]]]
    """
    rows = max(1, min(rows, n_resamples))
    offsets = k * np.arange(rows, dtype=np.int64)[:, None]
    for start in range(0, n_resamples, rows):
        size = min(rows, n_resamples - start)
        picks = rng.integers(0, k, size=(size, k))  # row b: the documents of resample b
        picks += offsets[:size]
        times = np.bincount(picks.ravel(), minlength=size * k)
        yield start, times.reshape(size, k).astype(dtype)


def permuted_rows(rng: np.random.Generator, values: np.ndarray, n_resamples: int,
                  rows: int) -> Iterator[tuple[int, np.ndarray]]:
    """``(start, dealt)`` batches: row ``b`` of ``dealt`` is row ``start + b`` of
    ``rng.permuted(np.tile(values, (n_resamples, 1)), axis=1)``.

    The draws of a permutation do not depend on what is permuted (a shuffle moves positions),
    so ``values`` may be any array of the documents: labels, times, positions.

    Examples
    --------
    >>> x = np.array([10, 20, 30, 40])
    >>> got = np.vstack([d for _, d in permuted_rows(np.random.default_rng(1), x, 3, rows=2)])
    >>> bool((got == np.random.default_rng(1).permuted(np.tile(x, (3, 1)), axis=1)).all())
    True
    """
    rows = max(1, min(rows, n_resamples))
    done = 0
    while done < n_resamples:
        size = min(rows, n_resamples - done)
        yield done, rng.permuted(np.tile(values, (size, 1)), axis=1)
        done += size


def unit_documents(doc_unit, doc_words, n_units: int):
    """``(u, documents of unit u with words, in corpus order)`` for ``u`` in ``range(n_units)``.

    One stable sort instead of a scan of every document per unit (quadratic at 100,000
    documents with ``by="doc_id"``).
    """
    doc_unit = np.asarray(doc_unit)
    has = np.flatnonzero(np.asarray(doc_words) > 0)
    docs = has[np.argsort(doc_unit[has], kind="stable")]
    units = doc_unit[docs]
    bounds = np.searchsorted(units, np.arange(n_units + 1), side="left")
    for u in range(n_units):
        yield u, docs[bounds[u]:bounds[u + 1]]


DEALT_CACHE_BYTES = 128 * 2**20
"""At most this many bytes (one bit per document and resample) of dealt labels kept in memory
for the next call that deals the same documents with the same seed (:func:`dealt_labels`)."""

_DEALT: dict = {}
"""The one set of dealt labels kept: ``key`` (seed, resamples, labels) and ``bits`` (packed)."""


def dealt_labels(random_state, labels: np.ndarray, n_resamples: int,
                 rows: int) -> Iterator[tuple[int, np.ndarray]]:
    """``(start, member)`` batches: ``member[c, b]`` is row ``c`` of ``labels`` (comparisons x
    documents, boolean) dealt by resample ``start + b``, the deal being row ``start + b`` of
    ``numpy.random.default_rng(random_state).permuted(tile(x, (n_resamples, 1)), axis=1)``.

    One row of labels is shuffled itself; several are dealt by shuffled positions (a shuffle
    moves positions whatever they hold, so each row is dealt as it would be alone). The last
    deal made is kept, bit-packed, when it takes at most :data:`DEALT_CACHE_BYTES`: a call
    with the same seed, resamples and labels (``compare_rates`` on the same sides, with other
    markers) replays the same draws from memory instead of drawing them again.

    Examples
    --------
    >>> x = np.array([[True, True, False, False, False]])
    >>> got = np.vstack([m[0] for _, m in dealt_labels(3, x, 4, rows=3)])
    >>> want = np.random.default_rng(3).permuted(np.tile(x[0], (4, 1)), axis=1)
    >>> bool((got == want).all())
    True
    >>> again = np.vstack([m[0] for _, m in dealt_labels(3, x, 4, rows=3)])  # from memory
    >>> bool((again == want).all())
    True
    """
    labels = np.atleast_2d(np.asarray(labels, dtype=bool))
    n_docs = labels.shape[1]
    rows = max(1, min(rows, n_resamples))
    key = _dealt_key(random_state, labels, n_resamples)
    if key is not None and _DEALT.get("key") == key:
        bits = _DEALT["bits"]
        for start in range(0, n_resamples, rows):
            part = np.unpackbits(bits[:, start:start + rows], axis=-1, count=n_docs)
            yield start, part.view(bool)
        return
    width = (n_docs + 7) // 8
    keep = key is not None and labels.shape[0] * n_resamples * width <= DEALT_CACHE_BYTES
    if keep:
        _DEALT.clear()  # never two sets in memory at once
    bits = np.empty((labels.shape[0], n_resamples, width), np.uint8) if keep else None
    values = labels[0] if len(labels) == 1 else np.arange(n_docs)
    for start, dealt in permuted_rows(np.random.default_rng(random_state), values,
                                      n_resamples, rows):
        member = dealt[None] if len(labels) == 1 else labels[:, dealt]
        if keep:
            bits[:, start:start + len(dealt)] = np.packbits(member, axis=-1)
        yield start, member
    if keep:  # only a complete set of deals is kept
        _DEALT.update(key=key, bits=bits)


def _dealt_key(random_state, labels: np.ndarray, n_resamples: int):
    """What fixes the deals (None: not kept, e.g. a seed that is a Generator)."""
    if isinstance(random_state, bool) or not isinstance(random_state, int | np.integer):
        return None
    return int(random_state), int(n_resamples), labels.shape, labels.tobytes()
