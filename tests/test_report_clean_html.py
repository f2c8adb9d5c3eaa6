"""Highlighted code that bleach would give back unchanged is not parsed (issue 25, point 2):
:func:`~discourse.report.notebook_page.is_clean_highlight` accepts only markup that
nbconvert's ``clean_html`` returns as it is, checked here against ``clean_html`` itself on
every code cell of the notebooks and on random code and markup; a page is the same with the
shortcut as without it."""

import random

import nbformat
import pytest
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.strings import clean_html

from discourse.report import notebook_page
from discourse.report.build import notebooks_dir
from discourse.report.notebook_page import (
    _exporter,
    held_form,
    is_clean_highlight,
    render_notebook,
)

NOTEBOOKS = sorted(notebooks_dir().glob("[0-9]*.ipynb"))


def _highlight():
    return Highlight2HTML(pygments_lexer="ipython3", parent=_exporter())


def _highlighted_inputs():
    """(notebook name, cell source, nbconvert's highlighted HTML) of every code cell."""
    highlight = _highlight()
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                yield path.name, cell.source, highlight(cell.source, metadata=cell.metadata)


def test_every_code_cell_of_the_notebooks_takes_the_shortcut_and_is_what_bleach_gives():
    n = 0
    for name, source, markup in _highlighted_inputs():
        assert is_clean_highlight(markup), (name, source[:80])
        assert clean_html(markup) == markup
        n += 1
    assert n > 50


PIECES = ["x", "def ", "print(", ")", " ", "\n", "\t", "'", '"', "<", ">", "&", "&amp;", "#",
          "\r", "\r\n", "\0", "\x0c", "\x7f", "\x85", "\u2028", "é", "–", "’", "中", "1.5",
          '"""', "\\", "<b>", "</span>", "&lt;", "&#39;", "&nbsp;", "\n\n", "f'{x}'", "%time"]
TAGS = ['<div class="highlight">', "<div>", "<pre>\n", "</div>", "<pre>", "</pre>", "<span>",
        '<span class="n">', "</span>", '<span class="a b-c">', '</span class="n">',
        "<span id='x'>", "<b>", "</b>", "<br>", "<p>", "</p>", '<div class="x"y>', "<!-- c -->"]
TEXTS = ["x", "1 ", "\n", "\t", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&", "<", ">",
         '"', "'", "é", "\r", "\0", "\x0c", " ", "\u00a0", "\n\n"]


@pytest.mark.parametrize("seed", range(4))
def test_whatever_is_accepted_is_what_bleach_gives_back(seed):
    rng = random.Random(seed)
    highlight = _highlight()
    accepted = declined = 0
    for _ in range(300):  # code as a notebook cell may hold it, highlighted by Pygments
        source = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        markup = highlight(source)
        if is_clean_highlight(markup):
            accepted += 1
            assert clean_html(markup) == markup, repr(source)
        else:
            declined += 1
    for _ in range(300):  # markup of its own: tags in or out of the shortcut's grammar
        parts = [rng.choice(TAGS) if rng.random() < 0.4 else rng.choice(TEXTS)
                 for _ in range(rng.randint(0, 12))]
        markup = "".join(parts)
        if is_clean_highlight(markup):
            accepted += 1
            assert clean_html(markup) == markup, repr(markup)
        else:
            declined += 1
    assert accepted > 50 and declined > 50  # both ways are exercised


@pytest.mark.parametrize("markup", [
    "<pre>\nx</pre>", '<div class="highlight"><pre>\n\nx</pre></div>', "<pre>\r\nx</pre>",
    "<span>a\rb</span>", "<span>\0</span>", "<span>\x0c</span>", "<pre><div>x</div></pre>",
    "<span><pre>x</pre></span>", "<span>x", "x</span>", "<span>x</pre>", "a &quot; b",
    "a &#39; b", "a & b", "a > b", '<span class="n" id="x">x</span>', "<!-- c -->",
    " <div>x</div>\n", '<div class=" highlight hl-ipython3"><pre><span></span>x\n</pre></div>'])
def test_hand_picked_markup_is_declined_or_what_bleach_gives(markup):
    assert not is_clean_highlight(markup) or clean_html(markup) == markup


