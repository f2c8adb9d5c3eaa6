"""Claims both texts make: align each sentence of a reference text with its closest focus sentences.

The two sides are two documents: the *focus*, the original (e.g. an essay), and the
*reference*, the text that reuses it (e.g. its rewrite as news), decided by
:func:`discourse.sides.one_comparison` with ``by="doc_id"``.
:func:`align_sentences` pairs sentences by TF-IDF cosine over content words and puts the stance of
each side next to each other (hedges, boosters, attribution, from the markers), with a ``shift``
label: did the rewrite assert what the essay hedged, or drop the source the essay named?
:func:`similarity_null` gives the similarities that chance alone produces, from which the
threshold is chosen; :func:`aligned_html` shows the pairs side by side with markers highlighted.

Word overlap finds sentences about the same things; it does not prove that one paraphrases the
other. Read the pairs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._compat import renamed, with_old_columns
from .._validate import InputError, check_choice, require_columns
from ..sides import PAIR, Sides, label_strings, one_comparison
from .sentence_space import (  # noqa: F401 - also read from here (views, tests)
    MODALS,
    STANCE_CATEGORIES,
    _in_markers,
    _Space,
    _stemmer,
)

_NULL_QUANTILE = 0.95

_COLUMNS = [
    "focus_doc_id", "focus_sent_id", "reference_doc_id", "reference_sent_id", "rank",
    "similarity", "shift", "focus_commitment", "reference_commitment", "focus_voice",
    "reference_voice", "focus_hedges", "reference_hedges", "focus_boosters",
    "reference_boosters", "focus_attributions", "reference_attributions", "shared_terms",
    "focus_text", "reference_text", "focus_start", "focus_end", "reference_start",
    "reference_end", "min_similarity"]
#: old column names of :func:`align_sentences` (still readable, with a warning): new names
_OLD_COLUMNS = {("source_" + c[len("focus_"):] if c.startswith("focus_") else
                 "target_" + c[len("reference_"):]): c
                for c in _COLUMNS if c.startswith(("focus_", "reference_"))}


def _two_documents(corpus, *, fn: str, sides=None, focus=None,
                   reference=None) -> tuple[str, str]:
    """The doc_ids of the focus and the reference: one document each.

    Decided by :func:`discourse.sides.one_comparison` with ``by="doc_id"``: with two documents
    and no choice, the first against the second; with more, the user names them.
    """
    for s in [sides] if isinstance(sides, Sides) else \
            list(sides) if isinstance(sides, list | tuple) else []:
        if isinstance(s, Sides) and s.by != "doc_id":
            raise InputError(f"{fn} aligns two documents, so sides= must compare doc_ids "
                             f"(by='doc_id'), not values of {s.by!r}: pass focus= and "
                             "reference= (doc_ids), or sides=dc.comparisons(corpus, "
                             "by='doc_id', focus=..., reference=...)[0].")
    two = one_comparison(corpus, fn=fn, by="doc_id", sides=sides, focus=focus,
                         reference=reference)
    if two.mode != PAIR or two.focus_pool or len(two.reference) != 1:
        if not two.chosen and sides is None:
            raise InputError(f"{fn} aligns two documents, and the corpus has "
                             f"{len(two.groups)}: name focus= and reference= (one doc_id "
                             "each).")
        raise InputError(f"{fn} aligns one document with one other, but the sides are "
                         f"{two.describe()!r}: {len(two.focus_labels)} against "
                         f"{len(two.reference)}. Name focus= and reference= (one doc_id "
                         "each), or pass sides= of two documents.")
    doc_ids = corpus.documents.doc_id
    doc_of = dict(zip(label_strings(doc_ids), doc_ids.astype(str), strict=True))
    return doc_of[two.focus], doc_of[two.reference[0]]


def _null(corpus, focus: str, reference: str, markers: pd.DataFrame | None, *,
          n_resamples: int, stem: bool, random_state: int) -> pd.DataFrame:
    """:func:`similarity_null` of two doc_ids already decided."""
    if n_resamples < 1:
        raise InputError(f"n_resamples={n_resamples!r} must be at least 1.")
    space = _Space(corpus, focus, reference, stem, _get_markers(corpus, markers))
    rng = np.random.default_rng(random_state)
    ok = space.has_words()[space.n_focus:]
    ids = space.sentences[reference].sent_id.to_numpy()[ok]
    out = []
    for b in range(n_resamples):
        sim = space.similarity(space.shuffled(rng))
        best = sim.max(axis=1) if sim.shape[1] else np.zeros(len(sim))
        out.append(pd.DataFrame({"shuffle": b, "reference_sent_id": ids,
                                 "similarity": best[ok]}))
    out = pd.concat(out, ignore_index=True)
    out = out.astype({"shuffle": "int64", "reference_sent_id": "int64", "similarity": float})
    return with_old_columns(out, {"target_sent_id": "reference_sent_id"})


@renamed(n_shuffles="n_resamples", source="focus", target="reference")
def similarity_null(corpus, *, focus: str | None = None, reference: str | None = None,
                    sides: Sides | None = None, markers: pd.DataFrame | None = None,
                    n_resamples: int = 50, stem: bool = True,
                    random_state: int = 0) -> pd.DataFrame:
    """Best-match similarities that chance alone produces, to choose an alignment threshold.

    Parameters
    ----------
    corpus : Corpus
    focus, reference : str, optional
        doc_ids of the two documents, as in :func:`align_sentences` (old names ``source=``,
        ``target=``).
    sides : Sides, optional
        The two documents, already decided (``by="doc_id"``, one document each side).
    markers : DataFrame, optional
        As in :func:`align_sentences` (its stance markers are left out of the terms).
    n_resamples : int, default 50
        How many times the focus's content words are shuffled (old name ``n_shuffles=``).
    stem : bool, default True
        As in :func:`align_sentences`.
    random_state : int, default 0
        Seed of the shuffles.

    Returns
    -------
    DataFrame
        One row per shuffle and reference sentence with content words: ``shuffle``,
        ``reference_sent_id``, ``similarity`` (its best cosine against the shuffled focus).
        Empty (same columns) when the two documents have no content word. The old column name
        ``target_sent_id`` is still readable, with a :class:`DeprecationWarning`.

    Notes
    -----
    Each shuffle permutes the content-word tokens of the focus among the focus's analysed
    sentences (sentence lengths and the vocabulary stay, which words go together does not) and
    weighs them with the IDF fitted on the real sentences. The best match of a reference
    sentence against such a focus is what its length and vocabulary alone would earn. The 95th
    percentile of these values is the default threshold of :func:`align_sentences`: a real pair
    above it is more similar than 95% of chance best matches.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "Cats chase mice. Dogs bark loudly.", "b": "Mice flee cats."})
    >>> no_markers = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "category"])
    >>> similarity_null(c, focus="a", reference="b", markers=no_markers, n_resamples=3).shape
    (3, 3)
    """
    focus, reference = _two_documents(corpus, fn="similarity_null", sides=sides, focus=focus,
                                      reference=reference)
    return _null(corpus, focus, reference, markers, n_resamples=n_resamples, stem=stem,
                 random_state=random_state)


# -- stance per sentence ---------------------------------------------------------------------------
def _stance_counts(markers: pd.DataFrame, doc_id: str, sent_ids: np.ndarray) -> pd.DataFrame:
    m = markers[(markers.doc_id.astype(str) == doc_id)
                & markers.category.astype(str).isin(STANCE_CATEGORIES)]
    m = m.drop_duplicates(["start", "end", "category"])
    n = (m.groupby([m.sent_id.to_numpy(), m.category.astype(str).to_numpy()]).size()
         .unstack(fill_value=0).reindex(index=sent_ids, columns=list(STANCE_CATEGORIES),
                                        fill_value=0))
    return n.astype("int64").set_axis(["hedges", "boosters", "attributions"], axis=1)


def _commitment(hedges: np.ndarray, boosters: np.ndarray) -> np.ndarray:
    return np.where(hedges > boosters, "hedged",
                    np.where(boosters > hedges, "boosted", "asserted"))


def _empty(threshold: float) -> pd.DataFrame:
    """No aligned pair: the columns of :func:`align_sentences` with their types."""
    types = {c: ("int64" if c.endswith(("_sent_id", "_start", "_end", "rank", "_hedges",
                                        "_boosters", "_attributions")) else
                 float if c in ("similarity", "min_similarity") else object)
             for c in _COLUMNS}
    out = pd.DataFrame({c: pd.Series(dtype=t) for c, t in types.items()})
    out.attrs["min_similarity"] = threshold  # also a column; attrs kept for old readers
    return out


def _get_markers(corpus, markers):
    if markers is None:
        from ..stance.markers import find_markers

        markers = find_markers(corpus)
    require_columns(markers, ["doc_id", "sent_id", "start", "end", "category"], name="markers",
                    hint="Pass the table returned by dc.find_markers(corpus).")
    return markers


def _threshold(corpus, focus: str, reference: str, markers: pd.DataFrame,
               min_similarity: float | str, *, n_resamples: int, stem: bool,
               random_state: int) -> float:
    """The similarity a pair needs: ``min_similarity``, or for "auto" the 95th percentile of
    the chance best matches (:func:`similarity_null`)."""
    if isinstance(min_similarity, str):
        check_choice(min_similarity, ["auto"], name="min_similarity")
        null = _null(corpus, focus, reference, markers, n_resamples=n_resamples, stem=stem,
                     random_state=random_state)
        return float(np.quantile(null.similarity, _NULL_QUANTILE)) if len(null) else 0.0
    threshold = float(min_similarity)
    if not 0 <= threshold <= 1:
        raise InputError(f"min_similarity={min_similarity!r} must be between 0 and 1, "
                         "or 'auto'.")
    return threshold


def _add_stance(out: pd.DataFrame, markers: pd.DataFrame, focus: str, reference: str) -> None:
    """Add the stance counts, commitment and voice of both sentences of each pair, and the
    ``shift`` between them."""
    f_n = _stance_counts(markers, focus, out.focus_sent_id.to_numpy())
    r_n = _stance_counts(markers, reference, out.reference_sent_id.to_numpy())
    for side, n in (("focus", f_n), ("reference", r_n)):
        for c in n.columns:
            out[f"{side}_{c}"] = n[c].to_numpy()
        out[f"{side}_commitment"] = _commitment(n.hedges.to_numpy(), n.boosters.to_numpy())
        out[f"{side}_voice"] = np.where(n.attributions.to_numpy() > 0, "attributed", "authorial")
    voice = np.where(out.focus_voice != out.reference_voice,
                     out.focus_voice + " -> " + out.reference_voice, "")
    commit = np.where(out.focus_commitment != out.reference_commitment,
                      out.focus_commitment + " -> " + out.reference_commitment, "")
    shift = pd.Series(voice) + np.where((voice != "") & (commit != ""), "; ", "") + commit
    out["shift"] = shift.where(shift != "", "same").to_numpy()


def _shared_terms(space: _Space, r_idx: np.ndarray, f_idx: np.ndarray) -> list[str]:
    """The terms both sentences of each pair share, heaviest first ("; "-joined)."""
    Xf, Xr = space.X[: space.n_focus], space.X[space.n_focus:]
    shared = []
    for ri, fi in zip(r_idx, f_idx, strict=True):
        prod = Xr[ri].multiply(Xf[fi]).tocoo()
        best = np.lexsort((space.labels[prod.col], -prod.data))
        shared.append("; ".join(space.labels[prod.col[best]]))
    return shared


@renamed(top_n="top", n_shuffles="n_resamples", source="focus", target="reference")
def align_sentences(corpus, *, focus: str | None = None, reference: str | None = None,
                    sides: Sides | None = None, min_similarity: float | str = "auto",
                    top: int = 1, markers: pd.DataFrame | None = None, stem: bool = True,
                    n_resamples: int = 50, random_state: int = 0) -> pd.DataFrame:
    """Pair each reference sentence with its closest focus sentences and compare their stance.

    Parameters
    ----------
    corpus : Corpus
        Only analysed sentences are aligned.
    focus, reference : str, optional
        doc_ids: the *focus*, the original (e.g. the essay), and the *reference*, the text
        that reuses it (e.g. the rewrite); old names ``source=`` and ``target=``. Default:
        with two documents, the first against the second; with more, name them (an
        :class:`~discourse.InputError` says so). In a report, they are the typical documents
        of the two sides compared.
    sides : Sides, optional
        The two documents, already decided: a comparison ``by="doc_id"`` of one document
        against one other (e.g. ``dc.comparisons(corpus, by="doc_id", focus=...,
        reference=...)[0]``). Another column, or several documents on a side, is refused.
    min_similarity : float or "auto", default "auto"
        Keep pairs with at least this cosine similarity. ``"auto"``: the 95th percentile of
        :func:`similarity_null` (best matches against a shuffled focus); ``0`` keeps every best
        match. Choose it from the distributions (see the notebook), not by habit.
    top : int, default 1
        Focus sentences kept per reference sentence (best first); old name ``top_n=``.
    markers : DataFrame, optional
        Markers table (:func:`discourse.find_markers`); default ``dc.find_markers(corpus)``.
    stem : bool, default True
        Porter-stem the content words (NLTK), so "recognised" meets "recognition".
    n_resamples, random_state : int
        For ``min_similarity="auto"`` (see :func:`similarity_null`); old name of
        ``n_resamples``: ``n_shuffles=``.

    Returns
    -------
    DataFrame
        One row per aligned pair, in reference order then rank:

        - ``focus_doc_id, focus_sent_id, reference_doc_id, reference_sent_id``;
        - ``rank`` (1 = the reference sentence's closest focus sentence), ``similarity``
          (cosine, 0-1);
        - ``shift``: ``"same"`` or what changed from focus to reference, e.g. ``"hedged ->
          asserted"``, ``"attributed -> authorial"`` (both, "; "-joined, when both changed);
        - ``focus_commitment, reference_commitment``: ``hedged`` (more hedges than boosters),
          ``boosted`` (more boosters than hedges) or ``asserted`` (as many, usually none);
        - ``focus_voice, reference_voice``: ``attributed`` (an attribution marker in the
          sentence) or ``authorial``;
        - ``focus_hedges, reference_hedges, focus_boosters, reference_boosters,
          focus_attributions, reference_attributions``: marker counts;
        - ``shared_terms``: the shared terms (each shown as its most frequent word form),
          largest contribution to the cosine first;
        - ``focus_text, reference_text`` and the sentences' ``start, end`` offsets
          (``focus_start, focus_end, reference_start, reference_end``).

        ``min_similarity`` (a column, also in ``attrs`` for old readers) holds the threshold
        used. Read the label as ``a["shift"]``:
        ``a.shift`` is the DataFrame method. No pair (same columns and types) when no
        sentence shares a content word, or the documents have none. The old column names
        (``source_*`` for ``focus_*``, ``target_*`` for ``reference_*``) are still readable,
        with a :class:`DeprecationWarning`.

    Notes
    -----
    Terms are the content words of the analysed sentences of both documents: word tokens that are
    not stopwords, not modal verbs (:data:`MODALS`) and not inside a hedge, booster or attribution
    marker (the stance is compared, not counted as topic: "may reward" and "will reward" share
    everything but their stance), lower-cased, a final ``'s`` removed, Porter-stemmed when
    ``stem``. Each
    sentence is a document for scikit-learn's ``TfidfTransformer`` fitted on the sentences of both
    texts: ``tf`` is the raw count, ``idf = ln((1 + n) / (1 + df)) + 1`` with ``n`` sentences and
    ``df`` sentences containing the term, rows l2-normalised; the similarity is the dot product
    (cosine). Sentences without content words are never aligned.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"essay": "The deal may reward Moscow. Rain fell.",
    ...                    "news": "The deal will reward Moscow."})
    >>> marks = pd.DataFrame({"doc_id": ["essay", "news"], "sent_id": [0, 0],
    ...                       "start": [9, 9], "end": [12, 13], "category": ["hedge", "booster"]})
    >>> a = align_sentences(c, focus="essay", reference="news", min_similarity=0.5,
    ...                     markers=marks)
    >>> a[["focus_sent_id", "reference_sent_id", "similarity", "shift"]]
       focus_sent_id  reference_sent_id  similarity              shift
    0              0                  0         1.0  hedged -> boosted
    """
    focus, reference = _two_documents(corpus, fn="align_sentences", sides=sides, focus=focus,
                                      reference=reference)
    if not isinstance(top, int | np.integer) or top < 1:
        raise InputError(f"top={top!r} must be a positive integer.")
    markers = _get_markers(corpus, markers)
    threshold = _threshold(corpus, focus, reference, markers, min_similarity,
                           n_resamples=n_resamples, stem=stem, random_state=random_state)
    space = _Space(corpus, focus, reference, stem, markers)
    sim = space.similarity()
    has = space.has_words()
    sim[~has[space.n_focus:], :] = 0.0
    sim[:, ~has[: space.n_focus]] = 0.0

    k = min(top, sim.shape[1])
    if k == 0 or sim.shape[0] == 0 or not (sim > 0).any():
        return with_old_columns(_empty(threshold), _OLD_COLUMNS)
    # best first; ties broken by the earlier focus sentence (stable sort)
    order = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    r_idx = np.repeat(np.arange(sim.shape[0]), k)
    f_idx = order.ravel()
    score = sim[r_idx, f_idx]
    keep = (score >= threshold) & (score > 0)
    r_idx, f_idx, score = r_idx[keep], f_idx[keep], score[keep]
    rank = np.tile(np.arange(1, k + 1), sim.shape[0])[keep]

    F, R = space.sentences[focus], space.sentences[reference]
    out = pd.DataFrame({
        "focus_doc_id": focus, "focus_sent_id": F.sent_id.to_numpy()[f_idx].astype("int64"),
        "reference_doc_id": reference,
        "reference_sent_id": R.sent_id.to_numpy()[r_idx].astype("int64"),
        "rank": rank.astype("int64"), "similarity": score})
    _add_stance(out, markers, focus, reference)
    out["shared_terms"] = _shared_terms(space, r_idx, f_idx)
    for side, table, idx in (("focus", F, f_idx), ("reference", R, r_idx)):
        out[f"{side}_text"] = table.text.to_numpy()[idx]
        out[f"{side}_start"] = table.start.to_numpy()[idx].astype("int64")
        out[f"{side}_end"] = table.end.to_numpy()[idx].astype("int64")
    out["min_similarity"] = float(threshold)
    out = out[_COLUMNS].reset_index(drop=True)
    out.attrs["min_similarity"] = threshold  # also a column; attrs kept for old readers
    return with_old_columns(out, _OLD_COLUMNS)
