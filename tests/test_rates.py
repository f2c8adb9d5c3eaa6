"""marker_rates and compare_rates against hand arithmetic and scipy computed independently."""

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import discourse as dc
from discourse.stance.lexicon import CATEGORIES
from discourse.stance.rate_comparison import _holm
from discourse.stance.rates import garwood_interval, sentence_table


@pytest.fixture(scope="module")
def small():
    # a: 4 words, hedges "may" + "perhaps"; b: 3 words, none
    c = dc.from_texts({"a": "It may rain, perhaps.", "b": "It will rain."})
    return c, dc.find_markers(c)


def test_rates_by_hand(small):
    c, m = small
    r = dc.marker_rates(c, m)
    assert list(r.columns) == ["doc_id", "category", "n", "n_words", "rate", "ci_low",
                               "ci_high", "n_docs", "boot_ci_low", "boot_ci_high", "per"]
    assert r.boot_ci_low.isna().all() and (r.n_docs == 1).all()  # one document: no bootstrap
    assert isinstance(r.index, pd.RangeIndex)
    assert len(r) == 2 * len(CATEGORIES)  # zero counts included for every category
    hedge_a = r[(r.doc_id == "a") & (r.category == "hedge")].iloc[0]
    assert (hedge_a["n"], hedge_a["n_words"]) == (2, 4)
    assert hedge_a["rate"] == pytest.approx(2 / 4 * 1000)  # 500 per 1,000 words
    # Garwood via the gamma quantiles (an independent route to the same interval):
    # lower = Gamma(k).ppf(0.025), upper = Gamma(k + 1).ppf(0.975)
    assert hedge_a["ci_low"] == pytest.approx(stats.gamma.ppf(0.025, 2) / 4 * 1000)
    assert hedge_a["ci_high"] == pytest.approx(stats.gamma.ppf(0.975, 3) / 4 * 1000)
    zero = r[(r.doc_id == "b") & (r.category == "hedge")].iloc[0]
    assert zero["n"] == 0 and zero["ci_low"] == 0
    # for k = 0 the upper bound solves P(X = 0) = exp(-mu) = 0.025: mu = -ln(0.025) = 3.689
    assert zero["ci_high"] == pytest.approx(-np.log(0.025) / 3 * 1000)


def test_garwood_definition():
    k = np.array([1, 3, 10, 57])
    lo, hi = garwood_interval(k)
    # the exact interval: P(X >= k | lo) = 0.025 and P(X <= k | hi) = 0.025
    assert stats.poisson.sf(k - 1, lo) == pytest.approx(np.full(4, 0.025))
    assert stats.poisson.cdf(k, hi) == pytest.approx(np.full(4, 0.025))


def test_rates_per_and_categories(small):
    c, m = small
    r = dc.marker_rates(c, m, per=100, categories=["hedge"])
    assert r[["doc_id", "category", "n", "rate"]].values.tolist() == [
        ["a", "hedge", 2, 50.0], ["b", "hedge", 0, 0.0]]
    assert (r["per"] == 100).all()
    only = dc.find_markers(c, categories="hedge")
    assert dc.marker_rates(c, only).category.unique().tolist() == ["hedge"]
    with pytest.raises(dc.InputError, match="positive number"):
        dc.marker_rates(c, m, per=0)


def test_rates_words_match_documents(example):
    m = dc.find_markers(example)
    r = dc.marker_rates(example, m)
    words = r.groupby("doc_id").n_words.first()
    assert words.to_dict() == dict(zip(example.documents.doc_id, example.documents.n_words,
                                       strict=True))
    assert r["n"].sum() == len(m)


def test_markers_outside_analysed_paragraphs_are_not_counted(example):
    everything = dc.find_markers(example, analyzed_only=False)
    body = dc.find_markers(example)
    assert len(everything) > len(body)
    pd.testing.assert_frame_equal(dc.marker_rates(example, everything),
                                  dc.marker_rates(example, body))


