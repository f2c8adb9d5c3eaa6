"""Plots of term contrasts and topics: keyness bars, log-odds scatter, TF-IDF bars, topic shares.

Each function takes the tidy table a ``discourse`` function returned, draws on ``ax`` (a new
figure when ``ax`` is None) and returns the Axes. No global style is changed.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.transforms import Bbox

from .._compat import renamed
from .._validate import InputError, require_columns

FOCUS_COLOR = "#b2182b"
REFERENCE_COLOR = "#2166ac"


def _new_ax(ax, size):
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _side_name(keyness: pd.DataFrame, side: str) -> str:
    """The label of a side from the keyness table's column of that name, else the side's name."""
    if side in keyness.columns and len(keyness):
        return str(keyness[side].iloc[0])
    return side


def plot_keyness(keyness: pd.DataFrame, *, top: int = 10, stat: str = "g2", ax=None,
                 focus_label: str | None = None, reference_label: str | None = None):
    """Diverging bars of the strongest key terms of both sides of a :func:`keyness` table.

    Parameters
    ----------
    keyness : DataFrame
        The result of :func:`discourse.keyness`.
    top : int, default 10
        Terms per side: the ``top`` largest positive and the ``top`` most negative ``g2``.
    stat : {"g2", "log_ratio"}, default "g2"
        Bar length. The terms are chosen by ``g2`` either way; ``"log_ratio"`` adds the
        interval as error bars.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    focus_label, reference_label : str, optional
        Legend names; default the table's ``focus``/``reference`` columns.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per term (focus terms on top, pointing right), each labelled with its term.

    Examples
    --------
    >>> counts = pd.DataFrame({"doc_id": ["a", "a", "b", "b"],
    ...                        "term": ["war", "peace", "war", "trade"], "n": [8, 2, 2, 8]})
    >>> import discourse as dc
    >>> ax = plot_keyness(dc.keyness(counts, focus="a"))
    >>> len(ax.patches)
    3
    """
    require_columns(keyness, ["term", "g2"], name="keyness",
                    hint="Pass the table returned by dc.keyness(...).")
    if stat not in ("g2", "log_ratio"):
        raise InputError(f"stat={stat!r} is not one of 'g2', 'log_ratio'.")
    low, high = ("ci_low", "ci_high") if "ci_low" in keyness.columns else (
        "log_ratio_low", "log_ratio_high")  # tables made before ci_low/ci_high
    if stat == "log_ratio":
        require_columns(keyness, ["log_ratio", low, high], name="keyness")
    ordered = keyness.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
    pos = ordered[ordered.g2 > 0].head(top)
    neg = ordered[ordered.g2 < 0].tail(top)
    rows = pd.concat([pos, neg], ignore_index=True)
    ax = _new_ax(ax, (7, 0.3 * max(len(rows), 4) + 1))
    y = np.arange(len(rows))[::-1].astype(float)
    if len(neg) and len(pos):
        y[len(pos):] -= 0.6  # a gap between the sides
    values = rows[stat].to_numpy(dtype=float)
    colors = np.where(rows.g2.to_numpy() > 0, FOCUS_COLOR, REFERENCE_COLOR)
    focus_label = focus_label or _side_name(keyness, "focus")
    reference_label = reference_label or _side_name(keyness, "reference")
    xerr = None
    if stat == "log_ratio":
        xerr = np.vstack([values - rows[low].to_numpy(), rows[high].to_numpy() - values])
    ax.barh(y, values, color=colors, xerr=xerr, error_kw={"elinewidth": 0.8, "alpha": 0.6})
    span = np.nanmax(np.abs(values)) if len(values) else 1.0
    pad = 0.02 * span
    for yi, v, t in zip(y, values, rows.term, strict=True):
        # the term sits on the other side of zero, next to its bar's root
        ax.text(-pad if v > 0 else pad, yi, t, va="center", ha="right" if v > 0 else "left",
                fontsize=9)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks([])
    ax.set_xlim(-1.35 * span, 1.35 * span)
    label = "signed G²" if stat == "g2" else "Log Ratio (log2 of the ratio of rates), 95% CI"
    ax.set_xlabel(f"{label}   ← {reference_label}   |   {focus_label} →")
    ax.set_title(f"Key terms: {focus_label} vs {reference_label}")
    handles = [plt.Rectangle((0, 0), 1, 1, color=FOCUS_COLOR),
               plt.Rectangle((0, 0), 1, 1, color=REFERENCE_COLOR)]
    ax.legend(handles, [f"more in {focus_label}", f"more in {reference_label}"],
              loc="lower right", fontsize=8, frameon=False)
    return ax


def _overlaps(box, boxes) -> bool:
    return any(box.x0 < b.x1 and b.x0 < box.x1 and box.y0 < b.y1 and b.y0 < box.y1
               for b in boxes)


def _free(box, axes_box, placed) -> bool:
    """Whether ``box`` lies inside the axes and on no placed label."""
    inside = (box.x0 >= axes_box.x0 and box.x1 <= axes_box.x1
              and box.y0 >= axes_box.y0 and box.y1 <= axes_box.y1)
    return inside and not _overlaps(box, placed)


_EPS = 1e-3
"""Pixels: more than the rounding of an estimated box, far less than a label."""


def _text_shapes(ax, renderer, label, xy) -> dict | None:
    """A label's text box relative to its anchor, for each alignment (``True``: to the right
    of the point), measured on one annotation each. None when the point lies outside the axes
    (an annotation of it has no box then, and every spot is tried as it is)."""
    if not ax.contains_point(xy):
        return None
    shapes = {}
    for dx in (5, -5):
        ann = label(dx, 0)
        box = ann.get_window_extent(renderer)
        ann.remove()
        anchor = xy + np.array([dx, 0.0]) * ax.figure.dpi / 72
        shapes[dx > 0] = box.extents - np.r_[anchor, anchor]
    return shapes


def _ruled_out(shape, xy, dx, dy, arrow, ppt, axes_box, placed) -> bool:
    """Whether the spot ``(dx, dy)`` is surely not free, judged on a box that lies inside the
    label's real box: its text's box estimated from ``shape`` and, with an arrow, one point of
    the arrow, shrunk by :data:`_EPS`. A spot it does not rule out is measured exactly.

    The arrow runs from the text's centre to the point, clipped where it leaves the text's box
    padded by 2 pt, then shortened by 2 pt at each end (matplotlib's defaults); when the point
    is 6 pt or more from the padded box, the arrow passes 3 pt from the point."""
    box = shape + np.r_[xy, xy] + np.array([dx, dy, dx, dy]) * ppt
    if arrow:
        gap = np.maximum(np.maximum(box[:2] - 2 * ppt - xy, xy - box[2:] - 2 * ppt), 0.0)
        centre = (box[:2] + box[2:]) / 2
        if np.hypot(*gap) >= 6 * ppt:
            q = xy + (centre - xy) / np.hypot(*(centre - xy)) * 3 * ppt
            box = np.r_[np.minimum(box[:2], q), np.maximum(box[2:], q)]
    inner = Bbox.from_extents(*(box + np.array([_EPS, _EPS, -_EPS, -_EPS])))
    return not _free(inner, axes_box, placed)


def _place_labels(ax, xs, ys, texts, colors, *, fontsize=8):
    """Annotate points without overlapping labels: greedy, deterministic candidate offsets.

    Labels are tried in the given order (most important first) at offsets around the point,
    moving further out; a label with no free spot inside the axes is left out. (A spot that
    an estimate of the label's box already rules out is passed over without drawing the
    label there: the same spots are taken as by trying each, in a fraction of the time.)
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    ppt = fig.dpi / 72  # pixels per point
    placed, artists = [], []
    offsets = [(dx, dy) for r in (1, 2, 3, 4, 6, 8) for dy in (4 * r, -4 * r - 6, 0)
               for dx in (5, -5)]
    for x, y, t, c in zip(xs, ys, texts, colors, strict=True):
        def label(dx, dy, x=x, y=y, t=t, c=c):
            return ax.annotate(t, (x, y), xytext=(dx, dy), textcoords="offset points",
                               ha="left" if dx > 0 else "right", va="center",
                               fontsize=fontsize, color=c,
                               arrowprops={"arrowstyle": "-", "color": c, "lw": 0.5,
                                           "alpha": 0.6} if abs(dy) > 8 else None)

        xy = ax.transData.transform((x, y))
        shapes = _text_shapes(ax, renderer, label, xy)
        for dx, dy in offsets:
            if shapes is not None and _ruled_out(shapes[dx > 0], xy, dx, dy, abs(dy) > 8, ppt,
                                                 axes_box, placed):
                continue
            ann = label(dx, dy)
            box = ann.get_window_extent(renderer)
            if _free(box, axes_box, placed):
                placed.append(box)
                artists.append(ann)
                break
            ann.remove()
    return artists


def plot_log_odds(log_odds: pd.DataFrame, *, by: str = "doc_id", term: str = "term",
                  n: str = "n", top: int = 10, ax=None):
    """Frequency against weighted log-odds, one colour per unit, top terms labelled.

    Parameters
    ----------
    log_odds : DataFrame
        The result of :func:`discourse.log_odds`.
    by, term, n : str, default "doc_id", "term", "n"
        Unit, term and count columns.
    top : int, default 10
        Terms labelled per unit: those with the highest ``log_odds_weighted``. Labels never
        overlap; one that finds no free spot is left out.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        One scatter (PathCollection) per unit: x is the term's count in the unit (log scale),
        y its weighted log-odds (a z-score; |z| > 1.96 is the conventional line).

    Examples
    --------
    >>> counts = pd.DataFrame({"doc_id": ["a", "a", "b", "b"],
    ...                        "term": ["war", "peace", "war", "trade"], "n": [8, 2, 2, 8]})
    >>> import discourse as dc
    >>> ax = plot_log_odds(dc.log_odds(counts))
    >>> len(ax.collections), len(ax.texts)
    (2, 4)
    """
    require_columns(log_odds, [by, term, n, "log_odds_weighted"], name="log_odds",
                    hint="Pass the table returned by dc.log_odds(...).")
    data = log_odds[(log_odds[n] > 0) & log_odds.log_odds_weighted.notna()]
    ax = _new_ax(ax, (8, 5.5))
    units = pd.unique(data[by])
    cmap = plt.get_cmap("tab10")
    colors = {u: cmap(i % 10) for i, u in enumerate(units)}
    for u in units:
        d = data[data[by] == u]
        ax.scatter(d[n], d.log_odds_weighted, s=14, alpha=0.55, color=colors[u], label=str(u),
                   edgecolors="none")
    ax.set_xscale("log")
    ax.axhline(0, color="0.4", linewidth=0.7)
    for z in (-1.96, 1.96):
        ax.axhline(z, color="0.6", linewidth=0.6, linestyle=":")
    ax.set_xlabel(f"count in the {by} (log scale)")
    ax.set_ylabel("weighted log-odds (z)")
    ax.set_title("Distinctive terms: weighted log-odds against frequency")
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    if len(data):
        x = data[n].to_numpy(dtype=float)
        ylo, yhi = data.log_odds_weighted.min(), data.log_odds_weighted.max()
        ax.set_xlim(x.min() / 1.6, x.max() * 3.0)
        ax.set_ylim(min(ylo, -2.2) - 0.3, max(yhi, 2.2) + 0.6)
    # the most distinctive first (ties by term), alternating between units
    chosen = (data.sort_values(["log_odds_weighted", term], ascending=[False, True],
                               kind="stable")
              .groupby(by, observed=True, sort=False).head(top))
    chosen = chosen.assign(_r=chosen.groupby(by, observed=True).cumcount())
    chosen = chosen.sort_values(["_r", "log_odds_weighted"], ascending=[True, False],
                                kind="stable")
    _place_labels(ax, chosen[n].to_numpy(dtype=float), chosen.log_odds_weighted.to_numpy(),
                  chosen[term].astype(str).tolist(), [colors[u] for u in chosen[by]])
    return ax


@renamed(value="stat")
def plot_tf_idf(tf_idf: pd.DataFrame, *, by: str = "doc_id", term: str = "term",
                stat: str = "tf_idf", top: int = 10, units=None, ax=None):
    """Top terms of each unit by TF-IDF, one bar panel per unit, side by side.

    Parameters
    ----------
    tf_idf : DataFrame
        The result of :func:`discourse.tf_idf` (or any table with ``by``, ``term``, ``stat``,
        e.g. TF-IDF summarised per document).
    by, term : str, default "doc_id", "term"
        Unit and term columns.
    stat : str, default "tf_idf"
        The column drawn: bar length (e.g. ``"tf_idf_mean"`` of :func:`discourse.tf_idf_by_side`).
        (Formerly ``value=``, which still works and warns.)
    top : int, default 10
        Terms per unit (largest values; ties by term; zero values are not shown).
    units : list, optional
        Which units, in order. Default: every unit (at most 8).
    ax : matplotlib Axes, optional
        The area to split into panels (its own frame is hidden); default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The parent Axes; the panels are ``ax.child_axes``, one per unit.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["war", "peace", "trade"],
    ...                   "tf_idf": [0.3, 0.1, 0.2]})
    >>> ax = plot_tf_idf(t)
    >>> [len(panel.patches) for panel in ax.child_axes]
    [2, 1]
    """
    require_columns(tf_idf, [by, term, stat], name="tf_idf",
                    hint="Pass the table returned by dc.tf_idf(...).")
    units = list(pd.unique(tf_idf[by])) if units is None else list(units)
    if len(units) > 8:
        raise InputError(f"plot_tf_idf draws one panel per unit and there are {len(units)} "
                         f"units in {by!r}; pass units=[...] (at most 8) or summarise first.")
    k = max(len(units), 1)
    ax = _new_ax(ax, (3.6 * k, 0.32 * top + 1.4))
    ax.set_axis_off()
    for i, u in enumerate(units):
        d = tf_idf[(tf_idf[by] == u) & (tf_idf[stat] > 0)]
        d = d.sort_values([stat, term], ascending=[False, True], kind="stable").head(top)
        panel = ax.inset_axes([(i + 0.38) / k, 0.0, 0.58 / k, 0.9])
        y = np.arange(len(d))[::-1]
        panel.barh(y, d[stat].to_numpy(dtype=float), color=plt.get_cmap("tab10")(i % 10))
        panel.set_yticks(y, d[term].astype(str).tolist(), fontsize=8)
        panel.tick_params(axis="x", labelsize=7)
        panel.set_title(str(u), fontsize=9)
        panel.set_xlabel(stat, fontsize=8)
    return ax


def plot_topic_shares(topics, *, ax=None, labels: dict | None = None):
    """Stacked bars: the share of each topic in each document.

    Parameters
    ----------
    topics : TopicResult or DataFrame
        The result of :func:`discourse.fit_topics`, or its ``.documents`` table
        (``doc_id, topic, share``).
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    labels : dict, optional
        ``topic -> label`` for the legend; default the result's ``.labels``.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per document, one segment per topic (in topic order), segments of
        at least 8% labelled with their percentage.

    Examples
    --------
    >>> shares = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "topic": [0, 1, 0, 1],
    ...                        "share": [0.75, 0.25, 0.1, 0.9]})
    >>> ax = plot_topic_shares(shares)
    >>> len(ax.patches)
    4
    """
    if hasattr(topics, "documents") and hasattr(topics, "labels"):
        labels = topics.labels if labels is None else labels
        table = topics.documents
    else:
        table = topics
    require_columns(table, ["doc_id", "topic", "share"], name="topics",
                    hint="Pass the result of dc.fit_topics(...) or its .documents table.")
    wide = table.pivot_table(index="doc_id", columns="topic", values="share",
                             aggfunc="sum", observed=True, sort=True).fillna(0.0)
    docs = [str(d) for d in wide.index]
    ax = _new_ax(ax, (8, 0.6 * len(docs) + 2))
    y = np.arange(len(docs))[::-1]
    left = np.zeros(len(docs))
    cmap = plt.get_cmap("tab10" if wide.shape[1] <= 10 else "tab20")
    for j, k in enumerate(wide.columns):
        share = wide[k].to_numpy(dtype=float)
        name = f"{k}: {labels[k]}" if labels and k in labels else f"topic {k}"
        ax.barh(y, share, left=left, color=cmap(j % cmap.N), label=name, edgecolor="white",
                linewidth=0.5)
        for yi, lf, s in zip(y, left, share, strict=True):
            if s >= 0.08:
                ax.text(lf + s / 2, yi, f"{s:.0%}", ha="center", va="center", fontsize=8,
                        color="white")
        left = left + share
    ax.set_yticks(y, docs)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the document's content words")
    ax.set_title("Topic shares per document")
    ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncol=2)
    return ax
