"""The term explorer in headless Chromium (Debian's chromium and chromedriver, via Selenium).

Loads the page for the example and for a generated 2-million-word corpus, finds the points,
checks the page's own statistics against dc.keyness/dc.log_odds, hovers, searches and reads
the KWIC lines, and records every request: none may leave the machine. Skipped when Chromium,
chromedriver or selenium is missing. Timings (performance.now marks set by the page) are printed
and kept as test properties, never asserted beyond a generous sanity bound.
"""

from __future__ import annotations

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

    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(term)
    return driver.execute_script(
        "const m = performance.getEntriesByName('dc-search'); "
        "return m.length ? m[m.length - 1].duration : null")


def kwic_lines(driver):
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#kwic-lines .side')).map(side => ({
          head: side.querySelector('h3').textContent,
          lines: Array.from(side.querySelectorAll('.line')).map(l => ({
            doc: l.querySelector('.doc').textContent,
            text: l.querySelector('.left').textContent + l.querySelector('.match').textContent
                  + l.querySelector('.right').textContent,
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
    assert ex.sides.describe() == "X against the rest (Y, Z)"
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
        # a term of middling frequency: search it and read its lines
        term = ex.terms.sort_values("n_focus").term.iloc[len(ex.terms) // 2]
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
