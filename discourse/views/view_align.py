"""Aligned sentence pairs side by side (:func:`aligned_html`), from a template.

The table of :func:`discourse.align_sentences` becomes a two-column view with hedges, boosters
and attributions highlighted in the palette's colours. Rendered from
``templates/aligned.html.j2`` with autoescaping: document text is text, never markup.
"""

from __future__ import annotations

import pandas as pd

from .._compat import renamed
from .._html import HTMLView, render, segments
from .._validate import require_columns
from ..register.align import STANCE_CATEGORIES, _get_markers
from .palette import color_of, tint


class AlignedHTML(HTMLView):
    """HTML of aligned pairs: displayed by Jupyter, ``.save(path)`` writes a page."""

    title = "aligned sentences"


@renamed(max_rows="top")
def aligned_html(aligned: pd.DataFrame, corpus, *, markers: pd.DataFrame | None = None,
                 top: int | None = None) -> AlignedHTML:
    """Aligned pairs side by side, hedges, boosters and attributions highlighted.

    Parameters
    ----------
    aligned : DataFrame
        The result of :func:`discourse.align_sentences` (sort or filter it first as you like).
    corpus : Corpus
        The corpus it was computed on.
    markers : DataFrame, optional
        Markers table; default ``dc.find_markers(corpus)``.
    top : int, optional
        Show only the first ``top`` rows (old name ``max_rows=``).

    Returns
    -------
    AlignedHTML
        A ``str`` of HTML (rendered by Jupyter): a legend and a table with one row per pair
        (similarity, shift, shared terms, focus sentence, reference sentence). All document text
        is escaped; a marker is a ``<mark>`` whose title names its category, entry and rule.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "It may <rain>.", "b": "It will <rain>."})
    >>> marks = pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "start": [3], "end": [6],
    ...                       "category": ["hedge"]})
    >>> al = dc.align_sentences(c, focus="a", reference="b", min_similarity=0, markers=marks)
    >>> html = aligned_html(al, c, markers=marks)
    >>> '<mark class="hedge" title="hedge">may</mark> &lt;rain&gt;' in html
    True
    """
    require_columns(aligned, ["focus_doc_id", "focus_start", "focus_end", "reference_doc_id",
                              "reference_start", "reference_end", "similarity", "shift"],
                    name="aligned", hint="Pass the table returned by dc.align_sentences(...).")
    markers = _get_markers(corpus, markers)
    m = markers[markers.category.astype(str).isin(STANCE_CATEGORIES)].copy()
    m["doc_id"] = m.doc_id.astype(str)
    entry = m["entry"] if "entry" in m.columns else pd.Series(None, index=m.index)
    rule = m["rule"] if "rule" in m.columns else pd.Series(None, index=m.index)
    m["title"] = [c + (f": {e}" if pd.notna(e) else "") + (f" ({r})" if pd.notna(r) else "")
                  for c, e, r in zip(m.category.astype(str), entry, rule, strict=True)]
    m["css_class"] = m.category.astype(str)
    rows = aligned if top is None else aligned.head(top)

    def cell(doc_id, start, end):
        text = corpus.text_of(doc_id)[start:end]
        d = m[(m.doc_id == doc_id) & (m.start >= start) & (m.end <= end)]
        return segments(text, d[["start", "end", "css_class", "title"]], base=start)

    pairs = [{"similarity": f"{r.similarity:.2f}", "shared": str(getattr(r, "shared_terms", "")),
              "shift": str(r.shift),
              "focus": cell(str(r.focus_doc_id), int(r.focus_start), int(r.focus_end)),
              "reference": cell(str(r.reference_doc_id), int(r.reference_start),
                                int(r.reference_end))}
             for r in rows.itertuples(index=False)]
    legend = [{"name": c, "color": color_of(c), "tint": tint(color_of(c))}
              for c in STANCE_CATEGORIES]
    return AlignedHTML(render(
        "aligned.html.j2", legend=legend, pairs=pairs,
        focus=str(rows.focus_doc_id.iloc[0]) if len(rows) else "",
        reference=str(rows.reference_doc_id.iloc[0]) if len(rows) else ""))