def test_rates_by_group():
    docs = pd.DataFrame({"doc_id": ["x", "y", "z"], "group": ["g2", "g1", "g2"],
                         "text": ["It may rain.", "Perhaps not.", "It will."]})
    c = dc.from_frame(docs)
    r = dc.marker_rates(c, dc.find_markers(c), by="group", categories="hedge")
    # g1 = y: 1 hedge in 2 words; g2 = x + z: 1 hedge in 3 + 2 = 5 words
    assert r[["group", "n", "n_words"]].values.tolist() == [["g1", 1, 2], ["g2", 1, 5]]
    with pytest.raises(dc.InputError, match="by='author' is not a column"):
        dc.marker_rates(c, dc.find_markers(c), by="author")


def test_bad_markers_table(small):
    c, _ = small
    with pytest.raises(dc.InputError, match="markers has no column 'category'"):
        dc.marker_rates(c, pd.DataFrame({"doc_id": ["a"], "sent_id": [0]}))
    with pytest.raises(dc.InputError, match="not in the corpus"):
        dc.marker_rates(c, pd.DataFrame({"doc_id": ["zz"], "sent_id": [0], "category": ["hedge"]}))


# -- compare_rates ----------------------------------------------------------------------------
def test_compare_against_scipy(example):
    m = dc.find_markers(example)
    r = dc.compare_rates(example, m, n_resamples=200)
    assert list(r.columns) == [
        "category", "focus", "reference", "n_focus", "n_words_focus", "n_reference",
        "n_words_reference", "rate_focus", "rate_reference", "rate_ratio", "ci_low", "ci_high",
        "p_value", "p_adjusted", "p_permutation", "permutation_unit", "n_docs_focus",
        "n_docs_reference", "doc_rate_mean_focus", "doc_rate_sd_focus",
        "doc_rate_mean_reference", "doc_rate_sd_reference", "per"]
    assert set(r.permutation_unit) == {"sentence"}  # one document a side
    rates = dc.marker_rates(example, m).set_index(["doc_id", "category"])
    for row in r.itertuples():
        a = rates.loc[("cepa_essay", row.category)]
        b = rates.loc[("news_rewrite", row.category)]
        assert (row.n_focus, row.n_words_focus, row.n_reference, row.n_words_reference) == (
            a["n"], a["n_words"], b["n"], b["n_words"])
        n = row.n_focus + row.n_reference
        if n == 0:
            assert row.p_value == 1 and np.isnan(row.rate_ratio)
            continue
        p0 = row.n_words_focus / (row.n_words_focus + row.n_words_reference)
        res = stats.binomtest(row.n_focus, n, p0)
        assert row.p_value == pytest.approx(res.pvalue)
        ci = res.proportion_ci(method="exact")
        odds = row.n_words_reference / row.n_words_focus
        assert row.ci_low == pytest.approx(ci.low / (1 - ci.low) * odds)
        if row.n_reference:
            assert row.rate_ratio == pytest.approx(
                (row.n_focus / row.n_words_focus) / (row.n_reference / row.n_words_reference))
            assert row.ci_low <= row.rate_ratio <= row.ci_high
    assert r.p_adjusted.tolist() == pytest.approx(_holm(r.p_value.to_numpy()).tolist())


def test_holm_by_hand():
    # p sorted: 0.01, 0.02, 0.04 -> 3*0.01, max(0.03, 2*0.02), max(0.04, 1*0.04)
    assert _holm(np.array([0.04, 0.01, 0.02])).tolist() == pytest.approx([0.04, 0.03, 0.04])


def test_rate_ratio_by_hand():
    # a: 2 hedges in 6 words; b: 1 hedge in 6 words -> ratio 2; p0 = 1/2,
    # two-sided binomial p for 2 of 3: P(X=0) + P(X=3) + P(X=1) + P(X=2) = 1 (all as likely)
    c = dc.from_texts({"a": "It may rain. It might snow.", "b": "It may rain. It snows here."})
    r = dc.compare_rates(c, dc.find_markers(c), categories="hedge", n_resamples=0)
    row = r.iloc[0]
    assert (row.n_focus, row.n_words_focus, row.n_reference, row.n_words_reference) == (
        2, 6, 1, 6)
    assert row.rate_ratio == 2.0 and row.p_value == pytest.approx(1.0)
    assert np.isnan(row.p_permutation)


