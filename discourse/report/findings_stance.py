"""The stance findings: one sentence per stance category, saying what the table shows.

Public as ``dc.stance_findings`` and ``dc.stance_headline`` (and importable from
:mod:`discourse.report.findings`, with the report's other findings): the table of
:func:`discourse.compare_rates` stated in words, so that the prose says what the table shows
(a side with no hit and a significant test *is* a difference: "16 vs 0 hits").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._compat import with_old_columns
from .._validate import InputError

# -- stance findings -------------------------------------------------------------------------------
_RATE_COLUMNS = ["n_focus", "n_reference", "n_words_focus", "n_words_reference", "rate_focus",
                 "rate_reference", "p_adjusted"]
_OLD_FINDING_COLUMNS = {"count_focus": "n_focus", "count_reference": "n_reference",
                        "differs": "is_different", "over_documents": "is_over_documents"}


def _p(value: float) -> str:
    return "NaN" if not np.isfinite(value) else f"{value:.2g}"


def stance_findings(comparison: pd.DataFrame, *, alpha: float = 0.05,
                    focus: str | None = None, reference: str | None = None) -> pd.DataFrame:
    """One finding per stance category, stated as the table of :func:`compare_rates` shows it.

    Parameters
    ----------
    comparison : DataFrame
        The output of :func:`discourse.compare_rates` (columns ``n_focus``, ``n_reference``,
        ``n_words_focus``, ``n_words_reference``, ``rate_focus``, ``rate_reference``,
        ``p_adjusted``, and ``p_permutation`` and ``permutation_unit`` when it has them).
    alpha : float, default 0.05
        A category differs when its Holm-adjusted p-value is below ``alpha``.
    focus, reference : str, optional
        Names of the sides in the sentences; default the table's ``focus``/``reference``
        column.

    Returns
    -------
    DataFrame
        One row per category: ``category``, ``focus``, ``reference``, ``n_focus``,
        ``n_reference``, ``rate_focus``, ``rate_reference``, ``p_adjusted``,
        ``p_permutation``, ``is_over_documents`` (the permutation test dealt whole documents,
        as :func:`discourse.compare_rates` does when a side holds several),
        ``is_different`` (see Notes), ``more_in`` (the side with the higher rate, ``None`` when
        the rates are equal) and ``sentence`` (plain text). The old column names
        ``count_focus``, ``count_reference``, ``differs`` and ``over_documents`` still read
        the new columns, with a warning.

    Raises
    ------
    InputError
        ``comparison`` lacks a column of :func:`discourse.compare_rates`.

    Notes
    -----
    A category *differs* when its Holm-adjusted exact test is below ``alpha`` and, when the
    permutation test dealt whole documents (``permutation_unit == "document"``, and it was run),
    that test is below ``alpha`` too: with several documents a side, the documents are the
    sample, and a difference the words show but the documents do not may come from a few of them
    (the sentence says so). A zero count on one side does not turn a significant test into "no
    difference" (the ratio is then infinite or 0, and the sentence says "only X uses them").

    Examples
    --------
    >>> t = pd.DataFrame({"category": ["hedge"], "focus": ["D"], "reference": ["R"],
    ...     "n_focus": [16], "n_words_focus": [4000], "n_reference": [0],
    ...     "n_words_reference": [5000], "rate_focus": [4.0], "rate_reference": [0.0],
    ...     "p_adjusted": [2e-9], "p_permutation": [0.0005]})
    >>> print(stance_findings(t).sentence[0])
    hedge: 16 vs 0 hits (4.0 vs 0.0 per 1,000 words); only D uses them; a difference larger \
