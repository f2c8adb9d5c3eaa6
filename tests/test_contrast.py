"""tf_idf, keyness and log_odds: hand-worked numbers and independent reference implementations."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.feature_extraction.text import TfidfTransformer

import discourse as dc
from discourse._validate import InputError

# tidytext's test table (tests/testthat/test-tf-idf.R), also tidylo's (test-bind-log-odds.R)
W = pd.DataFrame({
    "document": [1] * 5 + [2] * 5,
    "word": ["the", "quick", "brown", "fox", "jumped", "over", "the", "lazy", "brown", "dog"],
    "frequency": [1, 1, 1, 1, 2, 1, 1, 1, 1, 2],
})
Z = pd.DataFrame({"id": [2, 2, 2, 3, 3, 3],
                  "word": ["an", "interesting", "text", "a", "boring", "text"],
                  "n": [1, 1, 3, 1, 2, 1]})


def quiet_tf_idf(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return dc.tf_idf(*args, **kwargs)


# -- tf_idf ------------------------------------------------------------------------------------
def test_tf_idf_equals_tidytext_hand_values():
    got = quiet_tf_idf(W, by="document", term="word", n="frequency")
    # each document has 6 words: tf = 1/6, jumped/dog 2/6
    assert np.allclose(got.tf, [1 / 6] * 4 + [1 / 3] + [1 / 6] * 4 + [1 / 3])
    # "the" and "brown" are in both documents: ln(2/2) = 0; "quick", "fox": ln(2/1)
    assert np.allclose(got.idf[:4], [0, math.log(2), 0, math.log(2)])
    assert np.allclose(got.tf_idf, got.tf * got.idf)
    pd.testing.assert_frame_equal(got[W.columns], W)  # input columns and order kept


def test_tf_idf_numeric_ids():
    got = quiet_tf_idf(Z, by="id", term="word")
    assert not got.isna().any().any()
    assert got.tf_idf[[2, 5]].tolist() == [0, 0]


def test_tf_idf_zero_rows_do_not_count_as_containing_the_term():
    counts = pd.DataFrame({"doc_id": list("aabbcc"), "term": ["x", "y", "x", "y", "x", "y"],
                           "n": [2, 1, 1, 0, 3, 0]})
    got = dc.tf_idf(counts)
    # y is used in one of 3 documents: idf = ln(3/1); x in all three: ln(3/3) = 0
    # (counting rows, as tidytext does, would give y ln(3/3) = 0)
    assert np.allclose(got.idf, [0, math.log(3)] * 3)
    assert np.allclose(got.tf, [2 / 3, 1 / 3, 1, 0, 1, 0])
    assert np.allclose(got.tf_idf, [0, math.log(3) / 3, 0, 0, 0, 0])
    without_zeros = dc.tf_idf(counts[counts.n > 0].reset_index(drop=True))
    assert np.allclose(without_zeros.idf, [0, math.log(3), 0, 0])


def test_tf_idf_smooth_equals_scikit_learn():
    counts = pd.DataFrame({"doc_id": list("aabbbc"), "term": ["x", "y", "x", "z", "w", "x"],
                           "n": [2, 1, 1, 4, 1, 3]})
    got = dc.tf_idf(counts, idf="smooth")
    # hand: N = 3; df(x) = 3 -> ln(4/4) + 1 = 1; df(y) = 1 -> ln(4/2) + 1
    assert got.idf[0] == pytest.approx(1.0)
    assert got.idf[1] == pytest.approx(math.log(2) + 1)
    # independent: scikit-learn's idf_ on the same document-term matrix
    vocab = ["w", "x", "y", "z"]
    matrix = np.zeros((3, 4))
    for d, t, n in counts.itertuples(index=False):
        matrix["abc".index(d), vocab.index(t)] = n
    sk = TfidfTransformer(smooth_idf=True).fit(matrix).idf_
    assert np.allclose(got.idf, [sk[vocab.index(t)] for t in counts.term], atol=1e-12)


def test_tf_idf_warns_with_two_units_and_teaches_the_remedy():
    with pytest.warns(UserWarning, match="para_id"):
        dc.tf_idf(W, by="document", term="word", n="frequency")


def test_tf_idf_errors():
    with pytest.raises(InputError, match="one row per unit and term"):
        quiet_tf_idf(pd.concat([W, W.head(1)]), by="document", term="word", n="frequency")
    with pytest.raises(InputError, match="frequency"):
        dc.tf_idf(W, by="document", term="word")
    with pytest.raises(InputError, match="idf"):
        quiet_tf_idf(W, by="document", term="word", n="frequency", idf="bm25")


# -- keyness -----------------------------------------------------------------------------------
K = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "term": ["war", "peace", "war", "trade"],
                  "n": [8, 2, 2, 8]})


def test_keyness_hand_worked():
    got = dc.keyness(K, focus="a").set_index("term")
    # N1 = N2 = 10, N = 20.
    # war: a = 8, b = 2, E11 = E12 = 5, other words O21 = 2, O22 = 8, E21 = E22 = 5
    g2_war = 2 * (8 * math.log(8 / 5) + 2 * math.log(2 / 5) + 2 * math.log(2 / 5)
                  + 8 * math.log(8 / 5))
    # peace: a = 2, b = 0, E11 = E12 = 1, O21 = 8, O22 = 10, E21 = E22 = 9
    g2_peace = 2 * (2 * math.log(2 / 1) + 8 * math.log(8 / 9) + 10 * math.log(10 / 9))
    # trade: a = 0, b = 8, E11 = E12 = 4, O21 = 10, O22 = 2, E21 = E22 = 6
    g2_trade = 2 * (8 * math.log(8 / 4) + 10 * math.log(10 / 6) + 2 * math.log(2 / 6))
    assert got.g2["war"] == pytest.approx(g2_war)  # 7.71
    assert got.g2["peace"] == pytest.approx(g2_peace)  # 3.00
    assert got.g2["trade"] == pytest.approx(-g2_trade)  # -16.91, more in the reference
    assert got.rate_focus["war"] == pytest.approx(8 / 10 * 10_000)
    assert got.rate_reference["peace"] == 0
    # Log Ratio: log2((8/10) / (2/10)) = 2; a zero count: N1 / (N1 + N2) = 0.5 added to a and
    # N2 / (N1 + N2) = 0.5 to b: log2((2.5/10) / (0.5/10)) = log2(5)
    assert got.log_ratio["war"] == pytest.approx(2.0)
    assert got.log_ratio["peace"] == pytest.approx(math.log2(5))
    assert got.log_ratio["trade"] == pytest.approx(math.log2(0.5 / 8.5))
    # Wald interval: ln ratio +- 1.959964 * sqrt(1/8 + 1/2), in log2 units
    half = 1.959963984540054 * math.sqrt(1 / 8 + 1 / 2) / math.log(2)
    assert got.ci_low["war"] == pytest.approx(2 - half)
    assert got.ci_high["war"] == pytest.approx(2 + half)
    half_peace = 1.959963984540054 * math.sqrt(1 / 2.5 + 1 / 0.5) / math.log(2)
    assert got.ci_low["peace"] == pytest.approx(math.log2(5) - half_peace)
    assert list(got.index) == ["war", "peace", "trade"]  # g2 descending
    assert list(dc.keyness(K, focus="a").columns) == [
        "term", "n_focus", "n_reference", "rate_focus", "rate_reference", "g2", "p_value",
        "p_adjusted", "log_ratio", "ci_low", "ci_high",
        "focus", "reference", "n_words_focus", "n_words_reference"]
    assert set(got.focus) == {"a"} and set(got.reference) == {"all others"}
    assert set(got.n_words_focus) == {10.0} and set(got.n_words_reference) == {10.0}


def test_keyness_g2_equals_scipy_log_likelihood_and_p_values():
    got = dc.keyness(K, focus="a")
    for row in got.itertuples():
        table = [[row.n_focus, row.n_reference], [10 - row.n_focus, 10 - row.n_reference]]
        g, p, _, _ = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
        assert abs(row.g2) == pytest.approx(g)
        assert row.p_value == pytest.approx(p)


def evert_g2(f1, f2, n1, n2):
    """scattertext termscoring/g2.py (Evert 2023's R code), re-written per term in plain Python."""
    def term(o, e):
        return 0.0 if o == 0 else o * math.log(o / e)

    n = n1 + n2
    r1 = f1 + f2
    e11, e12 = r1 * n1 / n, r1 * n2 / n
    e21, e22 = n1 - e11, n2 - e12
    g2 = 2 * (term(f1, e11) + term(f2, e12) + term(n1 - f1, e21) + term(n2 - f2, e22))
    return math.copysign(g2, f1 - e11) if f1 != e11 else 0.0


def bh(p):
    """Benjamini-Hochberg by hand: p * m / rank, then a running minimum from the largest p."""
    order = sorted(range(len(p)), key=lambda i: p[i])
    m, adjusted, running = len(p), [0.0] * len(p), 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        adjusted[i] = running
    return adjusted


def test_keyness_matches_evert_g2_on_the_example(example):
    counts = dc.count_terms(example)
    focus, ref = example.doc_ids
    got = dc.keyness(counts, focus=focus, reference=ref)
    n1 = counts.n[counts.doc_id == focus].sum()
    n2 = counts.n[counts.doc_id == ref].sum()
    expected = [evert_g2(a, b, n1, n2) for a, b in zip(got.n_focus, got.n_reference,
                                                        strict=True)]
    assert np.allclose(got.g2, expected, rtol=0, atol=1e-9)
    assert np.allclose(got.p_adjusted, bh(got.p_value.tolist()), rtol=0, atol=1e-12)
    assert got.n_focus.sum() == n1 and got.n_reference.sum() == n2
    # sorted by g2 descending, ties by term
    assert got.equals(got.sort_values(["g2", "term"], ascending=[False, True],
                                      kind="stable").reset_index(drop=True))
    # a term used only in the focus scores positive, only in the reference negative
    only_focus = got[(got.n_reference == 0)]
    only_ref = got[(got.n_focus == 0)]
    assert (only_focus.g2 > 0).all() and (only_focus.log_ratio > 0).all()
    assert (only_ref.g2 < 0).all() and (only_ref.log_ratio < 0).all()


def test_keyness_reference_pools_other_units():
    counts = pd.DataFrame({"doc_id": list("aabbc"), "term": ["x", "y", "x", "z", "y"],
                           "n": [3, 1, 1, 2, 2]})
    pooled = dc.keyness(counts, focus="a").set_index("term")
    # reference = b + c: x 1, y 2, z 2 (N2 = 5); focus: x 3, y 1 (N1 = 4)
    assert pooled.n_reference.to_dict() == {"x": 1, "y": 2, "z": 2}
    assert pooled.g2["x"] == pytest.approx(evert_g2(3, 1, 4, 5))
    only_b = dc.keyness(counts, focus="a", reference="b").set_index("term")
    assert sorted(only_b.index) == ["x", "y", "z"]
    assert only_b.g2["y"] == pytest.approx(evert_g2(1, 0, 4, 3))
    # z, used only in b, is in neither a nor c: left out
    assert set(dc.keyness(counts, focus="a", reference="c").term) == {"x", "y"}


def test_keyness_errors():
    with pytest.raises(InputError, match="not a value"):
        dc.keyness(K, focus="zzz")
    with pytest.raises(InputError, match="disjoint"):
        dc.keyness(K, focus="a", reference=["a", "b"])
    with pytest.raises(InputError, match="no reference"):
        dc.keyness(K, focus=["a", "b"])
    with pytest.raises(InputError, match="counts is empty"):
        dc.keyness(K.iloc[:0])


# three documents: a (x 3, y 1), b (x 1, z 2), c (y 2)
THREE = pd.DataFrame({"doc_id": list("aabbc"), "term": ["x", "y", "x", "z", "y"],
                      "n": [3, 1, 1, 2, 2]})


def test_keyness_without_focus_on_two_values_is_the_first_against_the_second():
    got = dc.keyness(K)
    pd.testing.assert_frame_equal(got, dc.keyness(K, focus="a"))
    # by hand: the first document (a) is the focus, as in test_keyness_hand_worked
    assert got.set_index("term").log_ratio["war"] == pytest.approx(2.0)
    assert set(got.focus) == {"a"} and set(got.reference) == {"all others"}
    # "the first" is the column's order, not the alphabet
    flipped = K.iloc[[2, 3, 0, 1]].reset_index(drop=True)
    assert set(dc.keyness(flipped).focus) == {"b"}
    assert dc.keyness(flipped).set_index("term").g2["trade"] == pytest.approx(
        evert_g2(8, 0, 10, 10))


def test_keyness_without_focus_on_three_values_names_the_choices():
    with pytest.raises(InputError, match=r"keyness shows one comparison.*'a', 'b', 'c'.*focus="):
        dc.keyness(THREE)


def test_keyness_pools_a_list_focus():
    got = dc.keyness(THREE, focus=["a", "c"]).set_index("term")
    # focus a + c: x 3, y 3 (N1 = 6); reference b: x 1, z 2 (N2 = 3)
    assert got.n_focus.to_dict() == {"x": 3, "y": 3, "z": 0}
    assert got.n_reference.to_dict() == {"x": 1, "y": 0, "z": 2}
    assert got.g2["y"] == pytest.approx(evert_g2(3, 0, 6, 3))
    assert set(got.focus) == {"a + c"} and set(got.reference) == {"all others"}


def test_keyness_sides_equals_the_focus_spelling():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"]})
    every = dc.comparisons(docs)  # each document against the rest
    assert [s.focus for s in every] == ["a", "b", "c"]
    for s in every:
        pd.testing.assert_frame_equal(dc.keyness(THREE, sides=s), dc.keyness(THREE, focus=s.focus))
    # by hand: b against a + c (x 1, z 2 against x 3, y 3)
    b = dc.keyness(THREE, sides=every[1]).set_index("term")
    assert b.g2["z"] == pytest.approx(evert_g2(2, 0, 3, 6))
    # a chosen pair: the reference is named in the table
    pair = dc.comparisons(docs, focus="a", reference="c")[0]
    pd.testing.assert_frame_equal(dc.keyness(THREE, sides=pair),
                                  dc.keyness(THREE, focus="a", reference="c"))
    assert set(dc.keyness(THREE, sides=pair).reference) == {"c"}
    # a count table by group: sides= says which column
    by_group = THREE.assign(group=THREE.doc_id.map({"a": "L", "b": "R", "c": "L"}))
    by_group = by_group.groupby(["group", "term"], as_index=False).n.sum()
    s = dc.comparisons(pd.DataFrame({"doc_id": ["a", "b"], "group": ["L", "R"]}))[0]
    pd.testing.assert_frame_equal(dc.keyness(by_group, sides=s),
                                  dc.keyness(by_group, by="group", focus="L", reference="R"))
    # the same numbers as pooling the documents of each group
    pooled = dc.keyness(THREE, focus=["a", "c"], reference="b").assign(focus="L", reference="R")
    assert dc.keyness(by_group, sides=s).values.tolist() == pooled.values.tolist()
    with pytest.raises(InputError, match="not both"):
        dc.keyness(THREE, sides=every[0], focus="a")


def test_keyness_old_names_warn_and_give_the_same_values():
    new = dc.keyness(K, focus="a", confidence=0.9)
    with pytest.deprecated_call(match=r"keyness\(conf_level=\) is now keyness\(confidence=\)"):
        old = dc.keyness(K, focus="a", conf_level=0.9)
    pd.testing.assert_frame_equal(old, new)
    # the 90% Wald interval of war by hand: 2 +- 1.644854 sqrt(1/8 + 1/2) / ln 2
    half = 1.6448536269514722 * math.sqrt(1 / 8 + 1 / 2) / math.log(2)
    assert new.set_index("term").ci_low["war"] == pytest.approx(2 - half)
    with pytest.raises(InputError, match="give confidence= only"):
        dc.keyness(K, focus="a", conf_level=0.9, confidence=0.9)
    # the removed columns read the interval, with a warning
    for old_col, new_col in (("log_ratio_low", "ci_low"), ("log_ratio_high", "ci_high"),
                             ("total_focus", "n_words_focus"),
                             ("total_reference", "n_words_reference")):
        assert old_col not in new.columns
        with pytest.deprecated_call(match=f"'{old_col}' is now '{new_col}'"):
            values = new[old_col]
        assert values.tolist() == new[new_col].tolist()


# -- log_odds ----------------------------------------------------------------------------------
def reference_log_odds(rows, uninformative=False):
    """tidylo::bind_log_odds, row by row in plain Python (rows: list of (set, feature, n))."""
    feat_total = {}
    for _s, f, n in rows:
        feat_total[f] = feat_total.get(f, 0) + n
    y = [n + (1 if uninformative else feat_total[f]) for _s, f, n in rows]
    y_w, n_i = {}, {}
    for (s, f, _n), yi in zip(rows, y, strict=True):
        y_w[f] = y_w.get(f, 0) + yi
        n_i[s] = n_i.get(s, 0) + yi
    total = sum(y)
    out = []
    for (s, f, _n), yi in zip(rows, y, strict=True):
        omega_wi = yi / (n_i[s] - yi)
        omega_w = y_w[f] / (total - y_w[f])
        delta = math.log(omega_wi) - math.log(omega_w)
        out.append((delta / math.sqrt(1 / yi + 1 / y_w[f]), delta))
    return out


def test_log_odds_hand_worked():
    got = dc.log_odds(K)
    # war in a: alpha = 10, y = 18; y_w = 18 + 12 = 30; n_a = 18 + 4 = 22; total Y = 50
    # omega_wi = 18 / 4, omega_w = 30 / 20, delta = ln 3; sigma2 = 1/18 + 1/30
    assert got.log_odds_weighted[0] == pytest.approx(math.log(3) / math.sqrt(1 / 18 + 1 / 30))


def test_log_odds_tidylo_tests():
    got = dc.log_odds(W, by="document", term="word", n="frequency", unweighted=True)
    pd.testing.assert_frame_equal(got[W.columns], W)
    # tidylo: sum(result$log_odds[c(2, 4:6, 8, 10)] > 0) == 6 (1-based rows)
    assert (got.log_odds.iloc[[1, 3, 4, 5, 7, 9]] > 0).sum() == 6
    z = dc.log_odds(Z, by="id", term="word", unweighted=True)
    assert not z.isna().any().any()
    assert (z.log_odds[:5] > 0).all() and z.log_odds[5] < 0


@pytest.mark.parametrize("prior", ["informative", "uninformative"])
@pytest.mark.parametrize("fill_zeros", [False, True])
def test_log_odds_equals_tidylo_formula(example, prior, fill_zeros):
    counts = dc.count_terms(example, fill_zeros=fill_zeros)
    got = dc.log_odds(counts, prior=prior, unweighted=True)
    rows = list(zip(counts.doc_id.astype(str), counts.term, counts.n, strict=True))
    expected = reference_log_odds(rows, uninformative=prior == "uninformative")
    assert np.allclose(got.log_odds_weighted, [z for z, _ in expected], rtol=0, atol=1e-9)
    assert np.allclose(got.log_odds, [d for _, d in expected], rtol=0, atol=1e-9)
    pd.testing.assert_frame_equal(got[counts.columns], counts)


def test_log_odds_sign_of_a_term_used_in_one_unit_only():
    full = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "a", "b"],
                         "term": ["war", "peace", "war", "trade", "trade", "peace"],
                         "n": [8, 2, 2, 8, 0, 0]})
    got = dc.log_odds(full).set_index(["doc_id", "term"]).log_odds_weighted
    assert got["a", "peace"] > 0 and got["b", "peace"] < 0
    assert got["b", "trade"] > 0 and got["a", "trade"] < 0


def test_log_odds_options_checked():
    with pytest.raises(InputError, match="prior"):
        dc.log_odds(K, prior="flat")
    assert "log_odds" not in dc.log_odds(K).columns
