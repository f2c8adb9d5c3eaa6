"""Safe HTML: document text (and ids, titles, names) can never become markup.

A corpus whose texts, ids, metadata and name carry ``<script>``, an ``<img onerror=...>``, a
``</textarea>`` and an attribute-breaking quote goes through every HTML output of the package.
Each page is parsed with :mod:`html.parser`; no element, attribute or script may come from the
document, and the hostile strings must be there as text.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

import discourse as dc
from discourse.report import site as report_pages
from discourse.report.context import build_context

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TEXTAREA = "</textarea>"
QUOTE = "\" onmouseover=\"alert(1)"
HOSTILE = [SCRIPT, IMG, TEXTAREA]

TEXT_A = (f"A headline {SCRIPT}\n\n"
          f"Experts say it may rain. {SCRIPT} Perhaps the plan will work.\n\n"
          f"According to the minister, {IMG} it could be worse. {TEXTAREA} We think so.\n\n"
          f"The {QUOTE} storm may pass.")
TEXT_B = (f"Another headline {IMG}\n\n"
          f"It is clear that the storm will pass. {SCRIPT} We will certainly win.\n\n"
          f"Obviously {IMG} the plan works. {TEXTAREA} It must rain.\n\n"
          f"The {QUOTE} storm will pass.")
ID_A = "<b onclick=alert(2)>a</b>"
ID_B = "b\" onmouseover=\"alert(3)"


class Page(HTMLParser):
    """Elements, attributes, script bodies and the visible text of an HTML string."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in = tag if tag in ("script", "style") else None

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in != "style":
            self.text.append(data)


def assert_safe(html: str, *, must_show=HOSTILE, ids: bool = True) -> Page:
    """No element or attribute from the document; the hostile strings shown as text."""
    assert isinstance(html, str) and html
    page = Page(str(html))
    tags = {t for t, _ in page.tags}
    assert not tags & {"textarea", "iframe", "object", "embed"}, tags
    for tag, attrs in page.tags:  # the package's own figures: inline PNG, nothing else
        if tag == "img":
            a = dict(attrs)
            assert (a.get("src") or "").startswith("data:image/png;base64,"), a
            assert set(a) <= {"src", "alt", "class", "width", "height"}, a
    for tag, attrs in page.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)
    for body in page.scripts:  # only the package's own scripts
        assert "alert(" not in body, body
    text = "".join(page.text)
    for s in must_show:
        assert s in text, (s, text[:500])
    if ids:
        assert ID_A in text
    # an escaped quote cannot end an attribute: the only attributes are the package's own
    assert not any(name in ("onerror", "onmouseover", "onclick") or
                   (name == "src" and not (value or "").startswith("data:image/png;base64,"))
                   for _, attrs in page.tags for name, value in attrs)
    return page


@pytest.fixture(scope="module")
def hostile():
    docs = pd.DataFrame({
        "doc_id": [ID_A, ID_B],
        "text": [TEXT_A, TEXT_B],
        "title": [f"Title {SCRIPT}", f"Title {IMG}"],
        "group": [f"g1 {TEXTAREA}", "g2 <i>"],
        "source": [QUOTE, "ok"],
    })
    return dc.from_frame(docs, name=f"corpus {SCRIPT}")


def test_the_corpus_keeps_the_hostile_text(hostile):
    assert hostile.documents.text.tolist() == [TEXT_A, TEXT_B]
    # the first line is a headline; every hostile string is also in the body, which all views show
    p = hostile.paragraphs
    assert p.is_analyzed.tolist() == [False, True, True, True] * 2, p[["section", "text"]]


def test_markers_html(hostile):
    for doc_id in hostile.doc_ids:
        html = dc.markers_html(hostile, doc_id)
        page = assert_safe(html, ids=doc_id == ID_A)
        assert any(t == "mark" or ("class", "dm-hedge") in a for t, a in page.tags)
        if hasattr(html, "_repr_html_"):  # what Jupyter shows
            assert_safe(html._repr_html_(), ids=doc_id == ID_A)


def test_aligned_html(hostile):
    aligned = dc.align_sentences(hostile, focus=ID_A, reference=ID_B, min_similarity=0)
    html = dc.aligned_html(aligned, hostile)
    page = assert_safe(html)
    assert "mark" in {t for t, _ in page.tags}
    if hasattr(html, "_repr_html_"):
        assert_safe(html._repr_html_())


@pytest.mark.parametrize("pattern", ["rain", "plan", "storm"])
def test_kwic_tables_rendered_as_html(hostile, pattern):
    k = dc.kwic(hostile, pattern, window=12)
    assert len(k)
    shown = [s for s in HOSTILE + [QUOTE]
             if any(s in left + right for left, right in zip(k.left, k.right, strict=True))]
    assert shown  # the context really carries a hostile string
    for html in (k.to_html(), k._repr_html_()):  # to_html and what the notebook shows
        assert_safe(html, must_show=shown, ids=False)


