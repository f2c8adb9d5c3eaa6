import math

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.register.style import count_syllables, mtld


def corpus_of(texts, **kw):
    return dc.from_texts(texts, sections=dc.all_body, **kw)


# -- syllables, counted by hand -----------------------------------------------------------------
@pytest.mark.parametrize("word, n", [
    ("the", 1), ("I", 1), ("see", 1), ("make", 1), ("whole", 1), ("times", 1), ("asked", 1),
    ("played", 1), ("can't", 1), ("don't", 1), ("it's", 1), ("2021", 1),
    ("table", 2), ("little", 2), ("tables", 2), ("troubled", 2), ("wanted", 2), ("uses", 2),
    ("pages", 2), ("boxes", 2), ("didn't", 2), ("wasn't", 2), ("people", 2), ("Russia", 2),
    ("Putin\u2019s", 2), ("Europe", 2), ("Ukraine", 2),
    ("beautiful", 3), ("yesterday", 3), ("recognition", 4), ("multipolarity", 6),
])
def test_syllables_of_chosen_words(word, n):
    assert count_syllables([word])[0] == n


def test_syllables_accepts_a_single_string():
    assert count_syllables("table").tolist() == [2]


# -- MTLD ---------------------------------------------------------------------------------------
def test_mtld_by_hand():
    words = "the cat sat on the mat the end".split()
    # forward: TTR after each word 1, 1, 1, 1, 4/5, 5/6, 5/7=.714 <= .72 -> factor 1, restart;
    #   "end" leaves TTR 1 -> partial (1-1)/(1-.72) = 0; forward = 8 / 1 = 8
    # backward (end the mat the on sat cat the): 1, 1, 1, 3/4, 4/5, 5/6, 6/7, 6/8=.75: no full
    #   factor; partial (1-.75)/.28 = .892857; backward = 8 / .892857 = 8.96
    # MTLD = (8 + 8.96) / 2 = 8.48
    assert mtld(words) == pytest.approx(8.48, abs=1e-9)


def test_mtld_exact_factors_and_undefined():
    assert mtld("a b a b a b".split()) == 3.0  # a factor ends at every third word: 6 / 2
    assert math.isnan(mtld("all words differ".split()))  # no factor and no partial factor
    assert math.isnan(mtld([]))


def test_mtld_threshold_is_a_parameter():
    # threshold .5: forward a b a (2/3) b (2/4=.5 -> factor) a b a b (factor): 8 / 2 = 4
    assert mtld("a b a b a b a b".split(), threshold=0.5) == 4.0


# -- the profile, by hand -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def small():
    return corpus_of({"a": "I can't see it. Can you? We saw 3 dogs.",
                      "b": 'She said "we will win this war" today. Then "root causes" appeared.'})


def test_profile_counts_and_readability_by_hand(small):
    p = dc.style_profile(small, n_resamples=200).set_index("doc_id").loc["a"]
    # sentences: [I can't see it] 4 words, [Can you] 2, [We saw 3 dogs] 4; every word 1 syllable
    assert p.n_words == 10 and p.n_sentences == 3
    assert p.mean_sentence_length == pytest.approx(10 / 3)
    assert p.median_sentence_length == 4
    assert p.syllables_per_word == pytest.approx(1.0)
    # FRE = 206.835 - 1.015 * 10/3 - 84.6 * 10/10 = 118.851667
    assert p.flesch_reading_ease == pytest.approx(206.835 - 1.015 * 10 / 3 - 84.6)
    # FKG = 0.39 * 10/3 + 11.8 * 1 - 15.59 = -2.49
    assert p.flesch_kincaid_grade == pytest.approx(-2.49)
    assert p.ttr == 1.0 and math.isnan(p.mtld)  # ten distinct words
    # per 1,000 words: can't (1), I + We (2), you (1), 3 (1)
    assert p.contraction_rate == pytest.approx(100)
    assert p.first_person_rate == pytest.approx(200)
    assert p.second_person_rate == pytest.approx(100)
    assert p.number_rate == pytest.approx(100)
    assert p.question_share == pytest.approx(1 / 3)
    assert p.quotation_share == 0


def test_quotations_need_four_words(small):
    p = dc.style_profile(small, n_resamples=50).set_index("doc_id").loc["b"]
    # "we will win this war" (5 words) is a quotation; "root causes" (2) is a scare quote
    assert p.n_sentences == 2 and p.quotation_share == 0.5


