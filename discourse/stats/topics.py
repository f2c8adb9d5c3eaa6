"""Topics: scikit-learn TF-IDF + NMF on paragraphs (or sentences, or documents), as tidy tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from .._compat import renamed
from .._validate import InputError, check_choice, check_int
from ..text.stoplists import stop_mask

_UNIT_KEYS = {
    "paragraph": ["doc_id", "para_id"],
    "sentence": ["doc_id", "para_id", "sent_id"],
    "document": ["doc_id"],
}


@dataclass(frozen=True, repr=False, eq=False)
class TopicResult:
    """Topics fitted by :func:`fit_topics`, as tidy tables.

    Attributes
    ----------
    terms : DataFrame
        One row per topic and top term: ``topic`` (int, 0-based, largest topic first),
        ``term``, ``weight`` (the NMF component value, ``model.components_``), ``rank``
        (1 = the topic's heaviest term).
    units : DataFrame
        One row per unit and topic: the unit's key (``doc_id, para_id`` for paragraphs;
        ``doc_id, para_id, sent_id`` for sentences; ``doc_id`` for documents), ``topic``,
        ``share`` (the unit's NMF weights scaled to sum to 1), and ``n_words`` (content words
        of the unit that fed the model).
    documents : DataFrame
        One row per document and topic: ``doc_id``, ``topic``, ``share`` (sums to 1 per
        document; see :func:`fit_topics` Notes).
    labels : dict
        ``topic -> "term1 / term2 / term3"``, the topic's three heaviest terms.
    model : sklearn.decomposition.NMF
        The fitted model, its ``components_`` rows put in topic order.
    vectorizer : sklearn.feature_extraction.text.TfidfVectorizer
        The fitted vectorizer (its vocabulary gives the columns of ``model.components_``).
    unit : str
        "paragraph", "sentence" or "document".
    """

    terms: pd.DataFrame
    units: pd.DataFrame
    documents: pd.DataFrame
    labels: dict
    model: NMF = field(compare=False)
    vectorizer: TfidfVectorizer = field(compare=False)
    unit: str = "paragraph"

    def __repr__(self) -> str:
        lines = [f"<TopicResult: {len(self.labels)} topics over {self.units_count()} "
                 f"{self.unit}s>"]
        lines += [f"  {k}: {v}" for k, v in self.labels.items()]
        return "\n".join(lines)

    def units_count(self) -> int:
        """Number of units the model was fitted on."""
        return len(self.units) // max(len(self.labels), 1)


def _identity(tokens):
    """Analyzer for pre-tokenized input: the unit's list of norms is its list of terms."""
    return tokens


