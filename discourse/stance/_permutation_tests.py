"""The permutation tests of :func:`discourse.compare_rates`: documents (or, for two single
documents, sentences) dealt at random between the two sides.

The draws are those the docstrings document (``Generator.permuted`` of the side labels, one
generator per comparison), made through :mod:`discourse.stance._resample`. Several comparisons
over the same documents with the same seed (each group against the rest) deal the documents by
the same draws, since a shuffle moves positions whatever they hold: they share one set of
shuffles (:func:`document_permutation_p` with one row of labels per comparison). The last
deals are kept in memory (:func:`discourse.stance._resample.dealt_labels`): another call on the
same sides with the same seed (``compare_rates`` of other markers) replays them, not redraws.
"""

from __future__ import annotations

import numpy as np

from .._compat import renamed
from ._resample import batch_rows, blas_threads, dealt_labels, exact_sums


def _log_rate_ratio(cf, wf, total_c, total_w):
    """``ln((cf / wf) / (cr / wr))`` with ``cr = total_c - cf``, ``wr = total_w - wf``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.log(cf) - np.log(wf)) - (np.log(total_c - cf) - np.log(total_w - wf))


@renamed(n_permutations="n_resamples")
def document_permutation_p(doc_counts, doc_words, in_focus, n_resamples,
                           random_state) -> np.ndarray:
    """Two-sided permutation p-value of the log pooled rate ratio, documents dealt at random.

    ``doc_counts`` is documents x categories, ``doc_words`` the documents' words (all > 0),
    ``in_focus`` marks the focus documents; see :func:`discourse.compare_rates` Notes. A 2-D
    ``in_focus`` (comparisons x documents) gives one row of p-values per comparison, each the
    one its row alone would give, from one set of shuffles.

    Examples
    --------
    >>> c = np.array([[3.0], [4.0], [0.0], [1.0]])
    >>> w = np.array([100.0, 100.0, 100.0, 100.0])
    >>> float(document_permutation_p(c, w, np.array([True, True, False, False]), 999, 0)[0])
    0.315
    >>> document_permutation_p(c, w, [[True, True, False, False], [False, False, True, True]],
    ...                        999, 0).tolist()
    [[0.315], [0.315]]
    """
    labels = np.asarray(in_focus, dtype=bool)
    c, w = np.asarray(doc_counts, dtype=float), np.asarray(doc_words, dtype=float)
    if labels.ndim == 2 and not exact_sums(c, w, n_terms=labels.shape[1]):
        return np.array([document_permutation_p(c, w, row, n_resamples, random_state)
                         for row in labels]).reshape(len(labels), c.shape[1])
    if n_resamples == 0:
        return np.full(labels.shape[:-1] + (c.shape[1],), np.nan)
    total_c, total_w = c.sum(0), w.sum()
    observed = np.array([_log_rate_ratio(c[row].sum(0), w[row].sum(), total_c, total_w)
                         for row in labels.reshape(-1, labels.shape[-1])])
    extreme = _extreme_counts(c, w, labels.reshape(-1, labels.shape[-1]), np.abs(observed),
                              n_resamples, random_state)
    p = np.where(total_c > 0, (1 + extreme) / (1 + n_resamples), 1.0)
    return p.reshape(labels.shape[:-1] + (c.shape[1],))


def _extreme_counts(c, w, labels, observed, n_resamples, random_state) -> np.ndarray:
    """``#{|T*| >= |T|}`` per comparison (rows of ``labels``) and category."""
    total_c, total_w = c.sum(0), w.sum()
    n_docs = labels.shape[1]
    exact = exact_sums(c, w, n_terms=n_docs)  # integer counts and words: exact in any order
    rows = batch_rows(n_docs * len(labels), exact=exact,
                      legacy=min(n_resamples, 4_000_000 // max(n_docs, 1)), n_sums=c.shape[1] + 1)
    both = np.column_stack([c, w])
    # a deal sums each document at most once: below 2**24 in all, float32 adds exactly too
    single = exact and (not both.size or float(np.abs(both).sum(0).max()) < 2.0 ** 24)
    both = both.astype(np.float32) if single else both
    extreme = np.zeros((len(labels), c.shape[1]), dtype=np.int64)
    with blas_threads(exact):
        for _, member in dealt_labels(random_state, labels, n_resamples, rows):
            if exact:  # one product for counts and words
                sums = (member.astype(both.dtype) @ both).astype(float)
                focus_c, focus_w = sums[..., :-1], sums[..., -1:]
            else:  # as computed before, to the last bit
                m = member.astype(float)
                focus_c, focus_w = m @ c, (m @ w)[..., None]
            stat = np.abs(_log_rate_ratio(focus_c, focus_w, total_c, total_w))
            extreme += _at_least(stat, observed[:, None, :]).sum(1)
    return extreme


def _at_least(stat: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """``stat >= observed`` up to rounding (1e-12 relative), infinities included."""
    finite = np.isfinite(observed)
    tol = 1e-12 * np.maximum(np.abs(np.where(finite, observed, 0.0)), 1.0)
    close = stat >= np.where(finite, observed - tol, np.inf)
    return close & ~np.isnan(stat)


def _permutation_p(counts, words, in_a, in_b, n_resamples, random_state) -> np.ndarray:
    """Two-sided permutation p-value of the rate difference, sentences dealt at random."""
    n_cat = counts.shape[1]
    if n_resamples == 0:
        return np.full(n_cat, np.nan)
    pool = np.flatnonzero(in_a | in_b)
    c, w = counts[pool], words[pool]
    n_a = int(in_a[pool].sum())
    total_c, total_w = c.sum(0), w.sum()
    obs_a = counts[in_a].sum(0)
    obs_wa = words[in_a].sum()
    observed = obs_a / obs_wa - (total_c - obs_a) / (total_w - obs_wa)
    rng = np.random.default_rng(random_state)
    labels = np.zeros(len(pool), dtype=bool)
    labels[:n_a] = True
    batch = max(1, min(n_resamples, 4_000_000 // max(len(pool), 1)))
    extreme = np.zeros(n_cat, dtype=np.int64)
    tol = 1e-12 * np.maximum(np.abs(observed), 1e-300)
    done = 0
    while done < n_resamples:
        size = min(batch, n_resamples - done)
        m = rng.permuted(np.tile(labels, (size, 1)), axis=1).astype(float)
        ca = m @ c
        wa = m @ w
        wb = total_w - wa
        with np.errstate(divide="ignore", invalid="ignore"):
            d = ca / wa[:, None] - (total_c - ca) / wb[:, None]
        d = np.where(np.isfinite(d), d, np.inf)  # a side with no words: as extreme as can be
        extreme += (np.abs(d) >= np.abs(observed) - tol).sum(0)
        done += size
    return (1 + extreme) / (1 + n_resamples)
