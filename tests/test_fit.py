"""dc.fit_stance, StanceModel, dc.sentence_stance(model=...) and rates of labelled sentences
(issue 26)."""

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_recall_fscore_support

import discourse as dc
from discourse.stance.fit import labels_of

SUBJECTS = ["The drug", "This gene", "The team", "Our model", "The sample", "The enzyme",
            "The method", "The result", "Each cell", "The trial", "The patient", "A virus"]


def coded_corpus():
    """Sentences whose annotators (as BioScope's) count "can" as a hedge cue, which the rules do
    not: yes for "may" and "can", no for plain sentences and for "May" the month."""
    rows = []
    for i, s in enumerate(SUBJECTS):
        rows += [(f"{s} may bind it.", "yes"), (f"{s} can bind it.", "yes"),
                 (f"{s} binds it.", "no"), (f"{s} was tested in May.", "no"),
                 (f"{s} is stable at {i + 4} degrees.", "no")]
    texts = {f"s{i:03d}": t for i, (t, _) in enumerate(rows)}
    corpus = dc.from_texts(texts)
    coded = pd.DataFrame({"doc_id": list(texts), "sent_id": 0, "text": list(texts.values()),
                          "code_1": [c for _, c in rows], "category": "hedge"})
    return corpus, coded


@pytest.fixture(scope="module")
def fitted():
    corpus, coded = coded_corpus()
    return corpus, coded, dc.fit_stance(coded, corpus, n_resamples=300)


def test_the_rules_row_is_the_rules_scored_by_sklearn(fitted):
    corpus, coded, model = fitted
    y = (coded.code_1 == "yes").astype(int)
    rules = coded.text.str.contains(" may ").astype(int)  # "may" is the only hedge hit
    p, r, f, _ = precision_recall_fscore_support(y, rules, average="binary")
    row = model.scores.set_index("tagger").loc["rules"]
    assert (row.precision, row.recall, row.f1) == pytest.approx((p, r, f))
    assert row.n == len(coded)


def test_the_fitted_tagger_learns_what_the_rules_miss(fitted):
    _, _, model = fitted
    s = model.scores.set_index("tagger")
    assert s.loc["fitted", "f1"] > s.loc["rules", "f1"] + 0.2
    assert s.loc["rules", "f1"] == pytest.approx(2 / 3)  # recall 1/2, precision 1
    assert model.statement.startswith("The fitted tagger beats the rules")
    assert model.coefficients["w=can"] > 0
    assert all(s.f1_ci_low <= s.f1) and all(s.f1 <= s.f1_ci_high)


def test_weights_make_the_scores_estimates_for_the_corpus():
    corpus, coded = coded_corpus()
    w = np.where(coded.text.str.contains(" may "), 1.0, 3.0)
    model = dc.fit_stance(coded.assign(weight=w), corpus, n_resamples=0)
    y = (coded.code_1 == "yes").astype(int)
    rules = coded.text.str.contains(" may ").astype(int)
    p, r, f, _ = precision_recall_fscore_support(y, rules, average="binary", sample_weight=w)
    row = model.scores.set_index("tagger").loc["rules"]
    assert (row.precision, row.recall, row.f1) == pytest.approx((p, r, f))  # r = 1 / (1 + 3)
    assert "weighted to the corpus" in model.statement


def test_saved_and_loaded_the_model_is_the_same_and_the_file_repeats(fitted, tmp_path):
    corpus, coded, model = fitted
    a = model.save(tmp_path / "a.json")
    again = dc.fit_stance(coded, corpus, n_resamples=300)
    b = again.save(tmp_path / "b.json")
    assert a.read_bytes() == b.read_bytes()
    data = json.loads(a.read_text())
    assert data["format"] == "discourse stance model" and data["category"] == "hedge"
    loaded = dc.StanceModel.load(a)
    assert loaded.coefficients == model.coefficients and loaded.intercept == model.intercept
    s1 = dc.sentence_stance(corpus, model=model)
    s2 = dc.sentence_stance(corpus, model=str(a))
    assert s1.equals(s2)
    bad = tmp_path / "bad.json"
    bad.write_text('{"x": 1}')
    with pytest.raises(dc.InputError, match="not a stance model"):
        dc.sentence_stance(corpus, model=bad)
    with pytest.raises(dc.InputError, match="model="):
        dc.sentence_stance(corpus, model=3)


def test_a_hand_made_model_gives_the_logistic_probability():
    c = dc.from_texts(["It may rain.", "Cats sleep."])
    model = dc.StanceModel(category="hedge", intercept=-1.5,
                           coefficients={"w=rain": 2.0, "cat=hedge": 1.0, "w=dogs": 9.0},
                           scores=pd.DataFrame())
    s = dc.sentence_stance(c, model=model)
    z = np.array([-1.5 + 2.0 + 1.0, -1.5])
    assert s.prob_hedge.to_numpy() == pytest.approx(1 / (1 + np.exp(-z)))
    assert s.is_hedge.tolist() == [True, False]


def test_without_a_model_sentence_stance_is_unchanged_and_with_one_only_adds(fitted):
    corpus, _, model = fitted
    plain = dc.sentence_stance(corpus)
    labelled = dc.sentence_stance(corpus, model=model)
    assert list(labelled.columns) == list(plain.columns) + ["is_hedge", "prob_hedge"]
    pd.testing.assert_frame_equal(labelled[plain.columns], plain, check_frame_type=False)
    assert labelled.is_hedge.dtype == bool


def test_rates_count_the_labelled_sentences(fitted):
    corpus, _, model = fitted
    labelled = dc.sentence_stance(corpus, model=model)
    rates = dc.marker_rates(corpus, labelled, n_resamples=0)
    assert rates.category.unique().tolist() == ["hedge"]
    by_hand = labelled.groupby("doc_id", observed=True).is_hedge.sum()
    assert rates.set_index("doc_id").n.to_dict() == {k: int(v) for k, v in by_hand.items()}
    # the same as a markers table holding one hit per labelled sentence
    hits = labelled.loc[labelled.is_hedge, ["doc_id", "sent_id"]].assign(
        category=pd.Categorical(["hedge"] * int(labelled.is_hedge.sum()), categories=["hedge"]))
    pd.testing.assert_frame_equal(rates, dc.marker_rates(corpus, hits, n_resamples=0))
    two = corpus.documents.doc_id.tolist()[:2]
    cmp = dc.compare_rates(corpus, labelled, focus=two[0], reference=two[1], n_resamples=0)
    assert cmp.n_focus.tolist() == [int(by_hand[two[0]])]


def test_labels_of_uses_code_then_agreement():
    t = pd.DataFrame({"code_1": ["yes", "no", "yes"], "code_2": ["no", "no", "yes"]})
    assert np.array_equal(labels_of(t), [np.nan, 0, 1], equal_nan=True)
    assert labels_of(t.assign(code=["no", "yes", "yes"])).tolist() == [0, 1, 1]


def test_errors_say_what_to_do():
    corpus, coded = coded_corpus()
    with pytest.raises(dc.InputError, match="at least 20"):
        dc.fit_stance(coded.head(10), corpus)
    with pytest.raises(dc.InputError, match="another corpus"):
        dc.fit_stance(coded, dc.from_texts({d: "Other words." for d in coded.doc_id}))
    with pytest.raises(dc.InputError, match="one stance category"):
        dc.fit_stance(coded.assign(category=["hedge", "booster"] * 30), corpus)
    with pytest.raises(dc.InputError, match="coded"):
        dc.fit_stance(None)
