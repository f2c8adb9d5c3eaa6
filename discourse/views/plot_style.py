"""Plot style profiles side by side: one row per measure, one marker per text, 95% intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import InputError, require_columns

DEFAULT_MEASURES = (
    "mean_sentence_length", "median_sentence_length", "syllables_per_word",
    "flesch_reading_ease", "flesch_kincaid_grade", "ttr", "mtld", "contraction_rate",
    "first_person_rate", "second_person_rate", "number_rate", "question_share",
    "quotation_share")

LABELS = {
    "mean_sentence_length": "mean sentence length (words)",
    "median_sentence_length": "median sentence length (words)",
    "syllables_per_word": "syllables per word",
    "flesch_reading_ease": "Flesch reading ease (higher = easier)",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "ttr": "type-token ratio",
    "mtld": "MTLD (lexical diversity)",
    "contraction_rate": "contractions per 1,000 words",
    "first_person_rate": "1st-person pronouns per 1,000 words",
    "second_person_rate": "2nd-person pronouns per 1,000 words",
    "number_rate": "numbers per 1,000 words",
    "question_share": "share of sentences that are questions",
    "quotation_share": "share of sentences in direct quotations",
}


def plot_style_profile(profile: pd.DataFrame, *, by: str | None = None, measures=None,
                       ax=None):
    """Compare style profiles side by side, one row per measure, with 95% intervals.

    Parameters
    ----------
    profile : DataFrame
        The result of :func:`discourse.style_profile`.
    by : str, optional
        The unit column; default: the first column of ``profile`` (``doc_id`` or your ``by``).
    measures : list of str, optional
        Columns to show, top to bottom; default :data:`DEFAULT_MEASURES`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The measures have different units, so each row is scaled by its largest absolute value
    (interval ends included): a marker at 1.0 holds the row's maximum, and the printed number
    next to it is the measure in its own unit. Horizontal bars are the bootstrap 95% intervals
    where the profile has them (``<measure>_ci_low``/``<measure>_ci_high``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import discourse as dc
    >>> p = dc.style_profile(dc.from_texts({"a": "I can't. You can?", "b": "It is so."}),
    ...                      n_resamples=100)
    >>> ax = plot_style_profile(p, measures=["mean_sentence_length", "question_share"])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['mean sentence length (words)', 'share of sentences that are questions']
    """
    import matplotlib.pyplot as plt

    if not isinstance(profile, pd.DataFrame) or profile.empty:
        raise InputError("profile must be the non-empty table returned by dc.style_profile().")
    by = profile.columns[0] if by is None else by
    measures = list(DEFAULT_MEASURES if measures is None else measures)
    if not measures:
        raise InputError("measures is empty: name at least one column of the profile.")
    require_columns(profile, [by, *measures], name="profile",
                    hint="Pass the table returned by dc.style_profile().")
    units = profile[by].astype(str).tolist()
    n_units = len(units)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.55 * len(measures) * max(1, n_units / 2) + 1))
    colors = plt.rcParams["axes.prop_cycle"].by_key().get("color", ["C0", "C1", "C2"])
    offsets = (np.arange(n_units) - (n_units - 1) / 2) * (0.6 / max(n_units, 1))
    for row, measure in enumerate(measures):
        values = profile[measure].to_numpy(dtype=float)
        lo_col, hi_col = f"{measure}_ci_low", f"{measure}_ci_high"
        has_ci = lo_col in profile.columns and hi_col in profile.columns
        low = profile[lo_col].to_numpy(dtype=float) if has_ci else values
        high = profile[hi_col].to_numpy(dtype=float) if has_ci else values
        finite = np.abs(np.concatenate([values, low, high]))
        finite = finite[np.isfinite(finite)]  # a measure no unit has (too short a text) is blank
        scale = finite.max() if len(finite) and finite.max() > 0 else 1.0
        for u in range(n_units):
            y = row + offsets[u]
            color = colors[u % len(colors)]
            if np.isnan(values[u]):
                continue
            if has_ci and np.isfinite(low[u]) and np.isfinite(high[u]):
                ax.plot([low[u] / scale, high[u] / scale], [y, y], color=color, lw=2, alpha=0.6)
            ax.plot(values[u] / scale, y, "o", color=color,
                    label=units[u] if row == 0 else None)
            ax.annotate(f"{values[u]:.3g}", (values[u] / scale, y), xytext=(4, 3),
                        textcoords="offset points", fontsize=8, color=color)
    ax.set_yticks(range(len(measures)), [LABELS.get(m, m) for m in measures])
    ax.set_ylim(len(measures) - 0.5, -0.5)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_xlim(min(-0.05, ax.get_xlim()[0]), 1.15)
    ax.set_xlabel("value / largest |value| in its row (numbers: the measure in its own unit)")
    ax.set_title("Style profile (bars: bootstrap 95% intervals over sentences)")
    ax.legend(title=by, loc="best", fontsize=8)
    return ax
