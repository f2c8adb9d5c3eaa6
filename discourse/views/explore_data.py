"""The data behind the term explorer: per-group counts, stance entries and capped KWIC lines.

:func:`explorer_payload` turns a corpus into one JSON-ready ``dict`` that the page
(``templates/explorer.js``) reads. The page computes rates and statistics itself for whichever
pair of groups the reader picks, so the payload holds counts *per group*, never per pair:

* ``terms``: every counted term (the words :func:`discourse.count_terms` counts: analysed
  paragraphs, word tokens, stop words dropped, ``norm``), most frequent first, at most
  :data:`MAX_TERMS` (``n_terms``: how many there are);
* ``term_counts`` / ``marker_counts``: for each group, a sparse list of (item, count,
  documents using it): ``i`` (item indices, delta-encoded: each is the gap from the previous),
  ``n`` and ``d``;
* ``words`` (word tokens per group) and ``counted`` (counted terms per group): the totals;
* ``docs``: the documents the page quotes, ``[doc_id, group, metadata...]`` (the documents'
  own columns, :data:`MAX_METADATA` at most), and ``sents``, ``lines``, ``whole``: sentences
  around the uses of each term and stance entry, and whole documents for phrase search, chosen
  within a budget of characters by :func:`discourse.views.explore_snippets.snippets` (at
  most ``per_term`` lines per item and group; the page says what was kept).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..sides import PAIR, Sides, label_strings
from .explore_snippets import snippets
from .palette import color_of

PAGE_BYTES = 4_500_000
"""The default budget fills the page up to about this size (the lines' real JSON runs up to
:data:`LINE_SLACK` times their estimate: marker spans, escapes)."""
LINE_SLACK = 1.2
MAX_METADATA = 5
"""At most this many metadata columns of a document are shown with its contexts."""
MAX_TERMS = 40_000
"""The page holds at most this many terms, the most frequent (ties: a-z); the statistics of
those it holds use every counted word."""
METADATA_CHARS = 60
"""A metadata value longer than this is cut (with an ellipsis)."""


def _sparse(item: np.ndarray, group: np.ndarray, n: np.ndarray, d: np.ndarray,
            n_groups: int) -> list[dict]:
    """Per group: item indices (delta-encoded), counts and document counts, by item."""
    order = np.lexsort((item, group))
    item, group, n, d = item[order], group[order], n[order], d[order]
    bounds = np.searchsorted(group, np.arange(n_groups + 1))
    out = []
    for g in range(n_groups):
        sl = slice(bounds[g], bounds[g + 1])
        idx = item[sl]
        out.append({"i": np.diff(idx, prepend=0).tolist(), "n": n[sl].tolist(),
                    "d": d[sl].tolist()})
    return out


def labels_of(values: pd.Series) -> pd.Series:
    """:func:`discourse.sides.label_strings`, each distinct value converted once (a column of
    millions of rows holds a few labels)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    names = label_strings(pd.Series(uniques, dtype=object)).to_numpy(dtype=object)
    return pd.Series(np.append(names, None)[codes], index=values.index, dtype=object)


def _doc_groups(corpus, sides: Sides) -> tuple[list[str], np.ndarray]:
    """doc_ids (as strings) and the group index of each document (-1: in no group)."""
    docs = corpus.documents
    labels = labels_of(docs[sides.by])
    index = {g: k for k, g in enumerate(sides.groups)}
    group = np.array([index.get(v, -1) if v is not None else -1 for v in labels], dtype=np.int64)
    return docs.doc_id.astype(str).tolist(), group


def _term_table(doc_counts: pd.DataFrame, doc_group: np.ndarray, doc_index: dict,
                n_groups: int) -> tuple[pd.DataFrame, list[str]]:
    """Per (term, group): ``item``, ``group``, ``n`` and documents ``d``; the vocabulary, most
    frequent first (ties by term)."""
    doc = doc_counts.doc_id.astype(str).map(doc_index).to_numpy(dtype=np.int64)
    group = doc_group[doc]
    keep = group >= 0
    codes, uniques = pd.factorize(doc_counts.term.to_numpy()[keep])
    n, group = doc_counts.n.to_numpy(dtype=np.int64)[keep], group[keep]
    total = np.bincount(codes, weights=n, minlength=len(uniques))
    order = np.lexsort((np.asarray(uniques, dtype=object).astype(str), -total))
    item_of_code = np.empty(len(order), dtype=np.int64)
    item_of_code[order] = np.arange(len(order))
    key, inverse = np.unique(item_of_code[codes] * n_groups + group, return_inverse=True)
    per = pd.DataFrame({"item": key // n_groups, "group": key % n_groups,
                        "n": np.bincount(inverse, weights=n).astype(np.int64),
                        "d": np.bincount(inverse)})
    return per, [str(t) for t in np.asarray(uniques, dtype=object)[order]]


