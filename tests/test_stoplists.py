"""Stop word choice: shipped lists, files, lists, extra words; count_terms and fit_topics."""

from importlib import resources

import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

import discourse as dc


def test_shipped_lists_match_their_sources():
    assert dc.stoplist("sklearn") == frozenset(ENGLISH_STOP_WORDS)
    assert dc.stoplist() == dc.stoplist("snowball")
    assert {"the", "and", "of"} <= dc.stoplist("snowball") and "putin" not in dc.stoplist()


def test_old_stopwords_warns_and_gives_the_snowball_list():
    with pytest.deprecated_call(match=r'dc.stopwords\(\) is now dc.stoplist\("snowball"\)'):
        old = dc.stopwords()
    assert isinstance(old, frozenset) and old == dc.stoplist("snowball")
    # the shipped file, read by hand: one word a line, "#" lines are comments
    raw = resources.files("discourse.resources").joinpath("stopwords_en.txt").read_text("utf-8")
    assert old == {w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#")}
    assert {"will", "us", "upon"} <= dc.stoplist("sklearn")
    assert not {"will", "us", "upon"} & dc.stoplist("snowball")


def test_list_file_and_extra(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("# my list\nThe\nshall\n", encoding="utf-8")
    assert dc.stoplist(f) == {"the", "shall"}
    assert dc.stoplist(str(f), extra_stopwords=["Let"]) == {"the", "shall", "let"}
    assert dc.stoplist(["A", "b"]) == {"a", "b"}
    with pytest.raises(dc.InputError, match="neither a shipped list"):
        dc.stoplist("glasgow-nope")


def test_count_terms_uses_the_chosen_list():
    c = dc.from_texts({"a": "We will build, and we shall build upon it. Let us build."})
    default = dc.count_terms(c).set_index("term").n
    assert {"will", "shall", "upon", "let", "us"} <= set(default.index)  # Snowball keeps them
    fuller = dc.count_terms(c, stopwords="sklearn")
    assert set(fuller.term) == {"build", "shall", "let"}
    extra = dc.count_terms(c, stopwords="sklearn", extra_stopwords=["shall", "let"])
    assert extra.term.tolist() == ["build"] and extra.n.tolist() == [3]
    mine = dc.count_terms(c, stopwords=["build"])
    assert "build" not in set(mine.term) and "we" in set(mine.term)
    kept = dc.count_terms(c, drop_stop=False, stopwords="sklearn")
    assert "we" in set(kept.term)  # drop_stop=False keeps every word
    bigrams = dc.count_terms(c, ngram=2, stopwords="sklearn")
    assert set(bigrams.term) <= {"shall build", "let build"}


def test_fit_topics_uses_the_chosen_list():
    c = dc.from_texts({"a": "We will tax trade.\n\nWe will tax trade more.",
                       "b": "Us upon war and guns.\n\nUs upon guns."})
    default = dc.fit_topics(c, n_topics=2)
    fuller = dc.fit_topics(c, n_topics=2, stopwords="sklearn", extra_stopwords=["guns"])
    vocab = set(fuller.vectorizer.get_feature_names_out())
    assert {"will", "us", "upon"} <= set(default.vectorizer.get_feature_names_out())
    assert not {"will", "us", "upon", "guns"} & vocab and {"tax", "war"} <= vocab
