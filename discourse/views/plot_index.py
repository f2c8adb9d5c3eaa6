"""The figures of the report's index: the rate ratios of every stance category with their
intervals, and the key terms of each side, drawn from the same tables the index prints, and
embedded in the page as ``data:`` PNG images (the pages forbid every remote load).
"""

from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd

from .palette import CATEGORY_COLORS
from .plot_terms import FOCUS_COLOR as _FOCUS_COLOR
from .plot_terms import REFERENCE_COLOR as _REFERENCE_COLOR


def figure_data_uri(fig) -> str:
    """The figure as a ``data:image/png;base64,...`` URI."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def plot_rate_ratios(comparison: pd.DataFrame, *, focus: str, reference: str,
                     is_different=None):
    """One row per stance category: the rate ratio focus / reference with its 95% interval, on
    a log scale, from the table of :func:`discourse.compare_rates`.

    A ratio of 0 or infinity (no hit on one side) is drawn at the edge of the axis with an
    arrow-like marker; a category with no hit on either side is named and left empty.
    ``is_different`` (one boolean per row) fills the dots of the categories that differ.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> t = pd.DataFrame({"category": ["hedge", "booster"], "rate_ratio": [2.0, np.inf],
    ...                   "ci_low": [1.2, 1.5], "ci_high": [3.5, np.inf],
    ...                   "n_focus": [20, 4], "n_reference": [10, 0]})
    >>> fig = plot_rate_ratios(t, focus="A", reference="B")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['hedge', 'booster']
    """
    from matplotlib.figure import Figure

    cats = comparison.category.astype(str).tolist()
    ratio = comparison.rate_ratio.astype(float).to_numpy()
    low = comparison.ci_low.astype(float).to_numpy()
    high = comparison.ci_high.astype(float).to_numpy()
    hits = (comparison.n_focus.astype(int) + comparison.n_reference.astype(int)).to_numpy()
    differs = (np.zeros(len(cats), dtype=bool) if is_different is None
               else np.asarray(is_different, dtype=bool))
    finite = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in (ratio, low, high)])
    lo_edge = min(0.5, finite.min() / 1.5) if len(finite) else 0.5
    hi_edge = max(2.0, finite.max() * 1.5) if len(finite) else 2.0
    fig = Figure(figsize=(7.5, 0.42 * len(cats) + 1.3))  # no pyplot: no global figure state
    ax = fig.subplots()
    y = np.arange(len(cats))[::-1]
    for yi, cat, r, lo, hi, n, d in zip(y, cats, ratio, low, high, hits, differs, strict=True):
        color = CATEGORY_COLORS.get(cat, "#374151")
        if n == 0:
            ax.text(1, yi, "no hits", va="center", ha="center", fontsize=8, color="#6b7280")
            continue
        lo_d = lo if np.isfinite(lo) and lo > 0 else lo_edge
        hi_d = hi if np.isfinite(hi) else hi_edge
        ax.plot([lo_d, hi_d], [yi, yi], color=color, lw=2, solid_capstyle="butt")
        r_d = hi_edge if not np.isfinite(r) else lo_edge if r <= 0 else r
        marker = ">" if not np.isfinite(r) else "<" if r <= 0 else "o"
        ax.plot([r_d], [yi], marker=marker, ms=8, color=color,
                markerfacecolor=color if d else "white", markeredgewidth=2)
    ax.axvline(1, color="#9ca3af", lw=1, ls="--")
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(lo_edge / 1.1, hi_edge * 1.1)
    ax.set_yticks(y, cats)
    ax.set_ylim(-0.7, len(cats) - 0.3)
    ax.set_xlabel(f"rate ratio {focus} / {reference} (log scale; 95% interval)")
    ax.set_title(f"More in {reference}  \u2190  \u2192  more in {focus}\n"
                 "filled: differs (as in the table); open: not shown to differ", fontsize=9)
    ax.grid(axis="x", color="#e5e7eb", lw=0.6)
    fig.tight_layout()
    return fig


def plot_key_terms(terms: pd.DataFrame, *, focus: str, reference: str, title: str):
    """The key terms of each side as bars of signed G2 (focus to the right, reference to the
    left), from the rows the index lists (:func:`discourse.key_terms`, or the screening list).

    ``terms`` has ``term``, ``g2``, ``n_focus``, ``n_reference``; each bar is labelled with the
    term and its counts on both sides.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["cats", "dogs"], "g2": [5.0, -3.0], "n_focus": [4, 0],
    ...                   "n_reference": [0, 3]})
    >>> fig = plot_key_terms(t, focus="A", reference="B", title="Key terms")
    >>> len(fig.axes[0].patches)
    2
    """
    from matplotlib.figure import Figure

    t = terms.assign(g2=terms.g2.astype(float)).sort_values("g2", kind="stable")
    fig = Figure(figsize=(7.5, 0.28 * max(len(t), 2) + 1.3))
    ax = fig.subplots()
    y = np.arange(len(t))
    colors = np.where(t.g2.to_numpy() > 0, _FOCUS_COLOR, _REFERENCE_COLOR)
    ax.barh(y, t.g2.to_numpy(), color=colors, height=0.7)
    span = float(np.abs(t.g2).max()) if len(t) else 1.0
    for yi, (term, g2, a, b) in enumerate(zip(t.term, t.g2, t.n_focus, t.n_reference,
                                              strict=True)):
        label = f"{term} ({int(a)} vs {int(b)})"
        ax.text(g2 + (0.02 * span if g2 > 0 else -0.02 * span), yi, label, va="center",
                ha="left" if g2 > 0 else "right", fontsize=8)
    ax.axvline(0, color="#6b7280", lw=1)
    ax.set_xlim(-1.6 * span, 1.6 * span)
    ax.set_yticks([])
    ax.set_xlabel(f"G\u00b2, signed: \u2190 over-used in {reference} | over-used in {focus} \u2192"
                  "  (uses: focus vs reference)")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig
