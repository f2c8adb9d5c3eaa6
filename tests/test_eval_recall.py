"""Sentence-level precision and recall of the stance tagger against hand labels (issue 23).

``scripts/evaluate_markers.py`` (``make eval``) scores the tagger on hand-labelled sentences
(``tests/fixtures/judged_sentences_*.csv``). These tests check its arithmetic on tables whose
answers are worked out by hand and by scikit-learn, and the shape of the shipped fixtures.
"""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_score, recall_score

ROOT = Path(__file__).resolve().parents[1]
CATS = ("hedge", "booster", "attribution", "condition", "obligation")


@pytest.fixture(scope="module")
def ev():
    return runpy.run_path(str(ROOT / "scripts" / "evaluate_markers.py"))


def test_precision_recall_by_hand(ev):
    truth = pd.DataFrame({"hedge": [1, 1, 0, 0, 1, 1], "booster": [0, 0, 0, 0, 0, 0],
                          "condition": [1, 0, 0, 0, 0, 0]})
    pred = pd.DataFrame({"hedge": [1, 0, 1, 0, 1, 0], "booster": [0, 1, 0, 0, 0, 0],
                         "condition": [0, 0, 0, 0, 0, 0]})
    t = ev["sentence_precision_recall"](truth, pred, ("hedge", "booster", "condition"))
    # hedge: judged 4 (rows 0, 1, 4, 5), tagged 3 (rows 0, 2, 4), both 2 (rows 0, 4)
    counts = t.loc["hedge", ["n_sentences", "n_judged", "n_tagged", "n_both"]].tolist()
    assert counts == [6, 4, 3, 2]
    assert t.loc["hedge", "precision"] == pytest.approx(2 / 3)
    assert t.loc["hedge", "recall"] == pytest.approx(1 / 2)
    assert t.loc["hedge", "F1"] == pytest.approx(4 / 7)  # 2 * (2/3) * (1/2) / (2/3 + 1/2)
    # booster: one false alarm, nothing to find: precision 0, recall undefined
    assert t.loc["booster", "precision"] == 0 and math.isnan(t.loc["booster", "recall"])
    assert math.isnan(t.loc["booster", "F1"])
    # condition: one miss, nothing tagged: precision undefined, recall 0
    assert math.isnan(t.loc["condition", "precision"]) and t.loc["condition", "recall"] == 0


def test_precision_recall_agrees_with_sklearn(ev):
    rng = np.random.default_rng(23)
    truth = pd.DataFrame({c: rng.integers(0, 2, 200) for c in CATS})
    pred = pd.DataFrame({c: np.where(rng.random(200) < 0.8, truth[c], 1 - truth[c])
                         for c in CATS})
    t = ev["sentence_precision_recall"](truth, pred)
    for c in CATS:
        assert t.loc[c, "precision"] == pytest.approx(precision_score(truth[c], pred[c]))
        assert t.loc[c, "recall"] == pytest.approx(recall_score(truth[c], pred[c]))


def test_tiny_hand_made_fixture_end_to_end(ev, tmp_path, monkeypatch):
    """The tagger on obvious sentences against labels with one miss and one false alarm."""
    rows = [  # text, hedge, booster, attribution, condition, obligation
        ("Perhaps it will rain tomorrow.", 1, 0, 0, 0, 0),
        ("The sky is blue.", 1, 0, 0, 0, 0),  # labelled a hedge the tagger cannot see: a miss
        ("If it rains, we stay at home.", 0, 0, 0, 0, 0),  # "if" left unlabelled: a false alarm
        ("We must act now.", 0, 0, 0, 0, 1),
    ]
    d = pd.DataFrame(rows, columns=["text", *CATS])
    d.insert(0, "doc_id", "d1")
    d.insert(1, "sent_id", range(len(d)))
    d["note"] = ""
    d.to_csv(tmp_path / "judged_sentences_tiny.csv", index=False)
    monkeypatch.setitem(ev["judged_sentences"].__globals__, "JUDGED", tmp_path)
    judged, pred, t = ev["judged_sentences"]("judged_sentences_tiny.csv")
    assert pred["hedge"].tolist() == [1, 0, 0, 0]
    assert pred["condition"].tolist() == [0, 0, 1, 0]
    assert pred["obligation"].tolist() == [0, 0, 0, 1]
    assert (t.loc["hedge", "precision"], t.loc["hedge", "recall"]) == (1.0, 0.5)
    assert t.loc["condition", "precision"] == 0 and math.isnan(t.loc["condition", "recall"])
    assert (t.loc["obligation", "precision"], t.loc["obligation", "recall"]) == (1.0, 1.0)
    err = ev["sentence_errors"](judged, pred, "hedge")
    assert err[["error", "text"]].values.tolist() == [["miss", "The sky is blue."]]
    err = ev["sentence_errors"](judged, pred, "condition")
    assert err["error"].tolist() == ["false alarm"] and err["hits"].str.contains("if").all()