def test_quotation_over_two_sentences():
    c = corpus_of(['"It is over. We are done here now," he said. Then he left.'])
    p = dc.style_profile(c, n_resamples=50)
    assert p.n_sentences.iloc[0] == 3
    assert p.quotation_share.iloc[0] == pytest.approx(2 / 3)


def test_contractions_and_pronoun_rules():
    c = corpus_of(["Putin's been clear. Putin's plan failed. The US and us won't."])
    p = dc.style_profile(c, n_resamples=50).iloc[0]
    # words: Putin's been clear | Putin's plan failed | The US and us won't -> 3 + 3 + 5 = 11
    # contractions: Putin's (before "been") and won't; not the possessive Putin's plan
    assert p.n_words == 11
    assert p.contraction_rate == pytest.approx(1000 * 2 / 11)
    assert p.first_person_rate == pytest.approx(1000 * 1 / 11)  # "us", not "US"


def test_numbers():
    c = corpus_of(["In 2021 some 219,000 died, two thousand fled in the '90s. One man stayed."])
    p = dc.style_profile(c, n_resamples=50).iloc[0]
    # words: In 2021 some 219,000 died two thousand fled in the '90s (11) + One man stayed (3)
    # numbers: 2021, 219,000, two, thousand, '90s (not "One") -> 5 / 14
    assert p.n_words == 14
    assert p.number_rate == pytest.approx(1000 * 5 / 14)


def test_bootstrap_interval_matches_normal_theory():
    # 200 sentences alternating 2 and 6 words: mean 4, sd 2, se = 2 / sqrt(200) = 0.1414;
    # a 95% interval is about 4 -/+ 1.96 * 0.1414 = [3.72, 4.28]
    text = " ".join(["Go now.", "We all went home at once."] * 100)
    p = dc.style_profile(corpus_of([text])).iloc[0]
    assert p.mean_sentence_length == 4
    assert p.mean_sentence_length_ci_low == pytest.approx(4 - 1.96 * 2 / np.sqrt(200), abs=0.06)
    assert p.mean_sentence_length_ci_high == pytest.approx(4 + 1.96 * 2 / np.sqrt(200), abs=0.06)


def test_bootstrap_collapses_when_sentences_agree_and_is_deterministic():
    c = corpus_of(["Cats sit. Dogs run. Birds fly."])
    p = dc.style_profile(c).iloc[0]
    assert p.mean_sentence_length_ci_low == p.mean_sentence_length_ci_high == 2
    a = dc.style_profile(dc.load_example(), n_resamples=300)
    b = dc.style_profile(dc.load_example(), n_resamples=300)
    pd.testing.assert_frame_equal(a, b)
    assert (a.flesch_reading_ease_ci_low <= a.flesch_reading_ease).all()
    assert (a.flesch_reading_ease <= a.flesch_reading_ease_ci_high).all()


def test_by_group_pools_documents():
    df = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["x", "x", "y"],
                       "text": ["One two.", "Three four five.", "Six."]})
    c = dc.from_frame(df, sections=dc.all_body)
    p = dc.style_profile(c, by="group", n_resamples=50)
    assert p.group.tolist() == ["x", "y"]
    assert p.n_words.tolist() == [5, 1] and p.n_sentences.tolist() == [2, 1]
    assert p.mean_sentence_length.tolist() == [2.5, 1.0]


def test_only_analysed_paragraphs(example):
    p = dc.style_profile(example, n_resamples=50)
    assert p.n_words.tolist() == example.documents.n_words.tolist()
    assert p.index.equals(pd.RangeIndex(2))


def test_bad_input():
    with pytest.raises(dc.InputError, match="by"):
        dc.style_profile(dc.load_example(), by="colour")
    with pytest.raises(dc.InputError, match="n_resamples"):
        dc.style_profile(dc.load_example(), n_resamples=0)


