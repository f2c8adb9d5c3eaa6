"""No page shows its own machinery, and small corpora give a whole report (issue 22).

Notebook 02 displayed the term explorer, whose iframe (scripts of its own) the quarantine of
untrusted HTML outputs then printed as text: 282,000 characters on the example, a 123,000-pixel
page on a corpus of three groups. Two one-sentence documents stopped notebook 02 at an
infinite log-odds. Here: the quarantine turns the package's own explorer into a link and shows
at most a few thousand characters of anything else; the reports of the example, of a corpus of
four groups and of two one-sentence documents are complete, no page holds the quarantine text,
and (with Chromium) no page is taller than 40,000 pixels at 1,400 pixels wide.
"""

import nbformat
import pandas as pd
import pytest

import discourse as dc
from discourse.report import build as build_report
from discourse.report.notebook_run import QUARANTINE_CHARS, quarantine_outputs

QUARANTINED = "an HTML output was shown as text"
MAX_HEIGHT = 40_000


def _nb_with(html: str):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data",
                                           data={"text/html": html, "text/plain": "<x>"})]
    nb.cells = [cell]
    return nb


def test_the_packages_own_explorer_becomes_a_link_not_quarantined_text():
    c = dc.load_example()
    explorer = dc.explore(c, sides=dc.comparisons(c)[0])
    nb = _nb_with(explorer._repr_html_())
    assert quarantine_outputs(nb) == 0
    data = nb.cells[0].outputs[0]["data"]
    assert "text/html" not in data and "(explorer.html)" in data["text/markdown"]
    assert QUARANTINED not in str(nb)


def test_a_quarantined_output_shows_a_few_thousand_characters():
    nb = _nb_with("<script>alert(1)</script>" + "x" * 500_000)
    assert quarantine_outputs(nb) == 1
    text = nb.cells[0].outputs[0]["data"]["text/plain"]
    assert text.startswith(f"({QUARANTINED}: it contained <script>)")
    assert len(text) < QUARANTINE_CHARS + 200 and "more characters not shown" in text


def _groups_corpus(path):
    """Four groups of three documents, made of the example's sentences."""
    sents = dc.load_example().sentences.text.tolist()
    rows = [(f"d{i:02d}", "abcd"[i % 4], " ".join(sents[i::12])) for i in range(12)]
    pd.DataFrame(rows, columns=["doc_id", "group", "text"]).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The example, four groups, and two one-sentence documents, as `make report` builds them."""
    tmp = tmp_path_factory.mktemp("whole")
    two = tmp / "two.csv"
    pd.DataFrame({"doc_id": ["a", "b"], "text": ["It may rain.", "It is clear."]}).to_csv(
        two, index=False)
    mp = pytest.MonkeyPatch()
    mp.setenv("MPLBACKEND", "Agg")
    sites = {}
    try:
        for name, corpus in (("example", None), ("groups", _groups_corpus(tmp / "groups.csv")),
                             ("two", two)):
            executed = {}
            index = build_report.build(corpus, out=tmp / "out", name=name, jobs=2,
                                       executed=executed, log=lambda line: None)
            sites[name] = (index.parent, executed)
    finally:
        mp.undo()
    return sites


@pytest.mark.parametrize("name", ["example", "groups", "two"])
def test_every_page_is_whole_and_shows_no_machinery(reports, name):
    site, executed = reports[name]
    pages = sorted(site.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "reading.html", "01_corpus_overview.html",
                                       "02_topic_contrasts.html", "05_your_own_texts.html"}
    for page in pages:
        html = page.read_text("utf-8")
        assert QUARANTINED not in html, page.name
    for stem, nb in executed.items():  # every notebook ran to its end, without an error
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors, (stem, errors[:1])
    nb02 = (site / "02_topic_contrasts.html").read_text("utf-8")
    if (site / "explorer.html").exists():
        assert 'href="explorer.html"' in nb02


def test_two_one_sentence_documents_say_why_a_section_is_skipped(reports):
    _, executed = reports["two"]
    text = "\n".join(o.get("text", "") for nb in executed.values() for c in nb.cells
                     for o in c.get("outputs", []) if o.output_type == "stream")
    assert "Axis limits cannot be NaN" not in text
    skipped = [line for line in text.splitlines() if ": not computed: " in line]
    assert skipped and all(line.split(": not computed: ")[1].strip() for line in skipped)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["example", "groups", "two"])
def test_no_page_is_taller_than_40000_pixels(reports, name, tmp_path):
    from explore_browser import browser, missing

    why = missing()
    if why:
        pytest.skip(why)
    site, _ = reports[name]
    heights = {}
    with browser(tmp_path, width=1400, height=1000) as driver:
        for page in sorted(site.glob("*.html")):
            driver.get(page.as_uri())
            heights[page.name] = driver.execute_script(
                "return document.documentElement.scrollHeight")
    assert max(heights.values()) <= MAX_HEIGHT, heights


def _streams(nb) -> str:
    return "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                     if o.output_type == "stream")


def test_alignment_runs_only_on_a_pair_of_related_texts(reports):
    """Notebook 04's section 3 pairs a text with its rewrite: on groups of documents it says
    why in one line instead of aligning two unrelated documents."""
    groups = _streams(reports["groups"][1]["04_register_and_claims"])
    assert "Alignment: not computed: this section pairs the sentences of a text with those of " \
        "its rewrite" in groups
    example = reports["example"][1]["04_register_and_claims"]
    assert "Alignment: not computed" not in _streams(example)
    assert any("best match, real" in str(o) or "image/png" in o.get("data", {})
               for c in example.cells for o in c.get("outputs", []) if "hist" in c.source)


def test_the_wide_comparison_table_shows_the_columns_a_student_reads(reports):
    nb = reports["groups"][1]["03_hedging_certainty"]
    cell = next(c for c in nb.cells if "dc.compare_rates(compared, markers, sides=MAIN"
                in c.source)
    html = next(o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {}))
    assert html.count("<th") <= 12 + 12  # header cells of at most ten columns (and the index)
    said = "".join(str(o.get("data", {}).get("text/markdown", "")) for o in cell.outputs)
    assert "`display(comparison)` shows them all" in said
