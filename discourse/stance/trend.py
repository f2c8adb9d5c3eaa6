"""Stance over time: marker rates per period with exact intervals, and a trend test over documents.

The periods are those of :func:`discourse.time_bins` (each time value, or bins of about equal
documents); the rates are :func:`discourse.marker_rates` by period; the test of a trend uses
the documents as units (a permutation test of a words-weighted slope of per-document rates), so
one long or unusual document cannot make a trend on its own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import InputError
from ..text.periods import PERIOD, check_bins, format_time, resolve_bins, time_bins, time_values
from ._slope_resampling import bootstrap_slope, permutation_p, weighted_slope
from .rate_comparison import _holm
from .rates import document_counts, marker_rates

TEST_COLUMNS = ["category", "n", "n_words", "n_docs", "rate", "time_first", "time_last",
                "time_mean", "slope", "slope_ci_low", "slope_ci_high", "change",
                "change_ci_low", "change_ci_high", "p_value", "p_adjusted", "is_trend", "per",
                "sentence"]


@dataclass(frozen=True)
class Trend:
    """What :func:`discourse.trend` returns: the rates per period and the test per category.

    Attributes
    ----------
    rates : DataFrame
        One row per period and category (see :func:`discourse.trend`).
    test : DataFrame
        One row per category: the slope over time, its interval, the permutation p-value.
    headline : str
        One sentence on the categories that rise or fall more than chance would make.
    time : str
        The documents' time column.
    bins : int or None
        The number of bins asked for (``"auto"`` resolved; None: one period per time value).
    """

    rates: pd.DataFrame
    test: pd.DataFrame
    time: str
    bins: int | None = None

    @property
    def headline(self) -> str:
        """One sentence: how many categories change over time, which rise and which fall."""
        t = self.test
        if not len(t):
            return "No stance category was searched."
        found = t[t["is_trend"]]
        rising = found[found["slope"] > 0]["category"].astype(str).tolist()
        falling = found[found["slope"] < 0]["category"].astype(str).tolist()
        tested = int(np.isfinite(t["p_value"].to_numpy(dtype=float)).sum())
        return (f"Over time ({self.time} {format_time(t.time_first.iloc[0])} to "
                f"{format_time(t.time_last.iloc[0])}, {int(t.n_docs.iloc[0]):,} documents with "
                f"words), {len(found)} of the {tested} stance categories tested change more "
                f"than chance would make, with the documents as units"
                + (f"; rising: {', '.join(rising)}" if rising else "")
                + (f"; falling: {', '.join(falling)}" if falling else "") + ".")

    def __repr__(self) -> str:
        periods = self.rates[PERIOD].nunique() if len(self.rates) else 0
        found = int(self.test["is_trend"].sum()) if len(self.test) else 0
        return (f"<Trend over {self.time!r}: {periods} periods, {len(self.test)} categories, "
                f"{found} with a trend over documents>")


def trend(corpus, markers: pd.DataFrame, *, time: str = "year", bins: int | None = None,
          per: int = 1000, categories=None, confidence: float = 0.95, alpha: float = 0.05,
          n_resamples: int = 9999, random_state: int = 0) -> Trend:
    """Stance markers per ``per`` words in each period, and a test of a trend over time in which
    the documents are the units.

    Parameters
    ----------
    corpus : Corpus
        A corpus whose documents have a numeric time column (e.g. a year).
    markers : DataFrame
        :func:`discourse.find_markers` of ``corpus``.
    time : str, default "year"
        The column of ``corpus.documents`` holding each document's time.
    bins : int or "auto", optional
        Periods of about equal numbers of documents (see :func:`discourse.time_bins`); default
        one period per distinct time value. The test uses each document's own time either way.
    per : int, default 1000
        Rates are per this many words; the slope is per ``per`` words per unit of ``time``.
    categories : str or list of str, optional
        Categories to report (default: those the markers were searched for).
    confidence : float, default 0.95
        Coverage of every interval.
    alpha : float, default 0.05
        A category has a trend (``is_trend``) when its Holm-adjusted p-value is below it.
    n_resamples : int, default 9999
        Permutations of the test, resamples of the slope's bootstrap and of the periods'
        bootstrap over documents; 0 skips them all (NaN).
    random_state : int, default 0
        Seed of the permutations and bootstraps (fixed by default, so results repeat).

    Returns
    -------
    Trend
        ``rates``: one row per period and category, periods in time order: ``period`` (label,
        e.g. ``"1789-1840"``), ``time_first``, ``time_last`` (first and last time of its
        documents), ``time_mean`` (their mean time), then :func:`discourse.marker_rates`'
        columns ``category``, ``n``, ``n_words``, ``rate``, ``ci_low``, ``ci_high`` (exact
        Poisson interval), ``n_docs``, ``boot_ci_low``, ``boot_ci_high`` (bootstrap over the
        period's documents, five or more), ``per``.

        ``test``: one row per category: ``category``, ``n``, ``n_words``, ``n_docs``
        (documents with words), ``rate`` (pooled), ``time_first``, ``time_last``,
        ``time_mean`` (words-weighted mean time), ``slope`` (change of the rate per unit of
        time), ``slope_ci_low``, ``slope_ci_high`` (bootstrap over documents), ``change``,
        ``change_ci_low``, ``change_ci_high`` (``slope`` times ``time_last - time_first``: the
        fitted change over the whole span), ``p_value`` (permutation, two-sided),
        ``p_adjusted`` (Holm over the categories with hits; NaN for a category without any),
        ``is_trend``, ``per``, ``sentence``.

    Raises
    ------
    InputError
        ``time`` not a numeric column of the documents, missing for a document, fewer than two
        periods, ``bins`` not an integer of at least 2, or a bad ``per``/``confidence``.

    Notes
    -----
    **Rates per period**: :func:`discourse.marker_rates` with ``by="period"``: ``rate = n /
    n_words * per`` with Garwood's exact Poisson interval, and a percentile bootstrap over the
    period's documents.

    **The slope.** Document ``i`` (with ``w_i > 0`` analysed words, ``n_i`` markers of the
    category, time ``t_i``) has rate ``r_i = per * n_i / w_i``. The slope is the weighted least
    squares fit of ``r_i`` on ``t_i`` with weights ``w_i``:
    ``slope = sum w_i (t_i - tbar)(r_i - rbar) / sum w_i (t_i - tbar)^2 = per * sum (t_i - tbar)
    n_i / sum w_i (t_i - tbar)^2``, with ``tbar = sum w_i t_i / sum w_i`` (``time_mean``) and
    ``rbar`` the pooled rate; the fitted line passes through ``(time_mean, rate)``. Weighting by
    words makes a long speech count as much as its words, while the documents stay the units.

    **The test** (documents as units; Good 2005, ch. 3): the times are dealt at random over the
    documents ``n_resamples`` times (row ``b`` of ``rng.permuted(tile(t, (B, 1)), axis=1)`` with
    ``rng = numpy.random.default_rng(random_state)``), keeping each document's words and
    markers together; ``p_value = (1 + #{|slope*| >= |slope|}) / (1 + n_resamples)``. No
    distribution of counts is assumed, so documents that vary more than Poisson (one writer's
    habits) do not make the test too eager, as a Poisson regression over words would. A
    permutation test asks whether time and rate are associated at all; it does not say the
    change is a straight line (look at the periods' rates).

    **The interval** of the slope: percentile bootstrap over documents (then, with the same
    generator, row ``b`` of ``rng.integers(0, D, (B, D))`` for ``D`` documents), resamples
    with a single distinct time left out.

    References
    ----------
    Good, P. I. (2005). *Permutation, Parametric, and Bootstrap Tests of Hypotheses* (3rd ed.).
    Springer. https://doi.org/10.1007/b138696

    Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28(3/4),
    437-442. https://doi.org/10.2307/2333958

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": list("abcd"), "year": [1990, 2000, 2010, 2020],
    ...     "text": ["It may perhaps rain.", "It may rain.", "It rains.", "It rains now."]}))
    >>> t = trend(c, dc.find_markers(c, categories="hedge"), n_resamples=999)
    >>> t.rates[["period", "n", "n_words", "rate", "ci_low", "ci_high"]].round(0)
      period  n  n_words   rate  ci_low  ci_high
    0   1990  2        4  500.0    61.0   1806.0
    1   2000  1        3  333.0     8.0   1857.0
    2   2010  0        2    0.0     0.0   1844.0
    3   2020  0        3    0.0     0.0   1230.0
    >>> t.test[["category", "slope", "slope_ci_low", "slope_ci_high", "p_value"]].round(2)
      category  slope  slope_ci_low  slope_ci_high  p_value
    0    hedge  -18.0        -33.33            0.0     0.16
    """
    check_bins(bins)
    if not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise InputError(f"alpha={alpha!r} must lie between 0 and 1, e.g. 0.05.")
    times = time_values(corpus.documents, time)
    bins = resolve_bins(times, bins)
    own = corpus  # a "period" column of the user's metadata gives way to the trend's periods
    if PERIOD in corpus.documents.columns and time != PERIOD:
        own = dataclasses.replace(corpus, documents=corpus.documents.drop(columns=PERIOD))
    binned = time_bins(own, time=time, bins=bins)
    by_period = marker_rates(binned, markers, by=PERIOD, per=per, categories=categories,
                             confidence=confidence, n_resamples=n_resamples,
                             random_state=random_state)
    rates = _with_period_times(by_period, binned.documents, times)
    cats = list(dict.fromkeys(by_period["category"].astype(str)))  # marker_rates' categories
    counts = document_counts(corpus, markers, cats).astype(float)  # its n by doc_id
    words = corpus.documents["n_words"].to_numpy(dtype=float)
    test = _test_table(cats, counts, words, times, per=per, confidence=confidence, alpha=alpha,
                       n_resamples=n_resamples, random_state=random_state)
    return Trend(rates=rates, test=test, time=time, bins=bins)


def _with_period_times(rates: pd.DataFrame, documents: pd.DataFrame,
                       times: np.ndarray) -> pd.DataFrame:
    """``rates`` (by period) with each period's first, last and mean time in front."""
    period = documents[PERIOD].astype(str).to_numpy()
    frame = pd.DataFrame({PERIOD: period, "t": times})
    span = frame.groupby(PERIOD, sort=False)["t"].agg(["min", "max", "mean"])
    labels = rates[PERIOD].astype(str)
    out = pd.DataFrame({
        PERIOD: pd.Categorical(labels, categories=documents[PERIOD].cat.categories,
                               ordered=True),
        "time_first": labels.map(span["min"]).to_numpy(dtype=float),
        "time_last": labels.map(span["max"]).to_numpy(dtype=float),
        "time_mean": labels.map(span["mean"]).to_numpy(dtype=float),
    })
    return pd.concat([out, rates.drop(columns=[PERIOD])], axis=1)


