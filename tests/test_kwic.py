"""kwic and collocations: hand-built texts, offsets round-trip, NLTK's likelihood ratio by hand."""

import math

import pandas as pd
import pytest

import discourse as dc
from discourse._validate import InputError

TEXT = ("The war began in spring. Wars end; the WAR   went on.\n\n"
        "Peace talks failed. Root causes, they said.\n\n"
        "Root\ncauses again and root causes.")


@pytest.fixture(scope="module")
def tiny():
    return dc.from_texts({"d": TEXT}, sections=dc.all_body)


def check_rows(corpus, out):
    """Offsets point at the match, and left + match + right is a slice of the raw text."""
    for r in out.itertuples():
        text = corpus.text_of(str(r.doc_id))
        assert text[r.start:r.end] == r.match
        assert text[r.start - len(r.left):r.end + len(r.right)] == r.left + r.match + r.right


def test_word_matches_norm_case_insensitively(tiny):
    out = dc.kwic(tiny, "war", window=2)
    assert list(out.columns) == ["doc_id", "sent_id", "start", "end", "left", "match", "right"]
    assert out.match.tolist() == ["war", "WAR"]  # not "Wars"
    assert out.sent_id.tolist() == [0, 1]
    # window 2: "The" before the first; "; the   " keeps the original spacing before "WAR"
    assert out.left.tolist() == ["The ", "; the "]
    assert out.right.tolist() == [" began in", "   went on"]
    assert out.start[0] == TEXT.index("war")
    check_rows(tiny, out)


def test_phrase_and_paragraph_bounds(tiny):
    out = dc.kwic(tiny, "Root causes", window=3)
    # "Root causes," and "root causes."; "Root\ncauses" is split by a line break, and each
    # line is a paragraph of its own: a phrase never spans paragraphs
    assert out.match.tolist() == ["Root causes", "root causes"]
    assert out.left[0] == "talks failed. "  # 3 tokens: talks, failed, "."
    assert out.right[0] == ", they said"
    # the context stops at the paragraph's edges
    assert out.left[1] == "causes again and " and out.right[1] == "."
    check_rows(tiny, out)


def test_glob_regex_and_case(tiny):
    assert dc.kwic(tiny, "war*").match.tolist() == ["war", "Wars", "WAR"]
    out = dc.kwic(tiny, r"\broot\s+causes\b", regex=True, window=1)
    assert out.match.tolist() == ["Root causes", "root causes"]
    assert out.right.tolist() == [",", "."]
    check_rows(tiny, out)
    assert dc.kwic(tiny, "WAR", case_sensitive=True).match.tolist() == ["WAR"]
    assert dc.kwic(tiny, r"war", regex=True, case_sensitive=True).match.tolist() == ["war"]


def test_window_zero_and_no_match(tiny):
    out = dc.kwic(tiny, "peace", window=0)
    assert out.left.tolist() == [""] and out.right.tolist() == [""]
    empty = dc.kwic(tiny, "tanks")
    assert len(empty) == 0
    assert list(empty.columns) == ["doc_id", "sent_id", "start", "end", "left", "match", "right"]


def test_analysed_paragraphs_only_by_default():
    c = dc.from_texts(["Headline about war\n\nThe war goes on.\n\nRead More"])
    assert dc.kwic(c, "war").match.tolist() == ["war"]
    assert len(dc.kwic(c, "war", analyzed_only=False)) == 2


def test_kwic_lines_agree_with_counts(example):
    counts = dc.count_terms(example)
    for term in ("multipolarity", "ukraine", "kremlin"):
        out = dc.kwic(example, term)
        want = counts[counts.term == term].set_index("doc_id").n
        got = out.groupby("doc_id", observed=True).size()
        assert got[got > 0].to_dict() == want[want > 0].to_dict()
        check_rows(example, out)