def test_a_page_is_the_same_with_the_shortcut_and_without(monkeypatch):
    def pages():
        notebook_page._CLEANED.clear()
        return [render_notebook(nbformat.read(p, as_version=4), title=p.stem)
                for p in NOTEBOOKS]

    fast = pages()
    monkeypatch.setattr(notebook_page, "is_clean_highlight", lambda markup: False)
    slow = pages()
    notebook_page._CLEANED.clear()
    assert fast == slow


# -- the inputs held out of nbconvert's BeautifulSoup pass (notebook_page._Held) ----------------
def _soup(markup):
    from bs4 import BeautifulSoup

    return str(BeautifulSoup(markup, features="html.parser"))


def test_every_input_of_the_notebooks_is_held_and_written_as_beautifulsoup_writes_it():
    n = 0
    for name, source, markup in _highlighted_inputs():
        core = markup[markup.find("<"):markup.rfind(">") + 1]
        assert held_form(core) == _soup(core), (name, source[:80])
        n += 1
    assert n > 50


HELD_TAGS = [*TAGS, '<span class="">', '<span class="  a  b ">', '<div class=" x">',
             '<span class="é_1 -">', "<pre>", "</pre>", "<div>", "</div>", "<span>", "</span>"]
HELD_TEXTS = [*TEXTS, *PIECES, "  ", " \t\n ", "\t", "\n", " "]
CLEAN_TEXTS = ["x", "1 ", "\n", "\t", "&amp;", "&lt;", "&gt;", '"', "'", "é", " ", "\u00a0",
               "\n\n", "  ", " \t\n ", "中", "’", "print(", "%time"]


def _balanced(rng):
    """Random markup of div, pre and span, properly nested, opening with a tag, with text
    between (mostly of what the shortcut accepts)."""
    out, stack = [], []
    for i in range(rng.randint(1, 14)):
        roll = rng.random()
        if i == 0 or roll < 0.35 or not stack and roll < 0.6:
            tag = rng.choice(["div", "pre", "span"])
            cls = rng.choice(["", ' class="n"', ' class=" highlight hl-ipython3"',
                              ' class="a  b "', ' class=""'])
            out.append(f"<{tag}{cls}>")
            stack.append(tag)
        elif roll < 0.6:
            out.append(f"</{stack.pop()}>")
        else:
            out.append(rng.choice(CLEAN_TEXTS if rng.random() < 0.9 else HELD_TEXTS))
    out.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(out)


@pytest.mark.parametrize("seed", range(4))
def test_whatever_is_held_is_written_as_beautifulsoup_writes_it(seed):
    rng = random.Random(seed)
    held = declined = 0
    for _ in range(1000):
        if rng.random() < 0.5:
            markup = _balanced(rng)
        else:
            markup = "".join(rng.choice(HELD_TAGS) if rng.random() < 0.5
                             else rng.choice(HELD_TEXTS) for _ in range(rng.randint(0, 14)))
        form = held_form(markup)
        if form is None:
            declined += 1
        else:
            held += 1
            assert form == _soup(markup), repr(markup)
    assert held > 150 and declined > 100  # both ways are exercised


@pytest.mark.parametrize("markup", [
    "x<span>a</span>", "<span>a</span>x", '<div class="jp-Cell-inputWrapper">x</div>',
    "<span>a", "<span><pre>x</pre></span>", "<b>x</b>", "<br>", "<span>a &#39; b</span>"])
def test_markup_that_is_not_held(markup):
    assert held_form(markup) is None


def test_a_page_is_the_same_with_its_inputs_held_and_without(tmp_path, monkeypatch):
    import asyncio

    from discourse.report.notebook_run import execute

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T\n\nsome *text*"),
                nbformat.v4.new_code_cell("import pandas as pd\n"
                                          "pd.DataFrame({'a': [1, 2], 'b': ['<x>', 'y']})"),
                nbformat.v4.new_code_cell("print('a\\tb')  # a comment with 'quotes' & <tags>"),
                nbformat.v4.new_code_cell("x = 1\n\n\n   \ny = [x for x in 'abc']\n\t")]
    nbformat.write(nb, tmp_path / "n.ipynb")
    executed = asyncio.run(execute(tmp_path / "n.ipynb", settings={}, workdir=tmp_path))
    nodes = [executed, *(nbformat.read(p, as_version=4) for p in NOTEBOOKS)]

    def pages():
        return [render_notebook(nbformat.from_dict(node), title="t") for node in nodes]

    held = pages()
    assert not any("dc-held-" in page for page in held)
    monkeypatch.setattr(notebook_page, "_held_form", lambda markup: None)
    assert pages() == held