def _test_table(cats, counts, words, times, *, per, confidence, alpha, n_resamples,
                random_state) -> pd.DataFrame:
    has = words > 0
    c, w, t = counts[has], words[has], times[has]
    n_cat = len(cats)
    nan = np.full(n_cat, np.nan)
    can = has.sum() >= 3 and len(np.unique(t)) >= 2
    slope = weighted_slope(c, w, t, per=1) if can else nan  # markers per word per unit
    p, lo, hi = nan, nan, nan
    if can and n_resamples > 0:
        rng = np.random.default_rng(random_state)
        p = permutation_p(c, w, t, slope, n_resamples, rng)
        lo, hi = bootstrap_slope(c, w, t, confidence, n_resamples, rng)
    slope, lo, hi = slope * per, lo * per, hi * per
    first, last = (t.min(), t.max()) if has.any() else (np.nan, np.nan)
    span = last - first
    total = c.sum(0)
    p = np.where(total > 0, p, np.nan)  # no hit: nothing to test, and no place in the family
    tested = np.isfinite(p)
    adjusted = nan.copy()
    adjusted[tested] = _holm(p[tested])
    out = pd.DataFrame({
        "category": pd.array(cats, dtype="str"), "n": total.astype(np.int64),
        "n_words": np.full(n_cat, int(w.sum()), dtype=np.int64),
        "n_docs": np.full(n_cat, int(has.sum()), dtype=np.int64),
        "rate": total / w.sum() * per if w.sum() > 0 else nan,
        "time_first": first, "time_last": last,
        "time_mean": (w * t).sum() / w.sum() if w.sum() > 0 else np.nan,
        "slope": slope, "slope_ci_low": lo, "slope_ci_high": hi,
        "change": slope * span, "change_ci_low": lo * span, "change_ci_high": hi * span,
        "p_value": p, "p_adjusted": adjusted,
    })
    out["is_trend"] = (out["p_adjusted"] < alpha).to_numpy(dtype=bool)
    out["per"] = per
    out["sentence"] = [_sentence(r, confidence) for r in out.itertuples(index=False)]
    return out[TEST_COLUMNS]


