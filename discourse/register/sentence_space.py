"""The sentence-term matrix of an alignment: content words of two documents' sentences, TF-IDF.

:func:`discourse.align_sentences` and :func:`discourse.similarity_null`
(:mod:`discourse.register.align`) compare sentences in this space: every analysed sentence of
the two documents is a row, its content words (no stopwords, no modal verbs, no stance markers;
Porter-stemmed if asked) are the columns, weighted by TF-IDF; :meth:`_Space.shuffled` gives the
chance baseline (the focus's words shuffled among its sentences).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["MODALS", "STANCE_CATEGORIES"]

STANCE_CATEGORIES = ("hedge", "booster", "attribution")
#: Modal verbs, left out of the terms like the stance markers: they carry stance, not topic.
MODALS = frozenset("will would shall should can could may might must 'll 'd".split())


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem import PorterStemmer

    return PorterStemmer()


# -- the sentence-term matrix --------------------------------------------------------------------
class _Space:
    """Content-word counts of the analysed sentences of two documents, and their TF-IDF."""

    def __init__(self, corpus, focus: str, reference: str, stem: bool, markers: pd.DataFrame):
        tok = corpus.analyzed("tokens")
        tok = tok[tok.doc_id.astype(str).isin([focus, reference]).to_numpy()]
        markers = markers[markers.doc_id.astype(str).isin([focus, reference]).to_numpy()]
        keep = (tok.is_word.to_numpy() & ~tok.is_stop.to_numpy()
                & ~tok.norm.astype(str).isin(MODALS).to_numpy())
        keep &= ~_in_markers(tok, markers)
        words = tok[keep]
        sents = corpus.analyzed("sentences")
        sdoc = sents.doc_id.astype(str)
        self.sentences = {d: sents[sdoc == d].reset_index(drop=True) for d in (focus, reference)}
        # rows: focus sentences, then reference sentences
        row_of = {}
        for offset, d in ((0, focus), (len(self.sentences[focus]), reference)):
            ids = self.sentences[d].sent_id.to_numpy()
            row_of.update({(d, int(s)): offset + i for i, s in enumerate(ids)})
        self.n_focus = len(self.sentences[focus])
        self.n_rows = self.n_focus + len(self.sentences[reference])
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
        from sklearn.feature_extraction.text import TfidfTransformer  # heavy: imported here

        counts = self._counts(rows, codes)
        self.tfidf = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True)
        # no content word at all: an empty matrix (nothing can be aligned), not sklearn's error
        self.X = self.tfidf.fit_transform(counts).tocsr() if len(self.terms) else counts

    def _counts(self, rows: np.ndarray, cols: np.ndarray) -> sp.csr_matrix:
        import scipy.sparse as sp

        data = np.ones(len(rows), dtype=np.float64)
        return sp.csr_matrix((data, (rows, cols)), shape=(self.n_rows, len(self.terms)))

    def similarity(self, X: sp.csr_matrix | None = None) -> np.ndarray:
        """Cosine similarity, reference rows x focus rows (rows are l2-normalised)."""
        X = self.X if X is None else X
        return (X[self.n_focus:] @ X[: self.n_focus].T).toarray()

    def shuffled(self, rng: np.random.Generator) -> sp.csr_matrix:
        """The TF-IDF matrix after the focus's content words are shuffled among its sentences."""
        src = self.rows < self.n_focus
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
