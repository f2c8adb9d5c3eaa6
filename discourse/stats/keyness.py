"""Keyness of terms between a focus and a reference: pooled G2 and Log Ratio, and, with
``docs=``, dispersion and a test whose sample is the documents (:mod:`discourse.stats.dispersion`).

Imported by :mod:`discourse.stats.contrast`, which is where users find :func:`keyness`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special, stats

from .._compat import renamed, with_old_columns
from .._memory import small_pages
from .._validate import InputError, check_confidence, require_columns
from ..sides import REST, Sides, one_comparison, side_masks
from .dispersion import bh, deviation_of_proportions, mann_whitney_docs

PER = 10_000  # rates are per 10,000 counted words

OLD_COLUMNS = {
    "log_ratio_low": "ci_low", "log_ratio_high": "ci_high",
    "docs_focus": "n_docs_focus", "docs_reference": "n_docs_reference",
    "docs_in_focus": "n_docs_in_focus", "docs_in_reference": "n_docs_in_reference",
    "total_focus": "n_words_focus", "total_reference": "n_words_reference",
}
"""Old column names of :func:`keyness` -> the new ones (reading an old name warns)."""

EMPTY_COUNTS = ("counts is empty: no counted words. Were any sections analysed "
                "(corpus.paragraphs.is_analyzed), and did drop_stop/drop_punct leave any terms? "
                "Try corpus.with_analyzed([...]) or dc.count_terms(corpus, drop_stop=False).")


def _check_counts(counts: pd.DataFrame, by: list[str], term: str, n: str, *, fn: str) -> None:
    require_columns(counts, by + [term, n], name="counts",
                    hint="Make the table with dc.count_terms(corpus, by=...), or name your "
                         "columns with by=, term=, n=.")
    if not pd.api.types.is_numeric_dtype(counts[n]) or (counts[n] < 0).any():
        raise InputError(f"counts[{n!r}] must hold non-negative numbers (term counts).")
    if counts[n].isna().any():
        raise InputError(f"counts[{n!r}] has missing values; fill them with 0 or drop the rows.")
    values = counts[n].to_numpy(dtype=float, na_value=np.nan)
    if np.isinf(values).any():
        rows = counts.index[np.isinf(values)].tolist()[:5]
        raise InputError(f"counts[{n!r}] is infinite at row(s) {rows}: counts must be finite "
                         f"numbers. Fix or drop those rows.")
    for col in [*by, term]:
        missing = counts[col].isna().to_numpy()
        if missing.any():
            rows = counts.index[missing].tolist()[:5]
            raise InputError(
                f"counts[{col!r}] is missing (NaN) at {int(missing.sum())} row(s), e.g. "
                f"{rows}: {fn} would not know which {'term' if col == term else 'unit'} they "
                f"count, and dropping them would change the totals without a word. Fill them "
                f"in, or drop them yourself: counts.dropna(subset=[{col!r}]).")
    dup = counts.duplicated(by + [term])
    if dup.any():
        first = counts.loc[dup, by + [term]].iloc[0].tolist()
        raise InputError(
            f"{fn} needs one row per unit and term, but counts has {int(dup.sum())} repeated "
            f"({', '.join(by)}, {term}) pairs (first: {first}). Sum them first: "
            f"counts.groupby({by + [term]!r}, observed=True, as_index=False)[{n!r}].sum().")


def _g2_cell(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """``O ln(O / E)``, 0 where O is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        cell = observed * np.log(observed / expected)
    return np.where(observed > 0, cell, 0.0)



