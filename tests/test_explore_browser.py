"""The term explorer in headless Chromium (Debian's chromium and chromedriver, via Selenium).

Loads the page for the example and for a generated 2-million-word corpus, finds the points,
checks the page's own statistics against dc.keyness/dc.log_odds, hovers, searches and reads
the KWIC lines, and records every request: none may leave the machine. Skipped when Chromium,
chromedriver or selenium is missing. Timings (performance.now marks set by the page) are printed
and kept as test properties, never asserted beyond a generous sanity bound.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pandas as pd
import pytest
from explore_browser import browser, devtools_requests, missing, netlog_requests
from test_explore import HOSTILE_GROUPS, HOSTILE_IDS, hostile_corpus, payload_of

import discourse as dc
from discourse.views.palette import color_of, tint

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(missing() is not None, reason=str(missing()))]


def open_page(driver, path):
    driver.get(path.as_uri())
    for _ in range(200):
        if driver.execute_script("return performance.getEntriesByName('dc-first-render')"
                                 ".length > 0"):
            return driver.execute_script(
                "return performance.getEntriesByName('dc-first-render')[0].startTime")
        time.sleep(0.05)
    raise AssertionError("the page never rendered: " + repr(driver.get_log("browser")))


def search(driver, term):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(term + Keys.ENTER)
    return driver.execute_script(
        "const m = performance.getEntriesByName('dc-search'); "
        "return m.length ? m[m.length - 1].duration : null")


def kwic_lines(driver):
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#kwic-lines .side')).map(side => ({
          head: side.querySelector('h3').textContent,
          lines: Array.from(side.querySelectorAll('.snip')).map(l => ({
            doc: l.querySelector('.meta .doc').textContent,
            text: l.querySelector('.sent').textContent,
            match: l.querySelector('.match').textContent,
            marks: Array.from(l.querySelectorAll('mark')).map(m => [m.textContent,
                   m.title, m.style.backgroundColor, m.style.borderBottomColor])}))}));""")


def page_rows(driver, terms):
    return driver.execute_script("return window.dcExplorer.rows(arguments[0])", list(terms))


def assert_rows_match(rows, table):
    """The page's counts and statistics equal the Python table, term by term."""
    t = table.set_index("term")
    for term, a, b, _da, _db, lo, g2, lr in rows:
        r = t.loc[term]
        assert (a, b) == (r.n_focus, r.n_reference), term
        assert g2 == pytest.approx(r.g2, rel=1e-9, abs=1e-9), term
        assert lr == pytest.approx(r.log_ratio, rel=1e-9), term
        assert lo == pytest.approx(r.log_odds_weighted, rel=1e-9), term


def no_requests_left(driver, tmp):
    assert devtools_requests(driver) == []


