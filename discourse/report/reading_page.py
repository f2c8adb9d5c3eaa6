"""The reading view: example texts of each compared side, markers and distinctive words marked.

The page shows the main comparison of the run's
:class:`~discourse.report.context.ReportContext` with its markers (decided and found once). A
side may hold thousands of documents and a document millions of characters, so the page shows
the most typical documents of each side (:func:`discourse.typical_documents`, the rule is
stated on the page with how many are not shown) and each text up to :data:`MAX_CHARS`
characters. Rendered from ``templates/reading.html.j2`` with autoescaping.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._html import render, segments
from .._validate import InputError
from ..sides import PAIR
from .context import ReportContext
from .index_page import page_categories

MAX_CHARS = 20_000
"""Characters of each text shown (whole paragraphs; a longer first paragraph is cut)."""
PER_SIDE = 10
"""Documents shown per side at most (the most typical first) ..."""
SIDE_CHARS = 40_000
"""... while the side's texts shown stay under this many characters (at least one is shown)."""

CLICK_JS = """
document.addEventListener('click', function (e) {
  var m = e.target.closest('mark'), box = document.getElementById('info');
  if (!m) { box.style.display = 'none'; return; }
  box.textContent = m.getAttribute('title'); box.style.display = 'block';
});
"""


def _marker_spans(m: pd.DataFrame) -> pd.DataFrame:
    cats = m.category.astype(str).to_numpy()
    sub = (m["subcategory"].astype(str).to_numpy() if "subcategory" in m.columns
           else [""] * len(m))
    cls = [c + (" scope" if s.startswith("scope") else "") for c, s in zip(cats, sub, strict=True)]
    entry = m["entry"] if "entry" in m.columns else m["text"]
    rule = m["rule"] if "rule" in m.columns else pd.Series("lexicon", index=m.index)
    return pd.DataFrame({
        "start": m.start.to_numpy(), "end": m.end.to_numpy(), "css_class": cls,
        "title": [f"{c} · {s} · entry '{e}' · rule {r}" for c, s, e, r in
                  zip(cats, sub, entry.astype(str), rule.astype(str), strict=True)]})


def _key_spans(tokens: pd.DataFrame, terms: set, taken: pd.DataFrame) -> pd.DataFrame:
    t = tokens[tokens.norm.astype(str).isin(terms).to_numpy()]
    ks = pd.DataFrame({"start": t.start.to_numpy(), "end": t.end.to_numpy()})
    if len(ks) and len(taken):
        s, e = taken.start.to_numpy(), taken.end.to_numpy()
        keep = [not ((s < b) & (e > a)).any() for a, b in zip(ks.start, ks.end, strict=True)]
        ks = ks[keep]
    return ks.assign(css_class="key", title="distinctive word of this side (keyness G²)")


