"""The presentation layer's plumbing: escaping, highlights, templates and the page policy.

Every HTML page and view of the package is rendered by :func:`render` from a Jinja2 template in
``discourse/templates/`` with autoescaping on, so a value from the corpus is text unless a
template says otherwise. :func:`segments` cuts a text into plain and highlighted stretches that
the templates wrap in ``<mark>``; :func:`escape_markdown` is for the one place where notebooks
write Markdown themselves. Every full page carries :func:`content_security_policy`: no remote
load, no inline event handler, only the page's own scripts (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import lru_cache

import pandas as pd
from markupsafe import Markup


def escape(text) -> str:
    """HTML-escape ``text`` (quotes too), so document text can never become markup.

    Examples
    --------
    >>> escape("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


# Every ASCII punctuation character that Markdown (CommonMark, GFM, mistune's plugins, the
# $...$ math of nbconvert) gives a meaning: links [..](..), images !, emphasis * _ ~, code `,
# headings #, lists + - . ), block quotes and raw HTML < > &, tables |, setext = and math $.
# CommonMark lets a backslash escape any ASCII punctuation, so the text shows unchanged, in
# JupyterLab (marked) and in the report (mistune) alike; "<" as "\<" (not "&lt;", which
# mistune, escaping, would show as "&lt;").
_MD_PUNCT = "\\`*_{}[]()#+-.!|~=$:/<>&"
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in _MD_PUNCT})


def escape_markdown(text) -> str:
    r"""Make ``text`` safe to put inside Markdown: shown as it is, never link, image or markup.

    Notebooks that write findings with ``IPython.display.Markdown(f"...{value}...")`` pass every
    value that comes from the corpus (text, doc_id, group, term, metadata) through this.

    * Markdown punctuation is backslash-escaped: ``[ ] ( ) !`` (links, images), ``* _ ~``
      (emphasis), backticks (code), ``<``, ``>``, ``&`` (raw HTML, autolinks, entities), ``#``,
      ``+``, ``-``, ``.``, ``|``, ``=`` (headings, lists, tables), ``$`` (math) and ``:`` ``/``
      (so ``http://...`` and ``www.x.org`` are no autolinks);
    * line breaks become spaces, so a value cannot start a block (heading, list, quote).

    Examples
    --------
    >>> print(escape_markdown("<img src=x onerror=alert(1)> *not bold*"))
    \<img src\=x onerror\=alert\(1\)\> \*not bold\*
    >>> print(escape_markdown("[x](javascript:alert(1))"))
    \[x\]\(javascript\:alert\(1\)\)
    >>> print(escape_markdown("AT&T: see http://example.com"))
    AT\&T\: see http\:\/\/example\.com
    """
    return re.sub(r"[\r\n\u2028\u2029]+", " ", str(text)).translate(_MD_SPECIAL)


# -- highlights ----------------------------------------------------------------------------------
def segments(text: str, spans: pd.DataFrame, *, base: int = 0) -> list[tuple]:
    """Cut ``text`` into ``(text, css_class, title)`` pieces; plain text has ``css_class=None``.

    Parameters
    ----------
    text : str
        The text to show (for instance a paragraph).
    spans : DataFrame
        Columns ``start``, ``end`` (offsets in the same coordinates as ``base + index into
        text``), ``css_class`` and ``title`` (shown on hover); optional ``style`` (an extra CSS
        class, e.g. ``"scope"``). Overlapping spans: the earlier (then the longer) wins; the
        others are skipped, never nested.
    base : int, default 0
        Offset of ``text`` in the coordinates of ``spans`` (a paragraph's ``start``).

    Examples
    --------
    >>> spans = pd.DataFrame({"start": [3], "end": [6], "css_class": ["hedge"], "title": ["t"]})
    >>> segments("We may go", spans)
    [('We ', None, None), ('may', 'hedge', 't'), (' go', None, None)]
    """
    out, pos = [], 0
    if len(spans):
        spans = spans.sort_values(["start", "end"], ascending=[True, False], kind="stable")
        for s, e, cls, title in zip(spans.start - base, spans.end - base, spans.css_class,
                                    spans.title, strict=True):
            if s < pos or s < 0 or e > len(text):
                continue
            if s > pos:
                out.append((text[pos:s], None, None))
            out.append((text[s:e], str(cls), str(title)))
            pos = e
    if pos < len(text) or not out:
        out.append((text[pos:], None, None))
    return out


