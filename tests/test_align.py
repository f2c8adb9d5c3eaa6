import math

import numpy as np
import pandas as pd
import pytest
from helpers import hand_markers

import discourse as dc
from discourse.register.align import similarity_null


def corpus_of(texts):
    return dc.from_texts(texts, sections=dc.all_body)


@pytest.fixture(scope="module")
def pair():
    c = corpus_of({
        "essay": "The sanctions may weaken Moscow. The weather was cold in Riga.",
        "news": "The sanctions will certainly weaken Moscow and Minsk. "
                "Experts say the harvest failed in Kansas."})
    m = hand_markers(c, [("essay", "may", "hedge"), ("news", "certainly", "booster"),
                  ("news", "say", "attribution")])
    return c, m


def test_similarity_and_shift_by_hand(pair):
    c, m = pair
    a = dc.align_sentences(c, focus="essay", reference="news", min_similarity=0, markers=m)
    # terms (stopwords, modals and markers left out, Porter stems):
    #   essay 0: sanction weaken moscow | essay 1: weather cold riga
    #   news 0: sanction weaken moscow minsk | news 1: expert harvest fail kansa
    # n = 4 sentences; idf(df=2) = ln(5/3) + 1 = 1.510826, idf(df=1) = ln(5/2) + 1 = 1.916291
    # cos(essay 0, news 0) = 3 a^2 / (sqrt(3) a * sqrt(3 a^2 + b^2)) = sqrt(3) a / sqrt(3a^2+b^2)
    #                      = 2.616828 / 3.243448 = 0.806804
    # news 1 shares no term with the essay: not aligned
    a_, b_ = math.log(5 / 3) + 1, math.log(5 / 2) + 1
    expected = math.sqrt(3) * a_ / math.sqrt(3 * a_**2 + b_**2)
    assert len(a) == 1
    row = a.iloc[0]
    assert (row.focus_sent_id, row.reference_sent_id, row["rank"]) == (0, 0, 1)
    assert row.similarity == pytest.approx(expected, abs=1e-9)
    assert expected == pytest.approx(0.806804, abs=1e-6)
    # the essay hedges ("may") what the rewrite boosts ("certainly")
    assert (row.focus_hedges, row.focus_boosters, row.reference_hedges, row.reference_boosters) == \
        (1, 0, 0, 1)
    assert row.focus_commitment == "hedged" and row.reference_commitment == "boosted"
    assert row["shift"] == "hedged -> boosted"
    assert row.shared_terms.split("; ") == sorted(["moscow", "sanctions", "weaken"])
    assert c.text_of("essay")[row.focus_start:row.focus_end] == row.focus_text
    assert c.text_of("news")[row.reference_start:row.reference_end] == row.reference_text


# a sentence with a named source has one more term ("experts", "berzina") than the other:
# n = 2 sentences, idf(df=2) = ln(3/3) + 1 = 1, idf(df=1) = ln(3/2) + 1 = 1.405465, so
# cos = 3 / (sqrt(3 + 1.405465^2) * sqrt(3)) = 3 / (2.230545 * 1.732051) = 0.776515
NAMED = 3 / (math.sqrt(3 + (math.log(1.5) + 1) ** 2) * math.sqrt(3))