def _rows_of(df: pd.DataFrame, doc_id: str) -> np.ndarray:
    """Which rows of ``df`` belong to ``doc_id`` (compared as strings), without turning a
    column of a million rows into strings: a categorical ``doc_id`` is compared by its code."""
    col = df["doc_id"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        names, duplicated = _category_names(col.dtype.categories)
        code = names.get_indexer([doc_id])[0]
        if code < 0 or duplicated:
            return (col.astype(str) == doc_id).to_numpy()
        return col.cat.codes.to_numpy() == code
    return (col.astype(str) == doc_id).to_numpy()


_NAMES: list = []
"""The last few categories of a ``doc_id`` column, with their strings (:func:`_rows_of` is
asked for a few dozen documents in the same tables: 100,000 categories made strings once)."""


def _category_names(categories: pd.Index) -> tuple[pd.Index, bool]:
    """``categories`` as strings, and whether two of them are the same string."""
    for known, names, duplicated in _NAMES:
        if known is categories:
            return names, duplicated
    names = pd.Index(categories.astype(str))
    _NAMES[:] = [(categories, names, names.has_duplicates), *_NAMES[:3]]
    return names, _NAMES[0][2]


def document_view(corpus, doc_id: str, *, markers: pd.DataFrame, terms: set,
                  max_chars: int = MAX_CHARS) -> dict:
    """One document's paragraphs as highlighted segments, up to ``max_chars`` characters."""
    text = corpus.text_of(doc_id)
    paras = corpus.paragraphs[_rows_of(corpus.paragraphs, doc_id)]
    shown, total, out = 0, len(text), []
    end_shown = 0
    for p in paras.itertuples(index=False):
        if shown >= max_chars:
            break
        start, end = int(p.start), min(int(p.end), int(p.start) + max_chars - shown)
        if end < p.end:  # cut at a space when there is one
            cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        out.append({"start": start, "end": end, "section": str(p.section),
                    "analysed": bool(p.is_analyzed)})
        shown += end - start
        end_shown = end
        if end < p.end:
            break  # the cap fell inside this paragraph
    m = markers[_rows_of(markers, doc_id)]
    m = m[(m.end <= end_shown).to_numpy()]
    spans = _marker_spans(m)
    tok = corpus.tokens
    tok = tok[_rows_of(tok, doc_id) & (tok.end <= end_shown).to_numpy()]
    spans = pd.concat([spans, _key_spans(tok, terms, spans)], ignore_index=True)
    starts, ends = spans.start.to_numpy(), spans.end.to_numpy()
    for p in out:
        inside = spans[(starts >= p["start"]) & (ends <= p["end"])]
        p["segments"] = segments(text[p["start"]:p["end"]], inside if p["analysed"]
                                 else inside.iloc[0:0], base=p["start"])
    docs = corpus.documents
    row = docs[_rows_of(docs, doc_id)]
    title = str(row.title.iloc[0]) if "title" in docs.columns and len(row) and pd.notna(
        row.title.iloc[0]) else ""
    cut = "" if shown >= sum(int(p.end) - int(p.start) for p in paras.itertuples()) else (
        f"Shown: the first {shown:,} of {total:,} characters.")
    return {"doc_id": doc_id, "title": title, "paras": out, "cut": cut}


def _within_budget(corpus, typical: pd.DataFrame, max_chars: int) -> pd.DataFrame:
    """The first documents of each side whose texts (each cut at ``max_chars``) fit
    :data:`SIDE_CHARS`; always at least one per side."""
    if not len(typical):
        return typical
    length = corpus.documents.set_index(corpus.documents.doc_id.astype(str)).text.str.len()
    shown = typical.doc_id.astype(str).map(length).clip(upper=max_chars)
    used = shown.groupby(typical.side, sort=False).cumsum()
    return typical[(used <= SIDE_CHARS) | (typical["rank"] == 1)].reset_index(drop=True)


_LAST: list = []
"""The last :func:`shown_documents` answer: the explorer asks for the same documents."""


def shown_documents(context: ReportContext, *, per_side: int = PER_SIDE,
                    max_chars: int = MAX_CHARS) -> pd.DataFrame:
    """The documents the reading view shows of the context's main comparison
    (:func:`discourse.typical_documents` within the page's budget), computed once per context."""
    from .examples import typical_documents

    for ctx, key, table in _LAST:
        if ctx is context and key == (per_side, max_chars):
            return table
    sub = context.compared
    table = _within_budget(sub, typical_documents(sub, context.main, top=per_side), max_chars)
    _LAST[:] = [(context, (per_side, max_chars), table)]
    return table


def reading_html(context: ReportContext, *, per_side: int = PER_SIDE,
                 max_chars: int = MAX_CHARS) -> str:
    """The reading view of the context's main comparison (``context.main``)."""
    from .examples import examples_note
    from .findings import key_terms

    corpus, markers, sides = context.corpus, context.markers, context.main
    columns = []
    if sides is None:  # one document: nothing to compare, show it
        doc_ids = corpus.doc_ids[:1]
        columns.append({"name": doc_ids[0] if doc_ids else "", "why": "", "docs": [
            document_view(corpus, d, markers=markers, terms=set(), max_chars=max_chars)
            for d in doc_ids]})
        compared, note = "One document only: nothing to compare", ""
    else:
        sub = context.compared
        typical = shown_documents(context, per_side=per_side, max_chars=max_chars)
        try:
            key = key_terms(sub, [sides], top=15)
        except InputError:
            key = pd.DataFrame(columns=["side", "term"])
        for side, name in (("focus", sides.focus), ("reference", sides.reference_label
                                                     if sides.mode == PAIR else
                                                     "the rest (" + ", ".join(sides.reference)
                                                     + ")")):
            terms = set(key.term[key.side == side].astype(str))
            ids = typical.doc_id[typical.side == side].astype(str).tolist()
            columns.append({"name": name, "why": "" if ids else "No document on this side.",
                            "docs": [document_view(sub, d, markers=markers, terms=terms,
                                                   max_chars=max_chars) for d in ids]})
        compared = f"Compared: {sides.describe()}"
        note = examples_note(typical, sides)
    return render("reading.html.j2", title=f"Reading view: {corpus.name}", scripts=(CLICK_JS,),
                  categories=page_categories(), corpus_name=corpus.name, compared=compared,
                  note=note, max_chars=max_chars, sides=columns)