than chance would make (Holm-adjusted p = 2e-09; permutation p = 0.0005).
    """
    missing = [col for col in _RATE_COLUMNS if col not in comparison.columns]
    if missing:
        raise InputError(f"comparison must be the table of dc.compare_rates; it lacks "
                         f"{', '.join(missing)}.")
    c = comparison

    def side_name(given, role):
        if given is not None:
            return str(given)
        return str(c[role].iloc[0]) if len(c) and role in c else role

    names = (side_name(focus, "focus"), side_name(reference, "reference"))
    cf, cr = c["n_focus"].astype("int64"), c["n_reference"].astype("int64")
    rf, rr = c["rate_focus"].astype(float), c["rate_reference"].astype(float)
    p_adj = c["p_adjusted"].astype(float)
    p_perm = c["p_permutation"].astype(float) if "p_permutation" in c else pd.Series(
        np.nan, index=c.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_word = np.where(cf > 0, rf * c["n_words_focus"] / cf,
                            rr * c["n_words_reference"] / cr)
    per = int(round(np.nanmax(per_word))) if np.isfinite(per_word).any() else 1000
    over_docs = (c["permutation_unit"].astype(str) == "document").to_numpy() \
        if "permutation_unit" in c else np.zeros(len(c), dtype=bool)
    pooled = (p_adj < alpha).to_numpy()
    ran = np.isfinite(p_perm.to_numpy(dtype=float))  # n_resamples=0: the exact test alone
    differs = pooled & (~(over_docs & ran) | (p_perm < alpha).to_numpy())
    more = pd.Series([names[0] if x > y else names[1] if y > x else None
                      for x, y in zip(rf, rr, strict=True)], dtype=object)
    sentences = []
    for i in range(len(c)):
        a, b = int(cf.iloc[i]), int(cr.iloc[i])
        head = f"{c.category.iloc[i]}: "
        if a + b == 0:
            sentences.append(head + "no hits on either side.")
            continue
        if a == 0 or b == 0:
            direction = f"only {names[0] if a else names[1]} uses them"
        else:
            ratio = rf.iloc[i] / rr.iloc[i]
            hi, lo = (names[0], names[1]) if ratio >= 1 else (names[1], names[0])
            times = max(ratio, 1 / ratio)  # 1.04 is not "1.0 times as often"
            direction = (f"{hi} uses them {times:.2f} times as often as {lo}" if times < 1.1
                         else f"{hi} uses them {times:.1f} times as often as {lo}")
        verdict = _verdict(p_adj.iloc[i], p_perm.iloc[i], pooled[i], differs[i], over_docs[i])
        sentences.append(f"{head}{a} vs {b} hits ({rf.iloc[i]:.1f} vs {rr.iloc[i]:.1f} per "
                         f"{per:,} words); {direction}; {verdict}.")
    out = pd.DataFrame({
        "category": c.category.astype(str).to_numpy(), "focus": names[0], "reference": names[1],
        "n_focus": cf.to_numpy(), "n_reference": cr.to_numpy(),
        "rate_focus": rf.to_numpy(), "rate_reference": rr.to_numpy(),
        "p_adjusted": p_adj.to_numpy(), "p_permutation": p_perm.to_numpy(),
        "is_over_documents": over_docs, "is_different": differs, "more_in": more,
        "sentence": sentences})
    return with_old_columns(out, _OLD_FINDING_COLUMNS)


def _verdict(p_adj: float, p_perm: float, pooled: bool, differs: bool, over_docs: bool) -> str:
    exact = f"Holm-adjusted p = {_p(p_adj)}"
    if not np.isfinite(p_perm):
        perm = ""
    elif over_docs:
        perm = f"; permutation of documents p = {_p(p_perm)}"
    else:
        perm = f"; permutation p = {_p(p_perm)}"
    if differs:
        return f"a difference larger than chance would make ({exact}{perm})"
    if pooled:  # the words say so, the documents do not
        return (f"larger than chance over words ({exact}) but not over documents "
                f"({perm[2:]}): it may come from a few documents")
    return f"not distinguishable from chance ({exact})"


def stance_headline(findings: pd.DataFrame, *, alpha: float = 0.05) -> str:
    """One sentence summing up :func:`stance_findings`.

    Parameters
    ----------
    findings : DataFrame
        From :func:`stance_findings` (``category``, ``is_different``; with ``p_adjusted``,
        the categories that differ over words only are named too).
    alpha : float, default 0.05
        The level :func:`stance_findings` used.

    Returns
    -------
    str
        Plain text.

    Examples
    --------
    >>> t = pd.DataFrame({"category": ["hedge", "booster"], "is_different": [True, False]})
    >>> stance_headline(t)
    'Clear differences in 1 of 2 categories (hedge).'
    """
    differs = findings.is_different.astype(bool)
    clear = findings.category[differs].astype(str).tolist()
    words_only = []
    if "p_adjusted" in findings:  # larger than chance over words, not over documents
        only = (findings.p_adjusted.astype(float) < alpha) & ~differs
        words_only = findings.category[only].astype(str).tolist()
    more = (f" Over words only, not over documents (it may come from a few documents): "
            f"{', '.join(words_only)}." if words_only else "")
    if not clear:
        return (f"No stance category of the {len(findings)} compared differs more than chance "
                f"would make.{more}")
    return (f"Clear differences in {len(clear)} of {len(findings)} categories "
            f"({', '.join(clear)}).{more}")