@pytest.mark.parametrize("focus, reference, cues, shift, similarity", [
    ("The sanctions may hurt Moscow.", "The sanctions hurt Moscow.",
     [("s", "may", "hedge")], "hedged -> asserted", 1.0),
    ("The sanctions hurt Moscow.", "The sanctions might hurt Moscow.",
     [("t", "might", "hedge")], "asserted -> hedged", 1.0),
    ("Experts say the sanctions hurt Moscow.", "The sanctions hurt Moscow.",
     [("s", "say", "attribution")], "attributed -> authorial", NAMED),
    ("The sanctions hurt Moscow.", "The sanctions hurt Moscow, says Berzina.",
     [("t", "says", "attribution")], "authorial -> attributed", NAMED),
    ("Experts say the sanctions may hurt Moscow.", "The sanctions hurt Moscow.",
     [("s", "say", "attribution"), ("s", "may", "hedge")],
     "attributed -> authorial; hedged -> asserted", NAMED),
    ("The sanctions hurt Moscow.", "The sanctions hurt Moscow.", [], "same", 1.0),
    ("The sanctions may clearly hurt Moscow.", "The sanctions hurt Moscow.",
     [("s", "may", "hedge"), ("s", "clearly", "booster")], "same", 1.0),  # 1 hedge = 1 booster
])
def test_shift_labels(focus, reference, cues, shift, similarity):
    c = corpus_of({"s": focus, "t": reference})
    a = dc.align_sentences(c, focus="s", reference="t", min_similarity=0,
                           markers=hand_markers(c, cues))
    assert a["shift"].tolist() == [shift]
    # stance words are left out of the terms: a hedged and a bare claim are the same claim
    assert a.similarity.iloc[0] == pytest.approx(similarity)
    assert NAMED == pytest.approx(0.776515, abs=1e-6)


def test_threshold_and_top(pair):
    c, m = pair
    assert dc.align_sentences(c, focus="essay", reference="news", min_similarity=0.9,
                              markers=m).empty
    two = dc.align_sentences(c, focus="essay", reference="news", min_similarity=0, top=2,
                             markers=m)
    # only positive similarities are pairs: still one
    assert two["rank"].tolist() == [1]
    c2 = corpus_of({"s": "Moscow sanctions hurt. Moscow talks stall. Rain fell.",
                    "t": "Moscow sanctions and talks."})
    a = dc.align_sentences(c2, focus="s", reference="t", min_similarity=0, top=3,
                           markers=hand_markers(c2, []))
    assert a["rank"].tolist() == [1, 2]
    assert a.focus_sent_id.tolist() == [0, 1] or a.similarity.is_monotonic_decreasing
    assert a.similarity.is_monotonic_decreasing
    assert a.index.equals(pd.RangeIndex(2))


def test_null_with_one_focus_sentence_equals_the_real_similarity():
    # shuffling words within a single sentence changes nothing: every null value is the real one
    c = corpus_of({"s": "Moscow sanctions hurt badly.", "t": "Moscow sanctions. Rain fell."})
    m = hand_markers(c, [])
    null = similarity_null(c, focus="s", reference="t", markers=m, n_resamples=4)
    real = dc.align_sentences(c, focus="s", reference="t", min_similarity=0, markers=m)
    assert len(null) == 4 * 2  # shuffles x reference sentences with content words
    got = null[null.reference_sent_id == 0].similarity.to_numpy()
    assert np.allclose(got, real.similarity.iloc[0])
    assert np.allclose(null[null.reference_sent_id == 1].similarity, 0)


def test_auto_threshold_is_the_95th_percentile_of_the_null(example):
    m = hand_markers(example, [])
    null = similarity_null(example, focus="cepa_essay", reference="news_rewrite", markers=m,
                           n_resamples=20, random_state=3)
    a = dc.align_sentences(example, focus="cepa_essay", reference="news_rewrite", markers=m,
                           n_resamples=20, random_state=3)
    assert a.attrs["min_similarity"] == pytest.approx(np.quantile(null.similarity, 0.95))
    assert (a.similarity >= a.attrs["min_similarity"]).all()
    # deterministic
    b = dc.align_sentences(example, focus="cepa_essay", reference="news_rewrite", markers=m,
                           n_resamples=20, random_state=3)
    pd.testing.assert_frame_equal(a, b)


