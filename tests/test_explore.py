"""dc.explore: the data behind the page (checked against slow loops), escaping, the CSP, errors.

The page itself runs in tests/test_explore_browser.py."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.views.explore import safe_json
from discourse.views.explore_data import LINE_OVERHEAD

TEXTS = {
    "a1": "The storm may pass. Perhaps the storm will pass soon.\n\nWe think rain may come.",
    "a2": "Rain, rain and more rain. The   minister says the storm is clear.",
    "b1": "It is clear that the plan works. The plan will certainly work.",
    "b2": "Obviously the plan works.  We must win the vote.",
    "c1": "Trade and   rain. The vote may pass.",
}
GROUPS = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "C"}


@pytest.fixture(scope="module")
def three():
    docs = pd.DataFrame({"doc_id": list(TEXTS), "group": [GROUPS[d] for d in TEXTS],
                         "text": list(TEXTS.values())})
    return dc.from_frame(docs)


def payload_of(page: str) -> dict:
    body = re.search(r'<script type="application/json" id="dc-data">(.*?)</script>', page,
                     re.S).group(1)
    return json.loads(body)


def dense(sparse: dict) -> dict[int, tuple[int, int]]:
    out, k = {}, 0
    for i, n, d in zip(sparse["i"], sparse["n"], sparse["d"], strict=True):
        k += i
        out[k] = (n, d)
    return out


def slow_counts(corpus):
    """Per group: Counter of terms and of documents using them, by a loop over the tokens."""
    counts, docs = {}, {}
    t = corpus.analyzed("tokens")
    for r in t.itertuples():
        if not r.is_word or r.is_stop:
            continue
        g = GROUPS[r.doc_id]
        counts.setdefault(g, Counter())[r.norm] += 1
        docs.setdefault(g, {}).setdefault(r.norm, set()).add(r.doc_id)
    return counts, docs


def test_counts_per_group_match_a_loop_over_the_tokens(three):
    p = payload_of(dc.explore(three).html)
    assert p["groups"] == ["A", "B", "C"] and p["by"] == "group"
    assert (p["focus"], p["reference"]) == (0, -1)  # three groups, no choice: A against the rest
    counts, docs = slow_counts(three)
    for g, name in enumerate(p["groups"]):
        got = {p["terms"][k]: v for k, v in dense(p["term_counts"][g]).items()}
        want = {t: (n, len(docs[name][t])) for t, n in counts[name].items()}
        assert got == want, name
        assert p["counted"][g] == sum(counts[name].values())
    words = three.documents.groupby("group").n_words.sum()
    assert p["words"] == [int(words[g]) for g in p["groups"]]
    total = Counter()
    for c in counts.values():
        total.update(c)
    assert p["terms"] == sorted(total, key=lambda t: (-total[t], t))  # most frequent first


def test_marker_counts_match_find_markers(three):
    p = payload_of(dc.explore(three).html)
    m = dc.find_markers(three)
    for g, name in enumerate(p["groups"]):
        mg = m[m.doc_id.astype(str).map(GROUPS) == name]
        want = Counter(zip(mg.category, mg.entry, strict=True))
        got = {(p["categories"][p["entry_categories"][k]], p["entries"][k]): n
               for k, (n, _) in dense(p["marker_counts"][g]).items()}
        assert got == dict(want)
    assert p["colors"] == [dc.views.palette.color_of(c) for c in p["categories"]]


def test_kwic_lines_are_exact_slices_with_the_markers_inside(three):
    p = payload_of(dc.explore(three).html)
    texts = dict(zip(three.documents.doc_id, three.documents.text, strict=True))
    m = dc.find_markers(three)
    assert p["lines"]
    for item, group, doc, left, match, right, spans in p["lines"]:
        doc_id = p["docs"][doc]
        text = texts[doc_id]
        line = left + match + right
        lo = text.find(line)
        assert lo >= 0 and p["groups"][group] == GROUPS[doc_id]
        assert text.count(line) == 1 or item < 0  # (short lines may repeat; these do not)
        start = lo + len(left)
        if item >= 0:
            assert match.lower() == p["terms"][item]  # norm of these plain words
        else:  # a hit of that entry starts here
            hit = m[(m.doc_id.astype(str) == doc_id) & (m.start == start)]
            assert p["entries"][-1 - item] in hit.entry.tolist() and match in hit.text.tolist()
        # the markers fully inside the line, with their category
        hits = m[(m.doc_id.astype(str) == doc_id) & (m.start >= lo) & (m.end <= lo + len(line))]
        want = sorted((s - lo, e - lo, c) for s, e, c in zip(hits.start, hits.end, hits.category,
                                                             strict=True))
        got = sorted((spans[k], spans[k + 1], p["categories"][spans[k + 2]])
                     for k in range(0, len(spans), 3))
        assert got == want
        assert text[start:start + len(match)] == match
    # the exact spacing survives: "The   minister" and "Trade and   rain"
    assert any("and   rain" in ln[3] + ln[4] + ln[5] for ln in p["lines"])


def test_kwic_caps_per_term_and_budget_rounds(three):
    p = payload_of(dc.explore(three, kwic_per_term=1).html)
    per = Counter((ln[0], ln[1]) for ln in p["lines"])
    assert max(per.values()) == 1
    # every (term, group) with a use has its line: the budget is not reached here
    want = sum(len(c["n"]) for c in p["term_counts"]) + sum(len(c["n"]) for c in p["marker_counts"])
    assert len(p["lines"]) == p["kwic"]["lines_wanted"] == want
    # a budget for a few lines: first lines (the group using the term most) before any second
    full = payload_of(dc.explore(three, kwic_per_term=3).html)["lines"]
    budget = 8 * (2 * 40 + LINE_OVERHEAD + 4)
    small = payload_of(dc.explore(three, kwic_per_term=3, kwic_chars=budget).html)
    cost = sum(len(ln[4]) + 2 * 40 + LINE_OVERHEAD for ln in small["lines"])
    assert 0 < len(small["lines"]) < len(full) and cost <= budget
    seen = Counter(ln[0] for ln in small["lines"])
    assert max(seen.values()) == 1, seen  # no term has two lines while others have none


def test_the_first_comparison_table_matches_keyness_and_a_hand_log_odds(three):
    ex = dc.explore(three, focus="A", reference="B")
    t = ex.terms.set_index("term")
    counts = dc.count_terms(three, by="group")
    k = dc.keyness(counts, focus="A", reference="B", by="group").set_index("term")
    pd.testing.assert_frame_equal(t[k.columns], k)
    n1, n2 = k.n_focus.sum(), k.n_reference.sum()
    for term, row in k.iterrows():  # Monroe et al. eqns 15-21, informative prior, by hand
        a, b = row.n_focus, row.n_reference
        yf, yr = a + (a + b), b + (a + b)
        nf, nr = n1 + (n1 + n2), n2 + (n1 + n2)
        yw, big = yf + yr, nf + nr
        delta = math.log(yf / (nf - yf)) - math.log(yw / (big - yw))
        assert t.loc[term, "log_odds_weighted"] == pytest.approx(delta / math.sqrt(1 / yf + 1 / yw))
    p = payload_of(ex.html)
    assert (p["focus"], p["reference"]) == (0, 1)


def test_safe_json_escapes_everything_that_could_end_the_script():
    s = "</script><!-- <img src=x onerror=alert(1)> & \u2028\u2029 \ud800"
    out = safe_json({"k": s})
    assert not re.search("[<>&\u2028\u2029]", out)
    assert json.loads(out)["k"] == s


SCRIPT = "</script><script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = '<a href="javascript:alert(3)">click</a>'
REMOTE = '<img src="http://example.invalid/pixel.png">'
HOSTILE_A = (f"The storm may pass. {SCRIPT} Perhaps storm {IMG} will pass.\n\n"
             f"Experts say {LINK} the storm may come \u2028 soon.")
HOSTILE_B = f"It is clear that the plan works. {REMOTE} The plan {SCRIPT} will certainly work."
HOSTILE_IDS = ["<b onclick=alert(4)>a</b>", 'b" onmouseover="alert(5)']
HOSTILE_GROUPS = ["g1 </script>", "javascript:alert(6)"]


def hostile_corpus():
    return dc.from_frame(pd.DataFrame({"doc_id": HOSTILE_IDS, "group": HOSTILE_GROUPS,
                                       "text": [HOSTILE_A, HOSTILE_B]}))


class Tags(HTMLParser):
    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._in = [], [], None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)


def test_hostile_strings_stay_data(tmp_path):
    corpus = hostile_corpus()
    page = dc.explore(corpus).save(tmp_path / "x.html").read_text("utf-8")
    parsed = Tags(page)
    # the page's own elements only: exactly two scripts, no img/a/iframe, no handlers
    assert [t for t, _ in parsed.tags if t == "script"] == ["script", "script"]
    assert not {t for t, _ in parsed.tags} & {"img", "a", "iframe", "object", "embed", "link"}
    for _, attrs in parsed.tags:
        assert not any(k.startswith("on") or k in ("src", "href") for k in attrs)
    data = json.loads(parsed.scripts[0])
    assert data["docs"] == HOSTILE_IDS and data["groups"] == HOSTILE_GROUPS
    lines = "".join(ln[3] + ln[4] + ln[5] for ln in data["lines"])
    assert "alert(1)" in lines and "onerror=alert(2)" in lines  # the text survives as data
    assert "alert(" not in parsed.scripts[1]  # the page's own script is ours
    assert page.count("<script") == 2 and page.count("<img") == 0 and "<a " not in page
    # the remote URL is only ever data: inside the JSON, never an attribute
    assert page.count("example.invalid") == parsed.scripts[0].count("example.invalid") > 0


def test_the_csp_forbids_remote_loads_and_pins_the_inline_script(three):
    page = dc.explore(three).html
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                                  page).group(1))
    rules = dict(r.strip().split(" ", 1) for r in csp.split(";"))
    assert rules["default-src"] == "'none'"
    assert "unsafe-inline" not in csp and "http" not in csp
    script = Tags(page).scripts[1]
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)

    def digest(s):
        return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"

    assert rules["script-src"] == digest(script)
    assert rules["style-src"] == digest(style)
    assert not re.search(r"(?:src|href)\s*=", page.split('id="dc-data"')[0])


def test_repr_html_is_a_sandboxed_iframe_with_the_page_escaped(three):
    ex = dc.explore(three)
    out = ex._repr_html_()
    assert out.startswith('<iframe title="term explorer" sandbox="allow-scripts" ')
    assert out.count("<") == 2 and out.endswith("\"></iframe>")  # <iframe ...></iframe>
    srcdoc = re.search(r'srcdoc="([^"]*)"', out).group(1)
    assert html.unescape(srcdoc) == ex.html
    assert "A against the rest" in repr(ex)


def test_the_page_is_deterministic(three):
    assert dc.explore(three).html == dc.explore(three).html


def test_nothing_to_compare_is_a_clear_error():
    with pytest.raises(dc.InputError, match="nothing to compare"):
        dc.explore(dc.from_texts({"only": "One document about the storm."}))
    one_group = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "x"],
                                            "text": ["Storm here.", "Rain there."]}))
    with pytest.raises(dc.InputError, match="nothing to compare"):
        dc.explore(one_group, by="group")
    with pytest.raises(dc.InputError, match="focus='Z'"):
        dc.explore(dc.load_example(), focus="Z")
    with pytest.raises(dc.InputError, match="kwic_per_term"):
        dc.explore(dc.load_example(), kwic_per_term=-1)


def test_two_documents_without_groups_compare_the_documents():
    ex = dc.explore(dc.load_example())
    p = payload_of(ex.html)
    assert p["by"] == "doc_id" and p["groups"] == ["cepa_essay", "news_rewrite"]
    assert len(p["docs"]) == 2 and len(ex.terms) == len(p["terms"])
    assert np.isfinite(ex.terms.log_odds_weighted).all()


def test_old_kwic_window_gives_the_same_page_with_a_warning(three):
    new = dc.explore(three, by="group", focus="B", context_chars=25)
    with pytest.deprecated_call(match="context_chars"):
        old = dc.explore(three, by="group", focus="B", kwic_window=25)
    assert old._repr_html_() == new._repr_html_() and old.html == new.html
    assert payload_of(new.html)["kwic"]["window"] == 25
    with pytest.raises(dc.InputError, match="context_chars"):
        dc.explore(three, context_chars=-1)


def test_sides_open_the_page_on_that_comparison(three):
    first = dc.comparisons(three)
    assert dc.explore(three, sides=first[0]).html == dc.explore(three).html
    assert dc.explore(three, sides=first).html == dc.explore(three).html  # the first of a list
    ex = dc.explore(three, sides=first[1])
    assert ex.sides == first[1] and ex.html == dc.explore(three, focus="B").html
    assert (payload_of(ex.html)["focus"], payload_of(ex.html)["reference"]) == (1, -1)
    with pytest.raises(dc.InputError, match="pools several"):
        dc.explore(three, focus=["A", "C"], reference="B")
