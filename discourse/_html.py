"""Safe HTML for views: every piece of document text is escaped, highlights are <mark> spans."""

from __future__ import annotations

import html

import pandas as pd


def escape(text) -> str:
    """HTML-escape ``text`` (quotes too), so document text can never become markup.

    Examples
    --------
    >>> escape("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|~"})


def escape_markdown(text) -> str:
    r"""Make ``text`` safe to put inside Markdown: HTML-escaped, Markdown syntax backslashed.

    Notebooks that write findings with ``IPython.display.Markdown(f"...{sentence}...")`` must
    pass every piece of document text through this: Markdown lets raw HTML through, so a
    document containing ``<img onerror=...>`` would otherwise become markup in the report.

    Examples
    --------
    >>> print(escape_markdown("<img src=x onerror=alert(1)> *not bold*"))
    &lt;img src=x onerror=alert\(1\)&gt; \*not bold\*
    """
    return html.escape(str(text).translate(_MD_SPECIAL), quote=False)


def highlight(text: str, spans: pd.DataFrame, *, base: int = 0) -> str:
    """Escape ``text`` and wrap the given spans in ``<mark>`` elements.

    Parameters
    ----------
    text : str
        The text to show (for instance a paragraph).
    spans : DataFrame
        Columns ``start``, ``end`` (offsets in the same coordinates as ``base + index into
        text``), ``css_class`` and ``title`` (shown on hover). Overlapping spans: the earlier
        (then the longer) wins; the others are skipped, never nested.
    base : int, default 0
        Offset of ``text`` in the coordinates of ``spans`` (a paragraph's ``start``).

    Examples
    --------
    >>> spans = pd.DataFrame({"start": [6], "end": [9], "css_class": ["hedge"],
    ...                       "title": ["hedge: may"]})
    >>> highlight("We <b>may</b> go", spans, base=0)
    'We &lt;b&gt;<mark class="hedge" title="hedge: may">may</mark>&lt;/b&gt; go'
    """
    out, pos = [], 0
    if len(spans):
        spans = spans.sort_values(["start", "end"], ascending=[True, False], kind="stable")
        for s, e, cls, title in zip(spans.start - base, spans.end - base, spans.css_class,
                                    spans.title, strict=True):
            if s < pos or s < 0 or e > len(text):
                continue
            out.append(escape(text[pos:s]))
            out.append(f'<mark class="{escape(cls)}" title="{escape(title)}">'
                       f"{escape(text[s:e])}</mark>")
            pos = e
    out.append(escape(text[pos:]))
    return "".join(out)
