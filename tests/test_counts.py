"""count_terms: hand-counted tiny corpora and a plain-Python reference on the example."""

from collections import Counter

import pandas as pd
import pytest

import discourse as dc
from discourse._validate import InputError

TEXTS = {"a": "The war ended. War, war and peace!", "b": "Peace talks began.\n\nPeace holds."}
# tokens (norm): a/s0: the war ended . | a/s1: war , war and peace !
#                b/p0/s0: peace talks began . | b/p1/s1: peace holds .
# stop words here: "the", "and"


@pytest.fixture(scope="module")
def tiny():
    return dc.from_texts(TEXTS, sections=dc.all_body)


def as_dict(df, by=("doc_id",)):
    return {(*(str(r[c]) for c in by), r["term"]): r["n"] for _, r in df.iterrows()}


def test_unigrams_by_document(tiny):
    got = dc.count_terms(tiny)
    assert list(got.columns) == ["doc_id", "term", "n"]
    assert as_dict(got) == {
        ("a", "war"): 3, ("a", "ended"): 1, ("a", "peace"): 1,
        ("b", "peace"): 2, ("b", "talks"): 1, ("b", "began"): 1, ("b", "holds"): 1,
    }
    # sorted by unit (document order), n descending, then term
    assert got.term.tolist() == ["war", "ended", "peace", "peace", "began", "holds", "talks"]
    assert isinstance(got.index, pd.RangeIndex)
    assert got.n.dtype == "int64"
    assert list(got.doc_id.cat.categories) == ["a", "b"]


def test_paragraph_units(tiny):
    got = dc.count_terms(tiny, by=["doc_id", "para_id"])
    assert as_dict(got[got.doc_id == "b"], by=("doc_id", "para_id")) == {
        ("b", "0", "peace"): 1, ("b", "0", "talks"): 1, ("b", "0", "began"): 1,
        ("b", "1", "peace"): 1, ("b", "1", "holds"): 1,
    }


def test_keep_stop_words_and_punctuation(tiny):
    got = as_dict(dc.count_terms(tiny, drop_stop=False))
    assert got[("a", "the")] == 1 and got[("a", "and")] == 1
    got = as_dict(dc.count_terms(tiny, drop_punct=False))
    assert got[("a", ".")] == 1 and got[("a", ",")] == 1 and got[("b", ".")] == 2
    assert ("a", "the") not in got


def test_bigrams_stay_inside_sentences_and_skip_dropped_tokens(tiny):
    got = as_dict(dc.count_terms(tiny, ngram=2))
    # a: "the war" (stop), "ended ." (punct), "war , war" (punct), "war and" (stop) are dropped
    assert got == {("a", "war ended"): 1, ("b", "peace talks"): 1, ("b", "talks began"): 1,
                   ("b", "peace holds"): 1}
    everything = as_dict(dc.count_terms(tiny, ngram=2, drop_stop=False, drop_punct=False))
    # ". war" (a) and ". peace" (b) would cross a sentence boundary
    assert ("a", ". war") not in everything and ("b", ". peace") not in everything
    assert everything[("a", "ended .")] == 1 and everything[("a", ", war")] == 1
    assert len(everything) == 13  # 8 bigrams in a (4 + 5 tokens -> 3 + 5), 5 in b (3 + 2)


def test_trigram_joined_by_spaces(tiny):
    got = as_dict(dc.count_terms(tiny, ngram=3, drop_stop=False))
    # a/s1 "war , war and peace !": only "war and peace" has no punctuation
    assert got == {("a", "the war ended"): 1, ("a", "war and peace"): 1,
                   ("b", "peace talks began"): 1}


def test_only_analysed_paragraphs():
    c = dc.from_texts(["Headline here\n\nThe body says more than that.\n\nRead More"])
    assert c.analyzed("paragraphs").text.tolist() == ["The body says more than that."]
    got = dc.count_terms(c)
    assert sorted(got.term) == ["body", "says"]