@renamed(n_terms="top")
def fit_topics(corpus, *, n_topics: int = 6, unit: str = "paragraph", random_state: int = 0,
               top: int = 10, min_df: int = 1, max_iter: int = 1000, stopwords=None,
               extra_stopwords=None) -> TopicResult:
    """Fit NMF topics on the TF-IDF of the content words of each unit.

    Parameters
    ----------
    corpus : Corpus
        The corpus; only analysed paragraphs are used.
    n_topics : int, default 6
        Number of topics. At most the number of units and of distinct terms.
    unit : {"paragraph", "sentence", "document"}, default "paragraph"
        What one row of the TF-IDF matrix is. Paragraphs suit a few long texts; documents suit
        many short ones.
    random_state : int, default 0
        Seed of NMF (differs from scikit-learn's default ``None``: results are reproducible).
    top : int, default 10
        Top terms per topic kept in ``.terms``. (Formerly ``n_terms=``, which still works and
        warns.)
    min_df : int, default 1
        Passed to ``TfidfVectorizer``: drop terms used in fewer units.
    max_iter : int, default 1000
        Passed to ``NMF``.
    stopwords : str, path or list of str, optional
        Words left out: the name of a shipped list (``"snowball"``, the default; ``"sklearn"``,
        fuller: it also drops "will", "us", "upon"), a file with one word a line, or the words
        (see :mod:`discourse.text.stoplists`).
    extra_stopwords : list of str, optional
        Words left out on top of ``stopwords`` (e.g. ``["shall", "let"]``).

    Returns
    -------
    TopicResult
        ``.terms``, ``.units``, ``.documents``, ``.labels``, ``.model``, ``.vectorizer``.

    Notes
    -----
    Each unit is the list of the ``norm`` of its word tokens that are not stop words, in
    analysed paragraphs; units without any are left out. ``TfidfVectorizer`` (scikit-learn
    defaults: raw counts times smoothed idf ``ln((1 + N) / (1 + df)) + 1``, rows scaled to unit
    L2 norm) makes the matrix ``X``; ``NMF(n_components=n_topics, init="nndsvda",
    random_state=random_state)`` factors ``X ~ W H``. Topics are renumbered by total weight
    (``W.sum(axis=0)``, largest first; weights equal to nine digits by the alphabetical rank of
    their heaviest term, so the order does not depend on the linear-algebra library).

    A unit's ``share`` of topic k is ``W[u, k] / sum_k W[u, k]`` (all zeros if NMF gives the
    unit no weight; such units do not enter the document shares). A document's share is the
    word-weighted mean of its units' shares, ``sum_u m_u share_uk / sum_u m_u`` with ``m_u`` the
    unit's content words: the share of the document's content words "in" each topic.

    References
    ----------
    Lee, D. D. & Seung, H. S. (1999). Learning the parts of objects by non-negative matrix
    factorization. *Nature* 401, 788-791. https://doi.org/10.1038/44565

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "Tanks and troops.\\n\\nTroops, tanks and guns.",
    ...                    "b": "Trade and tariffs.\\n\\nTariffs hurt trade."})
    >>> topics = fit_topics(c, n_topics=2)
    >>> sorted(topics.labels.values())  # topic 0 is the heavier of the two
    ['tanks / troops / guns', 'tariffs / trade / hurt']
    >>> d = topics.documents
    >>> d.assign(label=d["topic"].map(topics.labels)).query("share > 0.5")[
    ...     ["doc_id", "label", "share"]].round(2).reset_index(drop=True)
      doc_id                   label  share
    0      a   tanks / troops / guns    1.0
    1      b  tariffs / trade / hurt    1.0
    """
    check_choice(unit, list(_UNIT_KEYS), name="unit")
    check_int(n_topics, name="n_topics", minimum=1)
    keys = _UNIT_KEYS[unit]
    tokens = corpus.analyzed("tokens")
    stop = stop_mask(tokens, stopwords, extra_stopwords)
    words = tokens.loc[tokens["is_word"].to_numpy() & ~stop,
                       keys + ["norm"]].reset_index(drop=True)
    if not len(words):
        raise InputError("fit_topics: the analysed paragraphs have no content words (all "
                         "tokens are stop words or punctuation).")
    # tokens are in unit order, so each unit is a contiguous block of rows
    unit_codes = words.groupby(keys, observed=True, sort=False).ngroup().to_numpy()
    bounds = np.flatnonzero(np.diff(unit_codes)) + 1
    norms = np.asarray(words["norm"].astype(str), dtype=object)
    docs = [list(block) for block in np.split(norms, bounds)]
    unit_table = words.iloc[np.concatenate([[0], bounds])][keys].reset_index(drop=True)
    unit_table["n_words"] = np.diff(np.concatenate([[0], bounds, [len(words)]])).astype("int64")

    vectorizer = TfidfVectorizer(analyzer=_identity, lowercase=False, min_df=min_df)
    try:
        x = vectorizer.fit_transform(docs)
    except ValueError as err:  # min_df left no terms
        raise InputError(f"fit_topics: no terms left with min_df={min_df} ({err}).") from None
    n_units, n_vocab = x.shape
    if n_topics > min(n_units, n_vocab):
        raise InputError(
            f"n_topics={n_topics} is more than this corpus supports: it has {n_units} {unit}s "
            f"with content words and {n_vocab} distinct terms, and NMF needs at most "
            f"min({n_units}, {n_vocab}) = {min(n_units, n_vocab)} topics. Use fewer topics"
            + (" or a smaller unit (unit='paragraph' or 'sentence')." if unit != "sentence"
               else "."))
    model = NMF(n_components=n_topics, init="nndsvda", random_state=random_state,
                max_iter=max_iter)
    w = model.fit_transform(x)
    h = model.components_
    # largest topic first; weights equal to 9 digits (a symmetric corpus, where which of two
    # equal topics NMF returns first depends on the BLAS) are ordered by their heaviest term
    total = w.sum(axis=0)
    total = np.round(total / max(total.max(), np.finfo(float).tiny), 9)
    order = np.lexsort((np.arange(n_topics), np.argmax(h, axis=1), -total))
    w, h = w[:, order], h[order]
    model.components_ = h  # row k of the model is topic k (transform() follows)

    vocab = vectorizer.get_feature_names_out().astype(str)
    # top terms: heaviest first, ties by term (the vocabulary is in alphabetical order)
    ranked = np.argsort(-h, axis=1, kind="stable")[:, :top]
    top_w = np.take_along_axis(h, ranked, axis=1)
    terms = pd.DataFrame({
        "topic": np.repeat(np.arange(n_topics), ranked.shape[1]),
        "term": pd.array(vocab[ranked].ravel(), dtype="str"),
        "weight": top_w.ravel(),
        "rank": np.tile(np.arange(1, ranked.shape[1] + 1), n_topics),
    })
    terms = terms[terms.weight > 0].reset_index(drop=True)
    labels = {k: " / ".join(terms.term[terms.topic == k].head(3)) for k in range(n_topics)}

    row_sum = w.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(row_sum > 0, w / row_sum, 0.0)
    units = unit_table.loc[np.repeat(np.arange(n_units), n_topics), keys + ["n_words"]]
    units = units.reset_index(drop=True)
    units.insert(len(keys), "topic", np.tile(np.arange(n_topics), n_units))
    units.insert(len(keys) + 1, "share", share.ravel())

    weight = unit_table["n_words"].to_numpy() * (row_sum[:, 0] > 0)
    weighted = pd.DataFrame(share * weight[:, None])
    weighted["_w"] = weight
    per_doc = weighted.groupby(unit_table["doc_id"], observed=True, sort=True).sum()
    doc_share = per_doc[list(range(n_topics))].to_numpy() / per_doc["_w"].to_numpy()[:, None]
    documents = pd.DataFrame({
        "doc_id": per_doc.index.take(np.repeat(np.arange(len(per_doc)), n_topics)),
        "topic": np.tile(np.arange(n_topics), len(per_doc)),
        "share": doc_share.ravel(),
    })
    return TopicResult(terms=terms, units=units, documents=documents, labels=labels,
                       model=model, vectorizer=vectorizer, unit=unit)
