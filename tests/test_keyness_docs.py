"""keyness(docs=...): DP, the document-level Mann-Whitney test and BH against independent
references, and the Log Ratio's sign."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import discourse as dc
from discourse._validate import InputError
from discourse.stats.dispersion import deviation_of_proportions


def counts_from_texts(texts: dict) -> pd.DataFrame:
    """(group, doc_id, term, n) from {(group, doc_id): "w w w"} by plain Python counting."""
    rows = []
    for (group, doc), text in texts.items():
        seen = {}
        for w in text.split():
            seen[w] = seen.get(w, 0) + 1
        rows += [(group, doc, w, k) for w, k in seen.items()]
    return pd.DataFrame(rows, columns=["group", "doc_id", "term", "n"])


# Gries (2008, sec. 3) illustrates DP on a corpus of five parts of ten words each, rebuilt here:
# "a" occurs 1, 2, 3, 4 and 5 times in parts 1-5, "b" twice and "e" once in every part.
GRIES = {
    ("A", "p1"): "b a m n i b e u p k",
    ("A", "p2"): "b a s a t b e w q n",
    ("A", "p3"): "b c a g a b e s t a",
    ("A", "p4"): "b a g h a b e a a t",
    ("A", "p5"): "b a h a a b e a x a",
    ("B", "q1"): "z y x w v",
}


def test_dp_on_gries_hand_worked_corpus():
    key = dc.keyness(counts_from_texts(GRIES), by="group", focus="A", docs="doc_id")
    dp = key.set_index("term").dp_focus
    # parts are 10 of 50 words: s_i = 0.2. "a": 15 hits, v = 1/15 .. 5/15
    # |v - s| = 2/15, 1/15, 0, 1/15, 2/15 -> sum 6/15 = 0.4 -> DP = 0.2
    assert dp["a"] == pytest.approx(0.2)
    assert dp["b"] == pytest.approx(0.0)  # 2 in each part: exactly as the sizes
    assert dp["e"] == pytest.approx(0.0)
    # "m" only in part 1: v = (1, 0, 0, 0, 0): 0.5 * (0.8 + 4 * 0.2) = 0.8
    assert dp["m"] == pytest.approx(0.8)
    # "t": parts 2, 3, 4 once each: 0.5 * (0.2 + 3 * |1/3 - 0.2| + 0.2) = 0.4
    assert dp["t"] == pytest.approx(0.4)
    # the reference never uses "a": no DP there; "z" is the reference's only
    assert math.isnan(key.set_index("term").dp_reference["a"])
    assert key.set_index("term").n_docs_focus["a"] == 5
    assert key.set_index("term").n_docs_reference["z"] == 1


def test_dp_lijffijt_gries_table_1():
    # Lijffijt & Gries (2012), Table 1: three equal parts, 2/3 of the hits in one, 1/3 in another
    dp = deviation_of_proportions([0, 1], [0, 0], [2.0, 1.0], [10.0, 10.0, 10.0], 1)
    assert dp[0] == pytest.approx(1 / 3)


def random_counts(seed=0, n_focus=12, n_ref=9, n_terms=40):
    rng = np.random.default_rng(seed)
    rows = []
    for side, k in (("F", n_focus), ("R", n_ref)):
        for d in range(k):
            lam = rng.gamma(0.6, 2.0, n_terms)
            counts = rng.poisson(lam)
            for t in np.flatnonzero(counts):
                rows.append((side, f"{side}{d}", f"t{t:02d}", int(counts[t])))
    return pd.DataFrame(rows, columns=["group", "doc_id", "term", "n"])


def slow_doc_stats(counts, focus="F"):
    """Per-term DP, relative frequencies and Mann-Whitney, one term at a time."""
    docs = counts.groupby("doc_id").agg(group=("group", "first"), total=("n", "sum"))
    out = {}
    for t in sorted(counts.term.unique()):
        sub = counts[counts.term == t].set_index("doc_id").n
        res = {}
        for name, side in (("focus", docs[docs.group == focus]),
                           ("reference", docs[docs.group != focus])):
            hits = np.array([sub.get(d, 0) for d in side.index], dtype=float)
            sizes = side.total.to_numpy(dtype=float)
            res[f"n_docs_{name}"] = int((hits > 0).sum())
            res[f"dp_{name}"] = (0.5 * np.abs(hits / hits.sum() - sizes / sizes.sum()).sum()
                                 if hits.sum() else np.nan)
            res[f"rel_{name}"] = hits / sizes
        res["p_docs"] = stats.mannwhitneyu(res["rel_focus"], res["rel_reference"]).pvalue
        out[t] = res
    return out


@pytest.mark.parametrize("seed, n_focus, n_ref", [(0, 12, 9), (1, 3, 5), (2, 30, 25)])
def test_doc_columns_equal_slow_references_row_by_row(seed, n_focus, n_ref):
    counts = random_counts(seed, n_focus, n_ref)
    key = dc.keyness(counts, by="group", focus="F", docs="doc_id").set_index("term")
    slow = slow_doc_stats(counts)
    assert set(key.index) == set(slow)
    for t, res in slow.items():
        row = key.loc[t]
        assert row.n_docs_focus == res["n_docs_focus"]
        assert row.n_docs_reference == res["n_docs_reference"]
        for side in ("focus", "reference"):
            if np.isnan(res[f"dp_{side}"]):
                assert np.isnan(row[f"dp_{side}"])
            else:
                assert row[f"dp_{side}"] == pytest.approx(res[f"dp_{side}"], abs=1e-12)
        assert row.p_docs == pytest.approx(res["p_docs"], rel=1e-12)
    assert set(key.n_docs_in_focus) == {n_focus} and set(key.n_docs_in_reference) == {n_ref}


def test_p_docs_adjusted_is_benjamini_hochberg():
    key = dc.keyness(random_counts(3), by="group", focus="F", docs="doc_id")
    expected = stats.false_discovery_control(key.p_docs.to_numpy(), method="bh")
    assert np.allclose(key.p_docs_adjusted, expected)
    # and BH written out: p_(i) * m / i, made monotone from the largest p down
    p = key.p_docs.to_numpy()
    m = len(p)
    order = np.argsort(p)
    adj = np.minimum.accumulate((p[order] * m / np.arange(1, m + 1))[::-1])[::-1]
    by_hand = np.empty(m)
    by_hand[order] = np.minimum(adj, 1)
    assert np.allclose(key.p_docs_adjusted, by_hand)


def test_one_document_carrying_a_word_is_pooled_key_but_not_document_key():
    # 12 speeches a side of 50 words; "springfield" 15 times in one focus speech only
    rng = np.random.default_rng(7)
    filler = [f"w{i}" for i in range(30)]
    texts = {}
    for side in ("left", "right"):
        for d in range(12):
            words = list(rng.choice(filler, 50))
            if side == "left" and d == 0:
                words[:15] = ["springfield"] * 15
            texts[(side, f"{side}{d}")] = " ".join(words)
    key = dc.keyness(counts_from_texts(texts), by="group", focus="left", docs="doc_id")
    row = key.set_index("term").loc["springfield"]
    assert key.term.iloc[0] == "springfield"  # top pooled key term
    assert row.p_adjusted < 0.001
    assert row.n_docs_focus == 1 and row.dp_focus > 0.9
    assert row.p_docs_adjusted > 0.05
    # a word every left speech uses and no right speech does is key both ways
    texts = {k: v + (" liberty" * 2 if k[0] == "left" else "") for k, v in texts.items()}
    key = dc.keyness(counts_from_texts(texts), by="group", focus="left", docs="doc_id")
    assert key.set_index("term").p_docs_adjusted["liberty"] < 0.001


def test_log_ratio_sign_follows_the_difference_on_every_row():
    # zero counts on both sides, sides of very different sizes (N1 << N2, then N1 >> N2)
    rng = np.random.default_rng(5)
    terms = [f"t{i}" for i in range(200)]
    for big in ("F", "R"):
        rows = []
        for side in ("F", "R"):
            scale = 200.0 if side == big else 0.3
            k = rng.poisson(scale * rng.gamma(0.3, 1.0, len(terms)))
            rows += [(side, t, int(n)) for t, n in zip(terms, k, strict=True) if n > 0]
        counts = pd.DataFrame(rows, columns=["group", "term", "n"])
        key = dc.keyness(counts, by="group", focus="F")
        n1, n2 = key.n_words_focus.iloc[0], key.n_words_reference.iloc[0]
        assert (key.n_focus == 0).any() and (key.n_reference == 0).any()
        diff = key.n_focus / n1 - key.n_reference / n2
        assert (np.sign(key.log_ratio) == np.sign(diff)).all()
        assert (np.sign(key.log_ratio) == np.sign(key.g2)).all()
        assert ((key.ci_low <= key.log_ratio) & (key.log_ratio <= key.ci_high)).all()
        both = (key.n_focus > 0) & (key.n_reference > 0)  # Hardie's plain Log Ratio there
        plain = (key.n_focus[both] / n1) / (key.n_reference[both] / n2)
        assert np.allclose(key.log_ratio[both], np.log2(plain))


def test_log_ratio_one_versus_zero_in_a_tiny_focus_is_positive():
    # the case: "act" 1 vs 0 with a focus far smaller than the reference
    counts = pd.DataFrame({"group": ["f", "f", "r", "r"], "term": ["act", "x", "y", "x"],
                           "n": [1, 9, 5000, 5000]})
    row = dc.keyness(counts, by="group", focus="f").set_index("term").loc["act"]
    assert row.log_ratio > 0
    # a' = 1 + 10/10010, b' = 10000/10010: log2((a'/10) / (b'/10000))
    expected = math.log2((1 + 10 / 10010) / 10 / ((10000 / 10010) / 10000))
    assert row.log_ratio == pytest.approx(expected)


def test_without_docs_no_document_columns_and_errors():
    counts = random_counts(4)
    key = dc.keyness(counts.groupby(["group", "term"], as_index=False).n.sum(), by="group",
                     focus="F")
    assert "p_docs" not in key.columns
    with pytest.raises(InputError, match="repeated"):
        dc.keyness(counts, by="group", focus="F")  # several rows per (group, term): name docs
    bad = pd.concat([counts, pd.DataFrame({"group": ["R"], "doc_id": ["F0"], "term": ["zz"],
                                           "n": [1]})])
    with pytest.raises(InputError, match="both the focus and the reference"):
        dc.keyness(bad, by="group", focus="F", docs="doc_id")
    with pytest.raises(InputError, match="docs="):
        dc.keyness(counts, by="group", focus="F", docs="group")
    pooled = counts.groupby(["group", "term"], as_index=False).n.sum()
    narrow = dc.keyness(pooled, by="group", focus="F", confidence=0.9)
    assert (narrow.ci_high - narrow.ci_low).iloc[0] < (key.ci_high - key.ci_low).iloc[0]


def test_doc_counts_from_a_corpus():
    c = dc.from_frame(pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "b2"], "group": ["A", "A", "B", "B"],
        "text": ["Taxes and taxes.", "Taxes rise.", "Jobs grow.", "Jobs, taxes."]}))
    key = dc.keyness(dc.count_terms(c, by=["group", "doc_id"]), by="group", focus="A",
                     docs="doc_id").set_index("term")
    assert key.n_focus["taxes"] == 3 and key.n_docs_focus["taxes"] == 2
    assert key.n_docs_reference["taxes"] == 1 and key.n_docs_reference["jobs"] == 2


def test_old_document_columns_warn_and_read_the_new_ones():
    key = dc.keyness(counts_from_texts(GRIES), by="group", focus="A", docs="doc_id")
    assert not {"docs_focus", "docs_reference", "docs_in_focus", "docs_in_reference"} & set(
        key.columns)
    # by hand: "a" is in the five A parts, "z" in the one B part; 5 and 1 documents a side
    is_a = (key.term == "a").to_numpy()
    for old, new, expected in (("docs_focus", "n_docs_focus", 5),
                               ("docs_in_focus", "n_docs_in_focus", 5),
                               ("docs_in_reference", "n_docs_in_reference", 1)):
        with pytest.deprecated_call(match=f"'{old}' is now '{new}'"):
            assert key[old][is_a].tolist() == [expected]
    with pytest.deprecated_call(match="'docs_reference' is now 'n_docs_reference'"):
        assert key.docs_reference[key.term == "z"].tolist() == [1]


def test_without_focus_two_groups_with_docs_is_the_first_against_the_second():
    counts = counts_from_texts(GRIES)
    pd.testing.assert_frame_equal(dc.keyness(counts, by="group", docs="doc_id"),
                                  dc.keyness(counts, by="group", focus="A", docs="doc_id"))


def test_p_docs_exact_path_for_a_tie_free_term_in_small_samples():
    # "common" is in every document at a different rate (no ties): scipy uses its exact test
    rows = []
    for side, k in (("F", 3), ("R", 4)):
        for d in range(k):
            doc = f"{side}{d}"
            rows += [(side, doc, "common", 1 + d + (5 if side == "F" else 0)),
                     (side, doc, "filler", 10 + 3 * d)]
    counts = pd.DataFrame(rows, columns=["group", "doc_id", "term", "n"])
    key = dc.keyness(counts, by="group", focus="F", docs="doc_id").set_index("term")
    totals = counts.groupby("doc_id").n.sum()
    rel = counts[counts.term == "common"].set_index("doc_id").n / totals
    x, y = rel[[d for d in rel.index if d.startswith("F")]], rel[[d for d in rel.index
                                                                  if d.startswith("R")]]
    assert key.p_docs["common"] == pytest.approx(stats.mannwhitneyu(x, y).pvalue, rel=1e-12)
    assert key.p_docs["common"] == pytest.approx(stats.mannwhitneyu(x, y, method="exact").pvalue)