def _sentence(r, confidence: float) -> str:
    """One plain sentence per category (what the index and notebook 03 say)."""
    head = (f"{r.category}: {r.n:,} hits in {r.n_docs:,} documents ({r.rate:.2f} per "
            f"{r.per:,} words overall)")
    if r.n == 0:
        return f"{r.category}: no hits in {r.n_docs:,} documents; no trend to test."
    if not np.isfinite(r.slope):
        return f"{head}; no trend computed (it needs three documents with words at two times)."
    span = f"{format_time(r.time_first)} to {format_time(r.time_last)}"
    if not np.isfinite(r.p_value):
        return f"{head}; fitted change from {span}: {r.change:+.2f} (no test: n_resamples=0)."
    way = "rises" if r.slope > 0 else "falls"
    verdict = (f"it {way} over time, more than chance would make" if r.is_trend else
               "not distinguishable from no change")
    out = (f"{head}; fitted change from {span}: {r.change:+.2f} per {r.per:,} words "
           f"({confidence:.0%} CI {r.change_ci_low:+.2f} to {r.change_ci_high:+.2f}); "
           f"permutation p = {r.p_value:.2g} (Holm {r.p_adjusted:.2g}): {verdict}.")
    excludes_zero = r.change_ci_low > 0 or r.change_ci_high < 0
    if np.isfinite(r.change_ci_low) and excludes_zero != bool(r.is_trend):
        # the bootstrap interval (one category, unadjusted) and the permutation test (adjusted
        # over the categories) answer different questions; say so rather than contradict
        out += (" The interval " + ("leaves out" if excludes_zero else "includes") + " zero "
                "while the test " + ("does not find" if excludes_zero else "finds") + " a trend "
                "(the test shuffles the times over documents and is adjusted for the "
                "categories tested; the interval is neither): weak evidence either way.")
    return out
