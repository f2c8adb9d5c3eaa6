"""Claims both texts make: align each sentence of a target text with its closest source sentences.

:func:`align_sentences` pairs sentences by TF-IDF cosine over content words and puts the stance of
each side next to each other (hedges, boosters, attribution, from the markers), with a ``shift``
label: did the rewrite assert what the essay hedged, or drop the source the essay named?
:func:`similarity_null` gives the similarities that chance alone produces, from which the
threshold is chosen; :func:`aligned_html` shows the pairs side by side with markers highlighted.

Word overlap finds sentences about the same things; it does not prove that one paraphrases the
other. Read the pairs.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from .._validate import InputError, check_choice, require_columns

STANCE_CATEGORIES = ("hedge", "booster", "attribution")
#: Modal verbs, left out of the terms like the stance markers: they carry stance, not topic.
MODALS = frozenset("will would shall should can could may might must 'll 'd".split())
_NULL_QUANTILE = 0.95

_COLUMNS = [
    "source_doc_id", "source_sent_id", "target_doc_id", "target_sent_id", "rank", "similarity",
    "shift", "source_commitment", "target_commitment", "source_voice", "target_voice",
    "source_hedges", "target_hedges", "source_boosters", "target_boosters",
    "source_attributions", "target_attributions", "shared_terms", "source_text", "target_text",
    "source_start", "source_end", "target_start", "target_end", "min_similarity"]


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem import PorterStemmer

    return PorterStemmer()


# -- the sentence-term matrix --------------------------------------------------------------------
class _Space:
    """Content-word counts of the analysed sentences of two documents, and their TF-IDF."""

    def __init__(self, corpus, source: str, target: str, stem: bool, markers: pd.DataFrame):
        tok = corpus.analyzed("tokens")
        tok = tok[tok.doc_id.astype(str).isin([source, target]).to_numpy()]
        markers = markers[markers.doc_id.astype(str).isin([source, target]).to_numpy()]
        keep = (tok.is_word.to_numpy() & ~tok.is_stop.to_numpy()
                & ~tok.norm.astype(str).isin(MODALS).to_numpy())
        keep &= ~_in_markers(tok, markers)
        words = tok[keep]
        sents = corpus.analyzed("sentences")
        sdoc = sents.doc_id.astype(str)
        self.sentences = {d: sents[sdoc == d].reset_index(drop=True) for d in (source, target)}
        # rows: source sentences, then target sentences
        row_of = {}
        for offset, d in ((0, source), (len(self.sentences[source]), target)):
            ids = self.sentences[d].sent_id.to_numpy()
            row_of.update({(d, int(s)): offset + i for i, s in enumerate(ids)})
        self.n_source = len(self.sentences[source])
        self.n_rows = self.n_source + len(self.sentences[target])
        wdoc = words.doc_id.astype(str).to_numpy()
        rows = np.array([row_of[(d, int(s))] for d, s in zip(wdoc, words.sent_id, strict=True)],
                        dtype=np.int64)
        # the term: norm without a possessive or clitic 's, Porter-stemmed if asked
        norms = words.norm.astype(str)
        vocab = pd.Index(norms.unique())
        terms = vocab.str.replace(r"'s$", "", regex=True)
        if stem:
            terms = pd.Index([_stemmer().stem(t) for t in terms])
        plain = norms.str.replace(r"'s$", "", regex=True).to_numpy()
        codes, self.terms = pd.factorize(pd.Series(terms, index=vocab).reindex(norms).to_numpy())
        self.rows, self.cols = rows, codes
        # what to show for a term: its most frequent word form (ties: alphabetical)
        forms = pd.DataFrame({"code": codes, "form": plain}).value_counts().reset_index()
        forms = forms.sort_values(["code", "count", "form"], ascending=[True, False, True],
                                  kind="stable").drop_duplicates("code")
        self.labels = forms.set_index("code").form.reindex(range(len(self.terms))).to_numpy()
        counts = self._counts(rows, codes)
        self.tfidf = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True)
        # no content word at all: an empty matrix (nothing can be aligned), not sklearn's error
        self.X = self.tfidf.fit_transform(counts).tocsr() if len(self.terms) else counts

    def _counts(self, rows: np.ndarray, cols: np.ndarray) -> sp.csr_matrix:
        data = np.ones(len(rows), dtype=np.float64)
        return sp.csr_matrix((data, (rows, cols)), shape=(self.n_rows, len(self.terms)))

    def similarity(self, X: sp.csr_matrix | None = None) -> np.ndarray:
        """Cosine similarity, target rows x source rows (rows are l2-normalised)."""
        X = self.X if X is None else X
        return (X[self.n_source:] @ X[: self.n_source].T).toarray()

    def shuffled(self, rng: np.random.Generator) -> sp.csr_matrix:
        """The TF-IDF matrix after the source's content words are shuffled among its sentences."""
        src = self.rows < self.n_source
        cols = self.cols.copy()
        cols[src] = rng.permutation(cols[src])
        if not len(self.terms):
            return self.X
        return self.tfidf.transform(self._counts(self.rows, cols)).tocsr()

    def has_words(self) -> np.ndarray:
        return np.diff(self.X.indptr) > 0