def test_fill_zeros(tiny):
    plain = dc.count_terms(tiny)
    full = dc.count_terms(tiny, fill_zeros=True)
    assert len(full) == 2 * 6  # 2 documents x 6 distinct terms
    assert full.n.sum() == plain.n.sum()
    d = as_dict(full)
    assert d[("a", "talks")] == 0 and d[("b", "war")] == 0 and d[("a", "war")] == 3
    assert not full.duplicated(["doc_id", "term"]).any()


def test_by_group_and_metadata():
    df = pd.DataFrame({"doc_id": ["x1", "x2", "y1"],
                       "text": ["Tanks roll.", "Tanks and guns.", "Trade talks."],
                       "group": ["army", "army", "trade"]})
    c = dc.from_frame(df, sections=dc.all_body)
    got = dc.count_terms(c, by="group")
    assert list(got.columns) == ["group", "term", "n"]
    assert as_dict(got, by=("group",)) == {
        ("army", "tanks"): 2, ("army", "roll"): 1, ("army", "guns"): 1,
        ("trade", "trade"): 1, ("trade", "talks"): 1,
    }
    both = dc.count_terms(c, by=["group", "doc_id"])
    assert both.groupby("group", observed=True).n.sum().to_dict() == {"army": 4, "trade": 2}


def test_group_missing_is_a_clear_error(tiny):
    with pytest.raises(InputError, match="group"):
        dc.count_terms(tiny, by="group")
    with pytest.raises(InputError, match="nonsense"):
        dc.count_terms(tiny, by="nonsense")
    with pytest.raises(InputError, match="ngram"):
        dc.count_terms(tiny, ngram=0)
    with pytest.raises(InputError, match="term"):
        dc.count_terms(tiny, term="lemma")


def reference_counts(corpus, ngram):
    """Plain Python: walk each sentence's tokens and count runs of kept tokens."""
    tok = corpus.analyzed("tokens")
    counts = Counter()
    for (doc, _sent), rows in tok.groupby(["doc_id", "sent_id"], observed=True, sort=False):
        norms, keep = rows.norm.astype(str).tolist(), (rows.is_word & ~rows.is_stop).tolist()
        for i in range(len(norms) - ngram + 1):
            if all(keep[i:i + ngram]):
                counts[(str(doc), " ".join(norms[i:i + ngram]))] += 1
    return dict(counts)


@pytest.mark.parametrize("ngram", [1, 2, 3])
def test_matches_plain_python_on_the_example(example, ngram):
    assert as_dict(dc.count_terms(example, ngram=ngram)) == reference_counts(example, ngram)


def test_does_not_change_the_corpus(tiny):
    before = tiny.tokens.copy()
    dc.count_terms(tiny, by=["doc_id", "para_id"], ngram=2, fill_zeros=True)
    pd.testing.assert_frame_equal(tiny.tokens, before)


@pytest.mark.parametrize("kwargs", [{}, {"by": ["doc_id", "para_id"]}, {"ngram": 2},
                                    {"by": "group", "ngram": 3, "drop_stop": False}])
def test_single_key_counting_equals_the_groupby_path(monkeypatch, kwargs):
    # the fast path (one mixed-radix key) and the fallback (pandas groupby) give one table
    import discourse.stats.counts as counts_module

    c = dc.from_frame(pd.DataFrame({
        "doc_id": ["a", "b", "c"], "group": ["x", "y", "x"],
        "text": ["It may rain. It may not rain today.", "Rain, rain and more rain.\n\nSun.",
                 "Today it may rain and it may not."]}))
    fast = dc.count_terms(c, **kwargs)
    monkeypatch.setattr(counts_module, "_count_keys", lambda *a, **k: None)
    slow = dc.count_terms(c, **kwargs)
    pd.testing.assert_frame_equal(fast, slow)