def test_only_hits_inside_the_sentence_count(ev):
    """The neighbours are context for the rules; their own hits are not the sentence's."""
    pred = ev["tagged_sentences"](["The sky is blue."], ["If it rains, perhaps we stay. "],
                                  [" We must go."])
    assert pred.loc[0, list(CATS)].tolist() == [0, 0, 0, 0, 0]
    pred = ev["tagged_sentences"](["Perhaps we stay."], ["The sky is blue. "], [""])
    assert pred.loc[0, "hedge"] == 1 and pred.loc[0, "hedge_hits"].startswith("perhaps")


@pytest.mark.parametrize("name", ["judged_sentences_sotu1950.csv",
                                  "judged_sentences_sotu1950_seed1951.csv"])
def test_shipped_fixtures_are_whole(ev, name):
    assert name in ev["JUDGED_SENTENCES"].values()
    d = pd.read_csv(ROOT / "tests" / "fixtures" / name, keep_default_na=False)
    assert list(d.columns) == ["doc_id", "sent_id", "text", "before", "after", *CATS, "note"]
    assert len(d) == 150 and not d.duplicated(["doc_id", "sent_id"]).any()
    assert d["text"].str.strip().ne("").all()
    for c in CATS:
        assert set(d[c]) <= {0, 1}
    years = d["doc_id"].str[:4].astype(int)
    assert years.between(1950, 1989).all()


# -- the example's cues (scripts/evaluate_example_cues.py) -------------------------------------
@pytest.fixture(scope="module")
def cues_script():
    return runpy.run_path(str(ROOT / "scripts" / "evaluate_example_cues.py"))


def test_cue_matching_by_hand(cues_script):
    spans = cues_script["cue_spans"]("It may rain; it may not, perhaps.", "may | may | perhaps")
    assert spans == [(3, 6, "may"), (16, 19, "may"), (25, 32, "perhaps")]
    # two hits: one overlaps the first "may", one stands nowhere near a cue
    k, missed, extra = cues_script["match"](spans, [(2, 6, "may"), (8, 12, "rain")])
    assert (k, [m[2] for m in missed], [e[2] for e in extra]) == (1, ["may", "perhaps"],
                                                                  ["rain"])


def test_the_example_cue_table_adds_up(cues_script):
    table, errors = cues_script["example_cue_scores"]()
    gold = pd.read_csv(ROOT / "tests" / "fixtures" / "judged_cues_example.csv")
    assert len(gold) == 88 and set(gold.doc_id) == {"cepa_essay", "news_rewrite"}
    for cat, r in table.iterrows():
        n_cues = sum(len([c for c in str(x).split("|") if c.strip() and str(x) != "nan"])
                     for x in gold[f"{cat}_cues"])
        assert r.cues == n_cues
        assert r.matched == r.cues - (errors.query("category == @cat and kind == 'miss'")
                                      .shape[0])
        assert r.matched == r.hits - (errors.query("category == @cat and kind == 'false alarm'")
                                      .shape[0])
        assert math.isclose(r.precision, r.matched / r.hits)
        assert math.isclose(r.recall, r.matched / r.cues)
