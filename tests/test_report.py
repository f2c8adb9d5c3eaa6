"""The report: every page written, every figure on its page, offline, escaped; Chromium check."""

import dataclasses
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import binomtest

import discourse as dc
from discourse.report import build as build_report
from discourse.report import site as report_pages
from discourse.report.context import build_context

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//""",
                    re.I)
NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9]*.ipynb"))
HOSTILE = "<script>alert(1)</script> and <img src=x onerror=alert(2)> and </textarea>"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    """The example report as `make report` renders it (MPLBACKEND=Agg in the parent)."""
    out = tmp_path_factory.mktemp("reports")
    executed = {}
    mp = pytest.MonkeyPatch()
    mp.setenv("MPLBACKEND", "Agg")  # what the Makefile exports: must not keep figures away
    try:
        index = build_report.build(out=out, jobs=2, executed=executed, log=lambda line: None)
    finally:
        mp.undo()
    return index.parent, executed


def _images_in_outputs(nb) -> int:
    """Figures the executed notebook drew: image outputs counted here, not by the package."""
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            n += sum(1 for mime in out.get("data", {}) if mime in IMAGE_MIMES)
    return n


def test_every_figure_is_on_its_page(example_report):
    site, executed = example_report
    assert set(executed) == {p.stem for p in NOTEBOOKS}
    drawn = {}
    for stem, nb in executed.items():
        page = (site / f"{stem}.html").read_text("utf-8")
        on_page = len(re.findall(r'<img[^>]*\ssrc="data:image/', page))
        drawn[stem] = _images_in_outputs(nb)
        assert on_page == drawn[stem], (stem, on_page, drawn[stem])
    # notebooks 01-04 each draw at least one figure (boxplot; keyness; rates; style)
    for stem in ("01_corpus_overview", "02_topic_contrasts", "03_hedging_certainty",
                 "04_register_and_claims"):
        assert drawn[stem] >= 1, (stem, drawn)


def test_the_example_site_is_complete_and_offline(example_report):
    site, _ = example_report
    assert site.name == "example"
    names = {p.name for p in site.glob("*.html")}
    assert {"index.html", "reading.html", "explorer.html"} | {
        p.stem + ".html" for p in NOTEBOOKS} == names
    assert not list(site.parent.glob(".example.*"))  # no temporary folder, no lock left
    index = (site / "index.html").read_text("utf-8")
    for nb in NOTEBOOKS:
        assert f'href="{nb.stem}.html"' in index
    assert 'href="explorer.html"' in index  # issue 17: the term explorer, linked from the index
    for page in site.glob("*.html"):
        html = page.read_text("utf-8")
        assert "Traceback (most recent call last)" not in html, page.name
        assert not REMOTE.search(html), (page.name, REMOTE.search(html).group())
        assert 'http-equiv="Content-Security-Policy"' in html or \
            "http-equiv=\"Content-Security-Policy\"" in html.replace("'", '"'), page.name
        assert "<script src" not in html and "mathjax" not in html.lower(), page.name


