"""count_terms of single terms by two integer sorts (stats/counts.py, _count_sorted), against the
hash-and-sort path it replaced and against counts and an order computed here in plain Python."""

from collections import Counter

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import discourse as dc
import discourse.stats.counts as counts_module

TEXTS = {
    "d1": "Zebra apple zebra. Éclair apple straße! Apple, apple?\n\nÉclair ZEBRA éclair ß.",
    "d2": "Ökonomie Zürich zebra. Αλφα beta alpha; alpha beta Beta.",
    "d3": "日本語 テキスト apple. Straße strasse ß ss zebra zebra zebra.",
    "d4": "Headline Words Here\n\nOnly apple here, and apple again.",
}


@pytest.fixture(scope="module")
def corpus():
    df = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()),
                       "group": ["g2", "g1", "g2", "g1"], "year": [3, 1, 2, 1]})
    return dc.from_frame(df)


OPTIONS = [{}, {"by": "group"}, {"by": ["doc_id", "para_id"]}, {"by": ["group", "year"]},
           {"by": ["year", "doc_id"], "drop_stop": False}, {"term": "text", "drop_punct": False},
           {"by": "sent_id"}]


@pytest.mark.parametrize("options", OPTIONS)
def test_equals_the_hash_and_sort_path(corpus, monkeypatch, options):
    fast = dc.count_terms(corpus, **options)
    monkeypatch.setattr(counts_module, "_count_sorted", lambda *a, **k: None)
    slow = dc.count_terms(corpus, **options)
    assert len(fast) > 10
    assert_frame_equal(fast, slow)


def test_counts_and_order_by_hand(corpus):
    got = dc.count_terms(corpus, by="doc_id")
    tok = corpus.analyzed("tokens")
    tok = tok[tok.is_word & ~tok.is_stop]
    counts = Counter(zip(tok.doc_id.astype(str), tok.norm.astype(str), strict=True))
    doc_order = {d: i for i, d in enumerate(TEXTS)}
    # unit in document order, n descending, term in code-point order (Python's str order)
    want = sorted(counts.items(), key=lambda kv: (doc_order[kv[0][0]], -kv[1], kv[0][1]))
    assert list(zip(got.doc_id.astype(str), got.term, got.n, strict=True)) == [
        (d, t, n) for (d, t), n in want]
    assert got.term.dtype == pd.StringDtype(na_value=float("nan"))
    assert got.n.dtype == "int64"
    assert got.doc_id.dtype == corpus.tokens.doc_id.dtype
    # the headline paragraph is not analysed: its words are not counted
    assert "headline" not in set(got.term)


def test_declines_when_the_key_does_not_fit():
    # an integer unit as wide as 2**60 leaves no room for the terms in 63 bits: None (the
    # caller then counts with the hash path or a groupby)
    import numpy as np

    units = {"x": pd.Series(np.array([0, 2**60], dtype=np.int64))}
    cats = np.array(["a", "b", "c", "d", "e"], dtype=object)
    starts = np.array([0, 1])
    assert counts_module._count_sorted(units, ["x"], np.array([0, 1]), cats, starts) is None
    small = {"x": pd.Series(np.array([1, 0], dtype=np.int64))}
    out = counts_module._count_sorted(small, ["x"], np.array([4, 2]), cats, starts)
    assert out.to_dict("list") == {"x": [0, 1], "term": ["c", "e"], "n": [1, 1]}


def test_empty_and_single_row():
    empty = dc.from_texts({"a": "the and of."})
    assert dc.count_terms(empty).empty
    one = dc.count_terms(dc.from_texts({"a": "peace"}))
    assert one.to_dict("list") == {"doc_id": ["a"], "term": ["peace"], "n": [1]}


def test_few_units_are_counted_without_a_sort(monkeypatch):
    # two groups and a small vocabulary: a count per possible key (bincount), the same table
    # as the hash path; the sort (_runs) is not reached
    texts = {f"d{i}": " ".join(["Apple zebra apple. Zebra beta apple!"] * (i + 1))
             for i in range(6)}
    c = dc.from_frame(pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                                    "group": ["a", "b"] * 3}))

    def no_sort(key):
        raise AssertionError("sorted")

    monkeypatch.setattr(counts_module, "_runs", no_sort)
    fast = dc.count_terms(c, by="group")
    monkeypatch.setattr(counts_module, "_count_sorted", lambda *a, **k: None)
    assert_frame_equal(fast, dc.count_terms(c, by="group"))
    assert fast.n.sum() == sum(len(t.split()) for t in texts.values())


def test_runs_are_the_distinct_keys_and_their_counts():
    import numpy as np

    from discourse.stats._key_runs import _runs

    key = np.random.default_rng(1).integers(0, 50, 1000).astype(np.int64)
    want, n = np.unique(key, return_counts=True)
    got, got_n = _runs(key.copy())
    assert got.tolist() == want.tolist() and got_n.tolist() == n.tolist()
