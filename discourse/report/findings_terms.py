"""The key terms of every comparison, as the report's index and notebook 02 show them.

Public as ``dc.key_terms`` and ``dc.key_terms_table`` (and importable from
:mod:`discourse.report.findings`, with the report's other findings): the ``top`` key terms of
each side of every comparison, by the test that suits it (documents when both sides have
enough, else a pooled screening list, :func:`screening_list`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._validate import InputError
from ..sides import Sides, comparable_corpus, label_strings

# -- key terms of every comparison -----------------------------------------------------------------
_KEY_COLUMNS = ["comparison", "focus", "reference", "side", "rank", "term", "n_focus",
                "n_reference", "g2", "p_adjusted", "log_ratio", "test", "n_docs_focus",
                "n_docs_reference", "p_docs_adjusted", "note"]


def _key_pooled(sub: pd.DataFrame, s: Sides, by: str, top: int) -> pd.DataFrame:
    """Pooled-G2 screening list of a comparison of single units (``by`` is ``doc_id``)."""
    from ..stats.contrast import keyness

    key = keyness(sub, sides=s)
    f = key[key.g2 > 0].head(top).assign(side="focus")
    r = key[key.g2 < 0].iloc[::-1].head(top).assign(side="reference")
    for part in (f, r):
        part.insert(0, "rank", np.arange(1, len(part) + 1))
    return pd.concat([f, r], ignore_index=True).assign(test="pooled", note="")


def key_terms(corpus, comparisons: list[Sides], *, top: int = 10,
              counts: pd.DataFrame | None = None, min_docs: int | None = None) -> pd.DataFrame:
    """The ``top`` key terms of each side of every comparison, by the test that suits it.

    When both sides of a comparison hold at least ``min_docs`` documents (default
    :data:`discourse.stats.distinctive.MIN_DOCS`, 5) and ``counts`` has a ``doc_id`` column, the
    terms are those :func:`discourse.distinctive_terms` selects: significant at the level of
    documents (Mann-Whitney over per-document rates, ``p_docs_adjusted < 0.05``), strongest
    G2 first, and a term concentrated in one document carries a ``note``. Otherwise (two
    texts, or a side of fewer documents) they are the strongest by pooled, signed G2, as a
    screening list (``test`` is "pooled").

    Parameters
    ----------
    corpus : Corpus
    comparisons : list of Sides
        From :func:`discourse.comparisons` (or ``[resolve_sides(...)]``); all share one ``by``.
    top : int, default 10
        Terms per side.
    counts : DataFrame, optional
        ``dc.count_terms(corpus, by=[by, "doc_id"])`` (or ``by=by``, which allows only the
        pooled ranking) if already computed; labels may be of any type.
    min_docs : int, optional
        Documents needed on each side for the document-level ranking.

    Returns
    -------
    DataFrame
        One row per comparison, side and rank: ``comparison`` (0-based position in
        ``comparisons``), ``focus``, ``reference`` (the group, or "the rest"), ``side``
        (``"focus"``: over-used in the focus, positive G2; ``"reference"``: over-used in the
        reference), ``rank`` (1 = strongest), ``term``, ``n_focus``, ``n_reference``, ``g2``,
        ``p_adjusted``, ``log_ratio`` (as in :func:`discourse.keyness`), ``test``
        ("document" or "pooled"), ``n_docs_focus``, ``n_docs_reference`` (documents of each
        side that use the term), ``p_docs_adjusted`` (NaN in the pooled ranking) and
        ``note`` ("11 uses, all in one of 17 documents", or ""). A side with fewer key terms
        has fewer rows.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
    ...     "text": ["Cats cats cats purr.", "Dogs dogs bark."]}))
    >>> key_terms(c, dc.comparisons(c), top=1)[["side", "term", "n_focus", "n_reference", "test"]]
            side  term  n_focus  n_reference    test
    0      focus  cats        3            0  pooled
    1  reference  dogs        0            2  pooled
    """
    from ..stats.counts import count_terms
    from ..stats.distinctive import MIN_DOCS, NoTermWarning, distinctive_terms

    if not comparisons:
        return pd.DataFrame(columns=_KEY_COLUMNS)
    min_docs = MIN_DOCS if min_docs is None else min_docs
    by = comparisons[0].by
    if counts is None:
        units = [by, "doc_id"] if by != "doc_id" else [by]
        counts = count_terms(comparable_corpus(corpus, comparisons[0]), by=units)
    counts = counts.assign(**{by: label_strings(counts[by]).to_numpy()}).dropna(subset=[by])
    by_doc = "doc_id" in counts.columns and by != "doc_id"
    parts = []
    for i, s in enumerate(comparisons):
        sub = counts[counts[by].isin(s.sides).to_numpy()]
        if not (len(sub) and sub[by].isin(s.reference).any() and (sub[by] == s.focus).any()):
            raise InputError(f"no counted words on one side of {s.describe()}: no key terms.")
        if by_doc:  # distinctive_terms decides: documents with >= min_docs a side, else pooled
            with warnings.catch_warnings():  # a side without terms: key_terms_table says so
                warnings.simplefilter("ignore", NoTermWarning)
                both = distinctive_terms(sub, sides=s, docs="doc_id", top=top,
                                         min_docs=min_docs, pooled_alpha=np.inf)
        else:
            both = _key_pooled(sub, s, by, top)
        both = both.assign(comparison=i, focus=s.focus, reference=s.reference_label)
        parts.append(both.reindex(columns=_KEY_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def key_terms_table(terms: pd.DataFrame, *, top: int = 8,
                    comparisons: list[Sides] | None = None) -> pd.DataFrame:
    """One row per comparison: its key terms as comma-separated lists (for a compact table).

    Parameters
    ----------
    terms : DataFrame
        From :func:`key_terms`.
    top : int, default 8
        Terms listed per side.
    comparisons : list of Sides, optional
        The comparisons ``terms`` was computed for: each gets a row even when no term was
        selected for it (empty lists), so no comparison drops out of the table.

    Returns
    -------
    DataFrame
        ``focus``, ``reference``, ``focus_terms`` (over-used in the focus, strongest first),
        ``reference_terms``, ``test`` (which ranking :func:`key_terms` used) and ``notes``
        (terms concentrated in one document, with their note); one row per comparison, in
        order.

    Examples
    --------
    >>> t = pd.DataFrame({"comparison": [0, 0, 0], "focus": "x", "reference": "the rest",
    ...                   "side": ["focus", "focus", "reference"], "rank": [1, 2, 1],
    ...                   "term": ["cat", "purr", "dog"]})
    >>> key_terms_table(t).to_dict("records")
    [{'focus': 'x', 'reference': 'the rest', 'focus_terms': 'cat, purr', 'reference_terms': 'dog',
      'test': 'pooled', 'notes': ''}]
    """
    rows = []
    parts = dict(tuple(terms.groupby("comparison", sort=True)))
    if comparisons is not None:
        for i, s in enumerate(comparisons):
            if i not in parts:
                parts[i] = pd.DataFrame({"comparison": [i], "focus": [s.focus],
                                         "reference": [s.reference_label], "side": [None],
                                         "rank": [0], "term": [""], "test": ["document"]})
    for _, part in sorted(parts.items()):
        def listed(side, part=part):
            t = part[part.side == side].sort_values("rank").head(top).term.astype(str)
            return ", ".join(t)
        note = (part["note"] if "note" in part.columns else pd.Series("", index=part.index))
        notes = part.assign(note=note.fillna("").astype(str))
        notes = notes[notes.note != ""]
        rows.append({"focus": part.focus.iloc[0], "reference": part.reference.iloc[0],
                     "focus_terms": listed("focus"), "reference_terms": listed("reference"),
                     "test": part.test.iloc[0] if "test" in part.columns else "pooled",
                     "notes": "; ".join(f"{t}: {n}" for t, n in zip(notes.term, notes.note,
                                                                    strict=True))})
    return pd.DataFrame(rows, columns=["focus", "reference", "focus_terms", "reference_terms",
                                       "test", "notes"])


def screening_list(counts: pd.DataFrame, sides: Sides, *, top: int = 8) -> dict:
    """When no word passes the document-level test: the smallest p over documents of each side
    and the pooled screening list (strongest G2 over words, with the counts of both sides).

    Parameters
    ----------
    counts : DataFrame
        ``dc.count_terms(corpus, by=[by, "doc_id"])``.
    sides : Sides
        The comparison.
    top : int, default 8
        Terms listed per side.

    Returns
    -------
    dict
        ``focus_terms``, ``reference_terms`` ("business 51 vs 1, ..."), ``focus_p``,
        ``reference_p`` (the smallest ``p_docs_adjusted`` of the side's terms, with its term)
        and ``table`` (those terms: ``term``, ``g2``, ``n_focus``, ``n_reference``).
    """
    from ..stats.contrast import keyness

    by = sides.by
    sub = counts.assign(**{by: label_strings(counts[by]).to_numpy()}).dropna(subset=[by])
    docs = "doc_id" if "doc_id" in sub.columns and by != "doc_id" else None
    key = keyness(sub, sides=sides, docs=docs) if docs else keyness(sub, sides=sides)
    out, parts = {}, []
    for side, sign in (("focus", 1), ("reference", -1)):
        part = key[np.sign(key.g2) == sign]
        strongest = part.assign(_a=part.g2.abs()).sort_values("_a", ascending=False).head(top)
        out[f"{side}_terms"] = ", ".join(
            f"{t} {a:,} vs {b:,}" for t, a, b in zip(strongest.term, strongest.n_focus,
                                                     strongest.n_reference, strict=True))
        p = ""
        if "p_docs_adjusted" in part and np.isfinite(part.p_docs_adjusted).any():
            best = part.loc[part.p_docs_adjusted.idxmin()]
            p = f"{best.p_docs_adjusted:.2g} ({best.term})"
        out[f"{side}_p"] = p
        parts.append(strongest[["term", "g2", "n_focus", "n_reference"]])
    out["table"] = pd.concat(parts, ignore_index=True)
    return out