def _occurrences(corpus, doc_group, doc_index, vocab) -> pd.DataFrame:
    """Every counted token: item (term index), group, doc, start, end, in document order."""
    toks = corpus.analyzed("tokens", columns=["doc_id", "start", "end", "norm", "is_word",
                                               "is_stop"])
    keep = toks.is_word.to_numpy(dtype=bool) & ~toks.is_stop.to_numpy(dtype=bool)
    norm = pd.Categorical(toks.norm)
    item_of = pd.Series(np.arange(len(vocab)), index=vocab)
    lookup = item_of.reindex(norm.categories.astype(str)).fillna(-1).to_numpy(np.int64)
    item = np.where(norm.codes >= 0, lookup[norm.codes], -1)
    ids = pd.Categorical(toks.doc_id)
    doc_of = np.array([doc_index[str(d)] for d in ids.categories], dtype=np.int64)
    doc = doc_of[ids.codes]
    group = doc_group[doc]
    keep &= (item >= 0) & (group >= 0)
    return pd.DataFrame({"item": item[keep], "group": group[keep], "doc": doc[keep],
                         "start": toks.start.to_numpy(np.int64)[keep],
                         "end": toks.end.to_numpy(np.int64)[keep]})


def _marker_tables(markers: pd.DataFrame, doc_group, doc_index):
    """Entries (category, entry), per (entry, group) counts and the hit occurrences."""
    m = pd.DataFrame({"category": markers.category.astype(str).to_numpy(),
                      "entry": markers.entry.astype(str).to_numpy(),
                      "doc": markers.doc_id.astype(str).map(doc_index).to_numpy(np.int64),
                      "start": markers.start.to_numpy(np.int64),
                      "end": markers.end.to_numpy(np.int64)})
    m["group"] = doc_group[m.doc.to_numpy()]
    m = m[m.group >= 0]
    keys = m.groupby(["category", "entry"], sort=False).size()
    keys = keys.sort_values(ascending=False, kind="stable")
    entries = sorted(keys.index, key=lambda k: (-int(keys[k]), k))
    index = {k: i for i, k in enumerate(entries)}
    m["item"] = [index[k] for k in zip(m.category, m.entry, strict=True)]
    per = (m.groupby(["item", "group"]).agg(n=("doc", "size"), d=("doc", "nunique"))
           .reset_index())
    return entries, per, m


def _kwic(corpus, index, mocc: pd.DataFrame, *, per_term: int, window: int,
          budget: int, doc_cost: np.ndarray) -> dict:
    """The sentences and context lines of terms and stance entries, and what the page says
    about their caps."""
    doc_group, doc_index, _vocab = index
    occ = _occurrences(corpus, *index)
    occ = pd.concat([
        occ.assign(key=occ["item"], rank=occ["item"]),
        mocc[["item", "group", "doc", "start", "end"]].assign(key=-1 - mocc["item"],
                                                              rank=mocc["item"]),
    ], ignore_index=True)
    occ["item"] = occ["key"]  # one id space: terms >= 0, entries < 0
    out = snippets(corpus, occ, mocc, doc_index, doc_group, per_term=per_term,
                   window=window, budget=budget, doc_cost=doc_cost)
    out["kwic"] = {"per_term": per_term, "window": window, "budget": budget,
                   "lines": len(out["lines"]), "lines_wanted": out.pop("lines_wanted"),
                   "sentences": len(out["sents"]), "n_sentences": out.pop("n_sentences")}
    return out


def _metadata_columns(docs: pd.DataFrame, by: str) -> list[str]:
    """The documents' own columns shown with a context: not the text, ids, counts or ``by``;
    at most :data:`MAX_METADATA` of them, values of at most :data:`METADATA_CHARS`."""
    skip = {"doc_id", "text", "n_chars", "n_words", by}
    return [c for c in docs.columns if c not in skip][:MAX_METADATA]


def _documents(corpus, used: np.ndarray, doc_group: np.ndarray, by: str) -> dict:
    """The documents the page quotes: ``[doc_id, group, metadata...]`` each, and the columns."""
    docs = corpus.documents
    cols = _metadata_columns(docs, by)
    rows = [docs.doc_id.astype(str).to_numpy()[used].tolist(), doc_group[used].tolist()]
    for c in cols:
        v = docs[c].to_numpy(dtype=object)[used]
        rows.append(["" if pd.isna(x) else _short(str(x)) for x in v])
    return {"columns": cols, "rows": [list(r) for r in zip(*rows, strict=True)]}


def _doc_cost(docs: pd.DataFrame, by: str) -> np.ndarray:
    """Characters of JSON each document's row in ``docs.rows`` takes (about)."""
    cost = docs.doc_id.astype(str).str.len().fillna(0).to_numpy() + 12
    for c in _metadata_columns(docs, by):
        length = docs[c].astype(str).str.len().fillna(0).clip(upper=METADATA_CHARS)
        cost = cost + length.to_numpy() + 3
    return cost.astype(np.int64)


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= METADATA_CHARS else value[:METADATA_CHARS - 1] + "\u2026"