def test_permutation_against_exhaustive_enumeration():
    # six sentences, three per document: the exact permutation p is over C(6, 3) = 20 splits
    c = dc.from_texts({"a": "Maybe so. Perhaps it rains. It may, perhaps, snow.",
                       "b": "It rains. Maybe not. It snows today."})
    m = dc.find_markers(c, categories="hedge")
    s = sentence_table(c)
    hedges = s.apply(lambda row: ((m.doc_id == row.doc_id) & (m.sent_id == row.sent_id)).sum(),
                     axis=1).to_numpy(dtype=float)
    words = s.n_words.to_numpy(dtype=float)
    in_a = (s.doc_id == "a").to_numpy()

    def diff(mask):
        return hedges[mask].sum() / words[mask].sum() - hedges[~mask].sum() / words[~mask].sum()

    obs = diff(in_a)
    splits = [np.isin(np.arange(6), idx) for idx in itertools.combinations(range(6), 3)]
    exact = np.mean([abs(diff(sp)) >= abs(obs) - 1e-12 for sp in splits])
    r = dc.compare_rates(c, m, n_resamples=20000, random_state=1)
    assert r.p_permutation.iloc[0] == pytest.approx(exact, abs=0.015)
    again = dc.compare_rates(c, m, n_resamples=20000, random_state=1)
    assert again.p_permutation.iloc[0] == r.p_permutation.iloc[0]  # seeded: repeats exactly


def test_compare_units_and_errors():
    docs = pd.DataFrame({"doc_id": ["x", "y", "z"], "group": ["g1", "g2", "g2"],
                         "text": ["It may rain.", "Perhaps not, perhaps.", "It will."]})
    c = dc.from_frame(docs)
    m = dc.find_markers(c)
    r = dc.compare_rates(c, m, by="group", categories="hedge", n_resamples=0)
    assert r[["focus", "reference", "n_focus", "n_words_focus", "n_reference",
              "n_words_reference"]].values.tolist() == [["g1", "g2", 1, 3, 2, 5]]
    # default reference = every other unit, pooled
    r = dc.compare_rates(c, m, focus="y", categories="hedge", n_resamples=0)
    assert r[["focus", "reference", "n_focus", "n_reference"]].values.tolist() == [
        ["y", "x + z", 2, 1]]
    one = dc.from_texts(["It may rain."])
    with pytest.raises(dc.InputError, match="one doc_id .* Add a second document.*by='group'"):
        dc.compare_rates(one, dc.find_markers(one))
    with pytest.raises(dc.InputError, match="focus='w' is not a value of 'doc_id'"):
        dc.compare_rates(c, m, focus="w")
    with pytest.raises(dc.InputError, match="share"):
        dc.compare_rates(c, m, focus="x", reference=["x", "y"])
    with pytest.raises(dc.InputError, match="n_resamples"):
        dc.compare_rates(c, m, n_resamples=-1)
    with pytest.raises(dc.InputError, match="by='author' is not a column"):
        dc.compare_rates(c, m, by="author")


def test_dask_corpus_gives_the_pandas_numbers(example):
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    pdf = pd.DataFrame({"doc_id": ["e1", "n1", "e2", "n2"], "group": ["essay", "news"] * 2,
                        "text": [example.text_of(d) for d in example.doc_ids] * 2})
    with dask.config.set(scheduler="synchronous"):
        lazy = dc.from_dask(dd.from_pandas(pdf, npartitions=2))
        m_lazy = dc.find_markers(lazy)
        pc = dc.from_frame(pdf)
        m = dc.find_markers(pc)
        pd.testing.assert_frame_equal(m, m_lazy)
        pd.testing.assert_frame_equal(dc.marker_rates(pc, m, by="group"),
                                      dc.marker_rates(lazy, m_lazy, by="group"))
        pd.testing.assert_frame_equal(
            dc.compare_rates(pc, m, by="group", n_resamples=100),
            dc.compare_rates(lazy, m_lazy, by="group", n_resamples=100))
        pd.testing.assert_frame_equal(pd.DataFrame(dc.sentence_stance(lazy, m_lazy)),
                                      dc.sentence_stance(pc, m).drop(columns="text"))


