"""fit_topics: determinism, shares, aggregation and errors."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse._validate import InputError

ARMY = "Tanks and troops crossed. Troops need tanks."
TRADE = "Tariffs hurt trade. Trade needs low tariffs."


@pytest.fixture(scope="module")
def two_themes():
    return dc.from_texts({"army": f"{ARMY}\n\n{ARMY} Troops rest.",
                          "trade": f"{TRADE}\n\n{TRADE} Tariffs rise."}, sections=dc.all_body)


def test_separable_themes_get_separate_topics(two_themes):
    res = dc.fit_topics(two_themes, n_topics=2)
    shares = res.documents.pivot(index="doc_id", columns="topic", values="share")
    army_topic = int(shares.loc["army"].idxmax())
    assert shares.loc["army", army_topic] > 0.99
    assert shares.loc["trade", 1 - army_topic] > 0.99
    assert set(res.labels[army_topic].split(" / ")) <= {"tanks", "troops", "crossed", "need",
                                                         "rest"}
    assert "tariffs" in res.labels[1 - army_topic]


def test_tables_and_invariants(example):
    res = dc.fit_topics(example, n_topics=4)
    assert list(res.terms.columns) == ["topic", "term", "weight", "rank"]
    assert list(res.units.columns) == ["doc_id", "para_id", "topic", "share", "n_words"]
    assert list(res.documents.columns) == ["doc_id", "topic", "share"]
    for df in (res.terms, res.units, res.documents):
        assert isinstance(df.index, pd.RangeIndex)
        assert not df.isna().any().any()
    # shares sum to 1 per unit and per document
    assert np.allclose(res.units.groupby(["doc_id", "para_id"], observed=True).share.sum(), 1)
    assert np.allclose(res.documents.groupby("doc_id", observed=True).share.sum(), 1)
    # one unit per analysed paragraph with content words
    analysed = example.analyzed("paragraphs")
    assert res.units_count() == len(analysed)
    # ranks 1.. within a topic, weights non-increasing; top weight is the component maximum
    for k, d in res.terms.groupby("topic"):
        assert d["rank"].tolist() == list(range(1, len(d) + 1))
        assert (np.diff(d.weight) <= 0).all()
        assert d.weight.iloc[0] == pytest.approx(res.model.components_[k].max())
    # labels: the three top terms
    top3 = res.terms[res.terms["rank"] <= 3].groupby("topic").term.agg(" / ".join).to_dict()
    assert res.labels == top3
    # topics numbered largest first
    totals = res.units.groupby("topic").share.sum()
    assert totals.index.tolist() == [0, 1, 2, 3]
    # vocabulary: content words only
    vocab = set(res.vectorizer.get_feature_names_out())
    assert not vocab & dc.stoplist("snowball")
    assert all(any(ch.isalnum() for ch in t) for t in vocab)


def test_document_share_is_word_weighted_mean_of_unit_shares(example):
    res = dc.fit_topics(example, n_topics=3)
    u = res.units.assign(weighted=res.units.share * res.units.n_words)
    by_doc = u.groupby(["doc_id", "topic"], observed=True)
    expected = (by_doc.weighted.sum() / by_doc.n_words.sum()).rename("share").reset_index()
    merged = res.documents.merge(expected, on=["doc_id", "topic"], suffixes=("", "_expected"))
    assert len(merged) == len(res.documents)
    assert np.allclose(merged.share, merged.share_expected)
    # the unit's n_words is its count of content words
    words = example.analyzed("tokens")
    words = words[words.is_word & ~words.is_stop]
    n = words.groupby(["doc_id", "para_id"], observed=True).size()
    first = res.units[res.units.topic == 0].set_index(["doc_id", "para_id"]).n_words
    assert first.to_dict() == n[n > 0].to_dict()


def test_deterministic(example):
    a = dc.fit_topics(example, n_topics=5)
    b = dc.fit_topics(example, n_topics=5)
    assert a.labels == b.labels
    for f in ("terms", "units", "documents"):
        pd.testing.assert_frame_equal(getattr(a, f), getattr(b, f))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.labels = {}


@pytest.mark.parametrize("unit,keys", [("sentence", ["doc_id", "para_id", "sent_id"]),
                                       ("document", ["doc_id"])])
def test_other_units(example, unit, keys):
    res = dc.fit_topics(example, n_topics=2, unit=unit)
    assert list(res.units.columns) == keys + ["topic", "share", "n_words"]
    assert np.allclose(res.documents.groupby("doc_id", observed=True).share.sum(), 1)


def test_too_many_topics_is_a_clear_error(example, two_themes):
    with pytest.raises(InputError, match="2 documents"):
        dc.fit_topics(example, n_topics=3, unit="document")
    with pytest.raises(InputError, match="n_topics"):
        dc.fit_topics(two_themes, n_topics=0)
    with pytest.raises(InputError, match="unit"):
        dc.fit_topics(two_themes, unit="chapter")


def test_top_terms_per_topic_and_the_old_name(two_themes):
    res = dc.fit_topics(two_themes, n_topics=2, top=3)
    assert res.terms.groupby("topic").size().tolist() == [3, 3]
    # by hand from the model: each topic's three heaviest components, ties by term
    vocab = res.vectorizer.get_feature_names_out()
    for k, d in res.terms.groupby("topic"):
        h = res.model.components_[k]
        order = sorted(range(len(vocab)), key=lambda j: (-h[j], vocab[j]))[:3]
        assert d.term.tolist() == [vocab[j] for j in order]
    with pytest.deprecated_call(match=r"fit_topics\(n_terms=\) is now fit_topics\(top=\)"):
        old = dc.fit_topics(two_themes, n_topics=2, n_terms=3)
    pd.testing.assert_frame_equal(old.terms, res.terms)
    pd.testing.assert_frame_equal(old.documents, res.documents)