def test_kwic_errors(tiny):
    with pytest.raises(InputError, match="pattern"):
        dc.kwic(tiny, "  ")
    with pytest.raises(InputError, match="regular expression"):
        dc.kwic(tiny, "(", regex=True)
    with pytest.raises(InputError, match="window"):
        dc.kwic(tiny, "war", window=-1)


# -- collocations ------------------------------------------------------------------------------
def log_likelihood(n_ii, n_ix, n_xi, n):
    """Dunning's G2 for a bigram from its 2x2 table, by hand."""
    obs = [n_ii, n_ix - n_ii, n_xi - n_ii, n - n_ix - n_xi + n_ii]
    rows, cols = [n_ix, n - n_ix], [n_xi, n - n_xi]
    exp = [rows[0] * cols[0] / n, rows[0] * cols[1] / n, rows[1] * cols[0] / n,
           rows[1] * cols[1] / n]
    return 2 * sum(o * math.log(o / e) for o, e in zip(obs, exp, strict=True) if o > 0)


def test_collocations_hand_worked(tiny):
    out = dc.collocations(tiny)
    assert list(out.columns) == ["w1", "w2", "n", "score"]
    # word tokens: 11 + 7 + 1 + 5 = 24 (stop words count in N; only pairs are filtered);
    # root x3, causes x3, "root causes" x2 ("Root" / "causes" are in different paragraphs)
    words = tiny.tokens[tiny.tokens.is_word]
    assert len(words) == 24
    row = out[(out.w1 == "root") & (out.w2 == "causes")].iloc[0]
    assert row.n == 2
    assert row.score == pytest.approx(log_likelihood(2, 3, 3, 24))
    # every other pair is seen once: dropped by min_freq=2
    assert len(out) == 1
    assert len(dc.collocations(tiny, min_freq=1)) > 1


def test_collocations_never_cross_punctuation_or_sentences():
    c = dc.from_texts(["Alpha beta. Gamma alpha. Beta, gamma alpha. Beta gamma."],
                      sections=dc.all_body)
    pairs = dc.collocations(c, min_freq=1, drop_stop=False)
    got = set(zip(pairs.w1, pairs.w2, strict=True))
    # "beta. gamma" and "beta, gamma" are not adjacent pairs; "beta gamma" once (last sentence)
    assert got == {("alpha", "beta"), ("gamma", "alpha"), ("beta", "gamma")}
    assert pairs.set_index(["w1", "w2"]).n.to_dict() == {
        ("alpha", "beta"): 1, ("gamma", "alpha"): 2, ("beta", "gamma"): 1}


def test_collocations_per_document_stop_words_and_order(example):
    doc = example.doc_ids[0]
    out = dc.collocations(example, doc_ids=doc, top=10, min_freq=2)
    assert len(out) <= 10
    assert out.equals(out.sort_values(["score", "w1", "w2"], ascending=[False, True, True])
                      .reset_index(drop=True))
    assert not (set(out.w1) | set(out.w2)) & dc.stoplist("snowball")
    assert (out.n >= 2).all()
    pd.testing.assert_frame_equal(out, dc.collocations(example, doc_ids=[doc], top=10,
                                                       min_freq=2))
    with pytest.raises(InputError):
        dc.collocations(example, doc_ids="nope")


def test_collocations_old_names_warn_and_give_the_same_pairs(tiny):
    with pytest.deprecated_call(match=r"collocations\(n=\) is now collocations\(top=\)"):
        old = dc.collocations(tiny, n=1, min_freq=1)
    pd.testing.assert_frame_equal(old, dc.collocations(tiny, top=1, min_freq=1))
    assert len(old) == 1
    doc = tiny.doc_ids[0]
    with pytest.deprecated_call(match=r"collocations\(doc_id=\) is now "
                                      r"collocations\(doc_ids=\)"):
        old = dc.collocations(tiny, doc_id=doc, min_freq=1)
    pd.testing.assert_frame_equal(old, dc.collocations(tiny, doc_ids=doc, min_freq=1))
    with pytest.raises(InputError, match="give top= only"):
        dc.collocations(tiny, n=1, top=1)
