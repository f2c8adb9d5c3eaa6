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
    r = dc.marker_rates(m, c)
    assert list(r.columns) == ["doc_id", "category", "n", "count", "words", "rate", "ci_low",
                               "ci_high", "docs", "boot_low", "boot_high", "per"]
    assert (r["n"] == r["count"]).all()  # old name kept for one version
    assert r.boot_low.isna().all() and (r.docs == 1).all()  # one document a unit: no bootstrap
    assert isinstance(r.index, pd.RangeIndex)
    assert len(r) == 2 * len(CATEGORIES)  # zero counts included for every category
    hedge_a = r[(r.doc_id == "a") & (r.category == "hedge")].iloc[0]
    assert (hedge_a["count"], hedge_a["words"]) == (2, 4)
    assert hedge_a["rate"] == pytest.approx(2 / 4 * 1000)  # 500 per 1,000 words
    # Garwood via the gamma quantiles (an independent route to the same interval):
    # lower = Gamma(k).ppf(0.025), upper = Gamma(k + 1).ppf(0.975)
    assert hedge_a["ci_low"] == pytest.approx(stats.gamma.ppf(0.025, 2) / 4 * 1000)
    assert hedge_a["ci_high"] == pytest.approx(stats.gamma.ppf(0.975, 3) / 4 * 1000)
    zero = r[(r.doc_id == "b") & (r.category == "hedge")].iloc[0]
    assert zero["count"] == 0 and zero["ci_low"] == 0
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
    r = dc.marker_rates(m, c, per=100, categories=["hedge"])
    assert r[["doc_id", "category", "count", "rate"]].values.tolist() == [
        ["a", "hedge", 2, 50.0], ["b", "hedge", 0, 0.0]]
    assert (r["per"] == 100).all()
    only = dc.find_markers(c, categories="hedge")
    assert dc.marker_rates(only, c).category.unique().tolist() == ["hedge"]
    with pytest.raises(dc.InputError, match="positive number"):
        dc.marker_rates(m, c, per=0)


def test_rates_words_match_documents(example):
    m = dc.find_markers(example)
    r = dc.marker_rates(m, example)
    words = r.groupby("doc_id").words.first()
    assert words.to_dict() == dict(zip(example.documents.doc_id, example.documents.n_words,
                                       strict=True))
    assert r["count"].sum() == len(m)


def test_markers_outside_analysed_paragraphs_are_not_counted(example):
    everything = dc.find_markers(example, analyzed_only=False)
    body = dc.find_markers(example)
    assert len(everything) > len(body)
    pd.testing.assert_frame_equal(dc.marker_rates(everything, example),
                                  dc.marker_rates(body, example))


def test_rates_by_group():
    docs = pd.DataFrame({"doc_id": ["x", "y", "z"], "group": ["g2", "g1", "g2"],
                         "text": ["It may rain.", "Perhaps not.", "It will."]})
    c = dc.from_frame(docs)
    r = dc.marker_rates(dc.find_markers(c), c, by="group", categories="hedge")
    # g1 = y: 1 hedge in 2 words; g2 = x + z: 1 hedge in 3 + 2 = 5 words
    assert r[["group", "count", "words"]].values.tolist() == [["g1", 1, 2], ["g2", 1, 5]]
    with pytest.raises(dc.InputError, match="by='author' is not a column"):
        dc.marker_rates(dc.find_markers(c), c, by="author")


def test_bad_markers_table(small):
    c, _ = small
    with pytest.raises(dc.InputError, match="markers has no column 'category'"):
        dc.marker_rates(pd.DataFrame({"doc_id": ["a"], "sent_id": [0]}), c)
    with pytest.raises(dc.InputError, match="not in the corpus"):
        dc.marker_rates(pd.DataFrame({"doc_id": ["zz"], "sent_id": [0], "category": ["hedge"]}), c)


# -- compare_rates ----------------------------------------------------------------------------
def test_compare_against_scipy(example):
    m = dc.find_markers(example)
    r = dc.compare_rates(m, example, n_permutations=200)
    assert list(r.columns) == [
        "category", "focus", "reference", "n_focus", "words_focus", "n_reference",
        "words_reference", "rate_focus", "rate_reference", "rate_ratio", "ci_low", "ci_high",
        "p_value", "p_adjusted", "p_permutation", "permutation_unit", "docs_focus",
        "docs_reference", "doc_rate_mean_focus", "doc_rate_sd_focus", "doc_rate_mean_reference",
        "doc_rate_sd_reference", "per", "a", "b", "count_a", "words_a", "count_b", "words_b",
        "rate_a", "rate_b"]
    assert set(r.permutation_unit) == {"sentence"}  # one document a side
    assert (r.count_a == r.n_focus).all() and (r.rate_b == r.rate_reference).all()
    rates = dc.marker_rates(m, example).set_index(["doc_id", "category"])
    for row in r.itertuples():
        a = rates.loc[("cepa_essay", row.category)]
        b = rates.loc[("news_rewrite", row.category)]
        assert (row.count_a, row.words_a, row.count_b, row.words_b) == (
            a["count"], a["words"], b["count"], b["words"])
        n = row.count_a + row.count_b
        if n == 0:
            assert row.p_value == 1 and np.isnan(row.rate_ratio)
            continue
        p0 = row.words_a / (row.words_a + row.words_b)
        res = stats.binomtest(row.count_a, n, p0)
        assert row.p_value == pytest.approx(res.pvalue)
        ci = res.proportion_ci(method="exact")
        odds = row.words_b / row.words_a
        assert row.ci_low == pytest.approx(ci.low / (1 - ci.low) * odds)
        if row.count_b:
            assert row.rate_ratio == pytest.approx(
                (row.count_a / row.words_a) / (row.count_b / row.words_b))
            assert row.ci_low <= row.rate_ratio <= row.ci_high
    assert r.p_adjusted.tolist() == pytest.approx(_holm(r.p_value.to_numpy()).tolist())


