"""The plot of stance over time: rates per period with their intervals, and the fitted trend."""

from __future__ import annotations

import numpy as np

from .._validate import InputError, as_list
from ..text.periods import PERIOD, format_time
from .palette import color_of

MAX_TICK_LABELS = 12
"""Periods labelled on the x axis by name; with more, the axis shows plain times."""


def plot_trend(trend, *, categories=None, ax=None):
    """Markers per 1,000 words in each period, with exact intervals and the fitted trend.

    Parameters
    ----------
    trend : Trend
        The output of :func:`discourse.trend`.
    categories : str or list of str, optional
        Categories to draw, in this order. Default: every category of ``trend``.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib Axes
        Time on the x axis: for each category (in its palette colour) a dot per period at the
        mean time of its documents and its rate, a vertical bar for the exact interval
        (``ci_low`` to ``ci_high``), thin lines joining the periods, and a dashed line for the
        words-weighted slope of :func:`discourse.trend` over the documents' time span. The
        legend gives each category's fitted change and permutation p-value. Periods are
        named on the axis when there are at most :data:`MAX_TICK_LABELS` of them.

    Examples
    --------
    >>> import discourse as dc, pandas as pd
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": list("abc"), "year": [1990, 2000, 2010],
    ...                                 "text": ["It may rain.", "Perhaps.", "It rains."]}))
    >>> ax = plot_trend(dc.trend(c, dc.find_markers(c, categories="hedge"), n_resamples=99))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['1990', '2000', '2010']
    """
    rates, test = _tables(trend)
    present = list(dict.fromkeys(rates["category"].astype(str)))
    cats = as_list(categories) if categories is not None else present
    unknown = [c for c in cats if c not in present]
    if unknown:
        raise InputError(f"categories={unknown} are not in the trend; it has "
                         f"{', '.join(present)}.")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 4.5))
    periods = rates.drop_duplicates(PERIOD).sort_values("time_mean")
    x_of = dict(zip(periods[PERIOD].astype(str), periods["time_mean"], strict=True))
    gaps = np.diff(periods["time_mean"].to_numpy(dtype=float))
    step = float(np.min(gaps)) if len(gaps) and np.min(gaps) > 0 else 1.0
    offsets = (np.arange(len(cats)) - (len(cats) - 1) / 2) * (0.5 * step / max(len(cats), 1))
    per = int(rates["per"].iloc[0]) if "per" in rates.columns and len(rates) else 1000
    dense = len(periods) > 30  # many periods: small dots, no caps, so the bars stay readable
    for k, cat in enumerate(cats):
        part = rates[rates["category"].astype(str) == cat]
        x = part[PERIOD].astype(str).map(x_of).to_numpy(dtype=float) + offsets[k]
        rate = part["rate"].to_numpy(dtype=float)
        err = np.vstack([rate - part["ci_low"].to_numpy(dtype=float),
                         part["ci_high"].to_numpy(dtype=float) - rate])
        color = color_of(cat)
        row = test[test["category"].astype(str) == cat]
        ax.errorbar(x, rate, yerr=err, fmt="o-", color=color, lw=0.4 if dense else 0.8,
                    ms=2.5 if dense else 5, capsize=0 if dense else 2,
                    elinewidth=0.6 if dense else 1, alpha=0.8 if dense else 1,
                    label=_legend(cat, row))
        if len(row) and np.isfinite(float(row["slope"].iloc[0])):
            r = row.iloc[0]
            xs = np.array([r["time_first"], r["time_last"]], dtype=float)
            ax.plot(xs, r["rate"] + r["slope"] * (xs - r["time_mean"]), "--", color=color,
                    lw=2, alpha=0.9, zorder=3)
    if len(periods) <= MAX_TICK_LABELS:
        tilted = len(periods) > 5
        ax.set_xticks(periods["time_mean"].to_numpy(dtype=float),
                      periods[PERIOD].astype(str).tolist(), rotation=30 if tilted else 0,
                      ha="right" if tilted else "center", rotation_mode="anchor")
    ax.set_ylim(bottom=0)
    ax.set_xlabel(f"{trend.time} (dots at each period's mean time)")
    ax.set_ylabel(f"markers per {per:,} words")
    ax.set_title("Rates per period with exact 95% intervals; dashed: fitted trend over "
                 "documents", fontsize="medium")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


def _tables(trend):
    rates, test = getattr(trend, "rates", None), getattr(trend, "test", None)
    if rates is None or test is None or not hasattr(trend, "time"):
        raise InputError(f"trend must be the result of dc.trend(corpus, markers, time=...), "
                         f"not a {type(trend).__name__}.")
    if not len(rates):
        raise InputError("trend has no rates to draw (no category was searched).")
    return rates, test


def _legend(category: str, row) -> str:
    if not len(row) or not np.isfinite(float(row["slope"].iloc[0])):
        return category
    r = row.iloc[0]
    span = f"{format_time(r['time_first'])}-{format_time(r['time_last'])}"
    p = float(r["p_value"])
    test = f", p = {p:.2g}" if np.isfinite(p) else ""
    return f"{category}: change {r['change']:+.2f} over {span}{test}"
