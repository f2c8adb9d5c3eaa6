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
from discourse.views.explore_snippets import LINE_COST, SENT_COST

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
    # three groups, no choice: the two largest (A and B, 2 documents each; C has 1)
    assert (p["focus"], p["reference"], p["opened"]) == (0, 1, "largest")
    assert p["n_docs"] == [2, 2, 1]
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


def test_contexts_are_whole_sentences_with_the_markers_inside(three):
    p = payload_of(dc.explore(three).html)
    texts = dict(zip(three.documents.doc_id, three.documents.text, strict=True))
    sents = three.sentences
    m = dc.find_markers(three)
    assert p["lines"] and len(p["whole"]) == 5  # a small corpus: every document embedded whole
    whole = set()
    for doc, start, text, spans, cut in p["sents"]:
        doc_id = p["docs"]["rows"][doc][0]
        assert texts[doc_id][start:start + len(text)] == text and cut == 0
        # a sentence of the corpus, exactly
        row = sents[(sents.doc_id == doc_id) & (sents.start == start)]
        assert len(row) == 1 and row.end.iloc[0] == start + len(text)
        whole.add((doc_id, start))
        hits = m[(m.doc_id.astype(str) == doc_id) & (m.start >= start)
                 & (m.end <= start + len(text))]
        want = sorted((s - start, e - start, c) for s, e, c in zip(hits.start, hits.end,
                                                                   hits.category, strict=True))
        got = sorted((spans[k], spans[k + 1], p["categories"][spans[k + 2]])
                     for k in range(0, len(spans), 3))
        assert got == want
    assert len(whole) == len(sents)  # every sentence once
    for item, sent, offset, length in p["lines"]:
        doc, start, text = p["sents"][sent][:3]
        doc_id, group = p["docs"]["rows"][doc][:2]
        match = text[offset:offset + length]
        assert p["groups"][group] == GROUPS[doc_id]
        if item >= 0:
            assert match.lower() == p["terms"][item]  # norm of these plain words
        else:  # a hit of that entry starts here
            hit = m[(m.doc_id.astype(str) == doc_id) & (m.start == start + offset)]
            assert p["entries"][-1 - item] in hit.entry.tolist() and match in hit.text.tolist()
    # the exact spacing survives: "The   minister" and "Trade and   rain"
    assert any("Trade and   rain." == s[2] for s in p["sents"])


def test_metadata_of_the_documents_quoted():
    docs = pd.DataFrame({"doc_id": list(TEXTS), "group": [GROUPS[d] for d in TEXTS],
                         "year": [2001, 2002, 2003, 2004, 2005],
                         "speaker": ["Ann", "Bo", None, "Di", "Ed " * 40],
                         "text": list(TEXTS.values())})
    p = payload_of(dc.explore(dc.from_frame(docs)).html)
    assert p["docs"]["columns"] == ["year", "speaker"]
    rows = {r[0]: r for r in p["docs"]["rows"]}
    assert rows["a1"][1:] == [0, "2001", "Ann"] and rows["b2"][1:] == [1, "2004", "Di"]
    assert rows["b1"][3] == ""  # missing
    assert len(rows["c1"][3]) == 60 and rows["c1"][3].endswith("\u2026")  # cut, whitespace folded
    assert p["docs"]["urls"] == [None] * 5  # no reading view: no links


def test_kwic_caps_per_term_and_budget_rounds(three):
    p = payload_of(dc.explore(three, kwic_per_term=1).html)
    per = Counter((ln[0], p["docs"]["rows"][p["sents"][ln[1]][0]][1]) for ln in p["lines"])
    assert max(per.values()) == 1
    # every (term, group) with a use has its line: the budget is not reached here
    want = sum(len(c["n"]) for c in p["term_counts"]) + sum(len(c["n"]) for c in p["marker_counts"])
    assert len(p["lines"]) == p["kwic"]["lines_wanted"] == want
    # a budget too small for the whole corpus: a third for whole documents, then lines in
    # rounds, first lines (the group using the term most) before any second
    full = payload_of(dc.explore(three, kwic_per_term=3).html)
    budget = 500
    small = payload_of(dc.explore(three, kwic_per_term=3, kwic_chars=budget).html)
    assert 0 < len(small["lines"]) < len(full["lines"])
    assert len(small["whole"]) < 5
    cost = sum(len(s[2]) + SENT_COST for s in small["sents"]) + LINE_COST * len(small["lines"])
    assert cost <= budget
    seen = Counter(ln[0] for ln in small["lines"])
    assert max(seen.values()) == 1, seen  # no term has two lines while others have none


