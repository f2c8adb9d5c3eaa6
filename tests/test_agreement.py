"""dc.agreement: kappa against scikit-learn, alpha against Krippendorff's definition (a slow loop),
intervals, disagreements (issue 26)."""

import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

import discourse as dc
from discourse.stance.agreement import cohen_kappa, krippendorff_alpha


def alpha_by_definition(units: list[list]) -> float:
    """Krippendorff's alpha, nominal, by its definition (2011): a coincidence matrix built by a
    loop over the units (values that are None are missing; units with one value are unpairable)."""
    values = sorted({v for u in units for v in u if v is not None})
    o = {(c, k): 0.0 for c in values for k in values}
    for u in units:
        vals = [v for v in u if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, j in itertools.permutations(range(m), 2):
            o[vals[i], vals[j]] += 1 / (m - 1)
    n_c = {c: sum(o[c, k] for k in values) for c in values}
    n = sum(n_c.values())
    d_o = sum(o[c, k] for c in values for k in values if c != k)
    d_e = sum(n_c[c] * n_c[k] for c in values for k in values if c != k) / (n - 1)
    return 1 - d_o / d_e


def test_alpha_by_hand_on_a_tiny_table():
    # 4 units: (1,1), (1,0), (0,0), (0,0): m = 8 values, m1 = 3, m0 = 5, one disagreeing unit
    # alpha = 1 - (m - 1) * (n10 + n01) / (m1 * m0) = 1 - 7 * 1 / 15 = 8/15
    assert krippendorff_alpha([1, 1, 0, 0], [1, 0, 0, 0])[0] == pytest.approx(8 / 15)
    assert alpha_by_definition([[1, 1], [1, 0], [0, 0], [0, 0]]) == pytest.approx(8 / 15)


@pytest.mark.parametrize("seed", range(6))
def test_kappa_and_alpha_against_independent_references(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 2, 50)
    y = np.where(rng.random(50) < 0.7, x, 1 - x)
    assert cohen_kappa(x, y)[0] == pytest.approx(cohen_kappa_score(x, y))
    assert krippendorff_alpha(x, y)[0] == pytest.approx(
        alpha_by_definition([[a, b] for a, b in zip(x.tolist(), y.tolist(), strict=True)]))


def sheet(code_1, code_2=None, cues=None):
    n = len(code_1)
    out = pd.DataFrame({"row": range(1, n + 1), "doc_id": [f"d{i}" for i in range(n)],
                        "sent_id": 0, "text": [f"Sentence {i}." for i in range(n)],
                        "cues": cues if cues is not None else [""] * n, "code_1": code_1,
                        "note": "", "category": "hedge"})
    if code_2 is not None:
        out["code_2"] = code_2
    return out


def test_the_table_matches_sklearn_for_each_pair_and_skips_empty_cells():
    c1 = ["yes", "yes", "no", "no", "yes", "no", "", "no", "yes", "no"]
    c2 = ["yes", "no", "no", "no", "yes", "yes", "yes", "no", "yes", ""]
    cues = ["may", "", "", "", "perhaps", "might", "", "", "", ""]
    a = dc.agreement(sheet(c1, c2, cues), n_resamples=200)
    t = a.table.set_index("pair")
    assert t.index.tolist() == ["code_1 ~ code_2", "code_1 ~ tagger", "code_2 ~ tagger"]
    tagger = [int(c != "") for c in cues]
    for pair, (u, v) in {"code_1 ~ code_2": (c1, c2), "code_1 ~ tagger": (c1, tagger),
                         "code_2 ~ tagger": (c2, tagger)}.items():
        both = [(p, q) for p, q in zip(u, v, strict=True) if p != "" and q != ""]
        f = [int(p in ("yes", 1)) for p, _ in both]
        g = [int(q in ("yes", 1)) for _, q in both]
        assert t.loc[pair, "n"] == len(both)
        assert t.loc[pair, "kappa"] == pytest.approx(cohen_kappa_score(f, g))
        assert t.loc[pair, "agreement"] == pytest.approx(np.mean(np.equal(f, g)))
        assert t.loc[pair, "krippendorff_alpha"] == pytest.approx(
            alpha_by_definition([[p, q] for p, q in zip(f, g, strict=True)]))
        assert t.loc[pair, "kappa_ci_low"] <= t.loc[pair, "kappa"] <= t.loc[pair, "kappa_ci_high"]


def test_disagreements_list_every_sentence_where_two_raters_differ():
    c1 = ["yes", "no", "no", "yes"]
    c2 = ["yes", "no", "yes", "yes"]
    cues = ["may", "", "", ""]
    d = dc.agreement(sheet(c1, c2, cues), n_resamples=0).disagreements
    assert d.row.tolist() == [3, 4]
    assert d.differ.tolist() == ["code_1 ~ code_2; code_2 ~ tagger",
                                 "code_1 ~ tagger; code_2 ~ tagger"]
    assert d.tagger.tolist() == ["no", "no"]


def test_one_coder_and_markers_from_the_corpus():
    c = dc.from_texts({"a": "It may rain.", "b": "Cats sleep.", "c": "Perhaps so.",
                       "d": "Dogs bark."})
    coded = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "sent_id": 0, "text": "",
                          "code_1": ["yes", "yes", "no", "no"], "category": "hedge"})
    a = dc.agreement(coded, dc.find_markers(c), n_resamples=0)
    assert a.table.pair.tolist() == ["code_1 ~ tagger"]
    # tagger: yes, no, yes, no against yes, yes, no, no: p_o = .5, p_e = .5, kappa 0
    assert a.table.kappa[0] == pytest.approx(0.0)
    assert a.disagreements.rules.tolist() == ["", "lexicon"]


def test_same_seed_same_intervals():
    ex = dc.load_coded_example()
    a = dc.agreement(ex.coded, n_resamples=300, random_state=3).table
    assert a.equals(dc.agreement(ex.coded, n_resamples=300, random_state=3).table)


def test_a_sheet_without_codes_says_what_to_do():
    with pytest.raises(dc.InputError, match="no codes yet"):
        dc.agreement(sheet(["", ""], ["", ""]))
    with pytest.raises(dc.InputError, match="code_1"):
        dc.agreement(sheet(["yes", "perhaps"]))
