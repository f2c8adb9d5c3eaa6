"""sentence_stance: one row per analysed sentence, counts, and the certainty formula."""

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.stance.lexicon import CATEGORIES
from discourse.stance.sentences import certainty_score


def test_one_row_per_analysed_sentence(example):
    s = dc.sentence_stance(example)
    sents = example.analyzed("sentences")
    assert len(s) == len(sents)
    assert list(s.columns) == ["doc_id", "para_id", "sent_id", "text", "n_words",
                               *(f"n_{c}" for c in CATEGORIES), "certainty", "is_hedged",
                               "n_scope_hedge", "is_uncertain", "certainty_fitted",
                               "certainty_ratio"]
    assert isinstance(s.index, pd.RangeIndex)
    assert s.text.tolist() == sents.text.tolist()
    assert s.groupby("doc_id", observed=True).n_words.sum().to_dict() == dict(
        zip(example.documents.doc_id, example.documents.n_words, strict=True))
    m = dc.find_markers(example)
    assert s[[f"n_{c}" for c in CATEGORIES]].to_numpy().sum() == len(m)
    pd.testing.assert_frame_equal(s, dc.sentence_stance(example, m))


def test_counts_and_certainty_by_hand():
    c = dc.from_texts(["It may perhaps rain. It will certainly rain. "
                       "I think it is clearly true that it rains. It rains."])
    s = dc.sentence_stance(c)
    # hedges: may, perhaps | - | think (first person) | -
    # boosters: - | certainly | clearly, "true" (it is true that) | -
    assert s.n_hedge.tolist() == [2, 0, 1, 0]
    assert s.n_booster.tolist() == [0, 1, 2, 0]
    assert s.n_self_mention.tolist() == [0, 0, 1, 0]
    # (b - h) / (b + h + 1): -2/3, 1/2, (2 - 1)/4, 0
    assert s.certainty_ratio.tolist() == pytest.approx([-2 / 3, 1 / 2, 1 / 4, 0.0])
    ratio = dc.sentence_stance(c, certainty="ratio")
    assert ratio.certainty.tolist() == s.certainty_ratio.tolist()
    assert s.is_hedged.tolist() == [True, False, True, False]
    assert s.n_words.tolist() == [4, 4, 9, 2]


def test_certainty_properties():
    b = np.array([0, 1, 2, 3, 0, 0, 0])
    h = np.array([0, 0, 0, 0, 1, 2, 3])
    score = certainty_score(b, h)
    assert np.all(np.diff(score[:4]) > 0) and np.all(np.diff(score[4:]) < 0)  # monotone
    assert np.all(np.abs(score) < 1)  # bounded
    assert certainty_score(2, 2) == 0


def test_only_hedges_searched_still_has_the_score():
    c = dc.from_texts(["It may rain. Surely not."])
    s = dc.sentence_stance(c, dc.find_markers(c, categories="hedge"))
    assert s.n_booster.tolist() == [0, 0] and s.certainty_ratio.tolist() == [-0.5, 0.0]
    assert "n_attitude" not in s.columns


def test_is_uncertain_counts_epistemic_hits_only():
    c = dc.from_texts(["About 40 people often came. It may rain. Experts believe it works. "
                       "We go if it is dry. It rains."])
    s = dc.sentence_stance(c)
    # scope hedges only | modal | belief verb (third party) | condition | nothing
    assert s.is_hedged.tolist() == [True, True, True, False, False]
    assert s.n_scope_hedge.tolist() == [2, 0, 0, 0, 0]
    assert s.is_uncertain.tolist() == [False, True, True, True, False]
    assert s.n_condition.tolist() == [0, 0, 0, 1, 0]


def test_fitted_certainty_is_the_shipped_linear_model():
    from discourse.stance.sentences import CERTAINTY_FEATURES, certainty_model

    model = certainty_model()
    assert list(model["coefficients"]) == list(CERTAINTY_FEATURES)
    assert model["data"]["licence"] == "MIT" and model["fit"]["n_records"] == 1220
    c = dc.from_texts(["It may rain today.", "It will certainly rain today."])
    s = dc.sentence_stance(c)
    coef, b0 = model["coefficients"], model["intercept"]
    # by hand: one epistemic modal, 4 words | one booster, 5 words
    first = b0 + coef["epistemic_modal"] + coef["log_words"] * np.log(5)
    second = b0 + coef["booster"] + coef["log_words"] * np.log(6)
    assert s.certainty.tolist() == pytest.approx([first, second])
    assert s.certainty_fitted.tolist() == s.certainty.tolist()
    # a modal lowers the predicted rating, a booster raises it
    assert coef["epistemic_modal"] < 0 < coef["booster"]


def test_certainty_choice_is_checked():
    with pytest.raises(dc.InputError, match="certainty"):
        dc.sentence_stance(dc.from_texts(["x"]), certainty="nope")


def test_old_column_names_warn_and_read_the_new_columns():
    c = dc.from_texts(["About 40 people may come. It will certainly rain."])
    m = dc.find_markers(c)
    s = dc.sentence_stance(c, m)
    for old, new in {"hedge": "n_hedge", "booster": "n_booster", "condition": "n_condition",
                     "scope_hedge": "n_scope_hedge"}.items():
        assert old not in s.columns
        with pytest.deprecated_call(match=f"column '{old}' is now '{new}'"):
            pd.testing.assert_series_equal(s[old], s[new])
        with pytest.deprecated_call(match=f"column '{old}' is now '{new}'"):
            assert getattr(s, old).tolist() == s[new].tolist()
    assert s.n_hedge.tolist() == [2, 0] and s.n_scope_hedge.tolist() == [1, 0]
    # a markers table saved before 1.0 (column "epistemic") gives the same sentences
    saved = pd.DataFrame(m).rename(columns={"is_epistemic": "epistemic"})
    pd.testing.assert_frame_equal(pd.DataFrame(dc.sentence_stance(c, saved)), pd.DataFrame(s))
