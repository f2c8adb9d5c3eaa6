"""Turn an executed notebook into a report page (:func:`render_notebook`).

nbconvert's JupyterLab look from our template ``templates/nbconvert/discourse_notebook.html.j2``,
which leaves out every remote script (require.js, MathJax, Mermaid) at the source, puts a
Content-Security-Policy first in the head, renders Markdown outputs with raw HTML escaped and
without images or non-relative links, and shows HTML outputs that carry an event handler, a
script or a remote address as plain text. The inputs of a notebook's page (its code,
highlighted and cleaned) can be rendered before the notebook runs (:func:`prerender_inputs`),
and are held out of nbconvert's last pass over the page (:class:`_Held`).
Importable from :mod:`discourse.report.notebook_run` too, where the notebooks are executed.
"""

from __future__ import annotations

import functools
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

from .._html import content_security_policy, escape

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "nbconvert"
_SAFE_URL = re.compile(r"^(?:#|[\w.-]+\.html(?:#[\w.-]*)?$)")


# -- Markdown outputs ----------------------------------------------------------------------------
def _renderer():
    from nbconvert.filters.markdown_mistune import IPythonRenderer

    class SafeRenderer(IPythonRenderer):
        """Raw HTML escaped; links only to a page of the report or an anchor; no images."""

        def link(self, text, url, title=None):
            if _SAFE_URL.match(url or ""):
                return super().link(text, url, title)
            return text

        def image(self, text, url, title=None):
            return escape(text)

    return SafeRenderer(escape=True, allow_harmful_protocols=False, exclude_anchor_links=True)


def safe_markdown(source) -> str:
    """HTML of a Markdown output with nothing from it turned into markup but Markdown's own.

    Examples
    --------
    >>> safe_markdown("**b** <img src=x onerror=alert(1)> [x](javascript:alert(1))")
    '<p><strong>b</strong> &lt;img src=x onerror=alert(1)&gt; x</p>\\n'
    >>> safe_markdown("![i](http://example.com/x.png) [next](02_topics.html)")
    '<p>i <a href="02_topics.html">next</a></p>\\n'
    """
    from nbconvert.filters.markdown_mistune import MarkdownWithMath

    source = "".join(source) if isinstance(source, list) else str(source)
    return MarkdownWithMath(renderer=_renderer()).render(source)


# -- HTML outputs --------------------------------------------------------------------------------
class _Unsafe(HTMLParser):
    """Finds what may not be in a page: handlers, scripts, frames, remote or script URLs."""

    URL_ATTRS = {"src", "href", "action", "formaction", "srcset", "poster", "data", "xlink:href"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "link", "base", "form", "meta"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"{name}=")
            elif name in self.URL_ATTRS and value and not value.startswith(("data:", "#")):
                if ":" in value.split("/")[0] or value.startswith("//"):
                    self.found.append(f"{name}={value[:40]}")
            elif name == "style" and "url(" in value:
                self.found.append("style url()")

    handle_startendtag = handle_starttag


def unsafe_html(markup: str) -> list[str]:
    """What in ``markup`` could run code or load from elsewhere (empty when it is safe).

    Examples
    --------
    >>> unsafe_html('<table><tr><td class="x">&lt;b&gt;</td></tr></table>')
    []
    >>> unsafe_html('<img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>')
    ['onerror=', 'href=javascript:alert(1)']
    """
    p = _Unsafe()
    p.feed(markup)
    p.close()
    return p.found


EXPLORER_IFRAME = '<iframe title="term explorer" sandbox="allow-scripts"'
"""How :class:`discourse.views.explore.Explorer` shows itself in a notebook: a page of the
report replaces it with :data:`EXPLORER_NOTE` instead of quarantining it."""
EXPLORER_NOTE = ("The term explorer is not embedded in this page (its scripts stay on a page "
                 "of their own): open [the term explorer](explorer.html).")
QUARANTINE_CHARS = 2_000
"""Characters of a quarantined HTML output shown as text (the rest is counted, not shown)."""


