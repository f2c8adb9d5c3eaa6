"""The data behind the term explorer: per-group counts, stance entries and capped KWIC lines.

:func:`explorer_payload` turns a corpus into one JSON-ready ``dict`` that the page
(``templates/explorer.js``) reads. The page computes rates and statistics itself for whichever
pair of groups the reader picks, so the payload holds counts *per group*, never per pair:

* ``terms``: every counted term (the words :func:`discourse.count_terms` counts: analysed
  paragraphs, word tokens, stop words dropped, ``norm``), most frequent first;
* ``term_counts`` / ``marker_counts``: for each group, a sparse list of (item, count,
  documents using it): ``i`` (item indices, delta-encoded: each is the gap from the previous),
  ``n`` and ``d``;
* ``words`` (word tokens per group) and ``counted`` (counted terms per group): the totals;
* ``lines``: KWIC lines ``[item, group, doc, left, match, right, spans]`` where ``item`` is a
  term index, or ``-1 - k`` for stance entry ``k``; ``left + match + right`` is an exact slice of
  ``documents.text``; ``spans`` is a flat list ``start, end, category`` of the stance markers
  inside the line (offsets into ``left + match + right``).

KWIC lines are capped twice: at most ``per_term`` lines per item and group, and at most
``budget`` characters of context in all. Lines are chosen in rounds, so every item gets its
first line before any item gets a second: round ``r`` takes the ``r``-th occurrence per item
and group (first occurrences in different documents before second ones in the same document);
within a round, each item's line in the group using it most comes first, then its lines in
other groups; items are ordered by total frequency. The budget cuts a round short, so on a
large corpus the rarest items may have no line, or lines in one group only (the page says so).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..sides import PAIR, Sides, label_strings
from .palette import color_of

LINE_OVERHEAD = 24
"""Characters of JSON around one KWIC line (brackets, quotes, indices): counted in the budget."""

PAGE_BYTES = 4_500_000
"""The default budget fills the page up to about this size (the lines' real JSON runs up to
:data:`LINE_SLACK` times their estimate: marker spans, escapes)."""
LINE_SLACK = 1.2


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


def _doc_groups(corpus, sides: Sides) -> tuple[list[str], np.ndarray]:
    """doc_ids (as strings) and the group index of each document (-1: in no group)."""
    docs = corpus.documents
    labels = label_strings(docs[sides.by])
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


def _run_position(keys: list[np.ndarray]) -> np.ndarray:
    """Position of each row within its run of equal ``keys`` (rows already sorted by them)."""
    n = len(keys[0])
    new = np.zeros(n, dtype=bool)
    if n:
        new[0] = True
        for k in keys:
            new[1:] |= k[1:] != k[:-1]
    starts = np.flatnonzero(new)
    return np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))


def _choose_lines(occ: pd.DataFrame, *, per_term: int, budget: int, window: int) -> pd.DataFrame:
    """The occurrences shown as KWIC lines: rounds of one line per (item, group), capped.

    ``occ`` is in document order (doc, start) within each kind; np.lexsort is stable.
    """
    item, group, doc = occ["item"].to_numpy(), occ.group.to_numpy(), occ.doc.to_numpy()
    order = np.lexsort((occ.start.to_numpy(), doc, group, item))
    occ = occ.iloc[order]
    item, group, doc = item[order], group[order], doc[order]
    nth = _run_position([item, group, doc])  # k-th use in this document
    keep = nth < per_term
    occ, item, group, nth = occ[keep], item[keep], group[keep], nth[keep]
    order = np.lexsort((nth, group, item))  # first uses in each document first
    occ = occ.iloc[order].assign(round=_run_position([item[order], group[order]]))
    occ = occ[occ["round"] < per_term]
    # an item's first line in the group using it most comes before its first line elsewhere
    uses = occ.groupby(["item", "group"], sort=False).size().rename("uses").reset_index()
    main = uses.sort_values(["item", "uses", "group"], ascending=[True, False, True],
                            kind="stable").drop_duplicates("item").set_index("item").group
    elsewhere = (occ.group.to_numpy() != main.reindex(occ["item"]).to_numpy()).astype(np.int64)
    order = np.lexsort((occ.start.to_numpy(), occ.doc.to_numpy(), occ.group.to_numpy(),
                        occ["rank"].to_numpy(), elsewhere, occ["round"].to_numpy()))
    occ = occ.iloc[order]
    cost = (occ.end - occ.start).to_numpy() + 2 * window + LINE_OVERHEAD
    return occ[np.cumsum(cost) <= budget]


def _cut(text: str, start: int, end: int, window: int) -> tuple[int, int]:
    """A window of about ``window`` characters each side, cut at whitespace where possible."""
    lo, hi = max(0, start - window), min(len(text), end + window)
    if lo > 0:
        space = text.find(" ", lo, min(start, lo + window // 4))
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", max(end, hi - window // 4), hi)
        hi = space if space >= 0 else hi
    return lo, hi


def _lines(chosen: pd.DataFrame, texts: list[str], marks: pd.DataFrame, window: int) -> list:
    """One ``[item, group, doc, left, match, right, spans]`` per chosen occurrence."""
    marks = marks.sort_values(["doc", "start"], kind="stable")
    m_doc, m_start = marks.doc.to_numpy(), marks.start.to_numpy()
    m_end, m_cat = marks.end.to_numpy(), marks.cat.to_numpy()
    longest = int((m_end - m_start).max()) if len(marks) else 0
    key = m_doc * (1 << 32) + m_start
    out = []
    for item, group, doc, start, end in zip(chosen["item"], chosen.group, chosen.doc, chosen.start,
                                            chosen.end, strict=True):
        text = texts[doc]
        lo, hi = _cut(text, start, end, window)
        a = np.searchsorted(key, doc * (1 << 32) + lo - longest)
        b = np.searchsorted(key, doc * (1 << 32) + hi)
        spans = []
        for k in range(a, b):
            if m_start[k] >= lo and m_end[k] <= hi:
                spans += [int(m_start[k] - lo), int(m_end[k] - lo), int(m_cat[k])]
        out.append([int(item), int(group), int(doc), text[lo:start], text[start:end],
                    text[end:hi], spans])
    return out


def _kwic(corpus, index, mocc: pd.DataFrame, *, per_term: int, window: int,
          budget: int) -> tuple[list, dict]:
    """The KWIC lines of terms and stance entries, and what the page says about their caps."""
    occ = _occurrences(corpus, *index)
    occ = pd.concat([
        occ.assign(key=occ["item"], rank=occ["item"]),
        mocc[["item", "group", "doc", "start", "end"]].assign(key=-1 - mocc["item"],
                                                              rank=mocc["item"]),
    ], ignore_index=True)
    occ["item"] = occ["key"]  # one id space: terms >= 0, entries < 0
    chosen = _choose_lines(occ, per_term=per_term, budget=budget, window=window)
    lines = _lines(chosen, corpus.documents.text.astype(str).tolist(), mocc, window)
    wanted = occ.groupby(["item", "group"]).size().clip(upper=per_term)
    return lines, {"per_term": per_term, "window": window, "budget": budget,
                   "lines": len(lines), "lines_wanted": int(wanted.sum())}


def explorer_payload(corpus, sides: Sides, markers: pd.DataFrame, doc_counts: pd.DataFrame, *,
                     per_term: int = 8, context_chars: int = 40,
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
        At most this many KWIC lines per item and group.
    context_chars : int, default 40
        Characters of context each side of a KWIC match (cut back to a space when one is near);
        the payload's ``kwic.window``.
    budget : int, optional
        Characters of KWIC lines in all (context, match and :data:`LINE_OVERHEAD` per line).
        Default: what keeps the page under about :data:`PAGE_BYTES`.

    Returns
    -------
    dict
        JSON-ready: ``by``, ``groups``, ``focus`` (group index), ``reference`` (group index,
        or -1 for all other groups), ``words``, ``counted``, ``terms``, ``term_counts``,
        ``entries``, ``categories``, ``colors``, ``marker_counts``, ``docs``, ``lines``,
        ``kwic`` (the caps and how many item-groups lack lines).
    """
    doc_ids, doc_group = _doc_groups(corpus, sides)
    doc_index = {d: k for k, d in enumerate(doc_ids)}
    n_groups = len(sides.groups)
    per, vocab = _term_table(doc_counts, doc_group, doc_index, n_groups)
    counts = _sparse(per["item"].to_numpy(), per.group.to_numpy(), per.n.to_numpy(),
                     per.d.to_numpy(), n_groups)
    entries, mper, mocc = _marker_tables(markers, doc_group, doc_index)
    categories = list(dict.fromkeys(c for c, _ in entries))
    cat_index = {c: k for k, c in enumerate(categories)}
    mocc["cat"] = mocc.category.map(cat_index)
    m_counts = _sparse(mper["item"].to_numpy(), mper.group.to_numpy(), mper.n.to_numpy(),
                       mper.d.to_numpy(), n_groups)
    words = np.bincount(doc_group[doc_group >= 0], minlength=n_groups,
                        weights=corpus.documents.n_words.to_numpy()[doc_group >= 0])
    out = {
        "by": sides.by,
        "groups": list(sides.groups),
        "focus": sides.groups.index(sides.focus),
        "reference": sides.groups.index(sides.reference[0]) if sides.mode == PAIR else -1,
        "words": [int(w) for w in words],
        "counted": [int(sum(c["n"])) for c in counts],
        "terms": vocab,
        "term_counts": counts,
        "entries": [e for _, e in entries],
        "entry_categories": [cat_index[c] for c, _ in entries],
        "categories": categories,
        "colors": [color_of(c) for c in categories],
        "marker_counts": m_counts,
        "docs": doc_ids,
    }
    if budget is None:
        rest = len(json.dumps(out, ensure_ascii=False).encode())
        budget = max(0, int((PAGE_BYTES - rest - 50_000) / LINE_SLACK))
    out["lines"], out["kwic"] = _kwic(corpus, (doc_group, doc_index, vocab), mocc,
                                      per_term=per_term, window=context_chars, budget=budget)
    return out
