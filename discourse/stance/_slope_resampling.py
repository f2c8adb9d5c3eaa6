"""The slope of :func:`discourse.trend` and its two resampling loops: the permutation test and
the bootstrap interval over documents (see :func:`discourse.trend` Notes for the draws).

Both loops make the documented draws through :mod:`discourse.stance._resample`. When the times,
words and counts are integers (years, word counts, hits), the sums they need are exact in
float64, so they are formed with one matrix product per batch of resamples (the bootstrap's
values are then identical to the last bit). The permutation test needs only a yes/no per
resample (``|slope*| >= |slope|``): it computes each permuted slope by the short formula on
times shifted near zero, and decides with the documented formula (:func:`weighted_slope`)
every resample whose short slope lies within a bound of its error from the threshold, so the
p-value is the one the documented formula gives. Other times (fractions) take the documented
formula throughout.
"""

from __future__ import annotations

import numpy as np

from ._permutation_tests import _at_least
from ._resample import batch_rows, blas_threads, bootstrap_counts, exact_sums, permuted_rows

_EPS = np.finfo(float).eps


def weighted_slope(counts: np.ndarray, words: np.ndarray, times: np.ndarray, *,
                   per: float = 1000) -> np.ndarray:
    """Words-weighted least-squares slope of per-document rates on time, per category.

    ``counts`` is documents x categories (or resamples x documents x categories with ``times``
    resamples x documents); documents need ``words > 0``. See :func:`discourse.trend` Notes.

    Examples
    --------
    >>> weighted_slope(np.array([[1.0], [2.0], [3.0]]), np.full(3, 100.0), np.array([0, 1, 2.]))
    array([10.])
    """
    times = np.asarray(times, dtype=float)
    w = np.asarray(words, dtype=float)
    tbar = (times * w).sum(-1, keepdims=True) / w.sum(-1, keepdims=True)
    dev = times - tbar
    den = (w * dev ** 2).sum(-1)
    num = np.einsum("...d,...dc->...c", dev, np.asarray(counts, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return per * num / den[..., None]


def permutation_p(counts, words, times, observed, n_resamples, rng) -> np.ndarray:
    """Two-sided permutation p-value of each category's slope, times dealt over documents."""
    n_docs = len(times)
    shift = _integer_shift(counts, words, times)
    exact = shift is not None
    rows = batch_rows(n_docs, exact=exact, legacy=min(n_resamples, 2_000_000 // max(n_docs, 1)),
                      n_sums=counts.shape[1] + 2)
    values = times - shift if exact else times
    decide = _ShortSlope(counts, words, values, shift, observed) if exact else None
    extreme = np.zeros(counts.shape[1], dtype=np.int64)
    with blas_threads(exact):
        for _, dealt in permuted_rows(rng, values, n_resamples, rows):
            if exact:
                hit = decide(dealt)
            else:  # the permuted times keep the words' weighting: tbar moves with them
                stat = np.abs(weighted_slope(counts[None], words[None], dealt, per=1))
                hit = _at_least(stat, np.abs(observed))
            extreme += hit.sum(0)
    return (1 + extreme) / (1 + n_resamples)


def _integer_shift(counts, words, times) -> float | None:
    """An integer near the words-weighted mean time when times, words and counts are integers
    whose permuted sums are exact after the shift; None otherwise."""
    t = np.asarray(times, dtype=float)
    if not len(t) or not exact_sums(t, n_terms=1):
        return None
    shift = float(np.round(np.average(t, weights=words)))
    span = float(np.abs(t - shift).max())
    n = len(t)
    if not exact_sums(counts, words, n_terms=n) or not exact_sums(
            np.array([span * span * np.max(words), span * np.max(counts, initial=0)]),
            n_terms=n):
        return None
    return shift


class _ShortSlope:
    """``_at_least(|slope*|, |slope|)`` for each permuted row of times shifted near zero.

    With ``A = sum w t``, ``T_c = sum n_c t``, ``Q = sum w t^2`` (exact: integers) and
    ``W = sum w``, ``N_c = sum n_c``, the slope is ``(T_c - A/W N_c) / (Q - A^2/W)``; a row
    whose value lies closer to the threshold than a generous bound of the rounding of both
    formulas is decided by :func:`weighted_slope` on the original times instead.
    """

    def __init__(self, counts, words, shifted, shift, observed):
        self.counts, self.w = counts, np.asarray(words, dtype=float)
        self.columns = np.column_stack([self.w, counts])
        self.total_w, self.total_n = self.w.sum(), counts.sum(0)
        self.shift, self.amax = shift, float(np.abs(shifted).max())
        self.observed = np.abs(observed)
        finite = np.isfinite(self.observed)
        tol = 1e-12 * np.maximum(np.where(finite, self.observed, 0.0), 1.0)
        self.limit = np.where(finite, self.observed - tol, np.inf)

    def __call__(self, dealt: np.ndarray) -> np.ndarray:
        sums = dealt @ self.columns
        a, t_c = sums[:, 0], sums[:, 1:]
        q = (dealt * dealt) @ self.w
        tbar = a / self.total_w
        den = q - a * tbar
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = np.abs((t_c - tbar[:, None] * self.total_n) / den[:, None])
            spread = np.sqrt(np.maximum(den, 0) / self.total_w)
            factor = 1e-9 + 16 * _EPS * (len(self.w) + (abs(self.shift) + self.amax) / spread)
            scale = ((self.amax + np.abs(tbar))[:, None] * self.total_n
                     + stat * (q + np.abs(a * tbar))[:, None]) / den[:, None] + stat
            width = factor[:, None] * scale
        hit = stat >= self.limit
        unsure = ~(np.abs(stat - self.limit) > width) | ~(den > 0)[:, None]
        rows = np.flatnonzero(unsure.any(1))
        if len(rows):  # the documented formula decides, on the original times
            slow = weighted_slope(self.counts[None], self.w[None], dealt[rows] + self.shift,
                                  per=1)
            hit[rows] = _at_least(np.abs(slow), self.observed)
        return hit


def bootstrap_slope(counts, words, times, confidence, n_resamples, rng):
    """Percentile bootstrap interval of each slope, documents resampled with replacement."""
    n_docs, n_cat = counts.shape
    slopes = np.empty((n_resamples, n_cat))
    wt, wtt, nt = words * times, words * times ** 2, counts * times[:, None]
    exact = exact_sums(words, wt, wtt, nt, counts, n_terms=n_docs)
    rows = batch_rows(n_docs, exact=exact, legacy=min(n_resamples, 2_000_000 // max(n_docs, 1)),
                      n_sums=3 + 2 * n_cat)
    columns = np.column_stack([words, wt, wtt, nt, counts])
    with blas_threads(exact):
        _bootstrap_loop(slopes, rng, n_docs, rows, exact, columns,
                        (words, wt, wtt, nt, counts))
    alpha = 1 - confidence
    kept = np.isfinite(slopes).all(1)  # a resample with one distinct time has no slope
    if not kept.any():
        return np.full(n_cat, np.nan), np.full(n_cat, np.nan)
    return tuple(np.quantile(slopes[kept], [alpha / 2, 1 - alpha / 2], axis=0))


def _bootstrap_loop(slopes, rng, n_docs, rows, exact, columns, parts) -> None:
    """Fill ``slopes`` (resamples x categories) with the slope of each bootstrap resample:
    :func:`weighted_slope` of the drawn documents, each counted as often as it was drawn."""
    words, wt, wtt, nt, counts = parts
    n_cat = counts.shape[1]
    for start, drawn in bootstrap_counts(rng, n_docs, len(slopes), rows):
        if exact:  # one product: the sums are exact, so equal to the separate ones
            s = drawn @ columns
            total_w, s_wt, s_wtt = s[:, 0], s[:, 1], s[:, 2]
            s_nt, s_n = s[:, 3:3 + n_cat], s[:, 3 + n_cat:]
        else:  # as computed before, to the last bit
            total_w, s_wt, s_wtt = drawn @ words, drawn @ wt, drawn @ wtt
            s_nt, s_n = drawn @ nt, drawn @ counts
        tbar = s_wt / total_w
        den = s_wtt - total_w * tbar ** 2
        num = s_nt - tbar[:, None] * s_n
        with np.errstate(divide="ignore", invalid="ignore"):
            slopes[start:start + len(drawn)] = np.where(den[:, None] > 1e-12 * s_wtt[:, None],
                                                        num / den[:, None], np.nan)