def quarantine_outputs(nb) -> int:
    """Show every unsafe HTML output of an executed notebook as text; return how many.

    The package's own views and pandas tables escape their content, so this never fires on
    them; it is the net for an output that did not (a user's own ``HTML(...)`` in a notebook),
    of which the first :data:`QUARANTINE_CHARS` characters are shown. The term explorer
    (``display(dc.explore(...))``, an iframe with its own scripts) becomes a link to the
    report's ``explorer.html``. JavaScript and widget outputs are dropped the same way.
    """
    n = 0
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for mime in [m for m in data if m.startswith("application/vnd.jupyter.widget")]:
                del data[mime]
            if "text/html" in data:
                markup = data["text/html"]
                markup = "".join(markup) if isinstance(markup, list) else markup
                if markup.startswith(EXPLORER_IFRAME):  # the package's own explorer
                    del data["text/html"]
                    data["text/markdown"] = EXPLORER_NOTE
                    continue
                found = unsafe_html(markup)
                if found:
                    del data["text/html"]
                    shown = markup if len(markup) <= QUARANTINE_CHARS else (
                        f"{markup[:QUARANTINE_CHARS]}\n... ({len(markup) - QUARANTINE_CHARS:,} "
                        "more characters not shown)")
                    data["text/plain"] = (f"(an HTML output was shown as text: it contained "
                                          f"{', '.join(sorted(set(found)))})\n{shown}")
                    n += 1
    return n


def count_figures(nb) -> int:
    """How many images (PNG, JPEG, SVG) the executed notebook's outputs hold."""
    return sum(1 for cell in nb.cells for out in cell.get("outputs", [])
               for mime in out.get("data", {})
               if mime in ("image/png", "image/jpeg", "image/svg+xml"))


