"""The findings a report states, computed once: notebooks and the report's index both call these.

Public as ``dc.<name>`` (documented here):

* :func:`group_overview`: documents, words, sentences and stance rates (with intervals) per group.
* :func:`key_terms` and :func:`key_terms_table`: the key terms of every comparison.
* :func:`stance_findings` and :func:`stance_headline`: one sentence per stance category from
  :func:`discourse.compare_rates`, so that the prose says what the table shows (a side with no
  hit and a significant test *is* a difference: "16 vs 0 hits").
* :func:`attempt` and :func:`needs`: a section of a notebook that cannot be computed on a corpus
  prints one sentence saying why, and the notebook goes on.
* :func:`describe_comparisons`: the sentences saying what is compared with what.

Sentences returned here are plain text: escape them for the place they land
(:func:`discourse.escape_markdown` in a ``Markdown`` cell, autoescaping in a template).
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np
import pandas as pd

from .._compat import with_old_columns
from .._validate import InputError
from ..sides import Sides, comparable_corpus, default_by, label_strings

STANCE = ("hedge", "booster")


# -- sections that cannot be computed --------------------------------------------------------------
def needs(condition, why: str) -> None:
    """Raise :class:`~discourse.InputError` with ``why`` unless ``condition`` holds.

    With :func:`attempt`, a section of a notebook that a corpus does not allow says why in one
    line instead of failing.

    Parameters
    ----------
    condition : object
        Anything true or false (a count, a bool).
    why : str
        The sentence to say when it is false.

    Raises
    ------
    InputError
        ``why``, when ``condition`` is false.

    Examples
    --------
    >>> needs(True, "never raised")
    >>> needs(0, "too few words on one side for topics")
    Traceback (most recent call last):
    ...
    discourse._validate.InputError: too few words on one side for topics
    """
    if not condition:
        raise InputError(why)


@contextmanager
def attempt(what: str):
    """Run a notebook section; if the corpus does not allow it, print one line saying why.

    Only :class:`~discourse.InputError` (the package's "this input cannot give that") is
    caught; any other exception is a bug and propagates.

    Parameters
    ----------
    what : str
        The section's name, which starts the line: ``"<what>: not computed: <why>"``.

    Examples
    --------
    >>> with attempt("Topics"):
    ...     needs(False, "the corpus has 3 content words; topics need at least 10.")
    Topics: not computed: the corpus has 3 content words; topics need at least 10.
    """
    try:
        yield
    except InputError as err:
        print(f"{what}: not computed: {err}")


# -- what is compared ------------------------------------------------------------------------------
def describe_comparisons(comparisons: list[Sides], *, shown: int = 20) -> str:
    """Sentences saying which sides are compared, which groups are left out and which documents
    have no label (plain text).

    Parameters
    ----------
    comparisons : list of Sides
        From :func:`discourse.comparisons` (or ``dc.report_context().comparisons``); the first
        is the main comparison.
    shown : int, default 20
        Groups named at most (the others are counted).

    Returns
    -------
    str
        Plain text: escape it for Markdown (:func:`discourse.escape_markdown`).

    Examples
    --------
    >>> from discourse.sides import comparisons
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "group": ["x", "y", "z", None]})
    >>> print(describe_comparisons(comparisons(docs, focus="x", reference="y")))
    Compared (group): x against y. Left out: z. 1 document without a group value (d) is in no side.
    >>> print(describe_comparisons(comparisons(docs)))
    Compared (group): each of the 3 groups against the rest: x, y, z. The main comparison is
    x against the rest (y, z). 1 document without a group value (d) is in no side.
    """
    if not comparisons:
        return "Nothing is compared."
    main = comparisons[0]
    what = "documents" if main.by == "doc_id" else "groups"
    if len(comparisons) > 1:
        names = [c.focus for c in comparisons]
        listed = ", ".join(names[:shown]) + (f" and {len(names) - shown} more"
                                             if len(names) > shown else "")
        text = (f"Compared ({main.by}): each of the {len(names)} {what} against the rest: "
                f"{listed}. The main comparison is {main.describe()}.")
    else:
        what_main = main.describe()
        if main.by == "doc_id" and main.mode == "rest":  # not a list of thousands of ids
            what_main = f"{main.focus} against the other {len(main.reference):,} documents"
        text = f"Compared ({main.by}): {what_main}."
        if main.by == "doc_id" and main.mode == "rest" and not main.chosen:
            text += (" The documents have no groups: add a group column (a metadata.csv) to "
                     "compare groups, or choose a focus document.")
    if main.left_out:
        text += f" Left out: {', '.join(main.left_out[:shown])}" + (
            f" and {len(main.left_out) - shown} more." if len(main.left_out) > shown else ".")
    if main.unlabelled:
        n = len(main.unlabelled)
        ids = ", ".join(main.unlabelled[:5]) + (" ..." if n > 5 else "")
        text += (f" {n} document{'s' if n > 1 else ''} without a {main.by} value ({ids}) "
                 f"{'are' if n > 1 else 'is'} in no side.")
    return text


def compare_sides(corpus, markers: pd.DataFrame, sides: Sides, **options) -> pd.DataFrame:
    """:func:`discourse.compare_rates` of the two sides of a comparison, on any corpus.

    The corpus is first made comparable (:func:`discourse.comparable_corpus`: labels as
    strings, unlabelled documents out) and the markers kept to its documents, then
    ``compare_rates(corpus, markers, sides=sides, **options)`` is called. On a
    :class:`~discourse.report.context.ReportContext` call ``dc.compare_rates(ctx.compared,
    ctx.markers, sides=ctx.main)`` directly: it is already comparable.

    Returns
    -------
    DataFrame
        The table of :func:`discourse.compare_rates`.
    """
    from ..stance.rate_comparison import compare_rates

    sub = comparable_corpus(corpus, sides)
    kept = markers[markers.doc_id.astype(str).isin(set(sub.documents.doc_id.astype(str)))]
    kept.attrs = dict(markers.attrs)  # the categories searched
    return compare_rates(sub, kept, sides=sides, **options)


# -- overview per group ----------------------------------------------------------------------------
def _overview_labels(corpus, by):
    by = by or default_by(corpus)
    if by not in corpus.documents.columns:
        raise InputError(f"by={by!r} is not a column of corpus.documents.")
    return by, label_strings(corpus.documents[by])


def group_overview(corpus, markers: pd.DataFrame | None = None, *, by: str | None = None,
                   categories=STANCE, per: int = 1000) -> pd.DataFrame:
    """Documents, words, sentences and stance-marker rates of every group.

    Parameters
    ----------
    corpus : Corpus
    markers : DataFrame, optional
        From :func:`discourse.find_markers`; computed when not given.
    by : str, optional
        The grouping column; default :func:`discourse.sides.default_by` (``"group"`` when there
        are two or more groups).
    categories : sequence of str, default ("hedge", "booster")
        Marker categories whose rates are shown.
    per : int, default 1000
        Rates are per this many analysed words.

    Returns
    -------
    DataFrame
        One row per group (labels as strings, in order of first appearance; documents with a
        blank label are left out): ``<by>``, ``n_docs``, ``n_words`` (analysed word tokens),
        ``n_sentences`` (analysed sentences with a word), ``words_per_sentence``, and for each
        category ``n_<category>``, ``<category>_rate``, ``<category>_ci_low``,
        ``<category>_ci_high`` (exact Poisson 95% interval, as in
        :func:`discourse.marker_rates`). The old column names (``documents``, ``words``,
        ``sentences``, ``<category>_count``) still read the new columns, with a warning.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["x", "y", "x"],
    ...     "text": ["It may rain. It rains.", "It will rain.", "Perhaps."]}))
    >>> group_overview(c)[["group", "n_docs", "n_words", "n_sentences", "n_hedge"]]
      group  n_docs  n_words  n_sentences  n_hedge
    0     x       2        6            3        2
    1     y       1        3            1        0
    """
    from ..stance.markers import find_markers
    from ..stance.rates import marker_rates, sentence_table

    by, labels = _overview_labels(corpus, by)
    groups = list(dict.fromkeys(labels.dropna()))
    docs = corpus.documents.assign(_label=labels.to_numpy())
    docs = docs[docs._label.notna()]
    out = pd.DataFrame({by: groups})
    out["n_docs"] = out[by].map(docs._label.value_counts()).fillna(0).astype("int64")
    out["n_words"] = out[by].map(docs.groupby("_label").n_words.sum()).fillna(0).astype("int64")
    label_of = dict(zip(docs.doc_id.astype(str), docs._label, strict=True))
    sents = sentence_table(corpus)
    sents = sents[sents.n_words.to_numpy() > 0]
    n_sent = sents.doc_id.astype(str).map(label_of).value_counts()
    out["n_sentences"] = out[by].map(n_sent).fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["words_per_sentence"] = out.n_words / out.n_sentences.where(out.n_sentences > 0)
    cats = list(categories)
    old = {"documents": "n_docs", "words": "n_words", "sentences": "n_sentences",
           **{f"{cat}_count": f"n_{cat}" for cat in cats}}
    if not cats or not groups:
        return with_old_columns(out, old)
    if markers is None:
        markers = find_markers(corpus)
    sub = comparable_corpus(corpus, Sides(by, groups[0], tuple(groups[1:]), tuple(groups),
                                          unlabelled=tuple(corpus.documents.doc_id[labels.isna()])))
    rates = marker_rates(sub, markers[markers.doc_id.astype(str).isin(label_of)], by=by,
                         per=per, categories=cats)
    rates[by] = rates[by].astype(str)
    for cat in cats:
        r = rates[rates.category == cat].set_index(by)
        out[f"n_{cat}"] = out[by].map(r["n"]).fillna(0).astype("int64")
        for col in ("rate", "ci_low", "ci_high"):
            out[f"{cat}_{col}"] = out[by].map(r[col]).astype(float)
    return with_old_columns(out, old)


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
        needs(len(sub) and sub[by].isin(s.reference).any() and (sub[by] == s.focus).any(),
              f"no counted words on one side of {s.describe()}: no key terms.")
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


# -- stance findings -------------------------------------------------------------------------------
_RATE_COLUMNS = ["n_focus", "n_reference", "n_words_focus", "n_words_reference", "rate_focus",
                 "rate_reference", "p_adjusted"]
_OLD_FINDING_COLUMNS = {"count_focus": "n_focus", "count_reference": "n_reference",
                        "differs": "is_different", "over_documents": "is_over_documents"}


def _p(value: float) -> str:
    return "NaN" if not np.isfinite(value) else f"{value:.2g}"


def stance_findings(comparison: pd.DataFrame, *, alpha: float = 0.05,
                    focus: str | None = None, reference: str | None = None) -> pd.DataFrame:
    """One finding per stance category, stated as the table of :func:`compare_rates` shows it.

    Parameters
    ----------
    comparison : DataFrame
        The output of :func:`discourse.compare_rates` (columns ``n_focus``, ``n_reference``,
        ``n_words_focus``, ``n_words_reference``, ``rate_focus``, ``rate_reference``,
        ``p_adjusted``, and ``p_permutation`` and ``permutation_unit`` when it has them).
    alpha : float, default 0.05
        A category differs when its Holm-adjusted p-value is below ``alpha``.
    focus, reference : str, optional
        Names of the sides in the sentences; default the table's ``focus``/``reference``
        column.

    Returns
    -------
    DataFrame
        One row per category: ``category``, ``focus``, ``reference``, ``n_focus``,
        ``n_reference``, ``rate_focus``, ``rate_reference``, ``p_adjusted``,
        ``p_permutation``, ``is_over_documents`` (the permutation test dealt whole documents,
        as :func:`discourse.compare_rates` does when a side holds several),
        ``is_different`` (see Notes), ``more_in`` (the side with the higher rate, ``None`` when
        the rates are equal) and ``sentence`` (plain text). The old column names
        ``count_focus``, ``count_reference``, ``differs`` and ``over_documents`` still read
        the new columns, with a warning.

    Raises
    ------
    InputError
        ``comparison`` lacks a column of :func:`discourse.compare_rates`.

    Notes
    -----
    A category *differs* when its Holm-adjusted exact test is below ``alpha`` and, when the
    permutation test dealt whole documents (``permutation_unit == "document"``, and it was run),
    that test is below ``alpha`` too: with several documents a side, the documents are the
    sample, and a difference the words show but the documents do not may come from a few of them
    (the sentence says so). A zero count on one side does not turn a significant test into "no
    difference" (the ratio is then infinite or 0, and the sentence says "only X uses them").

    Examples
    --------
    >>> t = pd.DataFrame({"category": ["hedge"], "focus": ["D"], "reference": ["R"],
    ...     "n_focus": [16], "n_words_focus": [4000], "n_reference": [0],
    ...     "n_words_reference": [5000], "rate_focus": [4.0], "rate_reference": [0.0],
    ...     "p_adjusted": [2e-9], "p_permutation": [0.0005]})
    >>> print(stance_findings(t).sentence[0])
    hedge: 16 vs 0 hits (4.0 vs 0.0 per 1,000 words); only D uses them; a difference larger \
