"""The pages of the report that are not notebooks: the index, the reading view, the explorer.

The index is built in :mod:`discourse.report.index_page`, the reading view in
:mod:`discourse.report.reading_page`, both from Jinja2 templates with autoescaping
(``discourse/templates/``), the term explorer by :func:`discourse.explore`. :func:`write_site`
writes them into a folder from the run's :class:`~discourse.report.context.ReportContext` (the
comparisons decided and the markers found once, at preflight); the report builder
(:mod:`discourse.report.build`) adds the notebook pages.
"""

from __future__ import annotations

from pathlib import Path

from .context import ReportContext
from .index_page import index_html, methods_context
from .reading_page import MAX_CHARS, PER_SIDE, reading_html

__all__ = ["index_html", "reading_html", "write_site", "write_explorer", "methods_context",
           "MAX_CHARS", "PER_SIDE"]


def write_site(context: ReportContext, out_dir: Path, *, pages: list[tuple[str, str]],
               explorer: tuple[str, str] | None = None) -> Path:
    """Write ``index.html``, ``reading.html`` and ``explorer.html`` into ``out_dir``; return the
    index path.

    Every page shows ``context`` (its comparisons and markers, decided once); none decides
    sides or searches markers again. The term explorer (:func:`write_explorer`) is listed on
    the index; ``explorer`` (href, title) lists a page the caller wrote instead.
    """
    out_dir = Path(out_dir)
    if explorer is None:
        explorer = write_explorer(context, out_dir)
    (out_dir / "reading.html").write_text(reading_html(context), encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(index_html(context, pages=pages, explorer=explorer), encoding="utf-8")
    return index


def write_explorer(context: ReportContext, out_dir: Path) -> tuple[str, str] | None:
    """Write ``explorer.html`` for the report's main comparison; ``(href, title)`` or ``None``.

    The main comparison is ``context.main`` (the one the index and the notebooks open with),
    on ``context.compared`` (documents without a label left out, as everywhere else), with
    ``context.markers``. ``None`` when the corpus has nothing to compare (one document, no
    words on a side).
    """
    from .._validate import InputError
    from ..views.explore import explore

    if context.main is None:
        return None
    # a pair the student chose, or the only pair, opens as it is; with more groups and no
    # choice the main comparison is the first group against the rest, which may be a tiny
    # group: the explorer then opens on the two largest groups and says so (issue 26)
    many = len(context.comparisons) > 1 and not context.main.chosen
    sides = None if many else context.main
    try:
        page = explore(context.compared, sides=sides, by=context.by if many else None,
                       markers=context.markers, reading_view=_reading_view(context))
    except InputError:
        return None
    page.save(Path(out_dir) / "explorer.html")
    what = "the two largest groups" if many else context.main.describe()
    return "explorer.html", f"Term explorer: {what}, every term on one plot"


def _reading_view(context: ReportContext) -> dict[str, str]:
    """doc_id -> ``reading.html`` for each document the reading view shows (the explorer links
    a context of such a document to its sentence there)."""
    from .reading_page import shown_documents

    shown = shown_documents(context, per_side=PER_SIDE, max_chars=MAX_CHARS)
    return dict.fromkeys(shown.doc_id.astype(str), "reading.html")
