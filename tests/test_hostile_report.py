"""Nothing from the input becomes markup, in the WHOLE report (part 8 of issue 11).

HTML and Markdown payloads go into the text, the doc_ids (file names), metadata values, a
metadata column name and the group names; the whole report is rendered (every notebook, the
index, the reading view). Every page is parsed: no link to ``javascript:``, no remote image,
script or stylesheet, no event-handler attribute, a Content-Security-Policy on each page. Then
every page is loaded in headless Chromium with its network log: no request leaves the machine.
"""

import csv
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from discourse.report import build as build_report

LINK = "[x](javascript:alert(1))"
IMAGE = "![i](http://example.com/x.png)"
TAG = "<img src=x onerror=alert(1)>"
BOLD = "**bold**"
SCRIPT = "<script>alert(1)</script>"
URL = "http://evil.example/track.png"
PAYLOAD = f"{LINK} {IMAGE} {TAG} {BOLD} {SCRIPT} {URL}"

SENTENCES = [
    "The committee may perhaps decide next week, and experts say the costs are probably small.",
    "We will certainly win this vote, and it is clear that the plan works for every family.",
    "According to the minister, the budget might grow, although nobody knows for sure.",
    "Honestly, I think the new rules could help the towns and the farms across the region.",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile corpus")
    ids = [f"doc{TAG}", f"doc{LINK}", f"doc{BOLD}", "doc![i](x.png)", "plain_a", "plain_b"]
    groups = [f"g{LINK}", f"g{IMAGE}"] * 3
    for i, doc_id in enumerate(ids):
        body = " ".join(SENTENCES[(i + k) % 4] for k in range(6))
        (folder / f"{doc_id}.txt").write_text(
            f"A headline {PAYLOAD}\n\n{body} {PAYLOAD}\n\n{body}\n\n{PAYLOAD} {body}",
            encoding="utf-8")
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "group", "title", f"note{TAG}{LINK}"])
        for doc_id, group in zip(ids, groups, strict=True):
            w.writerow([doc_id, group, f"Title {IMAGE} {SCRIPT}", PAYLOAD])
    out = tmp_path_factory.mktemp("out")
    index = build_report.build(str(folder), out=out, name="site", log=lambda line: None)
    return index.parent


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [(k, (v or "")) for k, v in attrs]))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def _offences(page: Page) -> list:
    bad = []
    for tag, attrs in page.tags:
        a = dict(attrs)
        for k, v in attrs:
            value = re.sub(r"\s", "", v).lower()
            if k.startswith("on"):
                bad.append((tag, k, v))
            if value.startswith(("javascript:", "vbscript:")):
                bad.append((tag, k, v))
        if tag == "a" and not re.match(r"^(#|[\w.-]+\.html(#.*)?$)", a.get("href", "#")):
            bad.append((tag, "href", a.get("href")))
        if tag in ("img", "source", "video", "audio", "iframe", "embed", "object") and not \
                (a.get("src") or a.get("data") or "data:").startswith("data:"):
            bad.append((tag, "src", a.get("src")))
        if tag == "script" and "src" in a:
            bad.append((tag, "src", a["src"]))
        if tag == "link" and re.match(r"(https?:)?//", a.get("href", "")):
            bad.append((tag, "href", a["href"]))
    return bad


def test_every_page_is_written(hostile_site):
    names = {p.name for p in hostile_site.glob("*.html")}
    assert {"index.html", "reading.html", "explorer.html", "01_corpus_overview.html"} <= names
    notebooks = list((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9]*.ipynb"))
    assert len(names) == len(notebooks) + 3, names  # the notebooks, index, reading, explorer


def test_no_page_carries_markup_from_the_input(hostile_site):
    for path in sorted(hostile_site.glob("*.html")):
        html = path.read_text("utf-8")
        page = Page(html)
        assert _offences(page) == [], path.name
        assert "Traceback (most recent call last)" not in html, path.name
        metas = [dict(a) for t, a in page.tags if t == "meta"]
        csp = [m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'" in csp[0] and "'unsafe-inline'" not in \
            csp[0].split("script-src")[1].split(";")[0], (path.name, csp)
        # no emphasis made from the input's **bold**: a <strong>/<b> never holds "bold"
        assert not re.search(r"<(strong|b)>bold</\1>", html), path.name


def test_the_payloads_are_shown_as_text(hostile_site):
    reading = "".join(Page((hostile_site / "reading.html").read_text("utf-8")).text)
    for s in (LINK, IMAGE, TAG, SCRIPT, URL):
        assert s in reading, s
    index = "".join(Page((hostile_site / "index.html").read_text("utf-8")).text)
    assert f"g{LINK}" in index and f"g{IMAGE}" in index  # group names, as text


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


_BROWSER_SERVICES = re.compile(r"https?://[^/\"]*(?:google\.com|googleapis\.com|gstatic\.com)/")


@pytest.mark.browser
def test_no_page_makes_a_request_in_chromium(hostile_site, tmp_path):
    if not _chromium():
        pytest.skip("Chromium is not installed (CI installs it: apt-get install chromium)")
    for path in sorted(hostile_site.glob("*.html")):
        log = tmp_path / f"{path.stem}.json"
        subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-quic",
                        f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={log}",
                        "--virtual-time-budget=3000", "--dump-dom", path.as_uri()],
                       capture_output=True, text=True, timeout=180)
        urls = set(re.findall(r'"url":"((?:https?|wss?|ftp)://[^"]+)"',
                              log.read_text("utf-8", errors="replace")))
        assert sorted(u for u in urls if not _BROWSER_SERVICES.match(u)) == [], path.name


def test_the_page_checker_can_fail():
    for html in ('<a href="javascript:alert(1)">x</a>', '<img src="http://e.com/x.png">',
                 '<img src=x onerror="alert(1)">', '<script src="//cdn.x/y.js"></script>',
                 '<link rel="stylesheet" href="https://cdn.x/y.css">', '<a href="http://x.org">',
                 '<p onclick="x()">p</p>', '<iframe src="https://x.org"></iframe>'):
        assert _offences(Page(html)), html
    assert _offences(Page('<a href="02_x.html#top">ok</a><img src="data:image/png;base64,AA">')) \
        == []