than chance would make (Holm-adjusted p = 2e-09; permutation p = 0.0005).
    """
    missing = [col for col in _RATE_COLUMNS if col not in comparison.columns]
    if missing:
        raise InputError(f"comparison must be the table of dc.compare_rates; it lacks "
                         f"{', '.join(missing)}.")
    c = comparison

    def side_name(given, role):
        if given is not None:
            return str(given)
        return str(c[role].iloc[0]) if len(c) and role in c else role

    names = (side_name(focus, "focus"), side_name(reference, "reference"))
    cf, cr = c["n_focus"].astype("int64"), c["n_reference"].astype("int64")
    rf, rr = c["rate_focus"].astype(float), c["rate_reference"].astype(float)
    p_adj = c["p_adjusted"].astype(float)
    p_perm = c["p_permutation"].astype(float) if "p_permutation" in c else pd.Series(
        np.nan, index=c.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_word = np.where(cf > 0, rf * c["n_words_focus"] / cf,
                            rr * c["n_words_reference"] / cr)
    per = int(round(np.nanmax(per_word))) if np.isfinite(per_word).any() else 1000
    over_docs = (c["permutation_unit"].astype(str) == "document").to_numpy() \
        if "permutation_unit" in c else np.zeros(len(c), dtype=bool)
    pooled = (p_adj < alpha).to_numpy()
    ran = np.isfinite(p_perm.to_numpy(dtype=float))  # n_resamples=0: the exact test alone
    differs = pooled & (~(over_docs & ran) | (p_perm < alpha).to_numpy())
    more = pd.Series([names[0] if x > y else names[1] if y > x else None
                      for x, y in zip(rf, rr, strict=True)], dtype=object)
    sentences = []
    for i in range(len(c)):
        a, b = int(cf.iloc[i]), int(cr.iloc[i])
        head = f"{c.category.iloc[i]}: "
        if a + b == 0:
            sentences.append(head + "no hits on either side.")
            continue
        if a == 0 or b == 0:
            direction = f"only {names[0] if a else names[1]} uses them"
        else:
            ratio = rf.iloc[i] / rr.iloc[i]
            hi, lo = (names[0], names[1]) if ratio >= 1 else (names[1], names[0])
            times = max(ratio, 1 / ratio)  # 1.04 is not "1.0 times as often"
            direction = (f"{hi} uses them {times:.2f} times as often as {lo}" if times < 1.1
                         else f"{hi} uses them {times:.1f} times as often as {lo}")
        verdict = _verdict(p_adj.iloc[i], p_perm.iloc[i], pooled[i], differs[i], over_docs[i])
        sentences.append(f"{head}{a} vs {b} hits ({rf.iloc[i]:.1f} vs {rr.iloc[i]:.1f} per "
                         f"{per:,} words); {direction}; {verdict}.")
    out = pd.DataFrame({
        "category": c.category.astype(str).to_numpy(), "focus": names[0], "reference": names[1],
        "n_focus": cf.to_numpy(), "n_reference": cr.to_numpy(),
        "rate_focus": rf.to_numpy(), "rate_reference": rr.to_numpy(),
        "p_adjusted": p_adj.to_numpy(), "p_permutation": p_perm.to_numpy(),
        "is_over_documents": over_docs, "is_different": differs, "more_in": more,
        "sentence": sentences})
    return with_old_columns(out, _OLD_FINDING_COLUMNS)


def _verdict(p_adj: float, p_perm: float, pooled: bool, differs: bool, over_docs: bool) -> str:
    exact = f"Holm-adjusted p = {_p(p_adj)}"
    if not np.isfinite(p_perm):
        perm = ""
    elif over_docs:
        perm = f"; permutation of documents p = {_p(p_perm)}"
    else:
        perm = f"; permutation p = {_p(p_perm)}"
    if differs:
        return f"a difference larger than chance would make ({exact}{perm})"
    if pooled:  # the words say so, the documents do not
        return (f"larger than chance over words ({exact}) but not over documents "
                f"({perm[2:]}): it may come from a few documents")
    return f"not distinguishable from chance ({exact})"


def stance_headline(findings: pd.DataFrame, *, alpha: float = 0.05) -> str:
    """One sentence summing up :func:`stance_findings`.

    Parameters
    ----------
    findings : DataFrame
        From :func:`stance_findings` (``category``, ``is_different``; with ``p_adjusted``,
        the categories that differ over words only are named too).
    alpha : float, default 0.05
        The level :func:`stance_findings` used.

    Returns
    -------
    str
        Plain text.

    Examples
    --------
    >>> t = pd.DataFrame({"category": ["hedge", "booster"], "is_different": [True, False]})
    >>> stance_headline(t)
    'Clear differences in 1 of 2 categories (hedge).'
    """
    differs = findings.is_different.astype(bool)
    clear = findings.category[differs].astype(str).tolist()
    words_only = []
    if "p_adjusted" in findings:  # larger than chance over words, not over documents
        only = (findings.p_adjusted.astype(float) < alpha) & ~differs
        words_only = findings.category[only].astype(str).tolist()
    more = (f" Over words only, not over documents (it may come from a few documents): "
            f"{', '.join(words_only)}." if words_only else "")
    if not clear:
        return (f"No stance category of the {len(findings)} compared differs more than chance "
                f"would make.{more}")
    return (f"Clear differences in {len(clear)} of {len(findings)} categories "
            f"({', '.join(clear)}).{more}")
