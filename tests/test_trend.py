"""dc.trend, dc.time_bins, dc.plot_trend: rates per period, the slope over documents, its test.

Expected values come from hand arithmetic, numpy.polyfit (weighted least squares), scipy's chi2
(Garwood) and an exhaustive permutation loop written here, never from the code under test.
"""

import itertools
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import discourse as dc
from discourse.text.periods import assign_periods

# four documents, one a decade; hedges: "may", "perhaps" (2), "may" (1), none, none
FOUR = pd.DataFrame({"doc_id": list("abcd"), "year": [1990, 2000, 2010, 2020],
                     "text": ["It may perhaps rain.", "It may rain.", "It rains.",
                              "It rains now."]})


def _corpus(frame=FOUR):
    return dc.from_frame(frame)


@pytest.fixture(scope="module")
def speeches():
    """Twelve documents over six years, hedges thinning out, words of unequal length."""
    rng = np.random.default_rng(5)
    rows = []
    for i in range(12):
        year = 1900 + 10 * (i // 2)
        n_hedge = max(0, 6 - i // 2 + int(rng.integers(0, 2)))
        filler = " ".join(["The council met and voted."] * int(rng.integers(3, 9)))
        rows.append({"doc_id": f"d{i:02d}", "year": year,
                     "text": " ".join(["It may rain."] * n_hedge) + " " + filler})
    return dc.from_frame(pd.DataFrame(rows))


def _doc_table(corpus, markers, category="hedge"):
    rates = dc.marker_rates(corpus, markers, categories=category, n_resamples=0)
    years = corpus.documents.set_index("doc_id")["year"]
    return (rates["n"].to_numpy(float), rates["n_words"].to_numpy(float),
            rates["doc_id"].map(years).to_numpy(float))


def _wls_slope(n, w, t):
    """numpy.polyfit with weights sqrt(w): least squares weighted by words."""
    keep = w > 0
    return np.polyfit(t[keep], 1000 * n[keep] / w[keep], 1, w=np.sqrt(w[keep]))[0]


# -- the slope --------------------------------------------------------------------------------
def test_slope_by_hand():
    c = _corpus()
    tr = dc.trend(c, dc.find_markers(c, categories="hedge"), n_resamples=0)
    row = tr.test.iloc[0]
    # rates 500, 333.3, 0, 0 per 1,000 words; words 4, 3, 2, 3; tbar = 24040 / 12
    tbar = 24040 / 12
    dev = np.array([1990, 2000, 2010, 2020]) - tbar
    slope = 1000 * (2 * dev[0] + 1 * dev[1]) / (np.array([4, 3, 2, 3]) * dev ** 2).sum()
    assert row.slope == pytest.approx(-18.0) == pytest.approx(slope)
    assert row.change == pytest.approx(-18.0 * 30)
    assert row.time_mean == pytest.approx(tbar)
    assert row.rate == pytest.approx(250.0) and row.n == 3 and row.n_words == 12
    assert np.isnan(row.p_value) and np.isnan(row.slope_ci_low)  # n_resamples=0


def test_slope_matches_weighted_polyfit(speeches):
    m = dc.find_markers(speeches)
    tr = dc.trend(speeches, m, n_resamples=0)
    for cat in ("hedge", "booster"):
        n, w, t = _doc_table(speeches, m, cat)
        got = tr.test.set_index("category").loc[cat, "slope"]
        if n.sum() == 0:
            assert got == 0
        else:
            assert got == pytest.approx(_wls_slope(n, w, t), rel=1e-9)
    assert tr.test.set_index("category").loc["hedge", "slope"] < 0


def test_permutation_p_agrees_with_the_exhaustive_test():
    years = [1950, 1960, 1970, 1980, 1990, 2000, 2010]
    texts = ["It may rain. Perhaps so. It may.", "It may rain, perhaps.", "Maybe it rains.",
             "It may rain today. We go.", "It rains. We go home now.", "We go home.",
             "It rains and we go home now."]
    c = _corpus(pd.DataFrame({"doc_id": [f"s{i}" for i in range(7)], "year": years,
                              "text": texts}))
    m = dc.find_markers(c, categories="hedge")
    tr = dc.trend(c, m, n_resamples=20000, random_state=3)
    n, w, t = _doc_table(c, m)
    observed = abs(_wls_slope(n, w, t))
    slopes = np.array([abs(_wls_slope(n, w, t[list(p)]))
                       for p in itertools.permutations(range(7))])
    exact = np.mean(slopes >= observed - 1e-9)  # 5,040 orderings of the years
    assert tr.test.p_value.iloc[0] == pytest.approx(exact, abs=0.006)
    assert exact < 0.05


def test_draws_are_the_documented_ones(speeches):
    """The permutations, then the bootstrap, from one generator, as the Notes say."""
    m = dc.find_markers(speeches, categories="hedge")
    B = 300
    tr = dc.trend(speeches, m, n_resamples=B, random_state=11)
    n, w, t = _doc_table(speeches, m)
    rng = np.random.default_rng(11)
    dealt = rng.permuted(np.tile(t, (B, 1)), axis=1)
    picks = rng.integers(0, len(t), size=(B, len(t)))
    observed = _wls_slope(n, w, t)
    perm = np.array([_wls_slope(n, w, row) for row in dealt])
    p = (1 + np.sum(np.abs(perm) >= abs(observed) - 1e-9)) / (1 + B)
    boot = np.array([_wls_slope(n[i], w[i], t[i]) if len(set(t[i])) > 1 else np.nan
                     for i in picks])
    lo, hi = np.quantile(boot[np.isfinite(boot)], [0.025, 0.975])
    row = tr.test.iloc[0]
    assert row.p_value == pytest.approx(p)
    assert (row.slope_ci_low, row.slope_ci_high) == (pytest.approx(lo), pytest.approx(hi))
    assert row.slope_ci_low < row.slope < row.slope_ci_high
    assert row.change_ci_low == pytest.approx(lo * (t.max() - t.min()))


def test_holm_and_verdicts(speeches):
    tr = dc.trend(speeches, dc.find_markers(speeches), n_resamples=999)
    t = tr.test
    assert np.isnan(t.p_value[t.n == 0]).all() and np.isnan(t.p_adjusted[t.n == 0]).all()
    assert "no hits" in t.sentence[t.n == 0].iloc[0]
    p = t.p_value[t.n > 0].to_numpy()  # the family: categories with hits
    order = np.argsort(p, kind="stable")
    holm = np.minimum(np.maximum.accumulate((len(p) - np.arange(len(p))) * p[order]), 1)
    assert t.p_adjusted[t.n > 0].to_numpy()[order] == pytest.approx(holm)
    assert t.is_trend.dtype == bool
    assert (t.is_trend == (t.p_adjusted < 0.05)).all()
    hedge = t.set_index("category").loc["hedge"]
    assert hedge.is_trend and "falls over time" in hedge.sentence


def test_deterministic(speeches):
    m = dc.find_markers(speeches)
    a = dc.trend(speeches, m, n_resamples=499)
    b = dc.trend(speeches, m, n_resamples=499)
    pd.testing.assert_frame_equal(a.test, b.test)
    pd.testing.assert_frame_equal(a.rates, b.rates)


# -- rates per period -------------------------------------------------------------------------
def test_rates_per_period_are_pooled_with_garwood_intervals(speeches):
    m = dc.find_markers(speeches, categories="hedge")
    tr = dc.trend(speeches, m, bins=3, n_resamples=0)
    r = tr.rates
    assert r.period.astype(str).tolist() == ["1900-1910", "1920-1930", "1940-1950"]
    n, w, t = _doc_table(speeches, m)
    for row in r.itertuples():
        lo_t, hi_t = map(int, row.period.split("-"))
        inside = (t >= lo_t) & (t <= hi_t)
        k, words = n[inside].sum(), w[inside].sum()
        assert (row.n, row.n_words, row.n_docs) == (k, words, inside.sum())
        assert row.rate == pytest.approx(1000 * k / words)
        low = stats.chi2.ppf(0.025, 2 * k) / 2 if k else 0.0
        assert row.ci_low == pytest.approx(1000 * low / words)
        assert row.ci_high == pytest.approx(1000 * stats.chi2.ppf(0.975, 2 * k + 2) / 2 / words)
        assert (row.time_first, row.time_last) == (lo_t, hi_t)
        assert row.time_mean == pytest.approx(t[inside].mean())


def test_each_value_is_a_period_by_default():
    c = _corpus()
    tr = dc.trend(c, dc.find_markers(c, categories="hedge"), n_resamples=0)
    assert tr.rates.period.astype(str).tolist() == ["1990", "2000", "2010", "2020"]
    assert tr.rates.n.tolist() == [2, 1, 0, 0]
    assert tr.bins is None


def test_output_columns_follow_the_vocabulary(speeches):
    tr = dc.trend(speeches, dc.find_markers(speeches), n_resamples=99)
    for table in (tr.rates, tr.test):
        assert table.index.equals(pd.RangeIndex(len(table)))
        for col in table.columns:
            if re.search(r"_(low|high)$", col):
                assert re.search(r"(^|_)ci_(low|high)$", col), col
            assert (table[col].dtype == bool) == col.startswith("is_"), col


# -- periods ----------------------------------------------------------------------------------
@pytest.mark.parametrize("values, bins, codes, labels", [
    ([1, 2, 3, 4, 5, 6], 3, [0, 0, 1, 1, 2, 2], ["1-2", "3-4", "5-6"]),
    ([1, 2, 3, 4, 5, 6, 7], 2, [0, 0, 0, 0, 1, 1, 1], ["1-4", "5-7"]),
    # a year is never split: the 1990s fill bins 0-2; 2000 and 2010 both start in bin 3
    ([1990] * 6 + [2000, 2010], 4, [0] * 6 + [1, 1], ["1990", "2000-2010"]),
    ([2.5, 1.5, 1.5], None, [1, 0, 0], ["1.5", "2.5"]),
    ([-20, -10, 5, 10], 2, [0, 0, 1, 1], ["-20 to -10", "5-10"]),
])
def test_bin_edges(values, bins, codes, labels):
    got_codes, got_labels = assign_periods(np.array(values, dtype=float), bins)
    assert got_codes.tolist() == codes and got_labels == labels


def test_auto_bins():
    few = _corpus()
    assert dc.trend(few, dc.find_markers(few), bins="auto", n_resamples=0).bins is None
    many = _corpus(pd.DataFrame({"doc_id": [f"x{i}" for i in range(40)],
                                 "year": range(1900, 1940), "text": ["It may rain."] * 40}))
    tr = dc.trend(many, dc.find_markers(many), bins="auto", n_resamples=0)
    assert tr.bins == 4 and tr.rates.period.nunique() == 4


def test_time_bins_adds_an_ordered_period_and_keeps_the_texts(speeches):
    binned = dc.time_bins(speeches, time="year", bins=2)
    assert binned.fingerprint == speeches.fingerprint
    assert "period" not in speeches.documents  # the input is unchanged
    period = binned.documents.period
    assert period.cat.ordered and list(period.cat.categories) == ["1900-1920", "1930-1950"]
    assert period.value_counts().tolist() == [6, 6]
    m = dc.find_markers(speeches)  # markers of the corpus fit the binned corpus
    rates = dc.marker_rates(binned, m, by="period", categories="hedge", n_resamples=0)
    assert rates.period.astype(str).tolist() == ["1900-1920", "1930-1950"]
    with pytest.raises(dc.InputError, match="period"):
        dc.time_bins(binned, bins=2)


def test_keyness_between_periods(speeches):
    binned = dc.time_bins(speeches, time="year", bins=2)
    counts = dc.count_terms(binned, by=["period", "doc_id"])
    key = dc.keyness(counts, by="period", docs="doc_id")  # two periods: first against second
    assert (key.focus.iloc[0], key.reference.iloc[0]) == ("1900-1920", "all others")
    rain = key.set_index("term").loc["rain"]
    early = binned.documents.period.astype(str) == "1900-1920"
    by_doc = binned.documents.text.str.count(r"\brain\b")
    assert (rain.n_focus, rain.n_reference) == (by_doc[early].sum(), by_doc[~early].sum())
    assert rain.g2 > 0  # the hedged sentence "It may rain." thins out later
    three = dc.time_bins(speeches, time="year", bins=3)
    c3 = dc.count_terms(three, by=["period", "doc_id"])
    k3 = dc.keyness(c3, by="period", focus="1900-1910", reference="1940-1950", docs="doc_id")
    assert k3.n_docs_in_focus.iloc[0] == 4 and k3.n_docs_in_reference.iloc[0] == 4


# -- refusals ---------------------------------------------------------------------------------
@pytest.mark.parametrize("frame, time, bins, match", [
    (FOUR, "decade", None, "time='decade' is not a column"),
    (FOUR.assign(year=["1990", "later", "2010", "2020"]), "year", None, "not numeric"),
    (FOUR.assign(year=[1990, None, 2010, 2020]), "year", None, r"missing.*\['b'\]"),
    (FOUR.assign(year=2000), "year", None, "at least two periods"),
    (FOUR.assign(year=pd.to_datetime(["1990-01-01"] * 2 + ["2000-01-01"] * 2)), "year", None,
     "dt.year"),
    (FOUR, "year", 1, "bins=1"),
    (FOUR, "year", True, "bins=True"),
    (FOUR, "year", "some", "bins='some'"),
])
def test_refusals(frame, time, bins, match):
    c = _corpus(frame)
    m = dc.find_markers(c)
    with pytest.raises(dc.InputError, match=match):
        dc.trend(c, m, time=time, bins=bins)
    with pytest.raises(dc.InputError, match=match):
        dc.time_bins(c, time=time, bins=bins)


def test_a_period_column_of_the_metadata_does_not_stop_the_trend():
    c = _corpus(FOUR.assign(period=["early", "early", "late", "late"]))
    tr = dc.trend(c, dc.find_markers(c, categories="hedge"), bins=2, n_resamples=0)
    assert tr.rates.period.astype(str).tolist() == ["1990-2000", "2010-2020"]
    assert c.documents.period.tolist() == ["early", "early", "late", "late"]


def test_numbers_written_as_text_are_read():
    c = _corpus(FOUR.assign(year=["1990", "2000", "2010", "2020"]))
    tr = dc.trend(c, dc.find_markers(c, categories="hedge"), n_resamples=0)
    assert tr.test.slope.iloc[0] == pytest.approx(-18.0)


def test_doors():
    c = _corpus()
    with pytest.raises(dc.InputError, match="corpus"):
        dc.trend(c.documents, dc.find_markers(c))
    with pytest.raises(dc.InputError, match="markers"):
        dc.trend(c, None)


def test_too_few_documents_give_no_slope_but_rates():
    c = _corpus(FOUR.iloc[:2])
    tr = dc.trend(c, dc.find_markers(c, categories="hedge"), n_resamples=99)
    assert np.isnan(tr.test.slope.iloc[0]) and not tr.test.is_trend.iloc[0]
    assert "no trend computed" in tr.test.sentence.iloc[0]
    assert len(tr.rates) == 2


# -- the plot ---------------------------------------------------------------------------------
def test_plot_trend(speeches):
    tr = dc.trend(speeches, dc.find_markers(speeches), bins=3, n_resamples=99)
    ax = dc.plot_trend(tr, categories=["hedge", "booster"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1900-1910", "1920-1930",
                                                            "1940-1950"]
    assert len(ax.containers) == 2  # one errorbar per category
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    hedge = tr.test.set_index("category").loc["hedge"]
    line = next(ln for ln in dashed if ln.get_color() == "#56B4E9")
    x, y = line.get_data()
    assert (y[1] - y[0]) / (x[1] - x[0]) == pytest.approx(hedge.slope)
    assert x.tolist() == [1900, 1950]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0].startswith("hedge: change")
    plt.close("all")
    with pytest.raises(dc.InputError, match="not in the trend"):
        dc.plot_trend(tr, categories="nope")
    with pytest.raises(dc.InputError, match="dc.trend"):
        dc.plot_trend(tr.rates)


def test_an_interval_and_a_test_that_disagree_are_said_to_disagree():
    """The index must not contradict its own p-values: when the bootstrap interval leaves out
    zero but the adjusted permutation test finds nothing (or the reverse), the sentence says so."""
    from collections import namedtuple

    from discourse.stance.trend import _sentence

    Row = namedtuple("Row", "category n n_docs rate per slope time_first time_last p_value "
                            "p_adjusted is_trend change change_ci_low change_ci_high")
    base = dict(category="booster", n=40, n_docs=12, rate=2.0, per=1000, slope=0.01,
                time_first=1990.0, time_last=2020.0, change=0.7)
    weak = _sentence(Row(**base, p_value=0.02, p_adjusted=0.069, is_trend=False,
                         change_ci_low=0.03, change_ci_high=1.37), 0.95)
    assert "leaves out zero while the test does not find a trend" in weak
    agree = _sentence(Row(**base, p_value=0.3, p_adjusted=0.6, is_trend=False,
                          change_ci_low=-0.2, change_ci_high=1.1), 0.95)
    assert "weak evidence" not in agree and "not distinguishable from no change" in agree
