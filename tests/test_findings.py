import io
import math
from contextlib import redirect_stdout

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import discourse as dc
from discourse import (
    attempt,
    comparisons,
    describe_comparisons,
    examples_note,
    group_overview,
    key_terms,
    key_terms_table,
    needs,
    resolve_sides,
    stance_findings,
    stance_headline,
    typical_documents,
)
from discourse.report.findings import compare_sides


def frame_corpus(rows):
    df = pd.DataFrame(rows, columns=["doc_id", "group", "text"])
    return dc.from_frame(df, sections=dc.all_body)


@pytest.fixture(scope="module")
def one_side_silent():
    """Side "hedgy" says "may" in each of 16 sentences; side "plain" never hedges."""
    return frame_corpus([
        ("h1", "hedgy", " ".join(["It may rain today."] * 8)),
        ("h2", "hedgy", " ".join(["Prices may rise soon."] * 8)),
        ("p1", "plain", " ".join(["The river runs north."] * 10)),
        ("p2", "plain", " ".join(["The town sells bread."] * 10)),
    ])


def test_a_side_without_hits_and_a_significant_test_is_a_difference(one_side_silent):
    c = one_side_silent
    markers = dc.find_markers(c, categories="hedge")
    table = compare_sides(c, markers, resolve_sides(c), categories="hedge", n_resamples=0)
    pd.testing.assert_frame_equal(table, dc.compare_rates(c, markers, sides=resolve_sides(c),
                                                          categories="hedge", n_resamples=0))
    f = stance_findings(table)
    row = f.iloc[0]
    # by hand: 16 hedges in 8*4 + 8*4 = 64 words; none in 2 * 10 * 4 = 80 words
    assert (row.n_focus, row.n_reference) == (16, 0)
    p = stats.binomtest(16, 16, 64 / (64 + 80)).pvalue  # 0.5^...: (64/144)^16
    assert p == pytest.approx((64 / 144) ** 16)
    assert row.p_adjusted == pytest.approx(p)  # one category: Holm changes nothing
    assert row.is_different and row.more_in == "hedgy"
    assert row.sentence.startswith("hedge: 16 vs 0 hits (250.0 vs 0.0 per 1,000 words); "
                                   "only hedgy uses them; a difference larger than chance")
    assert stance_headline(f) == "Clear differences in 1 of 1 categories (hedge)."


def test_findings_state_the_table():
    t = pd.DataFrame({"category": ["hedge", "booster", "attitude"], "focus": "A",
                      "reference": "B", "n_focus": [3, 0, 0], "n_words_focus": 100,
                      "n_reference": [1, 5, 0], "n_words_reference": 200,
                      "rate_focus": [30.0, 0.0, 0.0], "rate_reference": [5.0, 25.0, 0.0],
                      "p_adjusted": [0.5, 0.01, 1.0], "p_permutation": [0.4, 0.02, 1]})
    f = stance_findings(t)
    assert f.is_different.tolist() == [False, True, False]
    assert f.sentence.tolist() == [
        "hedge: 3 vs 1 hits (30.0 vs 5.0 per 1,000 words); A uses them 6.0 times as often as B; "
        "not distinguishable from chance (Holm-adjusted p = 0.5).",
        "booster: 0 vs 5 hits (0.0 vs 25.0 per 1,000 words); only B uses them; a difference "
        "larger than chance would make (Holm-adjusted p = 0.01; permutation p = 0.02).",
        "attitude: no hits on either side."]
    assert f.more_in.tolist() == ["A", "B", None]
    # the old output names still read, with a warning; the old input table is refused
    with pytest.deprecated_call(match="'is_different'"):
        assert f.differs.tolist() == [False, True, False]
    with pytest.deprecated_call(match="'n_focus'"):
        assert f["count_focus"].tolist() == [3, 0, 0]
    old = t.rename(columns={"n_focus": "count_a", "n_reference": "count_b"})
    with pytest.raises(dc.InputError, match="n_focus, n_reference"):
        stance_findings(old)