def test_searched_categories_survive_a_round_trip_as_a_categorical_column(small):
    c, _ = small
    only = dc.find_markers(c, categories="hedge")
    carried = only.assign(category=pd.Categorical(only.category, categories=["hedge"]))
    round_trip = carried.merge(carried[["doc_id"]].drop_duplicates(), on="doc_id")
    round_trip.attrs = {}  # as merges and concatenations leave it
    assert dc.marker_rates(c, round_trip).category.unique().tolist() == ["hedge"]
    lost = only.astype({"category": str})
    lost.attrs = {}  # a plain string column without attrs: all seven categories reported
    assert dc.marker_rates(c, lost).category.nunique() == len(CATEGORIES)


# -- one meaning of focus=None; sides=; the old spellings -------------------------------------
@pytest.fixture(scope="module")
def three_groups():
    docs = pd.DataFrame({"doc_id": ["p", "q", "r", "s", "t", "u"],
                         "group": ["z", "x", "y", "z", "x", "y"],
                         "text": ["It may rain.", "Perhaps not, perhaps.", "It will.",
                                  "It might snow, maybe.", "Surely it will.", "We may go."]})
    c = dc.from_frame(docs)
    return c, dc.find_markers(c)


def test_focus_none_on_three_groups_is_each_against_the_rest(three_groups):
    c, m = three_groups
    r = dc.compare_rates(c, m, by="group", n_resamples=99)
    k = len(dc.compare_rates(c, m, by="group", focus="z", n_resamples=0))
    assert isinstance(r.index, pd.RangeIndex) and len(r) == 3 * k
    # the groups in order of first appearance (z, x, y), each against the two others
    assert r.focus.iloc[::k].tolist() == ["z", "x", "y"]
    assert r.reference.iloc[::k].tolist() == ["x + y", "y + z", "x + z"]
    for i, g in enumerate(["z", "x", "y"]):
        block = r.iloc[i * k:(i + 1) * k].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            block, pd.DataFrame(dc.compare_rates(c, m, by="group", focus=g, n_resamples=99)))
    # hedges counted by hand: z = p + s (may; might, maybe), x = q + t (perhaps x2), y = r + u
    hedge = r[r.category == "hedge"].set_index("focus")
    assert hedge.n_focus.to_dict() == {"z": 3, "x": 2, "y": 1}
    assert hedge.n_reference.to_dict() == {"z": 3, "x": 4, "y": 5}
    assert hedge.n_words_focus.to_dict() == {"z": 3 + 4, "x": 3 + 3, "y": 2 + 3}


def test_focus_none_on_two_groups_is_the_first_against_the_second(three_groups):
    c, m = three_groups
    two = c.documents.group.isin(["z", "x"]).to_numpy()
    sub = dc.from_frame(pd.DataFrame({"doc_id": c.documents.doc_id[two],
                                      "group": c.documents.group[two],
                                      "text": [c.text_of(d) for d in c.documents.doc_id[two]]}))
    r = dc.compare_rates(sub, dc.find_markers(sub), by="group", n_resamples=0)
    assert set(r.focus) == {"z"} and set(r.reference) == {"x"}  # z comes first in the corpus


