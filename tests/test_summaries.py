import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse import (
    alignment_threshold,
    length_summary,
    sentence_lengths,
    sources_by_document,
    style_differences,
    tf_idf_summary,
    topic_shares_by,
)


def frame_corpus(rows):
    return dc.from_frame(pd.DataFrame(rows, columns=["doc_id", "group", "text"]),
                         sections=dc.all_body)


def test_sentence_lengths_against_a_slow_loop():
    c = frame_corpus([("a", 1, "It may rain. Yes, it will rain today!"), ("b", 2, "No. ... Go.")])
    got = sentence_lengths(c, by="group")
    words = c.tokens[c.tokens.is_word]
    expected = [(str(d), int(s), str(c.documents.set_index("doc_id").group[d]), int(len(g)))
                for (d, s), g in words.groupby(["doc_id", "sent_id"], observed=True)]
    assert list(got.itertuples(index=False, name=None)) == expected
    summary = length_summary(got, by="group")
    assert summary.group.tolist() == ["1", "2"]
    assert summary.n_sentences.tolist() == [2, 2] and summary["max"].tolist() == [5, 1]
    assert summary.n_words.tolist() == [8, 2]
    assert summary["mean"].tolist() == [4.0, 1.0]  # (3 + 5) / 2
    with pytest.deprecated_call(match="'n_words'"):
        assert got.words.tolist() == got.n_words.tolist()


def test_tf_idf_summary_by_hand():
    # paragraphs: a0 = cats purr | a1 = dogs bark | b0 = cats sleep ; N = 3 paragraphs
    c = frame_corpus([("a", "x", "Cats purr.\n\nDogs bark."), ("b", "y", "Cats sleep.")])
    t = tf_idf_summary(c, by="group").set_index(["group", "term"]).tf_idf
    # cats in a0: tf 1/2, idf ln(3/2); mean over x's 2 paragraphs
    assert t["x", "cats"] == pytest.approx(0.5 * math.log(3 / 2) / 2)
    assert t["x", "dogs"] == pytest.approx(0.5 * math.log(3) / 2)
    assert t["y", "sleep"] == pytest.approx(0.5 * math.log(3))
    docs = tf_idf_summary(c, by="group", unit="document").set_index(["group", "term"]).tf_idf
    assert docs["x", "cats"] == 0.0 and docs["y", "sleep"] == pytest.approx(0.5 * math.log(2))
    with pytest.raises(dc.InputError):
        tf_idf_summary(c, by="group", unit="sentence")


def test_alignment_threshold():
    null = pd.DataFrame({"similarity": np.arange(101) / 100})
    assert alignment_threshold(null) == pytest.approx(0.95)
    assert alignment_threshold(null.iloc[:0]) == 0.0


def test_sources_by_document_merge_by_surname():
    a = pd.DataFrame({"doc_id": ["d", "d", "d", "e", "d"],
                      "source": ["Kristine Berzina", "Berzina", "experts", "berzina", " "]})
    out = sources_by_document(a)
    assert list(out.itertuples(index=False, name=None)) == [
        ("d", "Kristine Berzina", 2), ("d", "experts", 1), ("e", "Kristine Berzina", 1)]
    assert len(sources_by_document(a.iloc[:0])) == 0
    assert dc.cited_sources is not sources_by_document  # the voices' table keeps its name


def test_style_differences_overlap_and_missing():
    p = pd.DataFrame({"g": [1, 2], "m": [10.0, 11.0], "m_ci_low": [8.0, 10.5],
                      "m_ci_high": [12.0, 13.0], "n": [1.0, 5.0], "n_ci_low": [0.5, np.nan],
                      "n_ci_high": [1.5, np.nan]})
    d = style_differences(p, by="g", focus="1", reference=2, measures={"m": "M", "n": "N"})
    assert d.is_overlap.tolist() == [True, True]
    assert d.focus_ci_low.tolist() == [8.0, 0.5]
    assert d.sentence.tolist() == [
        "M: 1 10.0 vs 2 11.0; the intervals overlap: the difference may be sampling noise.",
        "N: 1 1.0 vs 2 5.0; an interval is missing (too few sentences)."]
    with pytest.raises(dc.InputError):
        style_differences(p, by="g", focus="3", reference="1", measures={"m": "M"})


def test_topic_shares_by_weights_by_words():
    c = frame_corpus([("a", "x", "One."), ("b", "x", "Two."), ("c", "y", "Three.")])
    units = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c"], "para_id": 0,
                          "topic": [0, 1] * 3, "share": [1, 0, 0.5, 0.5, 0, 0],
                          "n_words": [1, 1, 3, 3, 2, 2]})
    out = topic_shares_by(SimpleNamespace(units=units), c, by="group")
    # x: topic 0 = (1*1 + 0.5*3) / (1 + 3) = 0.625; c has no weight and is left out
    assert list(out.itertuples(index=False, name=None)) == [("x", 0, 0.625), ("x", 1, 0.375)]
