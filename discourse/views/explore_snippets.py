"""The explorer's contexts: whole sentences around each term's uses, and text for phrase search.

:func:`snippets` chooses the sentences a page embeds, within a budget of characters:

* **Whole documents for phrase search.** When every sentence of the compared documents fits the
  budget (with the lines that point into them), all of them are embedded and a search of the
  page reads the whole corpus. Otherwise a third of the budget holds whole documents taken in
  a fixed random order (``numpy.random.default_rng(0)``; a document that does not fit is
  skipped), and phrase search reads those only (the page says how many).
* **Contexts of terms.** Every use of a counted term (and every stance marker) is a candidate
  line, pointing at the sentence around it. Lines are chosen in rounds, so that every item gets
  its first line before any item gets a second: round ``r`` takes the ``r``-th use per item and
  group (first uses in different documents before second uses in the same document, uses in
  documents embedded whole, which cost no more text, before others); within a round, an
  item's line in the group using it most comes first, then its lines elsewhere; items by
  total frequency. At most ``per_term`` lines per item and group. A line costs
  :data:`LINE_COST` characters, plus its sentence the first time that sentence is embedded;
  the budget cuts a round short, so on a large corpus the rarest items may have no line.
* A sentence longer than ``2 * window`` characters beyond its match is cut to ``window``
  characters each side (at a space when one is near) when its document is not embedded whole.

Sentences are exact slices of ``documents.text``; stance markers inside them are listed as
``start, end, category`` offsets into the slice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LINE_COST = 16
"""Characters of JSON one context line takes (``[item,sentence,offset,length],``)."""
SENT_COST = 24
"""Characters of JSON around one embedded sentence (document, start, brackets, quotes)."""
FULL_SHARE = 3
"""When the corpus does not fit, 1 / FULL_SHARE of the budget holds whole documents."""


def run_position(keys: list[np.ndarray]) -> np.ndarray:
    """Position of each row within its run of equal ``keys`` (rows already sorted by them)."""
    n = len(keys[0])
    new = np.zeros(n, dtype=bool)
    if n:
        new[0] = True
        for k in keys:
            new[1:] |= k[1:] != k[:-1]
    starts = np.flatnonzero(new)
    return np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))


def in_rounds(occ: pd.DataFrame, *, per_term: int, preferred=None) -> pd.DataFrame:
    """The candidate lines in the order they are taken (see the module doc), at most
    ``per_term`` per item and group. ``occ`` has ``item, group, doc, start, end, rank``;
    within an item and group, uses in ``preferred`` documents (a boolean per document: those
    embedded whole, whose sentences cost nothing more) come first."""
    item, group, doc = occ["item"].to_numpy(), occ.group.to_numpy(), occ.doc.to_numpy()
    later = (np.zeros(len(doc), dtype=bool) if preferred is None else ~preferred[doc])
    order = np.lexsort((occ.start.to_numpy(), doc, later, group, item))
    occ = occ.iloc[order]
    item, group, doc = item[order], group[order], doc[order]
    nth = run_position([item, group, doc])  # k-th use in this document
    keep = nth < per_term
    occ, item, group, nth = occ[keep], item[keep], group[keep], nth[keep]
    order = np.lexsort((nth, group, item))  # first uses in each document first
    occ = occ.iloc[order].assign(round=run_position([item[order], group[order]]))
    occ = occ[occ["round"] < per_term]
    # an item's first line in the group using it most comes before its first line elsewhere
    uses = occ.groupby(["item", "group"], sort=False).size().rename("uses").reset_index()
    main = uses.sort_values(["item", "uses", "group"], ascending=[True, False, True],
                            kind="stable").drop_duplicates("item").set_index("item").group
    elsewhere = (occ.group.to_numpy() != main.reindex(occ["item"]).to_numpy()).astype(np.int64)
    order = np.lexsort((occ.start.to_numpy(), occ.doc.to_numpy(), occ.group.to_numpy(),
                        occ["rank"].to_numpy(), elsewhere, occ["round"].to_numpy()))
    return occ.iloc[order].reset_index(drop=True)


def _sentences(corpus, doc_index: dict, doc_group: np.ndarray) -> pd.DataFrame:
    """Every sentence of a compared document: doc (index), start, end; by doc and start."""
    s = corpus.sentences
    ids = pd.Categorical(s.doc_id.astype(str))
    doc_of = np.array([doc_index[d] for d in ids.categories], dtype=np.int64)
    doc = doc_of[ids.codes]
    out = pd.DataFrame({"doc": doc, "start": s.start.to_numpy(np.int64),
                        "end": s.end.to_numpy(np.int64)})
    out = out[(doc_group[doc] >= 0) & (out.end > out.start)]
    return out.sort_values(["doc", "start"], kind="stable").reset_index(drop=True)


def _whole_documents(sents: pd.DataFrame, doc_cost: np.ndarray, budget: int) -> np.ndarray:
    """Documents embedded whole: all when they fit ``budget``, else a seeded random order
    taken while they fit (a document too large for what is left is skipped)."""
    cost = doc_cost + np.bincount(sents.doc.to_numpy(), minlength=len(doc_cost),
                                  weights=(sents.end - sents.start + SENT_COST).to_numpy())
    docs = np.unique(sents.doc.to_numpy())
    if cost[docs].sum() <= budget:
        return docs
    chosen, left = [], budget
    for d in np.random.default_rng(0).permutation(docs):
        if cost[d] <= left:
            chosen.append(d)
            left -= cost[d]
    return np.sort(np.array(chosen, dtype=np.int64))


def _cut(text: str, start: int, end: int, lo: int, hi: int, window: int) -> tuple[int, int]:
    """``[lo, hi)`` narrowed to about ``window`` characters each side of the match, at a
    space where one is near."""
    a, b = max(lo, start - window), min(hi, end + window)
    if a > lo:
        space = text.find(" ", a, min(start, a + window // 4))
        a = space + 1 if space >= 0 else a
    if b < hi:
        space = text.rfind(" ", max(end, b - window // 4), b)
        b = space if space >= 0 else b
    return a, b


def _slices(lines: pd.DataFrame, sents: pd.DataFrame, whole: np.ndarray, texts: list[str],
            window: int) -> pd.DataFrame:
    """The sentence (or its cut) around each line: ``lo, hi`` added to ``lines``."""
    key = sents.doc.to_numpy() * (1 << 32) + sents.start.to_numpy()
    at = np.searchsorted(key, lines.doc.to_numpy() * (1 << 32) + lines.start.to_numpy(),
                         side="right") - 1
    at = np.clip(at, 0, max(len(key) - 1, 0))
    s_doc, s_start, s_end = (sents[c].to_numpy()[at] for c in ("doc", "start", "end"))
    start, end, doc = lines.start.to_numpy(), lines.end.to_numpy(), lines.doc.to_numpy()
    inside = (s_doc == doc) & (s_start <= start) & (s_end >= end)
    length = np.array([len(t) for t in texts], dtype=np.int64)
    lo, hi = np.where(inside, s_start, 0), np.where(inside, s_end, length[doc])
    long = (hi - lo) - (end - start) > 2 * window
    long &= ~np.isin(doc, whole) | ~inside
    first, last = lo.copy(), hi.copy()
    for k in np.flatnonzero(long):
        lo[k], hi[k] = _cut(texts[doc[k]], start[k], end[k], lo[k], hi[k], window)
    return lines.assign(lo=lo, hi=hi, cut=(lo > first).astype(np.int64) + 2 * (hi < last))


def _spans(chosen: pd.DataFrame, marks: pd.DataFrame) -> list[list[int]]:
    """Per sentence (rows ``doc, lo, hi``): the markers fully inside, as offsets."""
    marks = marks.sort_values(["doc", "start"], kind="stable")
    m_doc, m_start = marks.doc.to_numpy(), marks.start.to_numpy()
    m_end, m_cat = marks.end.to_numpy(), marks.cat.to_numpy()
    longest = int((m_end - m_start).max()) if len(marks) else 0
    key = m_doc * (1 << 32) + m_start
    lo_all = chosen.doc.to_numpy() * (1 << 32) + chosen.lo.to_numpy()
    a_all = np.searchsorted(key, lo_all - longest)
    b_all = np.searchsorted(key, chosen.doc.to_numpy() * (1 << 32) + chosen.hi.to_numpy())
    out = []
    for a, b, lo, hi in zip(a_all, b_all, chosen.lo, chosen.hi, strict=True):
        spans = []
        for k in range(a, b):
            if m_start[k] >= lo and m_end[k] <= hi:
                spans += [int(m_start[k] - lo), int(m_end[k] - lo), int(m_cat[k])]
        out.append(spans)
    return out


def snippets(corpus, occ: pd.DataFrame, marks: pd.DataFrame, doc_index: dict,
             doc_group: np.ndarray, *, per_term: int, window: int, budget: int,
             doc_cost: np.ndarray) -> dict:
    """Sentences and context lines of a page (see the module doc).

    Returns a dict: ``sents`` (``[doc, start, text, spans, cut]``, doc an index into
    ``corpus.documents``, ``cut`` 1 when the sentence is cut on the left, 2 on the right, 3
    both), ``lines`` (``[item, sentence, offset, length]``: the match is
    ``text[offset:offset + length]`` of that sentence), ``whole`` (documents embedded whole,
    which phrase search reads), ``n_sentences`` (sentences of the compared documents) and
    ``lines_wanted`` (lines the caps per term allow). ``doc_cost`` is what quoting a
    document costs (its row of metadata), once per document.
    """
    texts = corpus.documents.text.astype(str).tolist()
    sents = _sentences(corpus, doc_index, doc_group)
    wanted = int(occ.groupby(["item", "group"]).size().clip(upper=per_term).sum())
    every = (int((sents.end - sents.start + SENT_COST).sum()) + LINE_COST * wanted
             + int(doc_cost[np.unique(sents.doc.to_numpy())].sum()))
    whole = _whole_documents(sents, doc_cost,
                             budget if every <= budget else budget // FULL_SHARE)
    is_whole = np.zeros(len(texts), dtype=bool)
    is_whole[whole] = True
    ordered = in_rounds(occ, per_term=per_term, preferred=is_whole)
    in_whole = np.isin(sents.doc.to_numpy(), whole)
    full = sents[in_whole].rename(columns={"start": "lo", "end": "hi"})
    left = budget - int((full.hi - full.lo + SENT_COST).sum()) - int(doc_cost[whole].sum())
    lines = _slices(ordered, sents, whole, texts, window)
    outside = ~np.isin(lines.doc.to_numpy(), whole)
    new = ~pd.Series(list(zip(lines.doc, lines.lo, lines.hi, strict=True))).duplicated().to_numpy()
    new_doc = ~lines.doc.duplicated().to_numpy() & outside
    cost = (LINE_COST + np.where(new & outside, (lines.hi - lines.lo).to_numpy() + SENT_COST, 0)
            + np.where(new_doc, doc_cost[lines.doc.to_numpy()], 0))
    lines = lines[np.cumsum(cost) <= left]
    extra = lines[~np.isin(lines.doc.to_numpy(), whole)][["doc", "lo", "hi", "cut"]]
    chosen = (pd.concat([full[["doc", "lo", "hi"]].assign(cut=0), extra]).drop_duplicates()
              .sort_values(["doc", "lo", "hi"], kind="stable").reset_index(drop=True))
    index = {k: i for i, k in enumerate(zip(chosen.doc, chosen.lo, chosen.hi, strict=True))}
    spans = _spans(chosen, marks)
    out_sents = [[int(d), int(lo), texts[d][lo:hi], sp, int(c)] for d, lo, hi, sp, c in
                 zip(chosen.doc, chosen.lo, chosen.hi, spans, chosen.cut, strict=True)]
    out_lines = [[int(i), index[(d, lo, hi)], int(s - lo), int(e - s)] for i, d, lo, hi, s, e in
                 zip(lines["item"], lines.doc, lines.lo, lines.hi, lines.start, lines.end,
                     strict=True)]
    return {"sents": out_sents, "lines": out_lines, "whole": [int(d) for d in whole],
            "n_sentences": len(sents), "lines_wanted": wanted}