def test_holm_by_hand():
    # p sorted: 0.01, 0.02, 0.04 -> 3*0.01, max(0.03, 2*0.02), max(0.04, 1*0.04)
    assert _holm(np.array([0.04, 0.01, 0.02])).tolist() == pytest.approx([0.04, 0.03, 0.04])


def test_rate_ratio_by_hand():
    # a: 2 hedges in 6 words; b: 1 hedge in 6 words -> ratio 2; p0 = 1/2,
    # two-sided binomial p for 2 of 3: P(X=0) + P(X=3) + P(X=1) + P(X=2) = 1 (all as likely)
    c = dc.from_texts({"a": "It may rain. It might snow.", "b": "It may rain. It snows here."})
    r = dc.compare_rates(dc.find_markers(c), c, categories="hedge", n_permutations=0)
    row = r.iloc[0]
    assert (row.count_a, row.words_a, row.count_b, row.words_b) == (2, 6, 1, 6)
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
    r = dc.compare_rates(m, c, n_permutations=20000, random_state=1)
    assert r.p_permutation.iloc[0] == pytest.approx(exact, abs=0.015)
    again = dc.compare_rates(m, c, n_permutations=20000, random_state=1)
    assert again.p_permutation.iloc[0] == r.p_permutation.iloc[0]  # seeded: repeats exactly


def test_compare_units_and_errors():
    docs = pd.DataFrame({"doc_id": ["x", "y", "z"], "group": ["g1", "g2", "g2"],
                         "text": ["It may rain.", "Perhaps not, perhaps.", "It will."]})
    c = dc.from_frame(docs)
    m = dc.find_markers(c)
    r = dc.compare_rates(m, c, by="group", categories="hedge", n_permutations=0)
    assert r[["a", "b", "count_a", "words_a", "count_b", "words_b"]].values.tolist() == [
        ["g1", "g2", 1, 3, 2, 5]]
    # default b = every other unit, pooled
    r = dc.compare_rates(m, c, a="y", categories="hedge", n_permutations=0)
    assert r[["a", "b", "count_a", "count_b"]].values.tolist() == [["y", "x + z", 2, 1]]
    one = dc.from_texts(["It may rain."])
    with pytest.raises(dc.InputError, match="one doc_id .* Add a second document.*by='group'"):
        dc.compare_rates(dc.find_markers(one), one)
    with pytest.raises(dc.InputError, match="focus=\\['w'\\] \\(or a=\\) is not a doc_id"):
        dc.compare_rates(m, c, a="w")
    with pytest.raises(dc.InputError, match="share"):
        dc.compare_rates(m, c, a="x", b=["x", "y"])
    with pytest.raises(dc.InputError, match="n_permutations"):
        dc.compare_rates(m, c, n_permutations=-1)


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
        pd.testing.assert_frame_equal(dc.marker_rates(m, pc, by="group"),
                                      dc.marker_rates(m_lazy, lazy, by="group"))
        pd.testing.assert_frame_equal(
            dc.compare_rates(m, pc, by="group", n_permutations=100),
            dc.compare_rates(m_lazy, lazy, by="group", n_permutations=100))
        pd.testing.assert_frame_equal(dc.sentence_stance(pc, m).drop(columns="text"),
                                      dc.sentence_stance(lazy, m_lazy))


def test_searched_categories_survive_a_round_trip_as_a_categorical_column(small):
    c, _ = small
    only = dc.find_markers(c, categories="hedge")
    carried = only.assign(category=pd.Categorical(only.category, categories=["hedge"]))
    round_trip = carried.merge(carried[["doc_id"]].drop_duplicates(), on="doc_id")
    round_trip.attrs = {}  # as merges and concatenations leave it
    assert dc.marker_rates(round_trip, c).category.unique().tolist() == ["hedge"]
    lost = only.astype({"category": str})
    lost.attrs = {}  # a plain string column without attrs: all seven categories reported
    assert dc.marker_rates(lost, c).category.nunique() == len(CATEGORIES)