def test_a_five_party_corpus_opens_on_the_two_largest():
    parties = {"Unaffiliated": 2, "green": 3, "democrat": 6, "libertarian": 3, "republican": 5}
    rows = [(f"{g[:3]}{k}", g, f"The {g} plan will work. Voters like the {g} plan {k}.")
            for g, n in parties.items() for k in range(n)]
    corpus = dc.from_frame(pd.DataFrame(rows, columns=["doc_id", "group", "text"]))
    ex = dc.explore(corpus)
    assert ex.sides.describe() == "democrat against republican"
    p = payload_of(ex.html)
    assert (p["groups"][p["focus"]], p["groups"][p["reference"]]) == ("democrat", "republican")
    # asked for: as asked (a focus alone is that group against the rest)
    assert dc.explore(corpus, focus="green").sides.describe().startswith("green against the rest")
    assert payload_of(dc.explore(corpus, focus="green").html)["opened"] == "asked"
    # equal documents: more words wins, then the column's order
    tie = corpus.documents.assign(group=["x", "x", "y", "y", "y", "z", "z", "z"] + ["w"] * 11)
    tie.loc[tie.group == "z", "text"] = "A much longer text about the plan that works. " * 3
    s = dc.explore(dc.from_frame(tie[["doc_id", "group", "text"]])).sides
    assert (s.focus, s.reference) == ("z", ("w",))  # w (11 documents) and z (more words than y)


def test_reading_view_links_are_checked():
    from discourse.views.explore import reading_links

    assert reading_links("r.html#top", ["a"]) == ["r.html#top"]
    assert reading_links("d/{doc_id}.html", ["a/b?"]) == ["d/a%2Fb%3F.html"]
    with pytest.raises(dc.InputError, match="reading_view"):
        reading_links("javascript:alert(1)//{doc_id}", ["a"])
    with pytest.raises(dc.InputError, match="reading_view"):
        dc.explore(dc.load_example(), reading_view={"cepa_essay": "data:text/html,<b>x</b>"})
    with pytest.raises(dc.InputError, match="reading_view"):
        dc.explore(dc.load_example(), reading_view=3)
    p = payload_of(dc.explore(dc.load_example(), reading_view={"news_rewrite": "r.html"}).html)
    ids = [r[0] for r in p["docs"]["rows"]]
    assert dict(zip(ids, p["docs"]["urls"], strict=True)) == {"cepa_essay": None,
                                                              "news_rewrite": "r.html"}


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


HOSTILE_META = ["<img src=x onerror=alert(7)>", "</script><b>speaker</b>"]


def hostile_corpus():
    return dc.from_frame(pd.DataFrame({"doc_id": HOSTILE_IDS, "group": HOSTILE_GROUPS,
                                       "speaker": HOSTILE_META, "text": [HOSTILE_A, HOSTILE_B]}))


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
    assert [r[0] for r in data["docs"]["rows"]] == HOSTILE_IDS
    assert [r[2] for r in data["docs"]["rows"]] == HOSTILE_META
    assert data["groups"] == HOSTILE_GROUPS
    lines = "".join(s[2] for s in data["sents"])
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
    assert "A against B" in repr(ex)


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
    assert len(p["docs"]["rows"]) == 2 and len(ex.terms) == len(p["terms"])
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
    assert dc.explore(three, sides=first[0]).html == dc.explore(three, focus="A").html
    assert dc.explore(three, sides=first).html == dc.explore(three, focus="A").html
    ex = dc.explore(three, sides=first[1])
    assert ex.sides == first[1] and ex.html == dc.explore(three, focus="B").html
    assert (payload_of(ex.html)["focus"], payload_of(ex.html)["reference"]) == (1, -1)
    with pytest.raises(dc.InputError, match="pools several"):
        dc.explore(three, focus=["A", "C"], reference="B")