def test_example_page(tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    corpus = dc.load_example()
    ex = dc.explore(corpus)
    page = ex.save(tmp_path / "explorer.html")
    with browser(tmp_path) as d:
        first = open_page(d, page)
        assert d.execute_script("return window.dcExplorer.points()") == len(ex.terms)
        assert_rows_match(page_rows(d, ex.terms.term), ex.terms)

        took = search(d, "Putin")
        assert took is not None
        sides = kwic_lines(d)
        assert [s["head"].split(":")[0] for s in sides] == ["cepa_essay", "news_rewrite"]
        texts = dict(zip(corpus.documents.doc_id, corpus.documents.text, strict=True))
        lines = [ln for s in sides for ln in s["lines"]]
        assert lines and all(ln["match"].lower() in ("putin", "putin's") or
                             ln["match"] == "Putin" for ln in lines)
        for s, doc in zip(sides, ["cepa_essay", "news_rewrite"], strict=True):
            for ln in s["lines"]:
                assert ln["doc"] == doc
                # exact text, line breaks shown as the glyph
                assert ln["text"].replace("\u21b5", "\n") in texts[doc].replace("\r\n", "\n")
        marks = [m for ln in lines for m in ln["marks"]]
        assert marks, "stance markers in the lines are highlighted"
        for _text, category, background, border in marks:
            assert background.replace(" ", "") == tint(color_of(category)).replace(" ", "")
            r, g, b = (int(color_of(category)[i:i + 2], 16) for i in (1, 3, 5))
            assert border.replace(" ", "") == f"rgb({r},{g},{b})"

        # hover a point: its counts in the tooltip
        w = d.execute_script("""const S = window.dcExplorer.state, k = S.stats.items.indexOf(
            window.dcExplorer.select('russia')); return [S.pts.X[k], S.pts.Y[k]];""")
        canvas = d.find_element(By.ID, "overlay")
        size = canvas.size
        ActionChains(d).move_to_element_with_offset(
            canvas, int(w[0] - size["width"] / 2), int(w[1] - size["height"] / 2)).perform()
        tip = d.find_element(By.ID, "tip")
        assert tip.is_displayed() and "russia" in tip.text and "documents" in tip.text

        # swap the sides: the page recomputes; keyness of the other way round
        d.find_element(By.ID, "swap").click()
        swapped = dc.explore(corpus, focus="news_rewrite", reference="cepa_essay").terms
        assert_rows_match(page_rows(d, swapped.term), swapped)

        # stance markers instead of terms: one point per lexicon entry of the pair
        d.find_element(By.CSS_SELECTOR, "input[value=markers]").click()
        m = dc.find_markers(corpus)
        n_entries = len(m.groupby(["category", "entry"]))
        assert d.execute_script("return window.dcExplorer.points()") == n_entries
        legend = d.find_element(By.ID, "legend").text
        assert "hedge" in legend and "booster" in legend
        d.save_screenshot(str(tmp_path / "example.png"))
        no_requests_left(d, tmp_path)
    assert netlog_requests(tmp_path) == []
    print(f"\nexample: page {page.stat().st_size / 1e6:.2f} MB, first render {first:.0f} ms "
          f"after navigation start, search {took:.1f} ms")


def test_any_pair_of_three_groups(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    texts = ["The storm may pass. The storm will pass soon.", "Rain and rain and storm.",
             "The plan works. The plan will certainly work.", "Obviously the plan works well.",
             "Trade, trade and rain. The vote may pass.", "Trade wins the vote."]
    corpus = dc.from_frame(pd.DataFrame({"doc_id": list("abcdef"), "group": list("XXYYZZ"),
                                         "text": texts}))
    ex = dc.explore(corpus)
    assert ex.sides.describe() == "X against Y"  # three of two documents: the first two
    page = ex.save(tmp_path / "three.html")
    with browser(tmp_path) as d:
        open_page(d, page)
        assert_rows_match(page_rows(d, ex.terms.term), ex.terms)
        Select(d.find_element(By.ID, "focus")).select_by_visible_text("Y")
        Select(d.find_element(By.ID, "reference")).select_by_visible_text("Z")
        pair = dc.explore(corpus, focus="Y", reference="Z").terms
        assert d.execute_script("return window.dcExplorer.points()") == len(pair)
        assert_rows_match(page_rows(d, pair.term), pair)
        Select(d.find_element(By.ID, "reference")).select_by_visible_text("Y")
        assert d.execute_script("return window.dcExplorer.points()") == 0
        assert "same group" in d.find_element(By.ID, "empty").text
        no_requests_left(d, tmp_path)
    assert netlog_requests(tmp_path) == []


def test_hostile_corpus_leaves_nothing_behind(tmp_path):
    from selenium.common.exceptions import NoAlertPresentException


    page = dc.explore(hostile_corpus()).save(tmp_path / "hostile.html")
    with browser(tmp_path) as d:
        open_page(d, page)
        search(d, "storm")
        assert {ln["doc"] for s in kwic_lines(d) for ln in s["lines"]} == {HOSTILE_IDS[0]}
        search(d, "plan")
        assert {ln["doc"] for s in kwic_lines(d) for ln in s["lines"]} == {HOSTILE_IDS[1]}
        body = d.execute_script("return document.body.textContent")
        found = d.execute_script("return document.querySelectorAll("
                                 "'img, a, iframe, object, embed, link, [onerror], [onclick], "
                                 "[onmouseover]').length")
        assert found == 0
        assert d.execute_script("return document.scripts.length") == 2
        with pytest.raises(NoAlertPresentException):
            d.switch_to.alert.text  # noqa: B018
        options = d.execute_script("return Array.from(document.querySelectorAll('#focus option'))"
                                   ".map(o => o.textContent)")
        assert options == HOSTILE_GROUPS
        assert "onerror=alert(2)" in body or "alert(1)" in body
        no_requests_left(d, tmp_path)
    assert netlog_requests(tmp_path) == []


def test_the_network_check_can_fail(tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><img src="http://example.invalid/pixel.png"></body></html>')
    with browser(tmp_path) as d:
        d.get(page.as_uri())
        time.sleep(0.5)
        assert devtools_requests(d) == ["http://example.invalid/pixel.png"]
    assert netlog_requests(tmp_path) == ["http://example.invalid/pixel.png"]


SYLLABLES = ["ba", "ce", "di", "fo", "gu", "ka", "le", "mi", "no", "pu", "ra", "se", "ti", "vo",
             "zu", "xe", "ly", "qua"]


def big_corpus(n_words=2_000_000, n_vocab=30_000, n_docs=1000, seed=0):
    """About 2 million words, 30,000 distinct terms, two groups; deterministic.

    The example's words plus synthetic four-syllable words, drawn from a Zipf law (the tail
    uniform), 18 words to a sentence; one sentence of the example in every document (so stance
    markers occur); the second group shifts some mid-frequency words by one rank."""
    rng = np.random.default_rng(seed)
    ex = dc.load_example()
    sents = ex.sentences[ex.sentences.text.str.len() > 40].text.tolist()
    toks = ex.tokens[ex.tokens.is_word & ~ex.tokens.is_stop]
    real = sorted(set(toks.norm.astype(str)))
    n_synth = n_vocab - len(real)
    grid = np.stack(np.unravel_index(np.arange(n_synth), (len(SYLLABLES),) * 4), axis=1)
    syl = np.array(SYLLABLES)
    vocab = np.array(real + ["".join(syl[row]) for row in grid])
    ranks = rng.zipf(1.15, size=n_words)
    ranks = ranks[ranks <= len(vocab)]
    ranks = np.concatenate([ranks, rng.integers(1, len(vocab) + 1, n_words - len(ranks))]) - 1
    per = n_words // n_docs
    texts, groups = [], []
    for k in range(n_docs):
        ids = ranks[k * per:(k + 1) * per]
        if k % 2:
            ids = np.where((ids % 7 == 3) & (ids < 3000), ids + 1, ids)
        words = vocab[ids]
        parts = [" ".join(words[i:i + 18]) + "." for i in range(0, len(words), 18)]
        parts.insert(len(parts) // 2, sents[k % len(sents)])
        texts.append(" ".join(parts))
        groups.append("beta" if k % 2 else "alpha")
    docs = pd.DataFrame({"doc_id": [f"d{k:04d}" for k in range(n_docs)], "group": groups,
                         "text": texts})
    return dc.from_frame(docs)


def test_two_million_words(tmp_path, record_property):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    t0 = time.perf_counter()
    corpus = big_corpus()
    t1 = time.perf_counter()
    ex = dc.explore(corpus)
    t2 = time.perf_counter()
    assert int(corpus.documents.n_words.sum()) > 2_000_000
    assert 29_000 <= len(ex.terms) <= 30_000
    page = ex.save(tmp_path / "big.html")
    size = page.stat().st_size
    assert size < 5_000_000
    with browser(tmp_path) as d:
        first = open_page(d, page)
        assert d.execute_script("return window.dcExplorer.points()") == len(ex.terms)
        some = ex.terms.term.iloc[[0, 10, 100, 1000, 5000]].tolist()
        assert_rows_match(page_rows(d, some), ex.terms)
        # a term of middling frequency (a third down the list, most frequent first): search it
        # and read its lines (the rarest quarter of the terms has none: the page says so)
        terms = payload_of(ex.html)["terms"]
        term = terms[len(terms) // 3]
        took = search(d, term)
        lines = [ln for s in kwic_lines(d) for ln in s["lines"]]
        assert lines and all(ln["match"].lower() == term for ln in lines)
        # hover the most frequent term
        k, x, y = d.execute_script("""const S = window.dcExplorer.state;
            const k = S.stats.items.indexOf(0); return [k, S.pts.X[k], S.pts.Y[k]];""")
        canvas = d.find_element(By.ID, "overlay")
        t_hover = time.perf_counter()
        ActionChains(d).move_to_element_with_offset(
            canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)
        ).perform()
        tip = d.find_element(By.ID, "tip")
        assert tip.is_displayed()
        hover = time.perf_counter() - t_hover
        # all points redrawn for another colour: the time of one full redraw
        redraw = d.execute_script("""const t = performance.now();
            const s = document.getElementById('colour'); s.value = 'g2';
            s.dispatchEvent(new Event('change')); return performance.now() - t;""")
        d.save_screenshot(str(tmp_path / "big.png"))
        no_requests_left(d, tmp_path)
    assert netlog_requests(tmp_path) == []
    timings = {"words": int(corpus.documents.n_words.sum()), "terms": len(ex.terms),
               "page_mb": round(size / 1e6, 2), "build_corpus_s": round(t1 - t0, 1),
               "explore_s": round(t2 - t1, 1), "first_render_ms": round(first),
               "search_ms": round(took, 1), "hover_roundtrip_ms": round(1000 * hover),
               "redraw_ms": round(redraw, 1), **payload_of(ex.html)["kwic"]}
    for k, v in timings.items():
        record_property(k, v)
    print("\n2M words:", timings)
    assert first < 30_000 and took < 5_000  # sanity only: a stall of seconds would show here


PARTIES = {"Unaffiliated": 2, "green": 4, "democrat": 12, "libertarian": 4, "republican": 9}
WORDS = {"Unaffiliated": ["independence", "bridge"], "green": ["climate", "forest"],
         "democrat": ["jobs", "health", "workers"], "libertarian": ["liberty", "markets"],
         "republican": ["taxes", "freedom", "business"]}


def five_groups():
    """27 short speeches of five parties, first a party of two (the old page opened on it),
    with a year and a speaker; "we" (a stop word), "well" and "united states" in the text."""
    rows = []
    for g, n in PARTIES.items():
        w = WORDS[g]
        for k in range(n):
            text = (f"We stand for {w[k % len(w)]} and {w[(k + 1) % len(w)]}. "
                    f"The {w[0]} plan will work well for the United States, said speaker {k}.\n\n"
                    f"Perhaps {w[-1]} matters most in {2000 + k}. "
                    + ("We united the party. " if k % 2 else "Our states are strong. ")
                    + f"The nation may choose {w[k % len(w)]}.")
            rows.append((f"{g[:3].lower()}{k:02d}", g, 2000 + k, f"Speaker {g} {k}", text))
    return dc.from_frame(pd.DataFrame(rows, columns=["doc_id", "group", "year", "speaker",
                                                     "text"]))


def overlapping(boxes):
    return [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3]
            and b[1] < a[1] + a[3]]


def snips(driver):
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#kwic-lines .side')).map(side => ({
          head: side.querySelector('h3').textContent,
          rows: Array.from(side.querySelectorAll('.snip')).map(s => ({
            doc: s.dataset.doc, start: +s.dataset.start,
            meta: s.querySelector('.meta').textContent,
            sent: s.querySelector('.sent').firstChild ? Array.from(s.querySelector('.sent')
                  .childNodes).filter(n => !(n.classList && n.classList.contains('read')))
                  .map(n => n.textContent).join('').trim() : '',
            match: s.querySelector('.match').textContent,
            link: s.querySelector('a.read') ? s.querySelector('a.read').href : null}))}));""")


def enter(driver, text):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text + Keys.ENTER)


def test_five_groups_search_lists_keyboard_contexts_links(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    corpus = five_groups()
    shown = ["dem03", "rep02"]  # the documents a reading view shows
    reading = tmp_path / "reading.html"
    filler = "<p>" + "Filler paragraph. " * 40 + "</p>"
    reading.write_text("<!DOCTYPE html><html><body>" + filler * 40 + "".join(
        f"<h3>{d}</h3><p>{corpus.text_of(d)}</p>" for d in shown) + "</body></html>", "utf-8")
    ex = dc.explore(corpus, reading_view=dict.fromkeys(shown, "reading.html"))
    page = ex.save(tmp_path / "explorer.html")
    with browser(tmp_path, height=1600) as d:
        open_page(d, page)
        # opens on the two largest parties, and says so
        assert ex.sides.describe() == "democrat against republican"
        assert d.execute_script("return [window.dcExplorer.state.focus, "
                                "window.dcExplorer.state.reference]") == [2, 4]
        summary = d.find_element(By.ID, "summary").text
        assert ("Opened on democrat (12 documents) against republican (9 documents): the two "
                "largest groups") in summary
        assert_rows_match(page_rows(d, ex.terms.term), ex.terms)

        # ranked lists: the 25 terms with the highest weighted log-odds towards each side
        # (ties: the more frequent first, then the page's order: most frequent, then a-z)
        order = {w: k for k, w in enumerate(payload_of(ex.html)["terms"])}
        t = ex.terms.assign(total=ex.terms.n_focus + ex.terms.n_reference,
                            order=ex.terms.term.map(order))
        for list_id, sign in (("rank-focus", 1), ("rank-reference", -1)):
            want = t[sign * t.log_odds_weighted > 0].assign(key=sign * t.log_odds_weighted)
            want = want.sort_values(["key", "total", "order"], ascending=[False, False, True])
            got = d.execute_script("return window.dcExplorer.ranked(arguments[0])", list_id)
            assert got == want.term.head(25).tolist(), list_id
        assert got[0] in ("taxes", "freedom", "business")

        # a click in a list: its contexts, whole sentences with the metadata
        d.find_element(By.CSS_SELECTOR, "#rank-focus li[data-w]").click()
        first = d.execute_script("return window.dcExplorer.ranked('rank-focus')")
        assert d.find_element(By.ID, "kwic-title").text == first[0]
        sents = corpus.sentences
        meta = corpus.documents.set_index("doc_id")
        for side in snips(d):
            for r in side["rows"]:
                row = sents[(sents.doc_id == r["doc"]) & (sents.start == r["start"])]
                assert len(row) == 1 and r["sent"] == row.text.iloc[0].replace("\n", "\u21b5")
                assert r["match"].lower() == first[0]
                assert f"year: {meta.year[r['doc']]}" in r["meta"]
                assert f"speaker: {meta.speaker[r['doc']]}" in r["meta"]
                assert (r["link"] is not None) == (r["doc"] in shown)

        # keyboard: arrows through the list, Enter shows the contexts, a visible focus ring
        d.switch_to.active_element.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER)
        assert d.find_element(By.ID, "kwic-title").text == first[2]
        ring = d.execute_script("""const a = document.activeElement, s = getComputedStyle(a);
            return [a.textContent, s.outlineStyle, parseFloat(s.outlineWidth)];""")
        assert ring[0].startswith(first[2]) and ring[1] != "none" and ring[2] >= 2
        d.switch_to.active_element.send_keys(Keys.ARROW_UP, Keys.ENTER)
        assert d.find_element(By.ID, "kwic-title").text == first[1]

        # "we" + Enter: the word itself (a stop word, so a search of the text), never "well"
        enter(d, "we")
        assert "we" in d.find_element(By.ID, "kwic-title").text.lower()
        rows = [r for s in snips(d) for r in s["rows"]]
        assert rows and {r["match"].lower() for r in rows} == {"we"}
        assert "well" in d.find_element(By.ID, "suggest").text  # offered, not opened
        n_we = sum(len(re.findall(r"\bwe\b", t, re.I)) for t, g in
                   zip(corpus.documents.text, corpus.documents.group, strict=True)
                   if g == "democrat")
        assert d.find_elements(By.CSS_SELECTOR, "#kwic-lines .side h3")[0].text.startswith(
            f"democrat: {n_we} uses")
        enter(d, "well")  # a counted term: opened as the term
        assert d.find_element(By.ID, "kwic-title").text == "well"
        assert d.execute_script("return window.dcExplorer.state.selected") >= 0

        # "united states": a phrase over the text; "united" does not stay selected
        enter(d, "united")
        assert d.find_element(By.ID, "kwic-title").text == "united"
        enter(d, "united states")
        assert d.execute_script("return window.dcExplorer.state.selected") == -1
        rows = [r for s in snips(d) for r in s["rows"]]
        assert rows and {r["match"].lower() for r in rows} == {"united states"}
        assert not d.find_elements(By.CSS_SELECTOR, ".ranked li.sel")
        # nothing matches: said, and nothing left selected
        enter(d, "health")
        enter(d, "zzyzx quux")
        assert d.find_element(By.ID, "kwic-title").text.startswith("Nothing matches")
        assert d.execute_script("return window.dcExplorer.state.selected") == -1
        assert snips(d) == []

        # labels: none overlaps another, all inside the plot, the same on a second load
        labels = d.execute_script("return window.dcExplorer.labels()")
        assert len(labels) >= 10 and overlapping(labels) == []
        d.save_screenshot(str(tmp_path / "five.png"))
        open_page(d, page)
        assert d.execute_script("return window.dcExplorer.labels()") == labels

        # a context's link opens the reading view at its sentence
        enter(d, "jobs")
        link = d.find_element(By.CSS_SELECTOR, ".snip a.read")
        link.click()
        for _ in range(100):
            if d.current_url.startswith(reading.as_uri()) and d.execute_script(
                    "return window.scrollY") > 0:
                break
            time.sleep(0.05)
        assert d.current_url.startswith(reading.as_uri())
        assert d.execute_script("return window.scrollY") > 1000  # scrolled to the sentence
        no_requests_left(d, tmp_path)
    assert netlog_requests(tmp_path) == []


def test_the_reports_explorer_links_into_its_reading_view(tmp_path):
    from selenium.webdriver.common.by import By

    from discourse.report.context import build_context
    from discourse.report.site import write_site

    context = build_context(five_groups())
    index = write_site(context, tmp_path, pages=[])
    page = index.parent / "explorer.html"
    reading = (index.parent / "reading.html").read_text("utf-8")
    p = payload_of(page.read_text("utf-8"))
    linked = {r[0] for r, url in zip(p["docs"]["rows"], p["docs"]["urls"], strict=True) if url}
    # exactly the documents the reading view shows (their ids are its headings)
    assert linked and all(f">{d}</h3>" in reading for d in linked)
    assert not any(f">{r[0]}</h3>" in reading for r in p["docs"]["rows"] if r[0] not in linked)
    with browser(tmp_path, height=600) as d:  # a short window: the reading view scrolls
        open_page(d, page)
        assert d.execute_script("return window.dcExplorer.state.focus") == p["focus"]
        # the context with a link whose sentence is lowest in the reading view
        search(d, "perhaps")
        texts = d.execute_script("""return Array.from(document.querySelectorAll('.snip'))
            .filter(s => s.querySelector('a.read')).map(s => s.querySelector('.sent')
            .textContent.replace(s.querySelector('a.read').textContent, '').trim());""")
        assert texts
        where = "reading.html"
        find = """const want = arguments[0].trim().slice(0, 40);
            const p = Array.from(document.querySelectorAll('p')).find(
                e => e.textContent.replace(/\\s+/g, ' ').includes(want));
            return p ? [p.getBoundingClientRect().top, p.offsetTop] : null;"""
        d.get((index.parent / where).as_uri())
        tops = [d.execute_script(find, t)[1] for t in texts]
        k = max(range(len(tops)), key=tops.__getitem__)
        open_page(d, page)
        search(d, "perhaps")
        d.find_elements(By.CSS_SELECTOR, ".snip a.read")[k].click()
        for _ in range(100):
            if d.current_url.startswith((index.parent / where).as_uri()) and \
                    d.execute_script("return window.scrollY") > 0:
                break
            time.sleep(0.05)
        # the text fragment scrolled the sentence into the window
        top = d.execute_script(find, texts[k])
        height = d.execute_script("return window.innerHeight")
        assert top is not None and 0 <= top[0] < height < top[1]
        assert d.execute_script("return window.scrollY") > 0
        no_requests_left(d, tmp_path)
    assert netlog_requests(tmp_path) == []
