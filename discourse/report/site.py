"""The pages of the report that are not notebooks: the index and the reading view.

The index is built in :mod:`discourse.report.index_page`, the reading view in
:mod:`discourse.report.reading_page`, both from Jinja2 templates with autoescaping
(``discourse/templates/``). :func:`write_site` writes both into a folder; the report builder
(:mod:`discourse.report.build`) adds the notebook pages.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..text.corpus import Corpus
from .index_page import index_html, methods_context
from .reading_page import MAX_CHARS, PER_SIDE, reading_html

__all__ = ["index_html", "reading_html", "write_site", "methods_context", "MAX_CHARS",
           "PER_SIDE"]


def write_site(corpus: Corpus, out_dir: Path, *, pages: list[tuple[str, str]],
               corpus_arg: str | None = None, focus=None, reference=None,
               markers: pd.DataFrame | None = None,
               explorer: tuple[str, str] | None = None) -> Path:
    """Write ``index.html`` and ``reading.html`` into ``out_dir``; return the index path.

    The markers are found once, for both pages. The term explorer (``explorer.html``, see
    :func:`write_explorer`) is written beside them and listed on the index; ``explorer``
    (href, title) lists a page the caller wrote instead.
    """
    from ..stance.markers import find_markers

    out_dir = Path(out_dir)
    markers = find_markers(corpus) if markers is None else markers
    if explorer is None:
        explorer = write_explorer(corpus, out_dir, focus=focus, reference=reference)
    (out_dir / "reading.html").write_text(
        reading_html(corpus, markers=markers, focus=focus, reference=reference),
        encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(index_html(corpus, pages=pages, corpus_arg=corpus_arg, markers=markers,
                                focus=focus, reference=reference, explorer=explorer),
                     encoding="utf-8")
    return index


def write_explorer(corpus: Corpus, out_dir: Path, *, focus=None,
                   reference=None) -> tuple[str, str] | None:
    """Write ``explorer.html`` for the report's main comparison; ``(href, title)`` or ``None``.

    The main comparison is the first of :func:`discourse.sides.comparisons` (the one the index
    and the notebooks open with); documents without a label are left out as everywhere else.
    ``None`` when the corpus has nothing to compare (one document, no words).
    """
    from .._validate import InputError
    from ..sides import PAIR, comparable_corpus, comparisons
    from ..views.explore import explore

    try:
        main = comparisons(corpus, focus=focus, reference=reference)[0]
        page = explore(comparable_corpus(corpus, main), by=main.by, focus=main.focus,
                       reference=main.reference[0] if main.mode == PAIR else None)
    except InputError:
        return None
    page.save(Path(out_dir) / "explorer.html")
    return "explorer.html", f"Term explorer: {main.describe()}, every term on one plot"
