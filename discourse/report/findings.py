"""The findings a report states, computed once: notebooks and the report's index both call these.

Public as ``dc.<name>`` (documented here):

* :func:`group_overview`: documents, words, sentences and stance rates (with intervals) per group.
* :func:`key_terms` and :func:`key_terms_table`: the key terms of every comparison (written in
  :mod:`discourse.report.findings_terms`).
* :func:`stance_findings` and :func:`stance_headline`: one sentence per stance category from
  :func:`discourse.compare_rates`, so that the prose says what the table shows (a side with no
  hit and a significant test *is* a difference: "16 vs 0 hits"; written in
  :mod:`discourse.report.findings_stance`).
* :func:`attempt` and :func:`needs`: a section of a notebook that cannot be computed on a corpus
  prints one sentence saying why, and the notebook goes on.
* :func:`describe_comparisons`: the sentences saying what is compared with what.

Sentences returned here are plain text: escape them for the place they land
(:func:`discourse.escape_markdown` in a ``Markdown`` cell, autoescaping in a template).
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pandas as pd

from .._compat import with_old_columns
from .._validate import InputError
from ..sides import Sides, comparable_corpus, default_by, label_strings
from .findings_stance import stance_findings, stance_headline
from .findings_terms import key_terms, key_terms_table, screening_list

__all__ = ["STANCE", "attempt", "compare_sides", "describe_comparisons", "group_overview",
           "key_terms", "key_terms_table", "needs", "screening_list", "stance_findings",
           "stance_headline"]

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