def test_the_page_holds_the_most_frequent_terms_and_every_word_counts(three, monkeypatch):
    import discourse.views.explore_data as ed

    full = payload_of(dc.explore(three).html)
    monkeypatch.setattr(ed, "MAX_TERMS", 5)
    p = payload_of(dc.explore(three).html)
    assert p["terms"] == full["terms"][:5] and p["n_terms"] == len(full["terms"]) > 5
    counts, _ = slow_counts(three)
    # the totals (N1, N2 of every statistic) still count every word
    assert p["counted"] == full["counted"] == [sum(counts[g].values()) for g in p["groups"]]
    for g in range(3):
        assert set(dense(p["term_counts"][g])) <= set(range(5))
        assert {k: v for k, v in dense(full["term_counts"][g]).items() if k < 5} == \
            dense(p["term_counts"][g])
    assert all(ln[0] < 5 for ln in p["lines"])


@pytest.mark.slow
def test_a_hundred_thousand_short_documents_make_a_bounded_page():
    rng = np.random.default_rng(0)
    words = np.array([f"w{k}" for k in range(20_000)])
    n = 100_000
    lengths = rng.integers(8, 30, n)
    ids = rng.zipf(1.3, lengths.sum()) % len(words)
    cuts = np.cumsum(lengths)[:-1]
    texts = [" ".join(w) + ". We may say so." for w in np.split(words[ids], cuts)]
    groups = rng.choice(["a", "b", "c", "d", "e"], n, p=[0.4, 0.3, 0.2, 0.09, 0.01])
    corpus = dc.from_frame(pd.DataFrame({"doc_id": [f"d{k:06d}" for k in range(n)],
                                         "group": groups, "year": rng.integers(1990, 2020, n),
                                         "text": texts}))
    ex = dc.explore(corpus)
    size = len(ex.html.encode())
    p = payload_of(ex.html)
    assert size < 5_000_000, size
    assert {ex.sides.focus, *ex.sides.reference} == {"a", "b"}  # the two largest
    kw = p["kwic"]
    assert 0 < kw["lines"] < kw["lines_wanted"] and 0 < len(p["whole"]) < n
    assert kw["sentences"] < kw["n_sentences"]
    # every term with a line before any term has its second (rounds), the most frequent first
    items = [ln[0] for ln in p["lines"] if ln[0] >= 0]
    assert items and len(set(items)) > 0.5 * len(items)
    print(f"\n100,000 documents: page {size / 1e6:.2f} MB, {kw}, {len(p['whole'])} whole")


def test_document_level_columns_are_keynesss_and_unlabelled_documents_are_left_out():
    docs = pd.DataFrame({"doc_id": list(TEXTS) + ["x1"],
                         "group": [GROUPS[d] for d in TEXTS] + [None],
                         "text": list(TEXTS.values()) + ["A storm with no party at all."]})
    corpus = dc.from_frame(docs)
    ex = dc.explore(corpus, focus="A", reference="B")
    assert ex.sides.unlabelled == ("x1",)
    labelled = dc.from_frame(docs[docs.group.notna()])
    k = dc.keyness(dc.count_terms(labelled, by=["group", "doc_id"]), by="group", focus="A",
                   reference="B", docs="doc_id").set_index("term").sort_index()
    t = ex.terms.set_index("term").sort_index()
    cols = ["p_docs", "p_docs_adjusted", "n_docs_focus", "n_docs_reference"]
    pd.testing.assert_frame_equal(t[cols], k[cols], check_dtype=False)
    p = payload_of(ex.html)
    assert "x1" not in [r[0] for r in p["docs"]["rows"]] and sum(p["n_docs"]) == 5