def test_cosine_against_an_independent_computation(example):
    # scikit-learn's TfidfVectorizer on the same term strings gives the same best matches
    from sklearn.feature_extraction.text import TfidfVectorizer

    from discourse.register.align import _Space

    m = hand_markers(example, [])
    space = _Space(example, "cepa_essay", "news_rewrite", False, m)
    docs = [[] for _ in range(space.n_rows)]
    for r, col in zip(space.rows, space.cols, strict=True):
        docs[r].append(space.terms[col])
    X = TfidfVectorizer(analyzer=lambda d: d).fit_transform(docs)
    sim = (X[space.n_focus:] @ X[: space.n_focus].T).toarray()
    a = dc.align_sentences(example, focus="cepa_essay", reference="news_rewrite", markers=m,
                           min_similarity=0, stem=False)
    t_ids = space.sentences["news_rewrite"].sent_id.tolist()
    for r in a.itertuples():
        assert r.similarity == pytest.approx(sim[t_ids.index(r.reference_sent_id)].max())


def test_bad_input(pair):
    c, m = pair
    with pytest.raises(dc.InputError, match="focus='nope' is not a value of 'doc_id'"):
        dc.align_sentences(c, focus="nope", reference="news", markers=m)
    with pytest.raises(dc.InputError, match="both"):
        dc.align_sentences(c, focus="news", reference="news", markers=m)
    with pytest.raises(dc.InputError, match="min_similarity"):
        dc.align_sentences(c, focus="essay", reference="news", min_similarity=1.5, markers=m)
    with pytest.raises(dc.InputError, match="min_similarity"):
        dc.align_sentences(c, focus="essay", reference="news", min_similarity="high", markers=m)
    with pytest.raises(dc.InputError, match="category"):
        dc.align_sentences(c, focus="essay", reference="news", markers=m.drop(columns="category"))


def test_aligned_html_escapes_and_highlights():
    c = corpus_of({"s": "The <b>sanctions</b> may hurt Moscow & Minsk.",
                   "t": "The <b>sanctions</b> hurt Moscow & Minsk."})
    m = hand_markers(c, [("s", "may", "hedge")])
    a = dc.align_sentences(c, focus="s", reference="t", min_similarity=0, markers=m)
    html = dc.aligned_html(a, c, markers=m)
    assert "<b>" not in html and "&lt;b&gt;sanctions&lt;/b&gt;" in html
    assert '<mark class="hedge" title="hedge: may (test)">may</mark>' in html
    assert "hedged -&gt; asserted" in html and "Moscow &amp; Minsk" in html
    assert html._repr_html_() == str(html)
    with pytest.raises(dc.InputError, match="aligned"):
        dc.aligned_html(pd.DataFrame({"x": [1]}), c, markers=m)


def test_two_documents_default_to_the_first_against_the_second(pair):
    c, m = pair
    chosen = dc.align_sentences(c, focus="essay", reference="news", min_similarity=0, markers=m)
    pd.testing.assert_frame_equal(
        dc.align_sentences(c, min_similarity=0, markers=m), chosen)
    # focus alone: against the other document
    pd.testing.assert_frame_equal(
        dc.align_sentences(c, focus="essay", min_similarity=0, markers=m), chosen)
    pd.testing.assert_frame_equal(
        dc.align_sentences(c, sides=dc.comparisons(c, by="doc_id")[0], min_similarity=0,
                           markers=m), chosen)
    pd.testing.assert_frame_equal(similarity_null(c, markers=m, n_resamples=5),
                                  similarity_null(c, focus="essay", reference="news",
                                                  markers=m, n_resamples=5))


def test_three_documents_need_a_choice():
    c = corpus_of({"a": "Moscow sanctions hurt.", "b": "Moscow sanctions.", "c": "Rain fell."})
    m = hand_markers(c, [])
    with pytest.raises(dc.InputError, match="align_sentences shows one comparison"):
        dc.align_sentences(c, markers=m)
    with pytest.raises(dc.InputError, match="similarity_null shows one comparison"):
        similarity_null(c, markers=m)
    # focus alone is that document against the rest: two documents, not one
    with pytest.raises(dc.InputError, match="one document with one other"):
        dc.align_sentences(c, focus="a", markers=m)
    with pytest.raises(dc.InputError, match="one document with one other"):
        dc.align_sentences(c, focus="a", reference=["b", "c"], markers=m)
    with pytest.raises(dc.InputError, match="one document with one other"):
        dc.align_sentences(c, sides=dc.comparisons(c)[0], markers=m)
    a = dc.align_sentences(c, focus="a", reference="b", min_similarity=0, markers=m)
    assert a.focus_doc_id.tolist() == ["a"] and a.reference_doc_id.tolist() == ["b"]