def test_group_overview_by_hand():
    c = frame_corpus([("a", "x", "It may rain. It rains hard."), ("b", "y", "Perhaps. Maybe."),
                      ("c", "x", "Snow."), ("d", None, "It may snow.")])
    markers = dc.find_markers(c, categories=["hedge", "booster"])
    o = group_overview(c, markers, by="group")
    assert o.group.tolist() == ["x", "y"]  # the blank label is in no group
    assert o.n_docs.tolist() == [2, 1]
    assert o.n_words.tolist() == [3 + 3 + 1, 2]
    assert o.n_sentences.tolist() == [3, 2]
    assert o.words_per_sentence.tolist() == pytest.approx([7 / 3, 1.0])
    assert o.n_hedge.tolist() == [1, 2]
    assert o.hedge_rate.tolist() == pytest.approx([1000 / 7, 1000])
    # Garwood's exact interval for one hit: [chi2(0.025; 2)/2, chi2(0.975; 4)/2] per 7 words
    low, high = stats.chi2.ppf(0.025, 2) / 2, stats.chi2.ppf(0.975, 4) / 2
    assert o.hedge_ci_low[0] == pytest.approx(low / 7 * 1000)
    assert o.hedge_ci_high[0] == pytest.approx(high / 7 * 1000)
    assert o.n_booster.tolist() == [0, 0]
    with pytest.deprecated_call(match="'n_hedge'"):
        assert o.hedge_count.tolist() == [1, 2]
    # without markers, group_overview finds them itself: the same table
    pd.testing.assert_frame_equal(pd.DataFrame(group_overview(c, by="group",
                                                              categories=["hedge", "booster"])),
                                  pd.DataFrame(o))


def test_key_terms_match_keyness_for_every_comparison():
    c = frame_corpus([("a", "x", "Tax tax tax cuts."), ("b", "y", "Health care care."),
                      ("c", "z", "Schools and teachers teachers.")])
    sides = comparisons(c)
    t = key_terms(c, sides, top=2)
    assert t.comparison.unique().tolist() == [0, 1, 2]
    counts = dc.count_terms(c, by="group")
    for i, s in enumerate(sides):
        k = dc.keyness(counts, focus=s.focus, reference=list(s.reference), by="group")
        mine = t[(t.comparison == i) & (t.side == "focus")]
        assert mine.term.tolist() == k[k.g2 > 0].head(2).term.tolist()
        theirs = t[(t.comparison == i) & (t.side == "reference")]
        assert (mine.g2 > 0).all() and (theirs.g2 < 0).all()
    table = key_terms_table(t, top=1)
    assert table.focus.tolist() == ["x", "y", "z"]
    assert table.reference.tolist() == ["the rest"] * 3
    assert table.focus_terms.tolist() == ["tax", "care", "teachers"]


def test_typical_documents_by_hand():
    # profiles (content words, l2-normalised): a = (tax, cuts)/sqrt2, b = (tax, cuts, jobs)/sqrt3,
    # c = (birds, sing)/sqrt2; centroid m = (a + b + c) / 3
    c = frame_corpus([("a", "x", "Tax cuts."), ("b", "x", "Tax cuts jobs."),
                      ("c", "x", "Birds sing."), ("d", "y", "Health care."),
                      ("e", "y", "Health care.")])
    s, r2, r3 = resolve_sides(c), 1 / math.sqrt(2), 1 / math.sqrt(3)
    m = np.array([r2 + r3, r2 + r3, r3, r2, r2]) / 3  # tax, cuts, jobs, birds, sing
    prof = {"a": np.array([r2, r2, 0, 0, 0]), "b": np.array([r3, r3, r3, 0, 0]),
            "c": np.array([0, 0, 0, r2, r2])}
    cos = {d: v @ m / np.linalg.norm(m) for d, v in prof.items()}
    t = typical_documents(c, s, top=5)
    focus = t[t.side == "focus"]
    # a and b tie exactly (1/3 + 2 / (3 sqrt 6) each): corpus order decides; c is far behind
    assert cos["a"] == pytest.approx(cos["b"]) and cos["c"] < cos["a"] - 0.1
    assert focus.doc_id.tolist() == ["a", "b", "c"]
    assert focus.similarity.tolist() == pytest.approx([cos[d] for d in focus.doc_id])
    assert focus.n_docs.unique().tolist() == [3]
    # d and e tie (similarity 1): corpus order decides
    assert t[t.side == "reference"].doc_id.tolist() == ["d", "e"]
    note = examples_note(typical_documents(c, s, top=1), s)
    assert "x: a (2 of 3 documents not shown)" in note and "y: d (1 of 2" in note


