"""Distinctive words of two sides that hold many documents: the tables the report shows.

:func:`distinctive_terms` ranks key terms among those significant at the level of documents
when each side has enough documents (pooled G2 otherwise, and says which), and flags terms one
document carries. :func:`tf_idf_by_side` computes TF-IDF per document and summarises it per
side, never over two pooled texts (where idf is 0 for every shared word).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._compat import with_old_columns
from .._validate import InputError, require_columns
from ..sides import Sides, one_comparison, side_masks
from .contrast import tf_idf
from .keyness import EMPTY_COUNTS, keyness, side_column
from .keyness import OLD_COLUMNS as KEYNESS_OLD_COLUMNS

MIN_DOCS = 5
"""Documents a side needs before words are ranked by the document-level test."""
DOCUMENT_TEST = "document"
POOLED_TEST = "pooled"

OLD_COLUMNS = {**KEYNESS_OLD_COLUMNS, "top_doc_n": "n_top_doc"}
"""Old column names of :func:`distinctive_terms` -> the new ones (reading an old name warns)."""
TF_IDF_OLD_COLUMNS = {"docs": "n_docs", "docs_in_side": "n_docs_in_side"}
"""Old column names of :func:`tf_idf_by_side` -> the new ones (reading an old name warns)."""


def _by(sides, by: str | None, fn: str) -> str:
    by = side_column(sides, by, default=None)
    if by is None:
        raise InputError(f"{fn} needs by=, the column of side labels (e.g. by='group'), or "
                         "sides= (e.g. sides=dc.comparisons(corpus)[0]).")
    return by


def distinctive_terms(counts_by_doc: pd.DataFrame, *, focus=None, reference=None, sides=None,
                      by: str | None = None, docs: str = "doc_id", top: int = 20,
                      min_docs: int = MIN_DOCS,
                      alpha: float = 0.05, pooled_alpha: float | None = None,
                      doc_noun: str = "documents",
                      term: str = "term", n: str = "n") -> pd.DataFrame:
    """The most distinctive terms of each side, ranked by the test that suits the corpus.

    Parameters
    ----------
    counts_by_doc : DataFrame
        ``dc.count_terms(corpus, by=[by, docs])``: one row per side label, document and term.
    focus, reference : value or list of values, optional
        As in :func:`discourse.keyness` (reference default: every other label; focus default:
        with two labels, the first against the second).
    sides : Sides, optional
        The comparison, already decided (e.g. ``dc.comparisons(corpus)[0]``), instead of
        ``focus``/``reference``.
    by : str
        The column holding the side labels (e.g. ``"group"``); may be left out with ``sides=``.
    docs : str, default "doc_id"
        The document column.
    top : int, default 20
        Terms kept per side.
    min_docs : int, default 5
        With at least this many documents on *each* side, only terms with
        ``p_docs_adjusted < alpha`` are ranked (the test's sample is the documents); below it,
        terms with ``p_adjusted < alpha`` (pooled G2) are, and ``test`` says so.
    alpha : float, default 0.05
        Significance level of the adjusted p-value used to select terms.
    pooled_alpha : float, optional
        The level for the pooled ranking (fewer than ``min_docs`` documents on a side);
        default ``alpha``. ``numpy.inf`` keeps every term: the strongest by G2, a screening
        list (what the report shows for two texts, where nothing survives the adjustment).
    doc_noun : str, default "documents"
        Plural noun for ``note`` ("speeches", "reviews").
    term, n : str, default "term", "n"
        The term and count columns.

    Returns
    -------
    DataFrame
        At most ``top`` rows per side: ``side`` ("focus" or "reference"), ``rank`` (1 = most
        distinctive), every column of :func:`discourse.keyness` with ``docs=`` for that term
        (``term``, ``n_focus``, ``n_reference``, ``g2``, ``log_ratio``, ``ci_low``,
        ``ci_high``, ``p_adjusted``, ``n_docs_focus``, ``n_docs_reference``, ``dp_*``,
        ``p_docs``, ``p_docs_adjusted``, ...), then ``test`` ("document" or "pooled"),
        ``ranked_by`` (a sentence for a methods box), ``n_top_doc`` (the term's uses in the
        single document of its side that uses it most), ``is_concentrated`` (see Notes) and
        ``note`` (e.g. "11 uses, all in one of 17 speeches"; empty when not concentrated).
        When no term of a side passes the test, a :class:`NoTermWarning` says so, with the
        smallest p and where the screening list is, and ``out.attrs["message"]`` holds the
        same sentence. Old column names (``top_doc_n``, ``docs_focus``, ...) still read the
        new columns, with a :class:`DeprecationWarning`.

    Notes
    -----
    A term belongs to the focus when ``g2 > 0`` and to the reference when ``g2 < 0``; within a
    side, selected terms are ranked by ``|g2|`` (ties by term). ``test`` is "document" when
    both sides have at least ``min_docs`` documents with counted words. A term is concentrated
    when the side has several documents, uses it at least 3 times, and one document holds a
    share ``n_top_doc / n_side >= max(0.5, 2 / D)`` of those uses (``D`` the side's documents:
    twice its even share, and at least half). Terms concentrated in
    one document are kept but flagged: the document-level test rarely selects them, the
    pooled one often does.

    Examples
    --------
    >>> counts = pd.DataFrame({"group": ["L", "L", "R", "R"], "doc_id": ["l1", "l1", "r1", "r1"],
    ...                        "term": ["tax", "war", "tax", "jobs"], "n": [1, 30, 20, 1]})
    >>> d = distinctive_terms(counts, by="group", focus="L")
    >>> d[["side", "rank", "term", "n_focus", "n_reference", "test"]]
            side  rank term  n_focus  n_reference    test
    0      focus     1  war       30            0  pooled
    1  reference     1  tax        1           20  pooled
    """
    by = _by(sides, by, "distinctive_terms")
    require_columns(counts_by_doc, [by, docs, term, n], name="counts_by_doc",
                    hint=f"Count with dc.count_terms(corpus, by=[{by!r}, {docs!r}]).")
    if not isinstance(top, int) or top < 1:
        raise InputError(f"top={top!r} must be a positive whole number of terms.")
    if not len(counts_by_doc):
        raise InputError(EMPTY_COUNTS)
    s = one_comparison(counts_by_doc, fn="distinctive_terms", sides=sides, by=by, focus=focus,
                       reference=reference)
    key = keyness(counts_by_doc, sides=sides, by=by, focus=focus, reference=reference,
                  docs=docs, term=term, n=n)
    n_f, n_r = (int(key[c].iloc[0]) if len(key) else 0
                for c in ("n_docs_in_focus", "n_docs_in_reference"))
    test = DOCUMENT_TEST if min(n_f, n_r) >= min_docs else POOLED_TEST
    p_col = "p_docs_adjusted" if test == DOCUMENT_TEST else "p_adjusted"
    level = alpha if test == DOCUMENT_TEST or pooled_alpha is None else pooled_alpha
    if test == DOCUMENT_TEST:
        ranked_by = (f"terms with p_docs_adjusted < {alpha} (Mann-Whitney U over documents, "
                     f"Benjamini-Hochberg), ranked by G2")
    else:
        chosen = ("every term" if np.isinf(level) else
                  f"terms with p_adjusted < {level} (pooled G2, Benjamini-Hochberg)")
        ranked_by = (f"{chosen}, ranked by G2: fewer than {min_docs} documents on a "
                     f"side for a document-level test")
    top_doc = _top_doc_counts(counts_by_doc, by, s, term, n)
    parts = []
    for side, sign in (("focus", 1), ("reference", -1)):
        pick = key[(np.sign(key.g2) == sign) & (key[p_col] < level)]
        pick = pick.assign(_abs=pick.g2.abs()).sort_values(["_abs", "term"],
                                                           ascending=[False, True],
                                                           kind="stable").head(top)
        pick = pick.drop(columns="_abs")
        uses = pick[f"n_{side}"].to_numpy()
        in_side = n_f if side == "focus" else n_r
        peak = top_doc[side].reindex(pick.term.to_numpy()).fillna(0).to_numpy().astype("int64")
        share = np.divide(peak, uses, out=np.zeros(len(uses)), where=uses > 0)
        concentrated = (in_side > 1) & (uses >= 3) & (share >= max(0.5, 2 / max(in_side, 1)))
        note = [(f"{u} uses, all in one of {in_side} {doc_noun}" if p == u else
                 f"{u} uses, {p} in one of {in_side} {doc_noun}") if c else ""
                for u, p, c in zip(uses, peak, concentrated, strict=True)]
        pick.insert(0, "rank", np.arange(1, len(pick) + 1))
        pick.insert(0, "side", side)
        parts.append(pick.assign(test=test, ranked_by=ranked_by, n_top_doc=peak,
                                 is_concentrated=concentrated, note=note))
    out = pd.concat(parts, ignore_index=True)
    for col in ("side", "test", "ranked_by", "note"):
        out[col] = pd.array(out[col].astype(str), dtype="str")
    empty = [part.side.iloc[0] if len(part) else side
             for part, side in zip(parts, ("focus", "reference"), strict=True) if not len(part)]
    if empty:
        said = none_passed(key, test=test, p_col=p_col, level=level, sides=s, empty=empty)
        out.attrs["message"] = said
        warnings.warn(said, NoTermWarning, stacklevel=2)
    return with_old_columns(out, OLD_COLUMNS)


class NoTermWarning(UserWarning):
    """:func:`distinctive_terms` selected no term for a side; the message says why (the
    smallest p) and where the screening list is."""


def none_passed(key: pd.DataFrame, *, test: str, p_col: str, level: float, sides: Sides,
                empty: list[str]) -> str:
    """The sentence saying that no term of a side passed the test: its smallest p, and the
    pooled screening list one call away (``keyness``'s G2 over words)."""
    parts = []
    for side in empty:
        sign = 1 if side == "focus" else -1
        label = sides.focus_label if side == "focus" else sides.reference_label
        cand = key[np.sign(key.g2) == sign]
        if len(cand) and np.isfinite(cand[p_col]).any():
            best = cand.loc[cand[p_col].idxmin()]
            parts.append(f"no term over-used in {label} passed the "
                         f"{'document-level' if test == DOCUMENT_TEST else 'pooled'} test "
                         f"({p_col} < {level:g}; smallest {best[p_col]:.2g}, "
                         f"for {best['term']!r})")
        else:
            parts.append(f"no term is over-used in {label}")
    return ("; ".join(parts) + ". The screening list over pooled words (not a test over "
            "documents): dc.keyness(counts, sides=...) sorted by g2, or "
            "distinctive_terms(..., min_docs=10**9, pooled_alpha=numpy.inf).")


def _top_doc_counts(counts, by: str, s: Sides, term, n) -> dict[str, pd.Series]:
    """Per side, each term's largest count in one document (term -> n)."""
    in_focus, in_ref = side_masks(counts[by], s)
    terms = counts[term].astype(str)
    return {side: counts[n][mask].groupby(terms[mask].to_numpy()).max()
            for side, mask in (("focus", in_focus), ("reference", in_ref))}


def tf_idf_by_side(counts_by_doc: pd.DataFrame, *, focus=None, reference=None, sides=None,
                   by: str | None = None, docs: str = "doc_id", top: int | None = None,
                   term: str = "term", n: str = "n") -> pd.DataFrame:
    """TF-IDF computed per document, then summarised per side.

    Parameters
    ----------
    counts_by_doc : DataFrame
        ``dc.count_terms(corpus, by=[by, docs])``.
    focus, reference : value or list of values, optional
        The sides (reference default: every other label; focus default: with two labels, the
        first against the second).
    sides : Sides, optional
        The comparison, already decided (e.g. ``dc.comparisons(corpus)[0]``), instead of
        ``focus``/``reference``.
    by : str
        The column holding the side labels; may be left out with ``sides=``.
    docs : str, default "doc_id"
        The document column: TF-IDF's unit.
    top : int, optional
        Keep this many terms per side (highest ``tf_idf_mean``).
    term, n : str, default "term", "n"
        The term and count columns.

    Returns
    -------
    DataFrame
        One row per side and term the side uses: ``side`` ("focus"/"reference"), ``label``
        (the side's label(s)), ``term``, ``tf_idf_mean`` (mean over *all* the side's documents
        of the term's TF-IDF in that document, 0 where unused), ``tf_idf_max``, ``n_docs`` (the
        side's documents using the term), ``n_docs_in_side`` (the side's documents), ``n``
        (uses on the side). Sorted by side, ``tf_idf_mean`` descending, term. The old names
        ``docs`` and ``docs_in_side`` still read the new columns, with a
        :class:`DeprecationWarning`.

    Notes
    -----
    ``tf`` and ``idf`` are :func:`discourse.tf_idf`'s over the documents of the whole table
    (``idf = ln(N / df)``, N documents), so a word every document uses scores 0 and one a few
    documents of a side use a lot scores high. Never computed over the pooled sides: with two
    "documents" idf is 0 for every word both use.

    Examples
    --------
    >>> counts = pd.DataFrame({"group": ["L", "L", "L", "R", "R"],
    ...                        "doc_id": ["l1", "l1", "l2", "r1", "r2"],
    ...                        "term": ["tax", "war", "tax", "tax", "jobs"], "n": [1, 3, 2, 2, 2]})
    >>> tf_idf_by_side(counts, by="group", focus="L").round(3)
            side label  term  tf_idf_mean  tf_idf_max  n_docs  n_docs_in_side  n
    0      focus     L   war        0.520       1.040       1               2  3
    1      focus     L   tax        0.180       0.288       2               2  3
    2  reference     R  jobs        0.693       1.386       1               2  2
    3  reference     R   tax        0.144       0.288       1               2  2
    """
    by = _by(sides, by, "tf_idf_by_side")
    require_columns(counts_by_doc, [by, docs, term, n], name="counts_by_doc",
                    hint=f"Count with dc.count_terms(corpus, by=[{by!r}, {docs!r}]).")
    s = one_comparison(counts_by_doc, fn="tf_idf_by_side", sides=sides, by=by, focus=focus,
                       reference=reference)
    per_doc = counts_by_doc.groupby([docs, term], observed=True, as_index=False,
                                    sort=False)[n].sum()
    scored = tf_idf(per_doc, by=docs, term=term, n=n)
    side_of_doc = counts_by_doc[[docs, by]].drop_duplicates(docs)
    in_focus, in_ref = side_masks(side_of_doc[by], s)
    if not in_focus.any() or not in_ref.any():
        raise InputError(f"{s.describe()}: a side has no documents in counts_by_doc[{by!r}] "
                         f"(a document belongs to the side of its first {by!r} label).")
    parts = []
    for side, mask in (("focus", in_focus), ("reference", in_ref)):
        side_docs = side_of_doc[docs][mask].astype(str)
        rows = scored[scored[docs].astype(str).isin(set(side_docs)) & (scored[n] > 0)]
        labels = pd.unique(side_of_doc[by][mask].astype(str))
        g = rows.groupby(rows[term].astype(str), sort=True)
        summary = pd.DataFrame({
            "tf_idf_mean": g.tf_idf.sum() / len(side_docs),
            "tf_idf_max": g.tf_idf.max(),
            "n_docs": g.size().astype("int64"),
            "n": g[n].sum().astype("int64"),
        }).rename_axis("term").reset_index()
        summary.insert(0, "label", " + ".join(labels))
        summary.insert(0, "side", side)
        summary.insert(len(summary.columns) - 1, "n_docs_in_side", len(side_docs))
        summary = summary.sort_values(["tf_idf_mean", "term"], ascending=[False, True],
                                      kind="stable")
        parts.append(summary.head(top) if top is not None else summary)
    out = pd.concat(parts, ignore_index=True)
    for col in ("side", "label", "term"):
        out[col] = pd.array(out[col].astype(str), dtype="str")
    return with_old_columns(out, TF_IDF_OLD_COLUMNS)
