"""`make report`: every page is written, offline and escaped; checked in headless Chromium."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import discourse as dc
from discourse import build_report, report_pages

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//""",
                    re.I)
NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9]*.ipynb"))
HOSTILE = "<script>alert(1)</script> and <img src=x onerror=alert(2)> and </textarea>"


@pytest.fixture(scope="module")
def own_report(tmp_path_factory):
    """`make report CORPUS=folder` on a folder of three small text files."""
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
    out = tmp_path_factory.mktemp("reports")
    index = build_report.build(corpus=str(folder), out=out, jobs=2)
    return index.parent


def test_every_page_is_written(own_report):
    assert own_report.name.startswith("my_texts")
    names = {p.name for p in own_report.glob("*.html")}
    assert {"index.html", "reading.html"} | {p.stem + ".html" for p in NOTEBOOKS} <= names
    index = (own_report / "index.html").read_text("utf-8")
    for nb in NOTEBOOKS:
        assert f'href="{nb.stem}.html"' in index
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
        # no element made from the document: no handler attributes, no image pointing at "x",
        # and every script is one of ours (no script whose body is the document's alert)
        assert not [t for t, a in parsed.tags if any(k.startswith("on") for k in a)], page.name
        assert not [a for t, a in parsed.tags if t == "img" and a.get("src") == "x"], page.name
        assert "<script>alert(1)" not in page.read_text("utf-8"), page.name
    reading = _Elements()
    reading.feed((own_report / "reading.html").read_text("utf-8"))
    # the hostile text is shown as text (highlights may split it into several text nodes)
    shown = re.sub(r"\s+", " ", "".join(reading.text))
    assert "<img src=x onerror=alert(2)> and </textarea>" in shown


def test_index_numbers_are_computed(own_report):
    index = (own_report / "index.html").read_text("utf-8")
    # words of alpha, counted by hand: 15 + 9 = 24 analysed words in 3 sentences
    assert "<b>alpha</b>: 24 analysed words in 2 of 2 paragraphs, 8.0 words per sentence" in index
    assert "Methods" in index and "Punkt" in index and "Snowball" in index


def test_missing_corpus_is_a_clear_error(capsys):
    assert build_report.main(["--corpus", "/nowhere/at/all", "--out", "/tmp/x"]) == 2
    assert "points nowhere" in capsys.readouterr().err


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
    index = report_pages.write_site(corpus, site, pages=[("01_corpus_overview.html", "01")])
    dom, netlog = _run_chromium(tmp_path, index.as_uri(), "--dump-dom")
    assert "<h1>discourse report: example</h1>" in dom
    assert "Key findings" in dom and "cepa_essay" in dom and "news_rewrite" in dom
    assert _page_requests(netlog) == []

    shot = tmp_path / "reading.png"
    dom, netlog = _run_chromium(tmp_path, (site / "reading.html").as_uri(), "--dump-dom")
    _run_chromium(tmp_path, (site / "reading.html").as_uri(), f"--screenshot={shot}",
                  "--window-size=1400,1000")
    assert shot.exists() and shot.stat().st_size > 10_000
    # both texts, as the browser parsed them
    assert "What does Putin really want?" in dom
    assert "Putin and his cronies, ex-KGB agents" in dom
    # highlighted markers of several categories, with their rule on hover
    for cls in ("hedge", "booster", "attribution"):
        assert re.search(rf'<mark class="{cls}" title="{cls} · ', dom), cls
    assert 'class="para skip"' in dom  # boilerplate greyed out
    assert _page_requests(netlog) == []


@pytest.mark.browser
def test_the_network_check_can_fail(tmp_path):
    # the same check on a page that does fetch something: the request is seen
    if not _chromium():
        pytest.skip("Chromium is not installed")
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><img src="http://example.invalid/pixel.png"></body></html>')
    _, netlog = _run_chromium(tmp_path, page.as_uri(), "--dump-dom")
    assert _page_requests(netlog) == ["http://example.invalid/pixel.png"]


def test_pages_are_deterministic():
    corpus = dc.load_example()
    assert report_pages.reading_html(corpus) == report_pages.reading_html(corpus)
    strip = re.compile(r"rendered on [0-9-]+")
    a = report_pages.index_html(corpus, pages=[], corpus_arg=None)
    b = report_pages.index_html(corpus, pages=[], corpus_arg=None)
    assert strip.sub("", a) == strip.sub("", b)
