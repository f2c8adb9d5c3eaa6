"""Which documents a page shows as examples when a side holds many: the most typical ones.

A report cannot show every KWIC line, coloured text and aligned sentence of 3,000 documents.
:func:`typical_documents` picks, for each side of a comparison, the documents whose vocabulary is
closest to their side's average, by a stated and deterministic rule; :func:`examples_note` says
how many are not shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._compat import renamed, with_old_columns
from ..sides import Sides, label_strings

_COLUMNS = ["side", "label", "doc_id", "rank", "similarity", "n_docs"]


def _profiles(corpus) -> tuple[np.ndarray, sp.csr_matrix]:
    """doc_ids in corpus order and their l2-normalised content-word count vectors (rows)."""
    from ..stats.counts import count_terms

    doc_ids = corpus.documents.doc_id.astype(str).to_numpy()
    counts = count_terms(corpus, by="doc_id")
    row = pd.Index(doc_ids).get_indexer(counts.doc_id.astype(str))
    col, _ = pd.factorize(counts.term.astype(str))
    X = sp.csr_matrix((counts.n.to_numpy(dtype=float), (row, col)),
                      shape=(len(doc_ids), int(col.max()) + 1 if len(col) else 0))
    norm = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    return doc_ids, (sp.diags(np.where(norm > 0, 1 / np.where(norm > 0, norm, 1), 0)) @ X).tocsr()


@renamed(n="top")
def typical_documents(corpus, sides: Sides, *, top: int = 3) -> pd.DataFrame:
    """The ``top`` documents of each side whose term profile is closest to their side's centroid.

    Parameters
    ----------
    corpus : Corpus
        The corpus, comparable (:func:`discourse.comparable_corpus`, e.g.
        ``dc.report_context().compared``).
    sides : Sides
        The comparison (e.g. ``dc.report_context().main``).
    top : int, default 3
        Documents per side.

    Returns
    -------
    DataFrame
        One row per document shown, focus side first: ``side`` (``"focus"`` or
        ``"reference"``), ``label`` (the document's group, or its doc_id), ``doc_id``,
        ``rank`` (1 = most typical), ``similarity`` (cosine with the side's centroid, 0-1),
        ``n_docs`` (how many documents the side has; the old name ``documents`` still reads
        it, with a warning).

    Notes
    -----
    A document's profile is the vector of its content-word counts (``dc.count_terms`` defaults:
    analysed paragraphs, stopwords and punctuation left out), divided by its Euclidean length.
    A side's centroid is the mean of its documents' profiles (every document weighs the same,
    whatever its length). ``similarity`` is the cosine between a profile and the centroid.
    Ties (and documents without content words, similarity 0) are broken by corpus order, so the
    choice is deterministic.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
    ...     "group": ["x", "x", "x", "y"],
    ...     "text": ["Tax cuts now.", "Tax cuts and jobs.", "Birds sing.", "Health care."]}))
    >>> typical_documents(c, dc.comparisons(c)[0], top=2)[["side", "doc_id", "rank", "n_docs"]]
            side doc_id  rank  n_docs
    0      focus      a     1       3
    1      focus      b     2       3
    2  reference      d     1       1
    """
    docs = corpus.documents
    labels = label_strings(docs[sides.by]) if sides.by != "doc_id" else docs.doc_id.astype(str)
    side_of = sides.side_of(labels).to_numpy()
    doc_ids, X = _profiles(corpus)
    parts = []
    for side in ("focus", "reference"):
        idx = np.flatnonzero(side_of == side)
        if not len(idx):
            continue
        centroid = np.asarray(X[idx].mean(axis=0)).ravel()
        c_norm = np.linalg.norm(centroid)
        sim = (X[idx] @ centroid) / c_norm if c_norm > 0 else np.zeros(len(idx))
        sim = np.round(np.asarray(sim).ravel(), 12)
        order = np.lexsort((idx, -sim))[:top]
        parts.append(pd.DataFrame({
            "side": side, "label": labels.to_numpy()[idx[order]], "doc_id": doc_ids[idx[order]],
            "rank": np.arange(1, len(order) + 1), "similarity": sim[order],
            "n_docs": len(idx)}))
    out = pd.concat(parts, ignore_index=True)[_COLUMNS] if parts else pd.DataFrame(
        columns=_COLUMNS)
    return with_old_columns(out, {"documents": "n_docs"})


def examples_note(typical: pd.DataFrame, sides: Sides) -> str:
    """One sentence: which documents are shown as examples and how many are not.

    Parameters
    ----------
    typical : DataFrame
        From :func:`typical_documents` (``side``, ``doc_id``, ``n_docs``).
    sides : Sides
        The comparison it was computed for.

    Returns
    -------
    str
        Plain text: escape it for Markdown (:func:`discourse.escape_markdown`).

    Examples
    --------
    >>> t = pd.DataFrame({"side": ["focus", "reference"], "doc_id": ["b", "d"],
    ...                   "n_docs": [3, 1]})
    >>> s = Sides("group", "x", ("y",), ("x", "y"))
    >>> print(examples_note(t, s))
    Examples from the most typical documents of each side (closest to the side's average \
vocabulary): x: b (2 of 3 documents not shown); y: d.
    >>> print(examples_note(t.assign(n_docs=1), s))
    Examples from every document: x: b; y: d.
    """
    parts, hidden_any = [], False
    for side, name in (("focus", sides.focus), ("reference", sides.reference_label)):
        t = typical[typical.side == side]
        if not len(t):
            continue
        ids = t.doc_id.astype(str).tolist()
        hidden = int(t.n_docs.iloc[0]) - len(t)
        hidden_any |= hidden > 0
        parts.append((name if ids == [name] else f"{name}: {', '.join(ids)}")
                     + (f" ({hidden} of {int(t.n_docs.iloc[0])} documents not shown)"
                        if hidden else ""))
    if not hidden_any:
        return "Examples from every document: " + "; ".join(parts) + "."
    return ("Examples from the most typical documents of each side (closest to the side's "
            "average vocabulary): " + "; ".join(parts) + ".")


@renamed(n="top")
def alignment_pair(corpus, sides: Sides, *, top: int = 3) -> tuple[str, str] | None:
    """The two documents to align: of the ``top`` most typical of each side, the most alike pair.

    Parameters
    ----------
    corpus : Corpus
        The corpus, comparable (e.g. ``dc.report_context().compared``).
    sides : Sides
        The comparison (e.g. ``dc.report_context().main``).
    top : int, default 3
        Typical documents considered per side (:func:`typical_documents`).

    Returns
    -------
    tuple of str or None
        ``(focus document, reference document)``: the pair with the highest cosine between
        their content-word profiles; ties go to the more typical documents (focus rank first).
        ``None`` when a side has no document.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
    ...     "group": ["x", "x", "y", "y"],
    ...     "text": ["Tax cuts.", "Birds sing.", "Health care.", "Birds sing loudly."]}))
    >>> alignment_pair(c, dc.comparisons(c)[0])
    ('b', 'd')
    """
    typical = typical_documents(corpus, sides, top=top)
    f = typical.doc_id[typical.side == "focus"].tolist()
    r = typical.doc_id[typical.side == "reference"].tolist()
    if not f or not r:
        return None
    doc_ids, X = _profiles(corpus)
    pos = {d: i for i, d in enumerate(doc_ids)}
    sim = (X[[pos[d] for d in f]] @ X[[pos[d] for d in r]].T).toarray().round(12)
    i, j = np.unravel_index(np.argmax(sim), sim.shape)  # first maximum: most typical first
    return f[i], r[j]