def _in_markers(tok: pd.DataFrame, markers: pd.DataFrame) -> np.ndarray:
    """Does each token start inside a stance marker (hedge, booster, attribution)?"""
    m = markers[markers.category.astype(str).isin(STANCE_CATEGORIES)]
    out = np.zeros(len(tok), dtype=bool)
    tdoc = tok.doc_id.astype(str).to_numpy()
    mdoc = m.doc_id.astype(str).to_numpy()
    for d in pd.unique(mdoc):
        md = m[mdoc == d].sort_values("start", kind="stable")
        rows = np.flatnonzero(tdoc == d)
        starts = tok.start.to_numpy()[rows]
        k = np.searchsorted(md.start.to_numpy(), starts, side="right") - 1
        reach = np.maximum.accumulate(md.end.to_numpy())
        out[rows] = (k >= 0) & (starts < reach[np.maximum(k, 0)])
    return out


def _pair(corpus, focus, reference, source, target) -> tuple[str, str]:
    """The two doc_ids from ``focus``/``reference`` or their aliases ``source``/``target``."""
    for new, old in (("focus", "source"), ("reference", "target")):
        a, b = (focus, source) if new == "focus" else (reference, target)
        if a is not None and b is not None and str(a) != str(b):
            raise InputError(f"{new}={a!r} and {old}={b!r} disagree: {old} is another name for "
                             f"{new}; give one of them.")
    f_name = "focus" if focus is not None else "source"  # errors use the name the user gave
    r_name = "reference" if reference is not None else "target"
    focus = focus if focus is not None else source
    reference = reference if reference is not None else target
    if focus is None or reference is None:
        raise InputError("name the two documents: focus= (the original, alias source=) and "
                         "reference= (the text that reuses it, alias target=).")
    focus, reference = str(focus), str(reference)
    check_choice(focus, corpus.doc_ids, name=f_name)
    check_choice(reference, corpus.doc_ids, name=r_name)
    if focus == reference:
        raise InputError(f"{f_name} and {r_name} are both {focus!r}: give two different "
                         "doc_ids.")
    return focus, reference


