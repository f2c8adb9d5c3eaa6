"""Statistics over the documents of a side: dispersion (Gries' DP) and document-level tests.

A side of a comparison (a party, a genre) usually holds many documents. Pooling them into one
long text treats every token as an independent draw, so a word one document repeats looks like
a word the whole side uses. These functions keep the documents apart: how evenly a term spreads
over a side's documents (:func:`deviation_of_proportions`), and whether documents of one side
use it more than documents of the other (:func:`mann_whitney_docs`, a test whose sample is the
documents). :func:`discourse.keyness` calls them when given ``docs=``.

References
----------
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International Journal
of Corpus Linguistics* 13(4), 403-437. https://doi.org/10.1075/ijcl.13.4.02gri

Lijffijt, J., Nevalainen, T., Säily, T., Papapetrou, P., Puolamäki, K. & Mannila, H. (2016).
Significance testing of word frequencies in corpora. *Digital Scholarship in the Humanities*
31(2), 374-397. https://doi.org/10.1093/llc/fqu064
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats


def deviation_of_proportions(doc: np.ndarray, term: np.ndarray, n: np.ndarray,
                             doc_total: np.ndarray, n_terms: int) -> np.ndarray:
    """Gries' (2008) DP of every term over a set of documents, from sparse counts.

    Parameters
    ----------
    doc, term : array of int
        Document and term code of each non-zero count (documents ``0..D-1``, terms
        ``0..n_terms-1``); every document of the set must appear in ``doc_total``.
    n : array of float
        The counts (> 0).
    doc_total : array of float, length D
        Each document's total of counted words (the parts' sizes); documents of the set only.
    n_terms : int
        Number of terms.

    Returns
    -------
    array of float, length ``n_terms``
        ``DP = 0.5 * sum_i |v_i - s_i|`` over the D documents, with ``v_i`` the share of the
        term's hits in document ``i`` and ``s_i = doc_total_i / sum(doc_total)``; NaN for a
        term with no hit. 0 means spread exactly as the documents' sizes; close to 1, all hits
        in one small document.

    Notes
    -----
    Documents without the term contribute ``|0 - s_i| = s_i``, so the sum is computed from the
    non-zero counts only: ``DP = 0.5 * (1 + sum_{i: n_i > 0} (|v_i - s_i| - s_i))``.

    Examples
    --------
    Lijffijt & Gries (2012, Table 1): three equal parts, 2/3 of the hits in one, 1/3 in another.

    >>> float(deviation_of_proportions(np.array([0, 1]), np.array([0, 0]), np.array([2., 1.]),
    ...                                np.array([10., 10., 10.]), 1)[0].round(4))
    0.3333
    """
    doc = np.asarray(doc, dtype=np.int64)
    term = np.asarray(term, dtype=np.int64)
    n = np.asarray(n, dtype=float)
    size = np.asarray(doc_total, dtype=float)
    share = size[doc] / size.sum()
    hits = np.bincount(term, weights=n, minlength=n_terms)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = n / hits[term]
    dp = 0.5 * (1.0 + np.bincount(term, weights=np.abs(v - share) - share, minlength=n_terms))
    dp = np.clip(dp, 0.0, 1.0)  # rounding
    dp[hits == 0] = np.nan
    return dp


def mann_whitney_docs(doc: np.ndarray, term: np.ndarray, n: np.ndarray,
                      doc_total: np.ndarray, doc_side: np.ndarray,
                      n_terms: int) -> np.ndarray:
    """Two-sided Mann-Whitney U p-value of each term's relative frequency, documents as sample.

    Parameters
    ----------
    doc, term, n : arrays
        Document code, term code and count of each non-zero count.
    doc_total : array of float
        Each document's total of counted words.
    doc_side : array of int
        0 for a focus document, 1 for a reference document, -1 for neither.
    n_terms : int
        Number of terms.

    Returns
    -------
    array of float, length ``n_terms``
        ``scipy.stats.mannwhitneyu(x, y).pvalue`` (default method, two-sided) with ``x`` the
        focus documents' relative frequencies ``n / doc_total`` of the term and ``y`` the
        reference documents' (0 for a document that does not use it: every document of each
        side is in the sample). 1.0 where scipy gives NaN (every value tied).

    Notes
    -----
    Computed from the non-zero counts only, never a dense documents x terms matrix: the
    ``z`` documents without the term share the average rank ``(z + 1) / 2`` and the others
    rank above them, ties averaged. Then exactly scipy's default: ``U1 = R1 - n1 (n1 + 1) / 2``,
    ``U = max(U1, n1 n2 - U1)``, the normal approximation with tie correction ``sigma =
    sqrt(n1 n2 / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1))))`` and continuity correction,
    ``p = 2 Phi(-(U - n1 n2 / 2 - 0.5) / sigma)``; for the rare term without ties when a side
    has at most 8 documents, scipy's exact distribution (one scipy call per such term).

    Examples
    --------
    >>> p = mann_whitney_docs(np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([5., 4., 1.]),
    ...                       np.array([10., 10., 10., 10.]), np.array([0, 0, 1, 1]), 1)
    >>> float(p[0].round(3))
    0.333
    """
    side = np.asarray(doc_side)
    n1, n2 = int((side == 0).sum()), int((side == 1).sum())
    if not n1 or not n2:
        return np.full(n_terms, np.nan)
    doc = np.asarray(doc, dtype=np.int64)
    keep = side[doc] >= 0
    doc = doc[keep]
    term = np.asarray(term, dtype=np.int64)[keep]
    rel = np.asarray(n, dtype=float)[keep] / np.asarray(doc_total, dtype=float)[doc]
    in_x = side[doc] == 0
    order = np.lexsort((rel, term))
    term, rel, in_x = term[order], rel[order], in_x[order]
    nonzero = np.bincount(term, minlength=n_terms)
    zeros = (n1 + n2 - nonzero).astype(float)
    zeros_x = (n1 - np.bincount(term[in_x], minlength=n_terms)).astype(float)
    r1 = zeros_x * (zeros + 1) / 2
    ties = zeros**3 - zeros
    if len(term):
        first = np.concatenate([[0], np.cumsum(nonzero)[:-1]])
        pos = np.arange(len(term)) - first[term] + 1  # 1-based within the term's block
        new_run = np.concatenate([[True], (np.diff(term) != 0) | (np.diff(rel) != 0)])
        run_start = np.flatnonzero(new_run)
        run_len = np.diff(np.concatenate([run_start, [len(term)]])).astype(float)
        run_rank = pos[run_start] + (run_len - 1) / 2
        rank = zeros[term] + run_rank[np.cumsum(new_run) - 1]
        r1 += np.bincount(term[in_x], weights=rank[in_x], minlength=n_terms)
        ties += np.bincount(term[run_start], weights=run_len**3 - run_len, minlength=n_terms)
    total = n1 + n2
    u1 = r1 - n1 * (n1 + 1) / 2
    u = np.maximum(u1, n1 * n2 - u1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.sqrt(n1 * n2 / 12 * ((total + 1) - ties / (total * (total - 1))))
        p = np.clip(2 * special.ndtr(-(u - n1 * n2 / 2 - 0.5) / sigma), 0.0, 1.0)
    if min(n1, n2) <= 8:  # scipy's default is exact for a term without ties
        for t in np.flatnonzero(ties == 0):
            block = term == t
            x = np.zeros(n1)
            y = np.zeros(n2)
            x[:int(block[in_x].sum())] = rel[block & in_x]
            y[:int(block[~in_x].sum())] = rel[block & ~in_x]
            p[t] = stats.mannwhitneyu(x, y).pvalue
    return np.where(np.isnan(p), 1.0, p)


def bh(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (``scipy.stats.false_discovery_control``)."""
    p = np.asarray(p, dtype=float)
    return stats.false_discovery_control(p, method="bh") if len(p) else p
