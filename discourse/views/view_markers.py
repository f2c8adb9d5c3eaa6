"""An HTML view of documents with their stance markers coloured by category.

Rendered from ``templates/markers.html.j2`` with autoescaping: a text containing ``<script>``
shows those characters and runs nothing. Colours come from :mod:`discourse.views.palette`.
"""

from __future__ import annotations

import pandas as pd

from .._compat import renamed
from .._html import HTMLView, render, segments
from .._validate import InputError, as_list
from ..stance.lexicon import CATEGORIES, searched_categories
from .palette import color_of, tint


class MarkersHTML(HTMLView):
    """An HTML string that Jupyter displays as HTML (``_repr_html_``); ``.save(path)`` writes it
    as a page.

    It is a plain ``str`` otherwise: write it to a file, embed it in a report.
    """

    title = "stance markers"


def _spans(markers: pd.DataFrame) -> pd.DataFrame:
    """One span per stretch of text: hits on the same words, or nested ones, share a span."""
    rows = markers.sort_values(["start", "end"], ascending=[True, False], kind="stable")
    spans: list[dict] = []
    for r in rows.itertuples(index=False):
        what = f"{r.category}: {r.entry} ({r.subcategory}; rule {r.rule})"
        if spans and r.start < spans[-1]["end"]:  # same or nested words: one span, all titles
            s = spans[-1]
            if r.category not in s["cats"]:
                s["cats"].append(r.category)
            s["titles"].append(what if (r.start, r.end) == (s["start"], s["end"])
                               else f"{what} on {r.text!r}")
            continue
        spans.append({"start": r.start, "end": r.end, "cats": [r.category], "titles": [what],
                      "scope": str(getattr(r, "subcategory", "")).startswith("scope")})
    return pd.DataFrame({
        "start": [s["start"] for s in spans],
        "end": [s["end"] for s in spans],
        "css_class": [" ".join(f"dm-{c}" for c in s["cats"])
                      + (" dm-multi" if len(s["cats"]) > 1 else "")
                      + (" dm-scope" if s["scope"] else "") for s in spans],
        "title": ["\n".join(s["titles"]) for s in spans],
    }, columns=["start", "end", "css_class", "title"])


@renamed(doc_id="doc_ids")
def markers_html(corpus, doc_ids=None, *, markers: pd.DataFrame | None = None,
                 categories=None, analyzed_only: bool = True,
                 max_chars: int | None = None) -> MarkersHTML:
    """Show documents with each stance category coloured, a legend and hover details.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    doc_ids : str or list of str, optional
        The document to show, or several, one after the other. Default: the first document.
        Old name: ``doc_id=`` (warns).
    markers : DataFrame, optional
        The output of :func:`discourse.find_markers`. Default: found here (with
        ``analyzed_only``).
    categories : str or list of str, optional
        Categories to colour. Default: every category in the markers' search.
    analyzed_only : bool, default True
        Paragraphs outside the analysed sections are shown in grey, with their section, and
        without highlights (the counts leave them out too).
    max_chars : int, optional
        Show whole paragraphs up to this many characters of each document (a longer first
        paragraph is cut at a space), and a line saying how much is shown; the legend still
        counts the whole document. Default: everything.

    Returns
    -------
    MarkersHTML
        A ``str`` of HTML, for each document a ``<div class="dc-markers">`` with its own
        ``<style>``: a legend with each category's colour and its number of hits in this
        document, then the paragraphs. Hovering a highlight shows category, entry,
        subcategory and rule; words that are hits of two categories ("reportedly") carry both
        colours' classes and a dashed outline. The document text is HTML-escaped. Jupyter
        displays it as HTML.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "<b>It may rain</b>, experts say."})
    >>> html = markers_html(c)
    >>> "&lt;b&gt;It" in html and "<b>It" not in html
    True
    >>> 'class="dm-hedge" title="hedge: may (epistemic modal; rule lexicon)"' in html
    True
    """
    if doc_ids is None:
        if not corpus.doc_ids:
            raise InputError("the corpus has no documents to show.")
        doc_ids = corpus.doc_ids[0]
    ids = as_list(doc_ids)
    if not ids:
        raise InputError("doc_ids is empty: name at least one document to show.")
    for doc_id in ids:
        corpus.text_of(doc_id)  # a clear error for an unknown id, before any work
    if markers is None:
        from ..stance.markers import find_markers

        markers = find_markers(corpus, analyzed_only=analyzed_only)
    searched = searched_categories(markers)
    cats = as_list(categories) if categories is not None else searched
    unknown = [c for c in cats if c not in CATEGORIES]
    if unknown:
        raise InputError(f"categories={unknown} are not stance categories; use "
                         f"{', '.join(CATEGORIES)}.")
    return MarkersHTML("".join(_one_document(corpus, doc_id, markers, cats, analyzed_only,
                                             max_chars) for doc_id in ids))


def _one_document(corpus, doc_id: str, markers: pd.DataFrame, cats: list[str],
                  analyzed_only: bool, max_chars: int | None) -> str:
    """The view of one document (see :func:`markers_html`)."""
    text = corpus.text_of(doc_id)
    m = markers[(markers["doc_id"].astype(str) == doc_id).to_numpy()
                & markers["category"].astype(str).isin(cats).to_numpy()]
    if "is_rejected" in m.columns:
        m = m[~m["is_rejected"].to_numpy(dtype=bool)]
    paragraphs = corpus.paragraphs[(corpus.paragraphs["doc_id"].astype(str) == doc_id).to_numpy()]

    counts = m["category"].astype(str).value_counts()
    legend = [{"name": c, "count": int(counts.get(c, 0)), "color": color_of(c),
               "tint": tint(color_of(c))} for c in cats]
    para_of = m["para_id"].to_numpy()
    paras, shown = [], 0
    for p in paragraphs.itertuples(index=False):
        if max_chars is not None and shown >= max_chars:
            break
        end = p.end if max_chars is None else min(p.end, p.start + max_chars - shown)
        if end < p.end and text.rfind(" ", p.start, end) > p.start:
            end = text.rfind(" ", p.start, end)
        shown += end - p.start
        body = text[p.start:end]
        if analyzed_only and not p.is_analyzed:
            paras.append({"skip": True, "section": p.section, "text": body})
            if end < p.end:
                break
            continue
        spans = _spans(m[(para_of == p.para_id) & (m["end"].to_numpy() <= end)])
        paras.append({"skip": False, "segments": segments(body, spans, base=p.start)})
        if end < p.end:
            break  # the cap fell inside this paragraph
    whole = int((paragraphs.end - paragraphs.start).sum())
    cut = (f"Shown: the first {shown:,} of {len(text):,} characters."
           if max_chars is not None and shown < whole else "")
    return render("markers.html.j2", doc_id=doc_id, legend=legend, paras=paras, cut=cut)