def render_notebook(nb, *, title: str) -> str:
    """HTML page of an executed notebook (see the module docstring)."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    # one block per stream and cell: how the kernel's prints were cut into messages depends on
    # timing (a loaded machine splits one print's lines in two), the page must not
    CoalesceStreamsPreprocessor(enabled=True).preprocess(nb, {})
    quarantine_outputs(nb)
    nb.metadata["title"] = title
    info = nb.metadata.get("language_info", {})
    with _EXPORTER_LOCK:
        held = _HOLDING.held = _Held()
        _HOLDING.lexer = info.get("pygments_lexer", info.get("name", None))  # nbconvert's rule
        try:
            body = _export(nb)
        finally:
            _HOLDING.held = _HOLDING.lexer = None
        page = held.put_back(body)
        return page if page is not None else _export(nb)  # a placeholder went astray


def _export(nb) -> str:
    body, _ = _exporter().from_notebook_node(
        nb, resources={"discourse_csp": content_security_policy()})
    return body


_EXPORTER_LOCK = threading.Lock()
_HOLDING = threading.local()
"""Of the page being rendered in this thread: ``held``, its :class:`_Held`, and ``lexer``, the
Pygments lexer of its code (else ``None``)."""
_HIGHLIGHTED: dict[tuple, str] = {}
"""nbconvert's highlighted HTML of a code cell's input, by lexer, source and cell metadata."""


def _highlight_code(source, language=None, metadata=None) -> str:
    """The exporter's ``highlight_code`` filter: nbconvert's own (``Highlight2HTML`` with the
    page's lexer), remembered (see :func:`highlighted`)."""
    return highlighted(getattr(_HOLDING, "lexer", None), source, language, metadata)


def highlighted(lexer, source, language=None, metadata=None) -> str:
    """What nbconvert's ``Highlight2HTML(pygments_lexer=lexer)`` makes of a cell's ``source``
    (and ``language``, ``metadata``), worked out once: the inputs of a notebook are known
    before it runs (:func:`prerender_inputs`), and their page is then rendered sooner."""
    import json

    key = (lexer, language, source, json.dumps(metadata, sort_keys=True, default=repr))
    html = _HIGHLIGHTED.get(key)
    if html is None:
        from nbconvert.filters.highlight import Highlight2HTML

        html = Highlight2HTML(pygments_lexer=lexer, parent=_exporter())(
            source, language=language, metadata=metadata)
        if len(_HIGHLIGHTED) < 10_000:
            _HIGHLIGHTED[key] = html
    return html


class _Held:
    """The highlighted inputs of one page, held out of nbconvert's last step.

    nbconvert's HTML exporter parses its whole page with BeautifulSoup (to give images an
    ``alt`` and cells a ``tabindex``) and writes it out again: a third of a page's time, most
    of it on the inputs' thousands of ``<span>`` tags. A code cell's highlighted input that
    :func:`held_form` accepts is given to the exporter as a placeholder element instead, and
    put back, as BeautifulSoup would write it, into the page the exporter returns: the page is
    the same (``tests/test_report_clean_html.py``), since such an input is a balanced piece of
    ``div``, ``pre`` and ``span`` tags between two tags, which BeautifulSoup parses and writes
    the same wherever it stands outside a ``pre``, a ``script`` or a ``style``.
    """

    def __init__(self):
        import secrets

        self.tag = f"dc-held-{secrets.token_hex(8)}-"
        self.forms: list[str] = []

    def hold(self, form: str) -> str:
        """The placeholder of an input whose written form is ``form``."""
        self.forms.append(form)
        return f"<{self.tag}{len(self.forms) - 1}></{self.tag}{len(self.forms) - 1}>"

    def put_back(self, body: str) -> str | None:
        """``body`` with each placeholder replaced by its input; ``None`` unless each is
        found exactly once."""
        seen: list[int] = []

        def form(m) -> str:
            seen.append(int(m.group(1)))
            return self.forms[int(m.group(1))]

        tag = re.escape(self.tag)
        page = re.sub(f"<{tag}(\\d+)></{tag}\\1>", form, body)
        if sorted(seen) != list(range(len(self.forms))) or self.tag in page:
            return None
        return page


@functools.cache
def _exporter():
    """The HTML exporter, made once per process: its Jinja2 environment keeps the compiled
    templates, which a new exporter would load and compile again (a third of the time of a
    small notebook's page). Nothing of one notebook stays in it for the next. A page's notebook
    is checked against its schema once, after the preprocessors, not after each of the dozen."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="discourse_notebook.html.j2",
                            extra_template_paths=[str(TEMPLATES)], embed_images=True,
                            exclude_anchor_links=True, optimistic_validation=True,
                            filters={"highlight_code": _highlight_code})
    exporter.register_filter("safe_markdown", safe_markdown)
    exporter.register_filter("clean_html", _page_clean_html)
    return exporter


def _page_clean_html(element) -> str:
    """The exporter's ``clean_html`` filter: :func:`_clean_html`, and while a page is rendered,
    a placeholder for its markup from the first tag to the last when :func:`held_form` accepts
    that (see :class:`_Held`); the text around stays, to be parsed with the page's."""
    cleaned = _clean_html(element)
    held = getattr(_HOLDING, "held", None)
    start, end = cleaned.find("<"), cleaned.rfind(">") + 1
    if held is None or start < 0:
        return cleaned
    form = _held_form(cleaned[start:end])
    return cleaned if form is None else f"{cleaned[:start]}{held.hold(form)}{cleaned[end:]}"


_CLEANED: dict[str, str] = {}
"""nbconvert's ``clean_html`` (bleach) of each code cell's highlighted input, by that input:
half the time of a page, and known before the notebook runs (:func:`prerender_inputs`)."""


def _clean_html(element) -> str:
    """nbconvert's ``clean_html`` filter, remembered (the same string gives the same HTML);
    highlighted code that bleach would give back unchanged (:func:`is_clean_highlight`) is
    not parsed at all."""
    from nbconvert.filters.strings import clean_html

    key = element.decode() if isinstance(element, bytes) else str(element)
    cleaned = _CLEANED.get(key)
    if cleaned is None:
        cleaned = key if is_clean_highlight(key) else clean_html(key)
        if len(_CLEANED) < 10_000:
            _CLEANED[key] = cleaned
    return cleaned


_HIGHLIGHT_TOKEN = re.compile(r'<(/?)(div|pre|span)((?: class="[\w -]*")?)>|&(?:amp|lt|gt);'
                              r'|[^<>&]+')


def is_clean_highlight(markup: str) -> bool:
    r"""Whether ``markup`` is highlighted code that nbconvert's ``clean_html`` (bleach, with
    ``div``, ``pre``, ``span`` and ``class`` allowed) gives back unchanged: nothing but
    properly nested ``<div>``, ``<pre>`` and ``<span>`` tags (a ``class`` their only
    attribute, never on a closing tag; ``div`` and ``pre`` never inside ``pre`` or ``span``),
    text with ``&``, ``<`` and ``>`` written ``&amp;``, ``&lt;``, ``&gt;`` and no character
    the HTML parser changes (carriage returns, NUL and other control characters: only
    printable ones, newlines and tabs), and no newline right after ``<pre>`` (which the
    parser drops). Pygments' HTML of a code cell is such markup; anything else is cleaned by
    bleach (``tests/test_report_clean_html.py`` compares the two).

    >>> is_clean_highlight('<div class="highlight"><pre><span></span><span class="n">x</span>'
    ...                    ' <span class="o">&lt;</span> 1\n</pre></div>')
    True
    >>> is_clean_highlight('<div><pre><b>x</b></pre></div>'), is_clean_highlight('<pre>\nx</pre>')
    (False, False)
    """
    stack: list[str] = []
    pos = 0
    for m in _HIGHLIGHT_TOKEN.finditer(markup):
        if m.start() != pos:
            return False
        pos = m.end()
        closing, tag = m.group(1), m.group(2)
        if tag is None:  # text or one of the three entities
            text = m.group(0)
            if text[0] != "&" and not text.replace("\n", "").replace("\t", "").isprintable():
                return False
        elif closing:
            if m.group(3) or not stack or stack.pop() != tag:
                return False
        else:
            if tag != "span" and ("pre" in stack or "span" in stack):
                return False
            if tag == "pre" and markup.startswith("\n", pos):
                return False
            stack.append(tag)
    return pos == len(markup) and not stack


_FORMS: dict[str, str | None] = {}
""":func:`held_form` of each cleaned input, by that input (see :data:`_CLEANED`)."""


def _held_form(markup: str) -> str | None:
    """:func:`held_form`, remembered."""
    if markup not in _FORMS:
        if len(_FORMS) >= 10_000:
            return held_form(markup)
        _FORMS[markup] = held_form(markup)
    return _FORMS[markup]


_CLASS = re.compile(r' class="([\w -]*)"')
_SPACES = frozenset(" \t\n")


def held_form(markup: str) -> str | None:
    r"""``markup`` as BeautifulSoup (``html.parser``) writes it, when it is highlighted code
    that :func:`is_clean_highlight` accepts, opens with a tag and ends with one, and holds no
    ``jp-`` (the classes nbconvert's exporter looks for); else ``None``. A class's words are
    then written one space apart, and a run of text made of spaces, tabs and newlines only,
    outside ``pre``, becomes one newline if it has one, else one space (BeautifulSoup's rule
    for such text); the rest is as it was (``tests/test_report_clean_html.py`` compares this
    with BeautifulSoup's own writing).

    >>> held_form('<div class=" highlight x"><pre><span class="n">a</span> &lt; b\n</pre></div>')
    '<div class="highlight x"><pre><span class="n">a</span> &lt; b\n</pre></div>'
    >>> held_form('<div><span>a</span>\t<span>b</span></div>'), held_form('x<span></span>')
    ('<div><span>a</span> <span>b</span></div>', None)
    """
    if not (markup.startswith("<") and markup.endswith(">")) or "jp-" in markup \
            or not is_clean_highlight(markup):
        return None
    out: list[str] = []
    run: list[str] = []
    in_pre = 0
    for m in _HIGHLIGHT_TOKEN.finditer(markup):
        tag = m.group(2)
        if tag is None:
            run.append(m.group(0))
            continue
        out.append(_written_run("".join(run), in_pre))
        run = []
        if tag == "pre":
            in_pre += -1 if m.group(1) else 1
        attrs = _CLASS.sub(lambda c: f' class="{" ".join(c.group(1).split())}"', m.group(3))
        out.append(f"<{m.group(1)}{tag}{attrs}>")
    return "".join(out)


def _written_run(text: str, in_pre: int) -> str:
    """A run of text between two tags as BeautifulSoup writes it (see :func:`held_form`)."""
    if not text or in_pre or not _SPACES.issuperset(text):
        return text
    return "\n" if "\n" in text else " "


def prerender_inputs(paths) -> None:
    """Highlight and clean the code of the notebooks at ``paths`` ahead (while the kernels start):
    rendering a notebook's page then finds its inputs done (:func:`_clean_html`), and the
    last page of a report is written sooner. A page is the same either way."""
    import nbformat

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        info = nb.metadata.get("language_info", {})  # a kernel says ipython3: the key it renders
        lexer = info.get("pygments_lexer") or "ipython3"  # with (nbconvert's rule)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cleaned = _clean_html(highlighted(lexer, cell.source, metadata=cell.metadata))
                _held_form(cleaned[cleaned.find("<"):cleaned.rfind(">") + 1])


def notebook_title(nb, default: str) -> str:
    """The first ``# heading`` of a Markdown cell, else ``default``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return default