def log_ratio(a, b, n1: float, n2: float, *, confidence: float = 0.95):
    """Log Ratio of each term (log2 of the ratio of relative frequencies) with a Wald interval.

    Returns ``(log_ratio, ci_low, ci_high)``; see :func:`keyness` Notes for the formulas and
    the correction of zero counts, whose sign always follows the direction of the difference.

    Examples
    --------
    >>> lr, lo, hi = log_ratio([1, 4], [0, 2], 100.0, 100_000.0)
    >>> lr.round(2).tolist()
    [9.97, 10.97]
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    zero = (a == 0) | (b == 0)
    total = n1 + n2
    # add the same rate 1 / (N1 + N2) to both sides where a count is 0
    a_adj = np.where(zero, a + n1 / total, a)
    b_adj = np.where(zero, b + n2 / total, b)
    with np.errstate(divide="ignore"):
        lr = np.log2((a_adj / n1) / (b_adj / n2))
    z = stats.norm.ppf((1 + confidence) / 2)
    half = z * np.sqrt(1 / a_adj + 1 / b_adj) / np.log(2)
    return lr, lr - half, lr + half


def side_column(sides, by, *, default):
    """The column of labels of a two-sided function: ``by``, or ``sides.by`` when ``sides=`` is
    given and ``by=`` is left at its default (``sides`` says which column it compares)."""
    if sides is None or by not in (None, default):
        return by
    found = [sides] if isinstance(sides, Sides) else \
        list(sides) if isinstance(sides, list | tuple) else []
    return found[0].by if found and isinstance(found[0], Sides) else by


def side_labels(s: Sides, *, given: bool, reference) -> tuple[str, str]:
    """The ``focus`` and ``reference`` label columns of a keyness table: the labels joined by
    " + "; "all others" for a reference left to its default, or a ``sides=`` in "rest" mode
    (every other label)."""
    rest = s.mode == REST if given else reference is None
    return _short(s.focus_labels, s.by), "all others" if rest else _short(s.reference, s.by)


def _short(labels: tuple[str, ...], by: str) -> str:
    """Labels joined by " + ", or, beyond three, the first two and how many there are: the
    label is written in every row, so it stays short however many labels a side pools."""
    if len(labels) <= 3:
        return " + ".join(labels)
    unit = "documents" if by == "doc_id" else "groups"
    return f"{labels[0]} + {labels[1]} + ... ({len(labels):,} {unit})"


@renamed(conf_level="confidence")
@small_pages
def keyness(counts: pd.DataFrame, *, focus=None, reference=None, sides=None,
            by: str = "doc_id", docs=None, term: str = "term", n: str = "n",
            confidence: float = 0.95) -> pd.DataFrame:
    """Keyness of every term in a focus against a reference: G2, Log Ratio and, per document, DP
    and a Mann-Whitney test.

    Parameters
    ----------
    counts : DataFrame
        One row per unit and term with a count, e.g. from :func:`discourse.count_terms`. With
        ``docs``, one row per unit, document and term: ``dc.count_terms(corpus, by=["group",
        "doc_id"])``.
    focus : value or list of values, optional
        The value(s) of ``counts[by]`` pooled as the focus (e.g. a doc_id or a group).
        Default: with two values of ``counts[by]``, the first (in the column's order) against
        the second; with more, name one (the table shows one comparison).
    reference : value or list of values, optional
        The value(s) pooled as the reference. Default: all other units pooled.
    sides : Sides, optional
        The comparison, already decided (e.g. ``dc.comparisons(corpus)[0]``), instead of
        ``focus``/``reference``; its ``by`` is the column of labels.
    by : str, default "doc_id"
        The column holding focus and reference values (with ``sides=``, ``sides.by``).
    docs : str, optional
        The column naming the documents inside each side (``"doc_id"``). Adds the
        document-level columns below; needs several documents a side to mean anything.
    term, n : str, default "term", "n"
        The term and count columns.
    confidence : float, default 0.95
        Coverage of the Log Ratio interval. (Formerly ``conf_level=``, which still works and
        warns.)

    Returns
    -------
    DataFrame
        One row per term used in the focus or the reference, sorted by ``g2`` descending (ties
        by ``term``: the focus's key terms first, the reference's last), RangeIndex:

        * ``term``, ``n_focus``, ``n_reference`` (counts), ``rate_focus``, ``rate_reference``
          (per 10,000 counted words), ``g2`` (signed), ``p_value``, ``p_adjusted``;
        * ``log_ratio``, ``ci_low``, ``ci_high`` (its interval);
        * with ``docs``: ``n_docs_focus``, ``n_docs_reference`` (documents of each side using
          the term), ``dp_focus``, ``dp_reference`` (Gries' DP over the side's documents; NaN
          where the side never uses the term), ``p_docs``, ``p_docs_adjusted`` (the
          document-level test and its Benjamini-Hochberg adjustment), ``n_docs_in_focus``,
          ``n_docs_in_reference`` (documents in each side);
        * ``focus``, ``reference`` (labels of the sides, several joined by " + "; "all
          others" for the default reference and for ``sides=`` against the rest),
          ``n_words_focus``, ``n_words_reference`` (counted words of each side, ``N1`` and
          ``N2``): what used to live in ``DataFrame.attrs``, which merges and concatenations
          drop.

        The old names of columns (``log_ratio_low``, ``log_ratio_high``, ``docs_focus``,
        ``docs_in_focus``, ``total_focus``, ... and their reference twins) still read the new
        columns, with a :class:`DeprecationWarning` (see :data:`OLD_COLUMNS`).

    Raises
    ------
    InputError
        Counts that are empty or not one row per unit and term, a focus or reference that is
        not a value of ``counts[by]``, the two overlapping, or no focus among three or more
        values (say which comparison: ``focus=`` or ``sides=``).

    Notes
    -----
    With ``a``, ``b`` the term's counts in focus and reference and ``N1``, ``N2`` the total
    counts (sums of ``n``: with stop words dropped, rates are per 10,000 *content* words):

    * ``rate_focus = 10000 a / N1``, ``rate_reference = 10000 b / N2``.
    * ``g2``: the log-likelihood ratio of the four-cell table (term, other words) x (focus,
      reference) with observed ``O = [[a, b], [N1 - a, N2 - b]]`` and expected ``E_ij = row_i
      col_j / (N1 + N2)``: ``G2 = 2 sum O ln(O / E)`` (0 ln 0 = 0). It is signed: positive when
      the term is relatively more frequent in the focus (``a > E_11``), negative otherwise.
      This is Evert's (2023) ``G2`` and scattertext's ``termscoring.g2``; Rayson & Garside's
      (2000) two-cell form ``2 (a ln(a/E11) + b ln(b/E12))`` differs slightly.
    * ``p_value``: chi-squared (1 df) upper tail of ``|g2|``, ``erfc(sqrt(g2 / 2))``;
      ``p_adjusted``: Benjamini-Hochberg over all terms of the table
      (``scipy.stats.false_discovery_control``).
      These pool each side into one text and treat every token as an independent draw: with
      many documents a side they overstate significance (Lijffijt et al. 2016), and a word one
      document repeats passes for a word the side uses. Use ``docs=`` and ``p_docs``.
    * ``log_ratio``: Hardie's (2014) Log Ratio ``log2((a / N1) / (b / N2))`` when both counts
      are positive. Each point is a doubling: 1 means twice as frequent in the focus. When one
      count is 0 it is computed on ``a' = a + N1 / (N1 + N2)`` and ``b' = b + N2 / (N1 + N2)``:
      one pseudo-count shared in proportion to the sides' sizes (0.5 each, Haldane-Anscombe's
      correction, when the sides are equally large). This adds the same rate ``1 / (N1 + N2)``
      to both sides, ``a' / N1 = a / N1 + 1 / (N1 + N2)``, so ``a' / N1 - b' / N2 = a / N1 -
      b / N2`` and the Log Ratio has the sign of the difference of the rates, whatever the
      sizes. (Replacing only the zero by 0.5, or adding 0.5 to both counts, does not: with
      ``a = 1, b = 0``, ``(1 + 0.5) / N1 < 0.5 / N2`` as soon as ``N1 > 3 N2``.)
    * ``ci_low``/``ci_high``: the Wald interval for the log of a ratio of two Poisson rates on
      the same (corrected where a count is 0) counts, ``ln(a' N2 / (b' N1)) +- z sqrt(1/a' +
      1/b')``, converted to log2, ``z`` the normal quantile of ``(1 + confidence) / 2``.

    With ``docs``, over the documents of each side (those with at least one counted word):

    * ``dp_*``: Gries' (2008) deviation of proportions ``DP = 0.5 sum_i |v_i - s_i|``, ``v_i``
      the share of the side's hits of the term in document ``i``, ``s_i`` document ``i``'s
      share of the side's counted words (:func:`discourse.dispersion.deviation_of_proportions`).
      0: spread like the words; near 1: all in one small document.
    * ``p_docs``: ``scipy.stats.mannwhitneyu`` (two-sided, default method) of the relative
      frequencies ``n / N_i`` (``N_i`` the document's counted words) of the focus documents
      against the reference documents, 0 for a document without the term (every document of
      a side is in the sample). Its sample is the documents, so one document that repeats a
      word counts once (Lijffijt et al. 2016). ``p_docs_adjusted``: Benjamini-Hochberg over
      all terms. With fewer than about five documents a side it cannot get small.

    References
    ----------
    Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. *Workshop on
    Comparing Corpora*, 1-6. https://doi.org/10.3115/1117729.1117730

    Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches
    to Social Science (CASS). http://cass.lancs.ac.uk/log-ratio-an-informal-introduction/

    Evert, S. (2023). Measuring keyness. https://osf.io/x8z9n

    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International
    Journal of Corpus Linguistics* 13(4), 403-437. https://doi.org/10.1075/ijcl.13.4.02gri

    Lijffijt, J. et al. (2016). Significance testing of word frequencies in corpora. *Digital
    Scholarship in the Humanities* 31(2), 374-397. https://doi.org/10.1093/llc/fqu064

    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B* 57(1),
    289-300. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x

    Examples
    --------
    >>> counts = pd.DataFrame({"doc_id": ["a", "a", "b", "b"],
    ...                        "term": ["war", "peace", "war", "trade"], "n": [8, 2, 2, 8]})
    >>> keyness(counts, focus="a")[["term", "n_focus", "n_reference", "g2", "log_ratio"]].round(2)
        term  n_focus  n_reference     g2  log_ratio
    0    war        8            2   7.71       2.00
    1  peace        2            0   3.00       2.32
    2  trade        0            8 -16.91      -4.09

    With two documents, ``focus`` may be left out: the first against the second.

    >>> keyness(counts).g2.round(2).tolist()
    [7.71, 3.0, -16.91]
    """
    by = side_column(sides, by, default="doc_id")
    if not isinstance(by, str):
        raise InputError(f"by={by!r} must be one column name (pool units into it first).")
    check_confidence(confidence)
    if docs is not None:
        if not isinstance(docs, str) or docs == by:
            raise InputError(f"docs={docs!r} must name the document column (e.g. 'doc_id'), "
                             f"another column than by={by!r}.")
        _check_counts(counts, [by, docs], term, n, fn="keyness")
    else:
        _check_counts(counts, [by], term, n, fn="keyness")
    if not len(counts):
        raise InputError(EMPTY_COUNTS)
    s = one_comparison(counts, fn="keyness", sides=sides, by=by, focus=focus,
                       reference=reference)
    in_focus, in_ref = side_masks(counts[by], s)
    values = counts[n].to_numpy(dtype=float)
    # per term: one factorize and two weighted bincounts (what a groupby(...).sum() sorted by
    # term gives, at a fraction of the cost)
    terms = counts[term].astype(str)
    # the Series itself: Arrow-backed strings are factorized without a Python string a row
    codes, uniq = pd.factorize(terms)
    order, names = _string_order(uniq)
    a = np.bincount(codes, np.where(in_focus, values, 0.0), len(uniq))[order]
    b = np.bincount(codes, np.where(in_ref, values, 0.0), len(uniq))[order]
    used = (a + b) > 0
    a, b, order = a[used], b[used], order[used]
    n1, n2 = float(values[in_focus].sum()), float(values[in_ref].sum())
    if n1 == 0 or n2 == 0:
        side = "focus" if n1 == 0 else "reference"
        raise InputError(f"the {side} has no counted words (total n is 0).")
    out = pd.DataFrame({"term": _terms_at(uniq, names, order), **_pooled_columns(
        a, b, n1, n2, confidence)})
    if docs is not None:
        term_index = pd.Index(np.asarray(uniq, dtype=object)[order])
        extra = _doc_columns(counts, docs, values, (codes, uniq), in_focus, in_ref, term_index)
        for col, vals in extra.items():
            out[col] = vals
    focus_label, reference_label = side_labels(s, given=sides is not None, reference=reference)
    out["focus"] = pd.array([focus_label] * len(out), dtype="str")
    out["reference"] = pd.array([reference_label] * len(out), dtype="str")
    out["n_words_focus"] = n1
    out["n_words_reference"] = n2
    # g2 descending, ties by term: the rows are in term order, so a stable sort of -g2 (what
    # sort_values(["g2", "term"], ascending=[False, True]) gives, without sorting strings)
    out = out.take(np.argsort(-out["g2"].to_numpy(), kind="stable"))
    return with_old_columns(out.reset_index(drop=True), OLD_COLUMNS)


def _string_order(uniq: pd.Index) -> tuple[np.ndarray, object]:
    """The positions of the distinct strings ``uniq`` in code-point order (``np.argsort`` of
    the strings), and the strings as an Arrow array (``None`` when Arrow cannot hold them, a
    lone surrogate: then Python sorts them). Arrow compares UTF-8 bytes, whose order is the
    code points' order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        names = pa.array(uniq.array, type=pa.large_string())
    except (pa.ArrowException, UnicodeEncodeError, TypeError):
        return np.argsort(np.asarray(uniq, dtype=object), kind="stable"), None
    return pc.sort_indices(names).to_numpy().astype(np.int64), names


def _terms_at(uniq: pd.Index, names, rows: np.ndarray):
    """``uniq[rows]`` as a pandas string array (taken in Arrow when ``names`` holds them)."""
    import pyarrow as pa

    if names is None:
        return pd.array(np.asarray(uniq, dtype=object)[rows].astype(str), dtype="str")
    return pd.array(names.take(pa.array(rows)), dtype="str")


def _pooled_columns(a: np.ndarray, b: np.ndarray, n1: float, n2: float,
                    confidence: float) -> dict[str, np.ndarray]:
    """The pooled columns of :func:`keyness` (counts, rates, signed G2 and its p-values, Log
    Ratio and its interval) from each term's counts ``a``, ``b`` in focus and reference and
    the totals ``N1``, ``N2``: the formulas of the Notes of :func:`keyness`, with
    ``E_11 = (a + b) N1 / (N1 + N2)``, ``E_12 = (a + b) N2 / (N1 + N2)``,
    ``E_21 = N1 - E_11``, ``E_22 = N2 - E_12`` and ``G2 = 2 sum O ln(O / E)``."""
    total = n1 + n2
    row1 = a + b
    e11, e12 = row1 * n1 / total, row1 * n2 / total
    e21, e22 = n1 - e11, n2 - e12
    g2 = 2 * (_g2_cell(a, e11) + _g2_cell(b, e12) + _g2_cell(n1 - a, e21)
              + _g2_cell(n2 - b, e22))
    g2 = np.maximum(g2, 0.0)  # rounding can give -1e-16
    p_value = special.erfc(np.sqrt(g2 / 2))  # chi2(1).sf(g2): the same, 40x faster
    lr, lr_low, lr_high = log_ratio(a, b, n1, n2, confidence=confidence)
    return {
        "n_focus": a.astype("int64") if np.all(a == np.round(a)) else a,
        "n_reference": b.astype("int64") if np.all(b == np.round(b)) else b,
        "rate_focus": PER * a / n1,
        "rate_reference": PER * b / n2,
        "g2": np.sign(a - e11) * g2,
        "p_value": p_value,
        "p_adjusted": bh(p_value),
        "log_ratio": lr,
        "ci_low": lr_low,
        "ci_high": lr_high,
    }


def _doc_codes(column: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of ``column.astype(str)`` at ``rows`` (a mask): codes in order of
    first appearance and the distinct labels. A categorical column whose categories stay
    distinct as strings is factorized by its codes (no Python string a row: with 100,000
    documents the counts have millions of rows); the codes and labels are the same."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = column.cat.categories.astype(str)
        cat = column.cat.codes.to_numpy()[rows]
        if names.is_unique and not (cat < 0).any():
            doc, first = pd.factorize(cat)
            return doc, np.asarray(names, dtype=object)[first]
    return pd.factorize(column.astype(str).to_numpy()[rows])


def _doc_columns(counts, docs, values, terms, in_focus, in_ref, term_index) -> dict:
    """The document-level columns of :func:`keyness`, in the order of ``term_index``;
    ``terms``: the rows' term codes and the distinct terms (``pd.factorize``)."""
    on_side = in_focus | in_ref
    doc, uniques = _doc_codes(counts[docs], on_side)
    row_side = np.where(in_focus[on_side], 0, 1)
    n_docs = len(uniques)
    focus_rows = np.bincount(doc, weights=row_side == 0, minlength=n_docs)
    ref_rows = np.bincount(doc, weights=row_side == 1, minlength=n_docs)
    both = (focus_rows > 0) & (ref_rows > 0)
    if both.any():
        raise InputError(f"documents {list(uniques[both][:5])} are in both the focus and the "
                         f"reference: each document ({docs!r}) must belong to one side.")
    n = values[on_side]
    doc_total = np.bincount(doc, weights=n, minlength=n_docs)
    doc_side = np.where(focus_rows > 0, 0, 1)
    doc_side[doc_total <= 0] = -1  # no counted word: no relative frequency
    codes, uniq = terms
    at = pd.Index(term_index).get_indexer(uniq)  # each distinct term's row (-1: none)
    term_code = np.where(codes >= 0, at[codes], -1)[on_side]
    used = (n > 0) & (term_code >= 0)
    doc, term_code, n = doc[used], term_code[used], n[used]
    n_terms = len(term_index)
    out = {}
    for s, name in ((0, "focus"), (1, "reference")):
        side_docs = np.flatnonzero(doc_side == s)
        remap = np.full(n_docs, -1, dtype=np.int64)
        remap[side_docs] = np.arange(len(side_docs))
        rows = doc_side[doc] == s
        out[f"n_docs_{name}"] = np.bincount(term_code[rows], minlength=n_terms).astype("int64")
        out[f"dp_{name}"] = deviation_of_proportions(remap[doc[rows]], term_code[rows], n[rows],
                                                     doc_total[side_docs], n_terms)
    p_docs = mann_whitney_docs(doc, term_code, n, doc_total, doc_side, n_terms)
    out["p_docs"] = p_docs
    out["p_docs_adjusted"] = bh(p_docs)
    out["n_docs_in_focus"] = np.full(n_terms, int((doc_side == 0).sum()), dtype="int64")
    out["n_docs_in_reference"] = np.full(n_terms, int((doc_side == 1).sum()), dtype="int64")
    return {k: out[k] for k in ("n_docs_focus", "n_docs_reference", "dp_focus", "dp_reference",
                                "p_docs", "p_docs_adjusted", "n_docs_in_focus",
                                "n_docs_in_reference")}