def test_corpus_repr_html(hostile):
    page = assert_safe(hostile._repr_html_(), must_show=[SCRIPT])  # the name is in the repr
    assert ID_B in "".join(page.text)


def test_reading_view(hostile):
    html = report_pages.reading_html(build_context(hostile))
    page = assert_safe(html, must_show=HOSTILE + [QUOTE, f"Title {SCRIPT}"])
    assert len(page.scripts) == 1  # the package's click handler, nothing else


def test_index_page(hostile):
    pages = [(f"x{QUOTE}.html", f"Notebook {SCRIPT}")]
    html = report_pages.index_html(build_context(hostile, origin=f"/data/{IMG}"),
                                   pages=pages)
    # the group names, the corpus name and origin, the page title: all shown as text
    page = assert_safe(html, must_show=[SCRIPT, IMG, f"g1 {TEXTAREA}", "g2 <i>",
                                        f"Notebook {SCRIPT}"], ids=False)
    hrefs = [v for t, a in page.tags if t == "a" for k, v in a if k == "href"]
    assert f"x{QUOTE}.html" in hrefs  # the quote stayed inside the attribute
    assert not page.scripts


def test_index_page_of_the_plain_example(example):
    html = report_pages.index_html(build_context(example), pages=[])
    assert_safe(html, must_show=[], ids=False)


def test_the_checker_catches_unescaped_html():
    """The checker itself can fail: raw hostile HTML is caught."""
    with pytest.raises(AssertionError):
        assert_safe(f"<p>{SCRIPT}</p>", must_show=[], ids=False)
    with pytest.raises(AssertionError):
        assert_safe(f"<p>{IMG}</p>", must_show=[], ids=False)
    with pytest.raises(AssertionError):
        assert_safe(f"<textarea>{TEXTAREA}<b>x</b>", must_show=[], ids=False)
    with pytest.raises(AssertionError):
        assert_safe(f'<p title="{QUOTE}">x</p>', must_show=[], ids=False)
    with pytest.raises(AssertionError):  # escaped, but the text was lost
        assert_safe("<p>nothing</p>", must_show=[SCRIPT], ids=False)


def test_views_save_as_pages_with_a_policy(hostile, tmp_path):
    html = dc.markers_html(hostile, ID_A)
    page = html.save(tmp_path / "m.html")
    text = page.read_text("utf-8")
    metas = [dict(a) for t, a in assert_safe(text).tags if t == "meta"]
    assert any(m.get("http-equiv") == "Content-Security-Policy"
               and m["content"].startswith("default-src 'none';") for m in metas)
    aligned = dc.aligned_html(dc.align_sentences(hostile, focus=ID_A, reference=ID_B,
                                                 min_similarity=0), hostile)
    assert_safe(aligned.save(tmp_path / "a.html").read_text("utf-8"))


MARKDOWN_PAYLOADS = ["[x](javascript:alert(1))", "![i](http://example.com/x.png)",
                     "<img src=x onerror=alert(1)>", "**bold** _it_ `code`", "<script>x</script>",
                     "see http://example.com/a.png and www.example.com", "# heading",
                     "1. list", "> quote", "$x$ and $$y$$", "a | b", "a & b &amp; c",
                     "line\n# heading on a new line", "<http://example.com>"]


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_escape_markdown_shows_the_value_as_it_is(payload):
    """Rendered by nbconvert's own Markdown renderer, the value comes back as plain text."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from discourse.report.notebook_run import safe_markdown

    for render in (markdown2html_mistune, safe_markdown):  # nbconvert's, and the report's
        html = render(f"value: {dc.escape_markdown(payload)}")
        page = Page(html)
        assert [t for t, _ in page.tags] == ["p"], html  # one paragraph, no link/img/em/code
        assert "".join(page.text).strip() == "value: " + " ".join(payload.split()), html


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_markdown_outputs_of_a_report_page_make_no_markup(payload):
    """The net under the notebooks: a Markdown output that forgot to escape makes no link,
    image, tag or handler in the page (Markdown emphasis may stay)."""
    from discourse.report.notebook_run import safe_markdown

    page = Page(safe_markdown(f"value: {payload}"))
    for tag, attrs in page.tags:
        assert tag not in ("img", "script", "a", "iframe"), (tag, attrs)
        assert not any(k.startswith("on") for k, _ in attrs), (tag, attrs)


def test_unsafe_html_outputs_are_shown_as_text():
    import nbformat

    from discourse.report.notebook_run import quarantine_outputs, unsafe_html

    assert unsafe_html(dc.markers_html(dc.from_texts(["It may rain."]))) == []
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": IMG}),
                    nbformat.v4.new_output("display_data", data={"text/html": "<b>ok</b>"})]
    nb.cells.append(cell)
    assert quarantine_outputs(nb) == 1
    assert "text/html" not in cell.outputs[0].data and IMG in cell.outputs[0].data["text/plain"]
    assert cell.outputs[1].data["text/html"] == "<b>ok</b>"