def test_sides_equal_the_focus_and_reference_spelling(three_groups):
    c, m = three_groups
    s = dc.comparisons(c, by="group")[1]
    assert (s.focus, s.reference) == ("x", ("z", "y"))
    got = dc.compare_rates(c, m, sides=s, n_resamples=99)
    want = dc.compare_rates(c, m, by="group", focus=s.focus, reference=list(s.reference),
                            n_resamples=99)
    pd.testing.assert_frame_equal(got, want)
    assert got.reference.iloc[0] == "z + y"
    pair = dc.comparisons(c, by="group", focus="y", reference="z")
    pd.testing.assert_frame_equal(
        dc.compare_rates(c, m, sides=pair, n_resamples=99),
        dc.compare_rates(c, m, by="group", focus="y", reference="z", n_resamples=99))
    with pytest.raises(dc.InputError, match="not both"):
        dc.compare_rates(c, m, sides=s, focus="x")
    with pytest.raises(dc.InputError, match="sides= compares values of 'group'"):
        dc.compare_rates(c, m, sides=s, by="text")


def test_old_spellings_of_marker_rates_warn_and_give_the_same_values(three_groups):
    c, m = three_groups
    new = dc.marker_rates(c, m, by="group", n_resamples=50, random_state=2)
    with pytest.deprecated_call(match="corpus comes first"):
        old_order = dc.marker_rates(m, c, by="group", n_resamples=50, random_state=2)
    pd.testing.assert_frame_equal(old_order, new)
    with pytest.deprecated_call(match=r"marker_rates\(n_bootstrap=\) is now "
                                      r"marker_rates\(n_resamples=\)"):
        old_name = dc.marker_rates(c, m, by="group", n_bootstrap=50, random_state=2)
    pd.testing.assert_frame_equal(old_name, new)
    for old, col in {"count": "n", "words": "n_words", "docs": "n_docs",
                     "boot_low": "boot_ci_low", "boot_high": "boot_ci_high"}.items():
        assert old not in new.columns
        with pytest.deprecated_call(match=f"column '{old}' is now '{col}'"):
            pd.testing.assert_series_equal(new[old], new[col])
        if not hasattr(pd.DataFrame, old):  # rates.count is DataFrame.count, as it always was
            with pytest.deprecated_call(match=f"column '{old}' is now '{col}'"):
                pd.testing.assert_series_equal(getattr(new, old), new[col])
    with pytest.raises(dc.InputError, match="give n_resamples= only"):
        dc.marker_rates(c, m, n_bootstrap=5, n_resamples=5)


def test_old_spellings_of_compare_rates_warn_and_give_the_same_values(three_groups):
    c, m = three_groups
    new = dc.compare_rates(c, m, by="group", focus="x", reference="y", n_resamples=99)
    with pytest.deprecated_call(match="corpus comes first"):
        old_order = dc.compare_rates(m, c, by="group", focus="x", reference="y", n_resamples=99)
    pd.testing.assert_frame_equal(old_order, new)
    for old in ({"a": "x", "b": "y", "n_resamples": 99},
                {"focus": "x", "reference": "y", "n_permutations": 99}):
        with pytest.deprecated_call(match="is now compare_rates"):
            pd.testing.assert_frame_equal(dc.compare_rates(c, m, by="group", **old), new)
    with pytest.deprecated_call():
        old_all = dc.compare_rates(m, c, by="group", a="x", b="y", n_permutations=99)
    pd.testing.assert_frame_equal(old_all, new)
    for old, col in {"words_focus": "n_words_focus", "words_reference": "n_words_reference",
                     "docs_focus": "n_docs_focus", "docs_reference": "n_docs_reference"}.items():
        assert old not in new.columns
        with pytest.deprecated_call(match=f"column '{old}' is now '{col}'"):
            pd.testing.assert_series_equal(new[old], new[col])
    # the columns deprecated before 1.0 are gone
    for gone in ("a", "b", "count_a", "count_b", "words_a", "words_b", "rate_a", "rate_b"):
        assert gone not in new.columns and not hasattr(new, gone)
    with pytest.raises(dc.InputError, match="give focus= only"):
        dc.compare_rates(c, m, by="group", focus="x", a="x")