def similarity_null(corpus, *, focus: str | None = None, reference: str | None = None,
                    markers: pd.DataFrame | None = None, n_shuffles: int = 50, stem: bool = True,
                    random_state: int = 0, source: str | None = None,
                    target: str | None = None) -> pd.DataFrame:
    """Best-match similarities that chance alone produces, to choose an alignment threshold.

    Parameters
    ----------
    corpus : Corpus
    focus, reference : str
        doc_ids of the two documents (as in :func:`align_sentences`); ``source`` and
        ``target`` are accepted as their aliases.
    markers : DataFrame, optional
        As in :func:`align_sentences` (its stance markers are left out of the terms).
    n_shuffles : int, default 50
        How many times the source's content words are shuffled.
    stem : bool, default True
        As in :func:`align_sentences`.
    random_state : int, default 0
        Seed of the shuffles.

    Returns
    -------
    DataFrame
        One row per shuffle and target sentence with content words: ``shuffle``,
        ``target_sent_id``, ``similarity`` (its best cosine against the shuffled source). Empty
        (same columns) when the two documents have no content word.

    Notes
    -----
    Each shuffle permutes the content-word tokens of the source among the source's analysed
    sentences (sentence lengths and the vocabulary stay, which words go together does not) and
    weighs them with the IDF fitted on the real sentences. The best match of a target sentence
    against such a source is what its length and vocabulary alone would earn. The 95th percentile
    of these values is the default threshold of :func:`align_sentences`: a real pair above it is
    more similar than 95% of chance best matches.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "Cats chase mice. Dogs bark loudly.", "b": "Mice flee cats."})
    >>> no_markers = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "category"])
    >>> similarity_null(c, source="a", target="b", markers=no_markers, n_shuffles=3).shape
    (3, 3)
    """
    source, target = _pair(corpus, focus, reference, source, target)
    if n_shuffles < 1:
        raise InputError(f"n_shuffles={n_shuffles!r} must be at least 1.")
    space = _Space(corpus, source, target, stem, _get_markers(corpus, markers))
    rng = np.random.default_rng(random_state)
    ok = space.has_words()[space.n_source:]
    ids = space.sentences[target].sent_id.to_numpy()[ok]
    out = []
    for b in range(n_shuffles):
        sim = space.similarity(space.shuffled(rng))
        best = sim.max(axis=1) if sim.shape[1] else np.zeros(len(sim))
        out.append(pd.DataFrame({"shuffle": b, "target_sent_id": ids, "similarity": best[ok]}))
    out = pd.concat(out, ignore_index=True)
    return out.astype({"shuffle": "int64", "target_sent_id": "int64", "similarity": float})


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