@pytest.fixture(scope="module")
def own_folder(tmp_path_factory):
    """A folder of three small text files."""
    folder = tmp_path_factory.mktemp("my_texts")
    (folder / "alpha.txt").write_text(
        "Perhaps the plan will work. It may rain, and experts say it could be worse.\n\n"
        "According to the minister, the costs are probably small.", encoding="utf-8")
    (folder / "beta.txt").write_text(
        "It is clear that the plan works. We will certainly win, no doubt about it.\n\n"
        f"The results are obviously good. {HOSTILE}", encoding="utf-8")
    (folder / "gamma.txt").write_text(
        "I think this might help. Honestly, it ain't perfect, but it is a start.",
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def own_report(own_folder, tmp_path_factory):
    """`discourse report folder` on it."""
    out = tmp_path_factory.mktemp("reports")
    index = build_report.build(str(own_folder), out=out, jobs=2, log=lambda line: None)
    return index.parent


def test_every_page_is_written(own_report):
    assert own_report.name.startswith("my_texts")
    names = {p.name for p in own_report.glob("*.html")}
    assert {"index.html", "reading.html", "explorer.html"} | {
        p.stem + ".html" for p in NOTEBOOKS} <= names
    for page in own_report.glob("*.html"):
        html = page.read_text("utf-8")
        assert "Traceback (most recent call last)" not in html, page.name
        assert not REMOTE.search(html), (page.name, REMOTE.search(html).group())


class _Elements(HTMLParser):
    """Every start tag with its attributes, and all text, of a page."""

    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_document_text_is_escaped_everywhere(own_report):
    for page in own_report.glob("*.html"):
        parsed = _Elements()
        parsed.feed(page.read_text("utf-8"))
        assert not [t for t, a in parsed.tags if any(k.startswith("on") for k in a)], page.name
        assert not [a for t, a in parsed.tags if t == "img" and a.get("src") == "x"], page.name
        assert "<script>alert(1)" not in page.read_text("utf-8"), page.name
    reading = _Elements()
    reading.feed((own_report / "reading.html").read_text("utf-8"))
    shown = re.sub(r"\s+", " ", "".join(reading.text))
    assert "<img src=x onerror=alert(2)> and </textarea>" in shown


def _table_rows(html: str, first_cell: str) -> list[list[str]]:
    """The cells of every table row whose first cell is ``first_cell``."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    cells = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r,
                                                                     re.S)] for r in rows]
    return [c for c in cells if c and c[0] == first_cell]


def test_index_overview_numbers_are_computed(own_report, own_folder):
    index = (own_report / "index.html").read_text("utf-8")
    # alpha, counted by hand: 15 + 9 = 24 words in 3 sentences (8.0 per sentence)
    row, analysed = _table_rows(index, "alpha")  # the overview, then the words analysed
    assert row[1:4] == ["24", "3", "8.0"]
    assert analysed[1:4] == ["24", "24", "100.0%"]
    m = dc.find_markers(dc.read_folder(own_folder))
    n = int(((m.doc_id == "alpha") & (m.category == "hedge")).sum())
    assert n >= 4  # perhaps, may, could, probably (and "experts say" is attribution)
    assert row[4].startswith(f"{n / 24 * 1000:.1f} (")
    assert "Methods" in index and "Punkt" in index and "Snowball" in index
    # three documents and no groups: each document against the rest, all named
    for d in ("alpha", "beta", "gamma"):
        assert f"{d} against the rest" in index


def test_the_index_names_every_group_and_the_chosen_pair():
    docs = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(10)],
        "group": ["red", "blue", "green", "red", "blue", "green", "gold", "gold", "red", "blue"],
        "text": ["It may rain today, perhaps.", "We will certainly win.", "Green fields grow.",
                 "It might rain again.", "Clearly we win.", "Fields of grass.",
                 "Gold is shiny.", "Shiny gold coins.", "Rain may come.", "Victory is certain."]})
    c = dc.from_frame(docs, name="colours")
    html = report_pages.index_html(build_context(c), pages=[])
    for g in ("red", "blue", "green", "gold"):
        assert f"{g} against the rest" in html
    assert "Groups in the corpus (4): red, blue, green, gold." in html
    pair = report_pages.index_html(build_context(c, focus="blue", reference="red"), pages=[])
    assert "blue against red" in pair and "against the rest" not in pair.split("Methods")[0]
    assert "Left out of the comparison: green, gold." in pair


def test_a_side_without_hits_is_a_difference():
    """16 hedges against none: the finding says so, as the table does (part 6)."""
    hedged = " ".join(["The plan may work."] * 16)
    plain = " ".join(["The plan works well."] * 16)
    c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b"], "group": ["H", "P"],
                                    "text": [hedged, plain]}))
    m = dc.find_markers(c, categories=["hedge"])
    assert int((m.doc_id == "a").sum()) == 16 and int((m.doc_id == "b").sum()) == 0
    words = c.documents.set_index("doc_id").n_words
    p = binomtest(16, 16, words["a"] / (words["a"] + words["b"])).pvalue
    context = dataclasses.replace(build_context(c), markers=m)  # hedges only
    html = report_pages.index_html(context, pages=[])
    (row,) = _table_rows(html, "hedge")
    assert row[1] == "16 vs 0"
    assert float(row[4]) == pytest.approx(p, rel=1e-2)
    assert row[-1].startswith("differs")
    assert "No stance category" not in html
    assert "hedge: 16 vs 0 hits" in html and "only H uses them" in html


def test_missing_corpus_is_a_clear_error(capsys):
    from discourse.cli import main as cli_main

    assert cli_main(["report", "/nowhere/at/all", "--out", "/tmp/x"]) == 2
    err = capsys.readouterr().err
    assert "points nowhere" in err and len(err.strip().splitlines()) == 1


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run_chromium(tmp_path, url, *args):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-quic", f"--user-data-dir={tmp_path / 'profile'}",
             f"--log-net-log={tmp_path / 'net.json'}"]
    out = subprocess.run([_chromium(), *flags, *args, url], capture_output=True, text=True,
                         timeout=120)
    netlog = (tmp_path / "net.json").read_text("utf-8", errors="replace")
    return out.stdout, netlog


# Chromium's own service requests (update checks, accounts) are not the page's doing.
_BROWSER_SERVICES = re.compile(r"https?://[^/\"]*(?:google\.com|googleapis\.com|gstatic\.com)/")


def _page_requests(netlog: str) -> list[str]:
    urls = set(re.findall(r'"url":"(https?://[^"]+)"', netlog))
    return sorted(u for u in urls if not _BROWSER_SERVICES.match(u))


@pytest.mark.browser
def test_the_example_report_renders_in_chromium(tmp_path):
    if not _chromium():
        pytest.skip("Chromium is not installed (CI installs it: apt-get install chromium)")
    corpus = dc.load_example()
    site = tmp_path / "site"
    site.mkdir()
    index = report_pages.write_site(build_context(corpus), site,
                                    pages=[("01_corpus_overview.html", "01")])
    dom, netlog = _run_chromium(tmp_path, index.as_uri(), "--dump-dom")
    assert "<h1>discourse report: example</h1>" in dom
    assert "Key findings" in dom and "cepa_essay" in dom and "news_rewrite" in dom
    assert _page_requests(netlog) == []

    shot = tmp_path / "reading.png"
    dom, netlog = _run_chromium(tmp_path, (site / "reading.html").as_uri(), "--dump-dom")
    _run_chromium(tmp_path, (site / "reading.html").as_uri(), f"--screenshot={shot}",
                  "--window-size=1400,1000")
    assert shot.exists() and shot.stat().st_size > 10_000
    assert "What does Putin really want?" in dom
    assert "Putin and his cronies, ex-KGB agents" in dom
    for cls in ("hedge", "booster", "attribution"):
        assert re.search(rf'<mark class="{cls}( scope)?" title="{cls} · ', dom), cls
    assert 'class="para skip"' in dom  # boilerplate greyed out
    assert _page_requests(netlog) == []


@pytest.mark.browser
def test_the_network_check_can_fail(tmp_path):
    if not _chromium():
        pytest.skip("Chromium is not installed")
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><img src="http://example.invalid/pixel.png"></body></html>')
    _, netlog = _run_chromium(tmp_path, page.as_uri(), "--dump-dom")
    assert _page_requests(netlog) == ["http://example.invalid/pixel.png"]


def test_pages_are_deterministic():
    corpus = dc.load_example()
    one, two = build_context(corpus), build_context(corpus)
    assert report_pages.reading_html(one) == report_pages.reading_html(two)
    strip = re.compile(r"rendered on [0-9-]+")
    a = report_pages.index_html(one, pages=[])
    b = report_pages.index_html(two, pages=[])
    assert strip.sub("", a) == strip.sub("", b)


def test_big_inputs_give_small_pages():
    """3,000 documents and one very long document: the pages stay small (part 4)."""
    long = " ".join(["The committee may perhaps decide, and it will certainly matter."] * 40_000)
    c = dc.from_frame(pd.DataFrame({"doc_id": ["long", "short"], "group": ["x", "y"],
                                    "text": [long, "A short text that may matter."]}))
    reading = report_pages.reading_html(build_context(c))
    assert len(reading.encode()) < 600_000
    assert "Shown: the first" in reading and f"of {len(long):,} characters" in reading
    many = dc.from_frame(pd.DataFrame({
        "doc_id": [f"r{i}" for i in range(3000)], "group": ["a", "b", "c"] * 1000,
        "text": [f"Review {i}: the film may be good, it is certainly long." for i in range(3000)]}))
    context = build_context(many)
    assert len(report_pages.reading_html(context).encode()) < 3_000_000
    index = report_pages.index_html(context, pages=[])
    assert len(index.encode()) < 3_000_000
    assert index.count("<tr>") < 60  # a row per group, not per document


def _outputs(nb) -> list:
    """What each code cell of an executed notebook shows (text, HTML, Markdown, images);
    object addresses (``<Styler at 0x7f...>``) masked."""
    shown = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                shown.append((i, out.get("name"), out.get("text")))
            for mime, data in sorted(out.get("data", {}).items()):
                data = data if isinstance(data, str) else "".join(data)
                shown.append((i, mime, re.sub(r" at 0x[0-9a-f]+>", " at 0x...>", data)))
    return shown


def test_the_environment_of_the_caller_changes_nothing(example_report, tmp_path, monkeypatch):
    """Inherited DISCOURSE_* variables never reach the notebooks (issue 21): the same report."""
    site, executed = example_report
    for name, value in {"DISCOURSE_BY": "doc_id", "DISCOURSE_FOCUS": "news_rewrite",
                        "DISCOURSE_REFERENCE": "cepa_essay", "DISCOURSE_CORPUS": "/nowhere",
                        "DISCOURSE_SNAPSHOT": "/nowhere/snapshot.pickle"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    again = {}
    index = build_report.build(out=tmp_path, jobs=2, executed=again, log=lambda line: None)
    assert set(again) == set(executed)
    for stem, nb in executed.items():
        before, after = _outputs(nb), _outputs(again[stem])
        extra = [o[:2] + (str(o[2])[:300],) for o in after if o not in before]
        missing = [o[:2] + (str(o[2])[:300],) for o in before if o not in after]
        assert len(before) == len(after), (stem, "new:", extra, "gone:", missing)
        for a, b in zip(before, after, strict=True):
            assert a == b, (stem, a[:2], str(a[2])[:300], str(b[2])[:300])
    strip = re.compile(r"rendered on [0-9-]+")
    assert strip.sub("", index.read_text("utf-8")) == strip.sub(
        "", (site / "index.html").read_text("utf-8"))
    assert "cepa_essay against news_rewrite" in index.read_text("utf-8")