def test_sides_of_another_column_are_refused():
    c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
                                    "text": ["Moscow sanctions hurt.", "Moscow sanctions."]}),
                      sections=dc.all_body)
    with pytest.raises(dc.InputError, match="by='doc_id'"):
        dc.align_sentences(c, sides=dc.comparisons(c, by="group")[0], markers=hand_markers(c, []))


def test_old_names_still_work_and_warn(pair):
    c, m = pair
    new = dc.align_sentences(c, focus="essay", reference="news", min_similarity=0, top=2,
                             markers=m)
    with pytest.deprecated_call(match="is now") as caught:
        old = dc.align_sentences(c, source="essay", target="news", min_similarity=0, top_n=2,
                                 markers=m)
    pd.testing.assert_frame_equal(old, new)
    said = " ".join(str(w.message) for w in caught)
    assert "(focus=)" in said and "(reference=)" in said and "(top=)" in said
    with pytest.deprecated_call(match="n_resamples"):
        auto = dc.align_sentences(c, focus="essay", reference="news", markers=m, n_shuffles=7)
    pd.testing.assert_frame_equal(
        auto, dc.align_sentences(c, focus="essay", reference="news", markers=m, n_resamples=7))
    for old_col in ["source_doc_id", "source_text", "target_sent_id", "target_commitment",
                    "source_end"]:
        new_col = old_col.replace("source_", "focus_").replace("target_", "reference_")
        assert old_col not in new.columns and new_col in new.columns
        with pytest.deprecated_call(match=new_col):
            pd.testing.assert_series_equal(new[old_col], new[new_col])
    with pytest.deprecated_call():
        assert new.source_text.tolist() == new.focus_text.tolist()
    null = similarity_null(c, focus="essay", reference="news", markers=m, n_resamples=5)
    with pytest.deprecated_call(match="is now"):
        old_null = similarity_null(c, source="essay", target="news", markers=m, n_shuffles=5)
    pd.testing.assert_frame_equal(old_null, null)
    with pytest.deprecated_call(match="reference_sent_id"):
        assert null["target_sent_id"].tolist() == null.reference_sent_id.tolist()
    html = dc.aligned_html(new, c, markers=m, top=1)
    with pytest.deprecated_call(match="top"):
        assert dc.aligned_html(new, c, markers=m, max_rows=1) == html
    with pytest.raises(dc.InputError, match="both"):
        dc.align_sentences(c, focus="essay", source="news", reference="news", markers=m)


def test_no_content_words_give_an_empty_typed_result():
    c = corpus_of({"a": "... !!!", "b": "The of and."})
    no_markers = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "category"])
    a = dc.align_sentences(c, focus="a", reference="b", markers=no_markers)
    assert len(a) == 0 and a.attrs["min_similarity"] == 0.0
    assert a.dtypes["similarity"] == np.float64 and a.dtypes["reference_sent_id"] == "int64"
    null = similarity_null(c, focus="a", reference="b", markers=no_markers)
    assert len(null) == 0 and list(null.columns) == ["shuffle", "reference_sent_id", "similarity"]


def test_the_threshold_is_a_column_that_survives_a_concat():
    import discourse as dc

    c = dc.load_example()
    a = dc.align_sentences(c, focus="cepa_essay", reference="news_rewrite", min_similarity=0.2)
    both = pd.concat([a, a], ignore_index=True)  # concatenation keeps columns, not attrs
    assert (both.min_similarity == 0.2).all() and (both.similarity >= 0.2).all()