def highlight(text: str, spans: pd.DataFrame, *, base: int = 0) -> Markup:
    """Escape ``text`` and wrap the given spans in ``<mark>`` elements (see :func:`segments`).

    Examples
    --------
    >>> spans = pd.DataFrame({"start": [6], "end": [9], "css_class": ["hedge"],
    ...                       "title": ["hedge: may"]})
    >>> str(highlight("We <b>may</b> go", spans, base=0))
    'We &lt;b&gt;<mark class="hedge" title="hedge: may">may</mark>&lt;/b&gt; go'
    """
    return Markup(render("_highlight.html.j2", segments=segments(text, spans, base=base)))


class HTMLView(str):
    """An HTML fragment (a view) that Jupyter displays as HTML and that can be saved as a page.

    It is a plain ``str`` otherwise: write it to a file, embed it in a report.
    """

    title = "discourse view"

    def _repr_html_(self) -> str:
        return str(self)

    def save(self, path, *, title: str | None = None):
        """Write the view as a complete, self-contained page (with the report's CSP)."""
        from pathlib import Path

        path = Path(path)
        path.write_text(render("view_page.html.j2", title=title or self.title, scripts=(),
                               view=Markup(str(self))), encoding="utf-8")
        return path


# -- templates -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment of ``discourse/templates`` (autoescaping on for every template)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("discourse", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["num"] = _num
    env.finalize = bidi_closed  # a value's U+202E cannot reverse the page around it
    env.filters["isolated"] = _isolated  # a label from the input: its own direction
    env.globals["csp"] = content_security_policy
    env.globals["zip"] = zip
    return env


_EMBEDDINGS, _ISOLATES = frozenset("\u202a\u202b\u202d\u202e"), frozenset("\u2066\u2067\u2068")


def bidi_closed(value):
    """``value`` with every bidirectional embedding, override or isolate it opens closed at
    its end (U+202C, U+2069), so a group label or a text from the input that holds, say, a
    right-to-left override (U+202E) reverses only itself, never the report text around it.

    >>> bidi_closed("evil\u202e") == "evil\u202e\u202c"
    True
    >>> bidi_closed("plain")
    'plain'
    """
    if not isinstance(value, str) or isinstance(value, Markup) or value.isascii():
        return value
    open_ = []  # what is open, innermost last: "\u202c" closes an embedding, "\u2069" an isolate
    for ch in value:
        if ch in _EMBEDDINGS:
            open_.append("\u202c")
        elif ch == "\u202c" and open_ and open_[-1] == "\u202c":
            open_.pop()
        elif ch in _ISOLATES:
            open_.append("\u2069")
        elif ch == "\u2069" and "\u2069" in open_:  # also ends the embeddings inside it
            while open_.pop() != "\u2069":
                pass
    return value + "".join(reversed(open_)) if open_ else value


def _isolated(label):
    """A group label or doc id between Unicode isolates when it holds right-to-left letters or
    bidirectional controls (plain text's ``<bdi>``; :func:`discourse.sides.isolated`)."""
    from .sides import isolated

    return isolated(label) if isinstance(label, str) and not isinstance(label, Markup) \
        else label


def render(template: str, **context) -> str:
    """Render ``discourse/templates/<template>`` with ``context`` (autoescaped)."""
    return environment().get_template(template).render(**context)


def _num(value, fmt: str = ",") -> str:
    """Format a number for a table cell; missing values as an en dash."""
    if value is None or (isinstance(value, float) and value != value):
        return "\u2013"
    return format(value, fmt)


# -- the page policy -----------------------------------------------------------------------------
def script_hash(script: str) -> str:
    """The CSP source ``'sha256-...'`` that allows exactly this inline script body."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: tuple[str, ...] | list[str] = ()) -> str:
    """The Content-Security-Policy of every page: nothing from the network, no inline handler.

    Images only as ``data:`` URIs, styles only inline, fonts only ``data:``, scripts only the
    page's own inline scripts whose bodies are given (allowed by hash: inline event handlers
    such as ``onerror=`` never run), no forms, no plugins, no ``<base>``.

    Examples
    --------
    >>> content_security_policy()
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; script-src 'none'; base-uri 'none'; form-action 'none'"
    """  # noqa: E501
    script_src = " ".join(script_hash(s) for s in scripts) or "'none'"
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
            f"script-src {script_src}; base-uri 'none'; form-action 'none'")