def align_sentences(corpus, *, focus: str | None = None, reference: str | None = None,
                    min_similarity: float | str = "auto", top_n: int = 1,
                    markers: pd.DataFrame | None = None, stem: bool = True,
                    n_shuffles: int = 50, random_state: int = 0, source: str | None = None,
                    target: str | None = None) -> pd.DataFrame:
    """Pair each target sentence with its closest source sentences and compare their stance.

    Parameters
    ----------
    corpus : Corpus
        Only analysed sentences are aligned.
    focus, reference : str
        doc_ids: the *source*, the original (e.g. the essay), and the *target*, the text that
        reuses it (e.g. the rewrite). ``source=`` and ``target=`` are accepted as aliases (the
        names of earlier versions); the output columns keep the ``source_``/``target_`` names.
        In a report, they are the typical documents of the focus and the reference
        (:func:`discourse.examples.typical_documents`).
    min_similarity : float or "auto", default "auto"
        Keep pairs with at least this cosine similarity. ``"auto"``: the 95th percentile of
        :func:`similarity_null` (best matches against a shuffled source); ``0`` keeps every best
        match. Choose it from the distributions (see the notebook), not by habit.
    top_n : int, default 1
        Source sentences kept per target sentence (best first).
    markers : DataFrame, optional
        Markers table (:func:`discourse.find_markers`); default ``dc.find_markers(corpus)``.
    stem : bool, default True
        Porter-stem the content words (NLTK), so "recognised" meets "recognition".
    n_shuffles, random_state : int
        For ``min_similarity="auto"`` (see :func:`similarity_null`).

    Returns
    -------
    DataFrame
        One row per aligned pair, in target order then rank:

        - ``source_doc_id, source_sent_id, target_doc_id, target_sent_id``;
        - ``rank`` (1 = the target's closest source sentence), ``similarity`` (cosine, 0-1);
        - ``shift``: ``"same"`` or what changed from source to target, e.g. ``"hedged ->
          asserted"``, ``"attributed -> authorial"`` (both, "; "-joined, when both changed);
        - ``source_commitment, target_commitment``: ``hedged`` (more hedges than boosters),
          ``boosted`` (more boosters than hedges) or ``asserted`` (as many, usually none);
        - ``source_voice, target_voice``: ``attributed`` (an attribution marker in the
          sentence) or ``authorial``;
        - ``source_hedges, target_hedges, source_boosters, target_boosters,
          source_attributions, target_attributions``: marker counts;
        - ``shared_terms``: the shared terms (each shown as its most frequent word form),
          largest contribution to the cosine first;
        - ``source_text, target_text`` and the sentences' ``start, end`` offsets
          (``source_start, source_end, target_start, target_end``).

        ``min_similarity`` (a column, also in ``attrs`` for old readers) holds the threshold
        used. Read the label as ``a["shift"]``:
        ``a.shift`` is the DataFrame method. No pair (same columns and types) when no
        sentence shares a content word, or the documents have none.

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
    >>> a = align_sentences(c, source="essay", target="news", min_similarity=0.5, markers=marks)
    >>> a[["source_sent_id", "target_sent_id", "similarity", "shift"]]
       source_sent_id  target_sent_id  similarity              shift
    0               0               0         1.0  hedged -> boosted
    """
    source, target = _pair(corpus, focus, reference, source, target)
    if not isinstance(top_n, int | np.integer) or top_n < 1:
        raise InputError(f"top_n={top_n!r} must be a positive integer.")
    markers = _get_markers(corpus, markers)
    if isinstance(min_similarity, str):
        check_choice(min_similarity, ["auto"], name="min_similarity")
        null = similarity_null(corpus, focus=source, reference=target, markers=markers,
                               n_shuffles=n_shuffles, stem=stem, random_state=random_state)
        threshold = float(np.quantile(null.similarity, _NULL_QUANTILE)) if len(null) else 0.0
    else:
        threshold = float(min_similarity)
        if not 0 <= threshold <= 1:
            raise InputError(f"min_similarity={min_similarity!r} must be between 0 and 1, "
                             "or 'auto'.")
    space = _Space(corpus, source, target, stem, markers)
    sim = space.similarity()
    has = space.has_words()
    sim[~has[space.n_source:], :] = 0.0
    sim[:, ~has[: space.n_source]] = 0.0

    k = min(top_n, sim.shape[1])
    if k == 0 or sim.shape[0] == 0 or not (sim > 0).any():
        return _empty(threshold)
    # best first; ties broken by the earlier source sentence (stable sort)
    order = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    t_idx = np.repeat(np.arange(sim.shape[0]), k)
    s_idx = order.ravel()
    score = sim[t_idx, s_idx]
    keep = (score >= threshold) & (score > 0)
    t_idx, s_idx, score = t_idx[keep], s_idx[keep], score[keep]
    rank = np.tile(np.arange(1, k + 1), sim.shape[0])[keep]

    S, T = space.sentences[source], space.sentences[target]
    out = pd.DataFrame({
        "source_doc_id": source, "source_sent_id": S.sent_id.to_numpy()[s_idx].astype("int64"),
        "target_doc_id": target, "target_sent_id": T.sent_id.to_numpy()[t_idx].astype("int64"),
        "rank": rank.astype("int64"), "similarity": score})
    src_n = _stance_counts(markers, source, out.source_sent_id.to_numpy())
    tgt_n = _stance_counts(markers, target, out.target_sent_id.to_numpy())
    for side, n in (("source", src_n), ("target", tgt_n)):
        for c in n.columns:
            out[f"{side}_{c}"] = n[c].to_numpy()
        out[f"{side}_commitment"] = _commitment(n.hedges.to_numpy(), n.boosters.to_numpy())
        out[f"{side}_voice"] = np.where(n.attributions.to_numpy() > 0, "attributed", "authorial")
    voice = np.where(out.source_voice != out.target_voice,
                     out.source_voice + " -> " + out.target_voice, "")
    commit = np.where(out.source_commitment != out.target_commitment,
                      out.source_commitment + " -> " + out.target_commitment, "")
    shift = pd.Series(voice) + np.where((voice != "") & (commit != ""), "; ", "") + commit
    out["shift"] = shift.where(shift != "", "same").to_numpy()

    Xs, Xt = space.X[: space.n_source], space.X[space.n_source:]
    shared = []
    for ti, si in zip(t_idx, s_idx, strict=True):
        prod = Xt[ti].multiply(Xs[si]).tocoo()
        top = np.lexsort((space.labels[prod.col], -prod.data))
        shared.append("; ".join(space.labels[prod.col[top]]))
    out["shared_terms"] = shared
    for side, table, idx in (("source", S, s_idx), ("target", T, t_idx)):
        out[f"{side}_text"] = table.text.to_numpy()[idx]
        out[f"{side}_start"] = table.start.to_numpy()[idx].astype("int64")
        out[f"{side}_end"] = table.end.to_numpy()[idx].astype("int64")
    out["min_similarity"] = float(threshold)
    out = out[_COLUMNS].reset_index(drop=True)
    out.attrs["min_similarity"] = threshold  # also a column; attrs kept for old readers
    return out