def explorer_payload(corpus, sides: Sides, markers: pd.DataFrame, doc_counts: pd.DataFrame, *,
                     per_term: int = 8, context_chars: int = 160,
                     budget: int | None = None) -> dict:
    """Everything the explorer page needs, as plain lists and numbers (see the module doc).

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    sides : Sides
        The comparison shown first (from :func:`discourse.sides.resolve`); its ``groups`` are
        the groups the page offers.
    markers : DataFrame
        :func:`discourse.find_markers` of the corpus.
    doc_counts : DataFrame
        :func:`discourse.count_terms` of the corpus by ``doc_id``.
    per_term : int, default 8
        At most this many context lines per item and group.
    context_chars : int, default 160
        A sentence longer than this many characters each side of its match is cut to them
        (unless its document is embedded whole); the payload's ``kwic.window``.
    budget : int, optional
        Characters of embedded sentences and context lines in all
        (:mod:`discourse.views.explore_snippets`). Default: what keeps the page under about
        :data:`PAGE_BYTES`.

    Returns
    -------
    dict
        JSON-ready: ``by``, ``groups``, ``n_docs`` (per group), ``focus`` (group index),
        ``reference`` (group index, or -1 for all other groups), ``words``, ``counted``,
        ``terms``, ``term_counts``, ``entries``, ``categories``, ``colors``,
        ``marker_counts``, ``docs`` (``columns`` and ``rows`` ``[doc_id, group,
        metadata...]`` of the documents quoted), ``sents``, ``lines``, ``whole`` (indices
        into ``docs.rows``), ``kwic`` (the caps, what was kept).
    """
    doc_ids, doc_group = _doc_groups(corpus, sides)
    doc_index = {d: k for k, d in enumerate(doc_ids)}
    n_groups = len(sides.groups)
    per, vocab = _term_table(doc_counts, doc_group, doc_index, n_groups)
    # the statistics need every counted word; the page holds the most frequent terms only
    counted = np.bincount(per.group.to_numpy(), weights=per.n.to_numpy(), minlength=n_groups)
    n_terms = len(vocab)
    per, vocab = per[per["item"].to_numpy() < MAX_TERMS], vocab[:MAX_TERMS]
    counts = _sparse(per["item"].to_numpy(), per.group.to_numpy(), per.n.to_numpy(),
                     per.d.to_numpy(), n_groups)
    entries, mper, mocc = _marker_tables(markers, doc_group, doc_index)
    categories = list(dict.fromkeys(c for c, _ in entries))
    cat_index = {c: k for k, c in enumerate(categories)}
    mocc["cat"] = mocc.category.map(cat_index)
    m_counts = _sparse(mper["item"].to_numpy(), mper.group.to_numpy(), mper.n.to_numpy(),
                       mper.d.to_numpy(), n_groups)
    labelled = doc_group >= 0
    words = np.bincount(doc_group[labelled], minlength=n_groups,
                        weights=corpus.documents.n_words.to_numpy()[labelled])
    out = {
        "by": sides.by,
        "groups": list(sides.groups),
        "n_docs": np.bincount(doc_group[labelled], minlength=n_groups).tolist(),
        "focus": sides.groups.index(sides.focus),
        "reference": sides.groups.index(sides.reference[0]) if sides.mode == PAIR else -1,
        "words": [int(w) for w in words],
        "counted": [int(c) for c in counted],
        "terms": vocab,
        "n_terms": n_terms,
        "term_counts": counts,
        "entries": [e for _, e in entries],
        "entry_categories": [cat_index[c] for c, _ in entries],
        "categories": categories,
        "colors": [color_of(c) for c in categories],
        "marker_counts": m_counts,
    }
    if budget is None:
        rest = len(json.dumps(out, ensure_ascii=False).encode())
        budget = max(0, int((PAGE_BYTES - rest - 50_000) / LINE_SLACK))
    kw = _kwic(corpus, (doc_group, doc_index, vocab), mocc, per_term=per_term,
               window=context_chars, budget=budget,
               doc_cost=_doc_cost(corpus.documents, sides.by))
    used = np.unique([s[0] for s in kw["sents"]]).astype(np.int64)
    compact = {int(d): k for k, d in enumerate(used)}
    for s in kw["sents"]:
        s[0] = compact[s[0]]
    out["docs"] = _documents(corpus, used, doc_group, sides.by)
    out["sents"], out["lines"], out["kwic"] = kw["sents"], kw["lines"], kw["kwic"]
    out["whole"] = [compact[d] for d in kw["whole"]]
    return out