# -- sides: focus / reference ---------------------------------------------------------------------
def test_focus_reference_pool_the_sides_like_a_relabelled_corpus():
    texts = {"a": "I can't go. You know it.", "b": "We will see. It's late!",
             "c": "The committee deliberated at length.", "d": "Numbers: 12 and 40 people."}
    groups = {"a": 1, "b": 2, "c": 3, "d": None}
    c = dc.from_frame(pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                                    "group": [groups[d] for d in texts]}), sections=dc.all_body)
    p = dc.style_profile(c, by="group", focus=1, reference=["2", 3], n_resamples=300)
    assert p.group.tolist() == ["1", "the rest"] and p.side.tolist() == ["focus", "reference"]
    # the same numbers as a corpus whose labels are the sides (d, unlabelled, is in neither)
    side = {"a": "1", "b": "the rest", "c": "the rest"}
    relabelled = dc.from_frame(pd.DataFrame({"doc_id": list(side), "text": [texts[d] for d in side],
                                             "group": list(side.values())}), sections=dc.all_body)
    q = dc.style_profile(relabelled, by="group", n_resamples=300)
    pd.testing.assert_frame_equal(p.drop(columns="side"), pd.DataFrame(q))
    two = dc.style_profile(c, by="group", focus="2", reference="3", n_resamples=300)
    assert two.group.tolist() == ["2", "3"] and two.n_words.tolist() == [5, 5]


def test_focus_reference_errors():
    c = corpus_of({"a": "One two.", "b": "Three four."})
    with pytest.raises(dc.InputError, match="not a value of 'doc_id'"):
        dc.style_profile(c, focus="zzz", n_resamples=10)
    with pytest.raises(dc.InputError, match="without focus"):
        dc.style_profile(c, reference="a", n_resamples=10)


def test_a_corpus_without_words_is_refused_with_a_reason():
    with pytest.raises(dc.InputError, match="no words"):
        dc.style_profile(corpus_of({"a": "...", "b": "!!! ???"}), n_resamples=10)


# -- sides= and the old spellings -----------------------------------------------------------------
@pytest.fixture(scope="module")
def grouped():
    texts = {"a": "I can't go. You know it.", "b": "We will see. It's late!",
             "c": "The committee deliberated at length.", "d": "Why? Numbers: 12 and 40."}
    return dc.from_frame(pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                                       "group": ["x", "y", "z", "y"]}), sections=dc.all_body)


def test_sides_equal_the_focus_reference_spelling(grouped):
    first = dc.comparisons(grouped, by="group")[0]  # x against the rest (y, z)
    by_sides = dc.style_profile(grouped, sides=first, n_resamples=100)
    by_names = dc.style_profile(grouped, by="group", focus="x", n_resamples=100)
    pd.testing.assert_frame_equal(by_sides, by_names)
    assert by_sides.group.tolist() == ["x", "the rest"]
    pair = dc.comparisons(grouped, by="group", focus="z", reference="y")[0]
    pd.testing.assert_frame_equal(
        dc.style_profile(grouped, sides=pair, n_resamples=100),
        dc.style_profile(grouped, by="group", focus="z", reference="y", n_resamples=100))


def test_without_sides_every_unit_is_profiled(grouped):
    # three groups and no focus: a profile of every unit (style_profile's choice), not an error
    assert dc.style_profile(grouped, by="group", n_resamples=10).group.tolist() == \
        ["x", "y", "z"]
    with pytest.raises(dc.InputError, match="one comparison"):
        dc.style_profile(grouped, sides=dc.comparisons(grouped, by="group"), n_resamples=10)
    with pytest.raises(dc.InputError, match="not both"):
        dc.style_profile(grouped, sides=dc.comparisons(grouped, by="group")[0], focus="x")


def test_two_sided_rows_are_in_corpus_order(grouped):
    # the side the corpus names first comes first: here the reference
    p = dc.style_profile(grouped, by="group", focus="z", reference="y", n_resamples=10)
    assert p.group.tolist() == ["y", "z"] and p.side.tolist() == ["reference", "focus"]


def test_old_names_still_work_and_warn(grouped):
    new = dc.style_profile(grouped, by="group", n_resamples=100)
    with pytest.deprecated_call(match="n_resamples"):
        old = dc.style_profile(grouped, by="group", n_boot=100)
    pd.testing.assert_frame_equal(old, new)
    for old_col, new_col in [("words", "n_words"), ("sentences", "n_sentences"),
                             ("mean_sentence_length_low", "mean_sentence_length_ci_low"),
                             ("quotation_share_high", "quotation_share_ci_high")]:
        assert old_col not in new.columns
        with pytest.deprecated_call(match=new_col):
            pd.testing.assert_series_equal(new[old_col], new[new_col])
    with pytest.deprecated_call():
        assert new.words.tolist() == new.n_words.tolist()
    with pytest.raises(dc.InputError, match="both"):
        dc.style_profile(grouped, n_boot=10, n_resamples=10)
