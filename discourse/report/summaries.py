"""Small summaries the notebooks used to compute inline: sentence length, TF-IDF per side, topic
shares per group, the alignment threshold, sources merged by surname, style differences.

Each is a pure function on the package's tables, tested, public as ``dc.<name>`` and shared by
the notebooks and the report's index, so a number exists once.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._compat import with_old_columns
from .._validate import InputError
from ..sides import label_strings


# -- words per sentence ----------------------------------------------------------------------------
def sentence_lengths(corpus, *, by: str = "doc_id") -> pd.DataFrame:
    """Words per analysed sentence, one row per sentence with at least one word.

    Parameters
    ----------
    corpus : Corpus
    by : str, default "doc_id"
        A column of ``corpus.documents`` added as the unit of each sentence (labels as strings).

    Returns
    -------
    DataFrame
        ``doc_id`` (str), ``sent_id``, ``<by>`` (when not ``doc_id``), ``n_words``. The old
        column name ``words`` still reads ``n_words``, with a warning.

    Examples
    --------
    >>> import discourse as dc
    >>> sentence_lengths(dc.from_texts({"a": "It may rain. Yes."})).n_words.tolist()
    [3, 1]
    """
    from ..stance.rates import sentence_table

    s = sentence_table(corpus)
    out = pd.DataFrame({"doc_id": s.doc_id.astype(str).to_numpy(),
                        "sent_id": s.sent_id.to_numpy(), "n_words": s.n_words.to_numpy()})
    out = out[out.n_words > 0].reset_index(drop=True)
    if by != "doc_id":
        labels = label_strings(corpus.documents[by])
        out.insert(2, by, out.doc_id.map(dict(zip(corpus.documents.doc_id.astype(str),
                                                  labels, strict=True))))
    return with_old_columns(out, {"words": "n_words"})


def length_summary(lengths: pd.DataFrame, *, by: str = "doc_id") -> pd.DataFrame:
    """Per unit: ``n_sentences``, ``n_words``, ``mean``, ``median`` and ``max`` words per sentence.

    Parameters
    ----------
    lengths : DataFrame
        From :func:`sentence_lengths`.
    by : str, default "doc_id"
        The unit column of ``lengths``.

    Returns
    -------
    DataFrame
        One row per unit in order of first appearance: ``<by>``, ``n_sentences``, ``n_words``,
        ``mean``, ``median``, ``max``. The old column names ``sentences`` and ``words`` still
        read the new columns, with a warning.

    Examples
    --------
    >>> import discourse as dc
    >>> lengths = sentence_lengths(dc.from_texts({"a": "It may rain. Yes.", "b": "No."}))
    >>> length_summary(lengths)
      doc_id  n_sentences  n_words  mean  median  max
    0      a            2        4   2.0     2.0    3
    1      b            1        1   1.0     1.0    1
    """
    g = lengths.dropna(subset=[by]).groupby(by, sort=False).n_words
    out = g.agg(n_sentences="size", n_words="sum", mean="mean", median="median", max="max")
    out = out.reset_index().astype({"n_sentences": "int64", "n_words": "int64", "max": "int64"})
    return with_old_columns(out, {"sentences": "n_sentences", "words": "n_words"})


# -- TF-IDF with units smaller than the sides ------------------------------------------------------
def tf_idf_summary(corpus, *, by: str = "doc_id", unit: str = "paragraph") -> pd.DataFrame:
    """TF-IDF computed over paragraphs (or documents) and summarised per side.

    Parameters
    ----------
    corpus : Corpus
    by : str, default "doc_id"
        The column of ``corpus.documents`` whose values are the sides summarised.
    unit : {"paragraph", "document"}, default "paragraph"
        What counts as a "document" for idf.

    Returns
    -------
    DataFrame
        One row per side and term the side uses: ``<by>`` (str), ``term``, ``tf_idf`` (the mean
        over the side's units, a unit without the term counting 0), ``n`` (uses in the side),
        ``n_units`` (the side's units that use it). Sorted by side (first appearance), then
        ``tf_idf`` descending, then ``term``. The old column name ``units`` still reads
        ``n_units``, with a warning.

    Notes
    -----
    ``tf_idf`` of a term in a unit is :func:`discourse.tf_idf` on the unit counts (``tf`` = share
    of the unit's counted words, ``idf = ln(N / df)``, ``N`` units). With two pooled sides idf can
    only be 0 or ln 2; with paragraphs as units idf measures how many paragraphs use a term,
    and a shared word one side spreads over many paragraphs can score.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "Cats purr.\\n\\nDogs bark.", "b": "Cats sleep."})
    >>> tf_idf_summary(c).round(3).head(3)  # ln(3) * 1/2 in one of a's two paragraphs
      doc_id  term  tf_idf  n  n_units
    0      a  bark   0.275  1        1
    1      a  dogs   0.275  1        1
    2      a  purr   0.275  1        1
    """
    from ..stats.contrast import tf_idf
    from ..stats.counts import count_terms

    keys = {"paragraph": ["doc_id", "para_id"], "document": ["doc_id"]}
    if unit not in keys:
        raise InputError(f"unit={unit!r} must be 'paragraph' or 'document'.")
    counts = count_terms(corpus, by=keys[unit])
    if not len(counts):
        raise InputError("no counted words in the analysed paragraphs: no TF-IDF.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # fewer than 3 units: said in the notebook
        t = tf_idf(counts, by=keys[unit])
    docs = corpus.documents
    side_of = dict(zip(docs.doc_id.astype(str), label_strings(docs[by]), strict=True))
    t[by] = t.doc_id.astype(str).map(side_of) if by != "doc_id" else t.doc_id.astype(str)
    t = t.dropna(subset=[by])
    unit_cols = keys[unit]
    n_units = t.drop_duplicates(unit_cols).groupby(by, sort=False).size()
    # units without any counted word still count in the mean
    all_units = (corpus.analyzed("paragraphs") if unit == "paragraph" else docs)
    all_sides = all_units.doc_id.astype(str).map(side_of)
    n_units = all_sides.value_counts().reindex(n_units.index).fillna(n_units).astype(float)
    out = t.groupby([by, "term"], sort=False, observed=True).agg(
        tf_idf=("tf_idf", "sum"), n=("n", "sum"), n_units=("doc_id", "size")).reset_index()
    out["tf_idf"] = out.tf_idf / out[by].map(n_units)
    order = {s: i for i, s in enumerate(dict.fromkeys(label_strings(docs[by]).dropna()))} \
        if by != "doc_id" else {s: i for i, s in enumerate(docs.doc_id.astype(str))}
    out["_o"] = out[by].map(order)
    out["term"] = out.term.astype(str)
    out = out.sort_values(["_o", "tf_idf", "term"], ascending=[True, False, True], kind="stable")
    out = out.drop(columns="_o").astype({"n": "int64", "n_units": "int64"})
    return with_old_columns(out.reset_index(drop=True), {"units": "n_units"})


# -- topics per side -------------------------------------------------------------------------------
def topic_shares_by(topics, corpus, *, by: str) -> pd.DataFrame:
    """Topic shares of each group: the word-weighted mean of its units' shares.

    Parameters
    ----------
    topics : TopicResult
        From :func:`discourse.fit_topics`.
    corpus : Corpus
        The corpus it was fitted on.
    by : str
        A column of ``corpus.documents``; ``"doc_id"`` gives ``topics.documents``.

    Returns
    -------
    DataFrame
        ``<by>`` (str), ``topic``, ``share`` (sums to 1 per group over the topics), one row per
        group and topic. Units with no topic weight are left out, as in ``topics.documents``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "x"],
    ...                                 "text": ["One two.", "Three."]}))
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "para_id": 0, "topic": [0, 1, 0, 1],
    ...                       "share": [1.0, 0.0, 0.0, 1.0], "n_words": [3, 3, 1, 1]})
    >>> topic_shares_by(SimpleNamespace(units=units), c, by="group")
      group  topic  share
    0     x      0   0.75
    1     x      1   0.25
    """
    u = topics.units
    u = u[u.groupby(list(u.columns.drop(["topic", "share", "n_words"])), observed=True)
          .share.transform("sum").to_numpy() > 0]
    docs = corpus.documents
    side_of = dict(zip(docs.doc_id.astype(str), label_strings(docs[by]) if by != "doc_id"
                       else docs.doc_id.astype(str), strict=True))
    g = u.assign(**{by: u.doc_id.astype(str).map(side_of).to_numpy(),
                    "_w": u.share * u.n_words}).dropna(subset=[by])
    out = g.groupby([by, "topic"], sort=False, observed=True)._w.sum().rename("share")
    out = (out / out.groupby(level=0, sort=False).transform("sum")).reset_index()
    return out.sort_values([by, "topic"], kind="stable", key=lambda s: s.map(
        {v: i for i, v in enumerate(dict.fromkeys(side_of.values()))}) if s.name == by else s
    ).reset_index(drop=True)


# -- alignment -------------------------------------------------------------------------------------
def alignment_threshold(null: pd.DataFrame, *, quantile: float = 0.95) -> float:
    """The similarity a real aligned pair must reach: a quantile of chance best matches.

    Parameters
    ----------
    null : DataFrame
        From :func:`discourse.similarity_null` (a ``similarity`` column).
    quantile : float, default 0.95
        Which quantile of the chance best matches.

    Returns
    -------
    float
        ``numpy.quantile(null.similarity, quantile)``; 0.0 when ``null`` is empty (no sentence
        of the reference shares a word: every pair is then shown, and there is none).

    Raises
    ------
    InputError
        A quantile outside (0, 1).

    Examples
    --------
    >>> alignment_threshold(pd.DataFrame({"similarity": [0.1, 0.2, 0.3, 0.4, 0.5]}), quantile=0.5)
    0.3
    """
    if not 0 < quantile < 1:
        raise InputError(f"quantile={quantile!r} must be between 0 and 1.")
    return float(np.quantile(null.similarity, quantile)) if len(null) else 0.0


# -- sources per document --------------------------------------------------------------------------
def sources_by_document(attributions: pd.DataFrame) -> pd.DataFrame:
    """Named sources per document, one speaker however often the name is shortened.

    A quick count on the ``source`` column of :func:`discourse.attributions`, by surname; for
    sources resolved to their actors (pronouns too) and their kind, see
    :func:`discourse.cited_sources`.

    Parameters
    ----------
    attributions : DataFrame
        From :func:`discourse.attributions` (``doc_id``, ``source``).

    Returns
    -------
    DataFrame
        ``doc_id``, ``source`` (the longest form of the name), ``n`` (attributions), sorted by
        document, ``n`` descending, then name.

    Notes
    -----
    Forms that share their last word, compared case-insensitively, are one speaker ("Kristine
    Berzina" and "Berzina"); the speaker is shown by the longest form (ties: alphabetical).
    Two people with one surname are merged too: read the KWIC lines.

    Examples
    --------
    >>> a = pd.DataFrame({"doc_id": ["d", "d", "d"],
    ...                   "source": ["Kristine Berzina", "Berzina", None]})
    >>> sources_by_document(a)
      doc_id            source  n
    0      d  Kristine Berzina  2
    """
    named = attributions.dropna(subset=["source"])
    named = named[named.source.astype(str).str.strip() != ""].copy()
    if not len(named):
        return pd.DataFrame({"doc_id": pd.Series(dtype=str), "source": pd.Series(dtype=str),
                             "n": pd.Series(dtype="int64")})
    named["source"] = named.source.astype(str)
    named["key"] = named.source.str.split().str[-1].str.casefold()
    label = named.groupby("key").source.agg(lambda s: max(sorted(set(s)), key=len))
    named["speaker"] = named.key.map(label)
    named["doc_id"] = named.doc_id.astype(str)
    out = (named.groupby(["doc_id", "speaker"], sort=False).size().rename("n").reset_index()
           .rename(columns={"speaker": "source"}))
    return out.sort_values(["doc_id", "n", "source"], ascending=[True, False, True],
                           kind="stable").reset_index(drop=True)


# -- style differences -----------------------------------------------------------------------------
STYLE_MEASURES = {"mean_sentence_length": "sentence length",
                  "flesch_reading_ease": "reading ease",
                  "contraction_rate": "contraction rate"}


def style_differences(profile: pd.DataFrame, *, by: str, focus: str, reference: str,
                      measures: dict | None = None) -> pd.DataFrame:
    """For each measure, the focus against the reference with their bootstrap intervals.

    Parameters
    ----------
    profile : DataFrame
        From :func:`discourse.style_profile` (``<measure>_ci_low``/``<measure>_ci_high``
        columns).
    by : str
        Its unit column.
    focus, reference : str
        The two rows compared (labels compared as strings).
    measures : dict, optional
        Column -> readable name; default :data:`STYLE_MEASURES`.

    Returns
    -------
    DataFrame
        One row per measure: ``measure``, ``label``, ``focus``, ``focus_ci_low``,
        ``focus_ci_high``, ``reference``, ``reference_ci_low``, ``reference_ci_high``,
        ``is_overlap`` (the two 95% intervals overlap, or one is missing) and ``sentence``.
        The old column names (``focus_low``, ..., ``overlap``) still read the new columns,
        with a warning.

    Raises
    ------
    InputError
        ``focus`` or ``reference`` is not a row of ``profile``.

    Examples
    --------
    >>> p = pd.DataFrame({"g": ["x", "y"], "m": [10.0, 20.0], "m_ci_low": [8.0, 18.0],
    ...                   "m_ci_high": [12.0, 22.0]})
    >>> print(style_differences(p, by="g", focus="x", reference="y", measures={"m": "m"})
    ...       .sentence[0])
    m: x 10.0 vs y 20.0; the intervals do not overlap.
    """
    measures = measures or STYLE_MEASURES
    keys = label_strings(profile[by])
    rows = []
    for side in (focus, reference):
        if not (keys == str(side)).any():
            raise InputError(f"{side!r} is not a row of the profile ({by}: "
                             f"{', '.join(keys.dropna())}).")
    f = profile[(keys == str(focus)).to_numpy()].iloc[0]
    r = profile[(keys == str(reference)).to_numpy()].iloc[0]
    for m, label in measures.items():
        lo_f, hi_f = f[m + "_ci_low"], f[m + "_ci_high"]
        lo_r, hi_r = r[m + "_ci_low"], r[m + "_ci_high"]
        known = np.isfinite([lo_f, hi_f, lo_r, hi_r]).all()
        overlap = bool(not known or not (hi_f < lo_r or hi_r < lo_f))
        verdict = ("the intervals overlap: the difference may be sampling noise" if overlap
                   else "the intervals do not overlap")
        if not known:
            verdict = "an interval is missing (too few sentences)"
        rows.append({"measure": m, "label": label, "focus": f[m], "focus_ci_low": lo_f,
                     "focus_ci_high": hi_f, "reference": r[m], "reference_ci_low": lo_r,
                     "reference_ci_high": hi_r, "is_overlap": overlap,
                     "sentence": f"{label}: {focus} {f[m]:.1f} vs {reference} {r[m]:.1f}; "
                                 f"{verdict}."})
    return with_old_columns(pd.DataFrame(rows), {
        "focus_low": "focus_ci_low", "focus_high": "focus_ci_high",
        "reference_low": "reference_ci_low", "reference_high": "reference_ci_high",
        "overlap": "is_overlap"})
