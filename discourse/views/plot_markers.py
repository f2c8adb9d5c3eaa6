"""Plots of stance markers: rates with intervals, and where markers sit along each text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._compat import corpus_then_markers
from .._validate import InputError, as_list, require_columns
from ..stance.lexicon import CATEGORIES, searched_categories
from .palette import CATEGORY_COLORS

_RATE_COLS = ("category", "n_words", "rate", "ci_low", "ci_high")
_OTHER_COLS = ("n", "n_docs", "boot_ci_low", "boot_ci_high", "per",
               "count", "words", "docs", "boot_low", "boot_high")  # old names: not a unit


def _axes(ax, figsize):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_marker_rates(rates: pd.DataFrame, *, categories=None, ax=None):
    """Rates per 1,000 words with their 95% intervals: one row per category, one dot per unit.

    Parameters
    ----------
    rates : DataFrame
        The output of :func:`discourse.marker_rates` (its first column is the unit).
    categories : str or list of str, optional
        Categories to show, in this order. Default: all in ``rates``.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib Axes
        Categories on the y axis (first at the top); for each unit a dot at the rate and a
        horizontal bar from ``ci_low`` to ``ci_high``; the legend names the units with their
        word counts.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "It may rain.", "b": "It will rain, surely."})
    >>> ax = plot_marker_rates(dc.marker_rates(c, dc.find_markers(c)))
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['hedge', 'booster']
    """
    require_columns(rates, _RATE_COLS, name="rates", hint="Pass dc.marker_rates(corpus, markers).")
    unit_cols = [c for c in rates.columns if c not in _RATE_COLS + _OTHER_COLS]
    if not unit_cols:
        raise InputError("rates has no unit column (doc_id or group) before 'category'.")
    by = unit_cols[0]
    present = list(dict.fromkeys(rates["category"].astype(str)))
    cats = as_list(categories) if categories is not None else present
    unknown = [c for c in cats if c not in present]
    if unknown:
        raise InputError(f"categories={unknown} are not in rates; it has {', '.join(present)}.")
    units = list(dict.fromkeys(rates[by].astype(str)))
    per = rates["per"].iloc[0] if "per" in rates.columns and len(rates) else 1000
    ax = _axes(ax, (7, 0.45 * len(cats) * max(1, len(units) / 2) + 1.2))
    n_u = len(units)
    offsets = (np.arange(n_u) - (n_u - 1) / 2) * (0.7 / max(n_u, 1))
    shapes = ["o", "s", "D", "^", "v", "P", "X", "*"]
    y_of = {c: i for i, c in enumerate(cats)}
    for k, unit in enumerate(units):
        part = rates[(rates[by].astype(str) == unit) & rates["category"].isin(cats)]
        y = part["category"].map(y_of).to_numpy(dtype=float) + offsets[k]
        rate = part["rate"].to_numpy(dtype=float)
        err = np.vstack([rate - part["ci_low"].to_numpy(dtype=float),
                         part["ci_high"].to_numpy(dtype=float) - rate])
        words = int(part["n_words"].iloc[0]) if len(part) else 0
        ax.errorbar(rate, y, xerr=err, fmt=shapes[k % len(shapes)], color=f"C{k % 10}",
                    capsize=2, lw=1, ms=5, label=f"{unit} ({words:,} words)")
    ax.set_yticks(range(len(cats)), cats)
    ax.set_ylim(len(cats) - 0.5, -0.5)
    ax.set_xlim(left=0)
    ax.set_xlabel(f"markers per {per:,} words (dot) with exact 95% interval (bar)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="best", fontsize="small", title=by)
    return ax


def marker_positions(corpus, markers: pd.DataFrame) -> pd.DataFrame:
    """Where each marker sits in its document, as a share of the document's analysed words.

    The old order ``marker_positions(markers, corpus)`` still works, with a warning.

    Returns
    -------
    DataFrame
        The markers with ``position`` (word tokens of the analysed paragraphs before the
        marker, divided by the document's analysed words: 0 = start, 1 = end).

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["We go. Maybe."])
    >>> marker_positions(c, dc.find_markers(c))[["text", "position"]]
        text  position
    0     We  0.000000
    1  Maybe  0.666667
    """
    from ..stance.rates import _doc_codes

    corpus, markers = corpus_then_markers(corpus, markers, fn="marker_positions")
    require_columns(markers, ["doc_id", "start", "category"], name="markers",
                    hint="Pass dc.find_markers(corpus).")
    toks = corpus.analyzed("tokens")
    words = toks[toks["is_word"].to_numpy()]
    wdoc = words["doc_id"].cat.codes.to_numpy().astype(np.int64)
    wkey = (wdoc << 32) | words["start"].to_numpy().astype(np.int64)
    mdoc = _doc_codes(markers["doc_id"], corpus, name="markers")
    mkey = (mdoc << 32) | markers["start"].to_numpy().astype(np.int64)
    first = np.searchsorted(wkey, mdoc << 32)
    before = np.searchsorted(wkey, mkey) - first
    n_words = np.bincount(wdoc, minlength=len(corpus.doc_ids))[mdoc]
    out = markers.copy()
    out["position"] = np.where(n_words > 0, before / np.maximum(n_words, 1), np.nan)
    return out


def plot_marker_dispersion(corpus, markers: pd.DataFrame, *, categories=None, doc_ids=None,
                           ax=None):
    """Where the markers sit along each text: a lexical dispersion plot, one line per category.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    markers : DataFrame
        The output of :func:`discourse.find_markers` on ``corpus``. The old order
        ``plot_marker_dispersion(markers, corpus)`` still works, with a
        ``DeprecationWarning``.
    categories : str or list of str, optional
        Categories to show. Default: those searched (:func:`discourse.lexicon.searched_categories`).
    doc_ids : str or list of str, optional
        Documents to show, top to bottom. Default: every document (at most 12; pass
        ``doc_ids`` to choose others).
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib Axes
        x: position in the document's analysed words (0 = start, 1 = end); one line per
        document and category, a tick per marker in the category's colour.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "It may rain. Surely it will.", "b": "Maybe."})
    >>> ax = plot_marker_dispersion(c, dc.find_markers(c), categories=["hedge", "booster"])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a · hedge', 'a · booster', 'b · hedge', 'b · booster']
    """
    corpus, markers = corpus_then_markers(corpus, markers, fn="plot_marker_dispersion")
    pos = marker_positions(corpus, markers)
    cats = as_list(categories) if categories is not None else searched_categories(markers)
    unknown = [c for c in cats if c not in CATEGORIES]
    if unknown:
        raise InputError(f"categories={unknown} are not stance categories; use "
                         f"{', '.join(CATEGORIES)}.")
    docs = as_list(doc_ids) if doc_ids is not None else corpus.doc_ids[:12]
    for d in docs:
        corpus.text_of(d)  # a clear error for an unknown id
    ax = _axes(ax, (8, 0.28 * len(docs) * len(cats) + 1.2))
    labels, y = [], 0
    doc_str = pos["doc_id"].astype(str).to_numpy()
    cat_str = pos["category"].astype(str).to_numpy()
    for d in docs:
        for c in cats:
            x = pos["position"].to_numpy()[(doc_str == d) & (cat_str == c)]
            ax.scatter(x, np.full(len(x), y), marker="|", s=120, linewidths=1.5,
                       color=CATEGORY_COLORS.get(c, "black"))
            labels.append(f"{d} · {c}")
            y += 1
        if d != docs[-1]:
            ax.axhline(y - 0.5, color="0.8", lw=0.8)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("position in the text (share of analysed words)")
    ax.grid(axis="x", alpha=0.3)
    return ax