def test_attempt_prints_one_line_and_lets_bugs_through():
    out = io.StringIO()
    with redirect_stdout(out), attempt("Topics"):
        needs(False, "too few words on one side for topics.")
        raise AssertionError("never reached")
    assert out.getvalue() == "Topics: not computed: too few words on one side for topics.\n"
    with pytest.raises(ZeroDivisionError), attempt("x"):
        print(1 / 0)


def test_describe_comparisons_names_every_group():
    d = pd.DataFrame({"doc_id": list("abcde"), "group": ["p", "q", "r", "s", None]})
    text = describe_comparisons(comparisons(d))
    assert "each of the 4 groups against the rest: p, q, r, s" in text
    assert "1 document without a group value (e) is in no side" in text
    assert "Left out: q, s." in describe_comparisons(comparisons(d, focus="r", reference="p"))


def test_with_documents_permuted_a_difference_needs_the_documents_too():
    t = pd.DataFrame({"category": ["hedge", "booster", "informal"], "focus": "T",
                      "reference": "C", "n_focus": [30, 20, 0], "n_words_focus": 1000,
                      "n_reference": [5, 18, 12], "n_words_reference": 1000,
                      "rate_focus": [30.0, 20.0, 0.0], "rate_reference": [5.0, 18.0, 12.0],
                      "p_adjusted": [1e-6, 0.6, 1e-4], "p_permutation": [0.01, 0.7, 0.2],
                      "permutation_unit": "document"})
    f = stance_findings(t)
    assert f.is_over_documents.tolist() == [True, True, True]
    assert f.is_different.tolist() == [True, False, False]
    assert f.sentence[2] == (
        "informal: 0 vs 12 hits (0.0 vs 12.0 per 1,000 words); only C uses them; larger than "
        "chance over words (Holm-adjusted p = 0.0001) but not over documents (permutation of "
        "documents p = 0.2): it may come from a few documents.")
    assert "permutation of documents p = 0.01" in f.sentence[0]
    sentences = stance_findings(t.assign(permutation_unit="sentence"))
    assert sentences.is_different.tolist() == [True, False, True]


def _many_docs_corpus(n_docs):
    filler = "the plan and the people and the town and the work of the day"
    texts, groups = [], []
    for i in range(n_docs):
        extra = " springfield" * 20 if i == 0 else ""
        texts.append(f"{filler} fairness fairness {filler}{extra}.")
        groups.append("x")
        texts.append(f"{filler} {filler} {filler}.")
        groups.append("y")
    return dc.from_frame(pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                                       "group": groups, "text": texts}))


def test_key_terms_rank_among_document_level_differences_with_many_documents():
    c = _many_docs_corpus(6)  # six documents a side
    terms = key_terms(c, comparisons(c), top=5)
    focus = terms[terms.side == "focus"]
    assert set(focus.test) == {"document"}
    # "springfield": 20 uses, all in one of six documents: pooled G2 ranks it first, the
    # test over documents does not select it; "fairness" (in every x document) it does
    assert "springfield" not in set(focus.term)
    assert "fairness" in set(focus.term)
    assert (focus.p_docs_adjusted < 0.05).all()
    row = key_terms_table(terms, comparisons=comparisons(c)).iloc[0]
    assert row.test == "document" and "fairness" in row.focus_terms


def test_key_terms_fall_back_to_pooled_g2_with_few_documents():
    c = _many_docs_corpus(2)  # two documents a side: too few for a test over documents
    terms = key_terms(c, comparisons(c), top=3)
    focus = terms[terms.side == "focus"]
    assert set(focus.test) == {"pooled"}
    assert focus.term.iloc[0] == "springfield"  # the pooled screening list ranks it first


def test_every_comparison_keeps_a_row_when_no_term_differs():
    same = "the plan and the people and the town and the work of the day."
    c = dc.from_frame(pd.DataFrame({"doc_id": [f"d{i}" for i in range(15)],
                                    "group": ["a", "b", "c"] * 5, "text": [same] * 15}))
    comps = comparisons(c)
    table = key_terms_table(key_terms(c, comps), comparisons=comps)
    assert list(table.focus) == ["a", "b", "c"]
    assert (table.focus_terms == "").all()
