"""Which terms set a unit apart: TF-IDF, keyness (G2 and Log Ratio) and weighted log-odds.

Every function takes a tidy counts table (``unit..., term, n``, as from
:func:`discourse.count_terms`) and works on the aggregated counts with grouped pandas/numpy
arithmetic; none of them looks at tokens.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ._validate import InputError, as_list, check_choice, require_columns

PER = 10_000  # rates are per 10,000 counted words


def _check_counts(counts: pd.DataFrame, by: list[str], term: str, n: str, *, fn: str) -> None:
    require_columns(counts, by + [term, n], name="counts",
                    hint="Make the table with dc.count_terms(corpus, by=...), or name your "
                         "columns with by=, term=, n=.")
    if not pd.api.types.is_numeric_dtype(counts[n]) or (counts[n] < 0).any():
        raise InputError(f"counts[{n!r}] must hold non-negative numbers (term counts).")
    if counts[n].isna().any():
        raise InputError(f"counts[{n!r}] has missing values; fill them with 0 or drop the rows.")
    dup = counts.duplicated(by + [term])
    if dup.any():
        first = counts.loc[dup, by + [term]].iloc[0].tolist()
        raise InputError(
            f"{fn} needs one row per unit and term, but counts has {int(dup.sum())} repeated "
            f"({', '.join(by)}, {term}) pairs (first: {first}). Sum them first: "
            f"counts.groupby({by + [term]!r}, observed=True, as_index=False)[{n!r}].sum().")


def tf_idf(counts: pd.DataFrame, *, by="doc_id", term: str = "term", n: str = "n",
           idf: str = "standard") -> pd.DataFrame:
    """Add term frequency, inverse document frequency and their product (tidytext's definition).

    Parameters
    ----------
    counts : DataFrame
        One row per unit and term with a count, e.g. from :func:`discourse.count_terms`.
    by : str or list of str, default "doc_id"
        Column(s) naming the unit ("document" of TF-IDF), e.g. ``["doc_id", "para_id"]``.
    term, n : str, default "term", "n"
        The term and count columns.
    idf : {"standard", "smooth"}, default "standard"
        ``"standard"`` is tidytext's ``bind_tf_idf``; ``"smooth"`` is scikit-learn's
        ``TfidfTransformer(smooth_idf=True)`` idf (see Notes).

    Returns
    -------
    DataFrame
        ``counts`` unchanged (every column, same row order, RangeIndex) plus ``tf``, ``idf``
        and ``tf_idf`` (float64).

    Warns
    -----
    UserWarning
        With fewer than 3 units: with two documents idf is 0 for every term both use and ln 2
        for the rest, so TF-IDF only ranks the words one document never uses.

    Notes
    -----
    With ``n_ut`` the count of term t in unit u, ``N`` the number of units in the table and
    ``df_t`` the number of units with ``n_ut > 0``:

    * ``tf = n_ut / sum_t n_ut`` (0 for a unit whose total is 0);
    * ``idf = ln(N / df_t)`` (``"standard"``; Spärck Jones 1972, tidytext), or
      ``idf = ln((1 + N) / (1 + df_t)) + 1`` (``"smooth"``, scikit-learn's default);
    * ``tf_idf = tf * idf``.

    Rows with ``n = 0`` (from ``fill_zeros=True``) count toward ``N`` but never toward
    ``df_t``: tidytext's ``bind_tf_idf`` counts every row, so it gets idf wrong when zero rows
    are present. A term with no non-zero row has no idf (NaN). Unlike scikit-learn, ``tf`` is a
    proportion and no row normalisation is applied.

    References
    ----------
    Spärck Jones, K. (1972). A statistical interpretation of term specificity and its
    application in retrieval. *Journal of Documentation* 28(1), 11-21.
    https://doi.org/10.1108/eb026526

    Silge, J. & Robinson, D. (2016). tidytext. *JOSS* 1(3), 37.
    https://doi.org/10.21105/joss.00037

    Examples
    --------
    >>> counts = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c"],
    ...                        "term": ["war", "peace", "war", "trade", "war"],
    ...                        "n": [2, 2, 1, 3, 1]})
    >>> tf_idf(counts).round(3)
      doc_id   term  n    tf    idf  tf_idf
    0      a    war  2  0.50  0.000   0.000
    1      a  peace  2  0.50  1.099   0.549
    2      b    war  1  0.25  0.000   0.000
    3      b  trade  3  0.75  1.099   0.824
    4      c    war  1  1.00  0.000   0.000
    """
    by = as_list(by)
    check_choice(idf, ["standard", "smooth"], name="idf")
    _check_counts(counts, by, term, n, fn="tf_idf")
    out = counts.copy()
    counts_n = counts[n].to_numpy(dtype=float)
    total = counts[n].groupby([counts[c] for c in by], observed=True, sort=False).transform("sum")
    total = total.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["tf"] = np.where(total > 0, counts_n / total, 0.0)
    n_units = len(counts[by].drop_duplicates())
    if n_units < 3:
        warnings.warn(
            f"tf_idf: only {n_units} unit(s) in {by}. With two units idf is 0 for every term "
            "both use and ln 2 for the others, so every shared word scores 0 and TF-IDF just "
            "lists words the other text never uses. Use smaller units, e.g. "
            "count_terms(corpus, by=['doc_id', 'para_id']) and tf_idf(..., by=['doc_id', "
            "'para_id']), then summarise per document (notebook 02 shows how).",
            UserWarning, stacklevel=2)
    present = pd.Series(counts_n > 0, index=counts.index)
    doc_freq = present.groupby(counts[term], observed=True, sort=False).transform("sum")
    doc_freq = doc_freq.to_numpy(dtype=float)
    with np.errstate(divide="ignore"):
        if idf == "standard":
            values = np.log(n_units / doc_freq)
        else:
            values = np.log((1.0 + n_units) / (1.0 + doc_freq)) + 1.0
    values[doc_freq == 0] = np.nan
    out["idf"] = values
    out["tf_idf"] = out["tf"].to_numpy() * values
    return out.reset_index(drop=True)


def _masks(values: pd.Series, focus, reference, by: str):
    """Boolean masks of the focus and reference rows; values compared as strings."""
    if not len(values):
        raise InputError("counts is empty: no counted words. Were any sections analysed "
                         "(corpus.paragraphs.is_analyzed), and did drop_stop/drop_punct leave "
                         "any terms? Try corpus.with_analyzed([...]) or dc.count_terms(corpus, "
                         "drop_stop=False).")
    as_str = values.astype(str)
    known = pd.unique(as_str)
    focus = [str(f) for f in as_list(focus)]
    if not focus:
        raise InputError(f"focus must name at least one value of counts[{by!r}].")
    reference = None if reference is None else [str(r) for r in as_list(reference)]
    for name, vals in (("focus", focus), ("reference", reference or [])):
        unknown = [v for v in vals if v not in set(known)]
        if unknown:
            more = " ..." if len(known) > 10 else ""
            raise InputError(f"{name}={unknown if len(unknown) > 1 else unknown[0]!r} is not a "
                             f"value of counts[{by!r}]; it has "
                             f"{', '.join(map(repr, known[:10]))}{more}.")
    if reference is not None and set(focus) & set(reference):
        raise InputError(f"focus and reference share {sorted(set(focus) & set(reference))}; "
                         "they must be disjoint.")
    in_focus = as_str.isin(focus).to_numpy()
    in_ref = as_str.isin(reference).to_numpy() if reference is not None else ~in_focus
    if not in_ref.any():
        raise InputError(f"no reference: counts[{by!r}] has no value besides focus={focus}. "
                         "Keyness compares a focus with something else.")
    return in_focus, in_ref, focus, reference


def _g2_cell(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """``O ln(O / E)``, 0 where O is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        cell = observed * np.log(observed / expected)
    return np.where(observed > 0, cell, 0.0)


def keyness(counts: pd.DataFrame, *, focus, reference=None, by: str = "doc_id",
            term: str = "term", n: str = "n", conf_level: float = 0.95) -> pd.DataFrame:
    """Keyness of every term in a focus against a reference: G2, p-values and Log Ratio.

    Parameters
    ----------
    counts : DataFrame
        One row per unit and term with a count, e.g. from :func:`discourse.count_terms`.
    focus : value or list of values
        The value(s) of ``counts[by]`` pooled as the focus (e.g. a doc_id or a group).
    reference : value or list of values, optional
        The value(s) pooled as the reference. Default: all other units pooled.
    by : str, default "doc_id"
        The column holding focus and reference values.
    term, n : str, default "term", "n"
        The term and count columns.
    conf_level : float, default 0.95
        Coverage of the Log Ratio interval.

    Returns
    -------
    DataFrame
        One row per term used in the focus or the reference: ``term``, ``n_focus``,
        ``n_reference``, ``rate_focus``, ``rate_reference`` (per 10,000 counted words),
        ``g2`` (signed, see Notes), ``p_value``, ``p_adjusted``, ``log_ratio``,
        ``log_ratio_low``, ``log_ratio_high``. Sorted by ``g2`` descending, ties by ``term``:
        the focus's key terms first, the reference's last. RangeIndex. ``attrs`` records
        ``focus``, ``reference``, ``total_focus`` and ``total_reference``.

    Notes
    -----
    With ``a``, ``b`` the term's counts in focus and reference and ``N1``, ``N2`` the total
    counts (sums of ``n``: with stop words dropped, rates are per 10,000 *content* words):

    * ``rate_focus = 10000 a / N1``, ``rate_reference = 10000 b / N2``.
    * ``g2``: the log-likelihood ratio of the four-cell table (term, other words) x (focus,
      reference) with observed ``O = [[a, b], [N1 - a, N2 - b]]`` and expected ``E_ij = row_i
      col_j / (N1 + N2)``: ``G2 = 2 sum O ln(O / E)`` (0 ln 0 = 0). It is signed: positive when
      the term is relatively more frequent in the focus (``a > E_11``), negative otherwise.
      This is Evert's (2023) ``G2`` and scattertext's ``termscoring.g2``; Rayson & Garside's
      (2000) two-cell form ``2 (a ln(a/E11) + b ln(b/E12))`` differs slightly.
    * ``p_value``: chi-squared (1 df) upper tail of ``|g2|``; ``p_adjusted``:
      Benjamini-Hochberg over all terms of the table (``scipy.stats.false_discovery_control``).
      On a pair of short texts they are a screening device, not a test of anything you
      sampled: the texts are the population, and tokens are not independent.
    * ``log_ratio``: Hardie's (2014) Log Ratio ``log2((a'/N1) / (b'/N2))`` where a zero count
      is replaced by 0.5 (``a' = a`` if ``a > 0`` else 0.5, likewise ``b'``). Each point is a
      doubling: 1 means twice as frequent in the focus.
    * ``log_ratio_low``/``log_ratio_high``: the Wald interval for the log of a ratio of two
      Poisson rates, ``ln(ratio) +- z sqrt(1/a' + 1/b')``, converted to log2 (divided by
      ``ln 2``), ``z`` the normal quantile of ``(1 + conf_level) / 2`` (1.96 for 95%).

    References
    ----------
    Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. *Workshop on
    Comparing Corpora*, 1-6. https://doi.org/10.3115/1117729.1117730

    Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches
    to Social Science (CASS). http://cass.lancs.ac.uk/log-ratio-an-informal-introduction/

    Evert, S. (2023). Measuring keyness. https://osf.io/x8z9n

    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B* 57(1),
    289-300. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x

    Examples
    --------
    >>> counts = pd.DataFrame({"doc_id": ["a", "a", "b", "b"],
    ...                        "term": ["war", "peace", "war", "trade"], "n": [8, 2, 2, 8]})
    >>> keyness(counts, focus="a")[["term", "n_focus", "n_reference", "g2", "log_ratio"]].round(2)
        term  n_focus  n_reference     g2  log_ratio
    0    war        8            2   7.71        2.0
    1  peace        2            0   3.00        2.0
    2  trade        0            8 -16.91       -4.0
    """
    if not isinstance(by, str):
        raise InputError(f"by={by!r} must be one column name (pool units into it first).")
    if not 0 < conf_level < 1:
        raise InputError(f"conf_level={conf_level!r} must lie between 0 and 1, e.g. 0.95.")
    _check_counts(counts, [by], term, n, fn="keyness")
    in_focus, in_ref, focus_l, ref_l = _masks(counts[by], focus, reference, by)
    values = counts[n].to_numpy(dtype=float)
    terms = counts[term].astype(str)
    table = pd.DataFrame({
        "a": pd.Series(np.where(in_focus, values, 0.0)).groupby(terms.to_numpy()).sum(),
        "b": pd.Series(np.where(in_ref, values, 0.0)).groupby(terms.to_numpy()).sum(),
    })
    table = table[(table.a + table.b) > 0]
    a, b = table.a.to_numpy(), table.b.to_numpy()
    n1, n2 = float(values[in_focus].sum()), float(values[in_ref].sum())
    if n1 == 0 or n2 == 0:
        side = "focus" if n1 == 0 else "reference"
        raise InputError(f"the {side} has no counted words (total n is 0).")
    total = n1 + n2
    row1 = a + b
    e11, e12 = row1 * n1 / total, row1 * n2 / total
    e21, e22 = n1 - e11, n2 - e12
    g2 = 2 * (_g2_cell(a, e11) + _g2_cell(b, e12) + _g2_cell(n1 - a, e21)
              + _g2_cell(n2 - b, e22))
    g2 = np.maximum(g2, 0.0)  # rounding can give -1e-16
    signed = np.sign(a - e11) * g2
    p_value = stats.chi2.sf(g2, df=1)
    a_adj, b_adj = np.where(a > 0, a, 0.5), np.where(b > 0, b, 0.5)
    log_ratio = np.log2((a_adj / n1) / (b_adj / n2))
    z = stats.norm.ppf((1 + conf_level) / 2)
    half = z * np.sqrt(1 / a_adj + 1 / b_adj) / np.log(2)
    out = pd.DataFrame({
        "term": pd.array(table.index.to_numpy(dtype=object).astype(str), dtype="str"),
        "n_focus": a.astype("int64") if np.all(a == np.round(a)) else a,
        "n_reference": b.astype("int64") if np.all(b == np.round(b)) else b,
        "rate_focus": PER * a / n1,
        "rate_reference": PER * b / n2,
        "g2": signed,
        "p_value": p_value,
        "p_adjusted": stats.false_discovery_control(p_value, method="bh") if len(p_value)
        else p_value,
        "log_ratio": log_ratio,
        "log_ratio_low": log_ratio - half,
        "log_ratio_high": log_ratio + half,
    })
    out = out.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs.update(focus=focus_l if len(focus_l) > 1 else focus_l[0],
                     reference=("all others" if ref_l is None else
                                ref_l if len(ref_l) > 1 else ref_l[0]),
                     total_focus=n1, total_reference=n2)
    return out


def log_odds(counts: pd.DataFrame, *, by="doc_id", term: str = "term", n: str = "n",
             prior: str = "informative", unweighted: bool = False) -> pd.DataFrame:
    """Add the weighted log-odds ratio of each term in each unit (tidylo's ``bind_log_odds``).

    Parameters
    ----------
    counts : DataFrame
        One row per unit and term with a count, e.g. from :func:`discourse.count_terms`.
    by : str or list of str, default "doc_id"
        Column(s) naming the unit (tidylo's ``set``).
    term, n : str, default "term", "n"
        The term (``feature``) and count columns.
    prior : {"informative", "uninformative"}, default "informative"
        The Dirichlet prior ``alpha_w``: the term's count pooled over all units (empirical
        Bayes, tidylo's default) or 1 for every row (tidylo's ``uninformative = TRUE``).
    unweighted : bool, default False
        Also return ``log_odds``, the posterior log-odds ratio before dividing by its standard
        deviation (tidylo's ``unweighted = TRUE``).

    Returns
    -------
    DataFrame
        ``counts`` unchanged (every column, same row order, RangeIndex) plus
        ``log_odds_weighted`` (float64; a z-score: positive when the term is more frequent in
        the unit than in all units pooled) and, if asked, ``log_odds``.

    Notes
    -----
    Monroe, Colaresi & Quinn (2008), one unit against all units pooled, computed on
    pseudo-counts exactly as tidylo does, row by row of the table given:

    * ``y_wi = n_wi + alpha_w`` (alpha: pooled count of term w, or 1);
    * ``y_w = sum_i y_wi``; ``n_i = sum_w y_wi``; ``Y = sum_wi y_wi``;
    * ``omega_wi = y_wi / (n_i - y_wi)``, ``omega_w = y_w / (Y - y_w)``;
    * ``delta_wi = ln omega_wi - ln omega_w`` (eqn 15);
      ``sigma2_wi = 1 / y_wi + 1 / y_w`` (eqn 18);
    * ``log_odds_weighted = delta_wi / sqrt(sigma2_wi)`` (eqn 21).

    Sums run over the rows present, so zero rows (``fill_zeros=True``) add their prior
    pseudo-counts and change the result, as in tidylo: compare tables built the same way. A
    term whose pooled count is 0 under the informative prior has no value (NaN).

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature
    selection and evaluation for identifying the content of political conflict. *Political
    Analysis* 16(4), 372-403. https://doi.org/10.1093/pan/mpn018

    Schnoebelen, T., Silge, J. & Hayes, A. (2020). tidylo: Weighted tidy log odds ratio.
    https://github.com/juliasilge/tidylo

    Examples
    --------
    >>> counts = pd.DataFrame({"doc_id": ["a", "a", "b", "b"],
    ...                        "term": ["war", "peace", "war", "trade"], "n": [8, 2, 2, 8]})
    >>> log_odds(counts).round(3)
      doc_id   term  n  log_odds_weighted
    0      a    war  8              3.685
    1      a  peace  2              1.327
    2      b    war  2             -2.029
    3      b  trade  8              2.946
    """
    by = as_list(by)
    check_choice(prior, ["informative", "uninformative"], name="prior")
    _check_counts(counts, by, term, n, fn="log_odds")
    out = counts.copy()
    n_wi = counts[n].to_numpy(dtype=float)
    term_key = counts[term]
    unit_keys = [counts[c] for c in by]
    if prior == "informative":
        alpha = pd.Series(n_wi).groupby(term_key.to_numpy(), sort=False).transform("sum")
        alpha = alpha.to_numpy()
    else:
        alpha = np.ones_like(n_wi)
    y_wi = pd.Series(n_wi + alpha, index=counts.index)
    y_w = y_wi.groupby(term_key, observed=True, sort=False).transform("sum").to_numpy()
    n_i = y_wi.groupby(unit_keys, observed=True, sort=False).transform("sum").to_numpy()
    y_wi = y_wi.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        omega_wi = y_wi / (n_i - y_wi)  # odds of the term in unit i
        omega_w = y_w / (y_wi.sum() - y_w)  # odds of the term overall
        delta = np.log(omega_wi) - np.log(omega_w)  # eqn 15
        sigma2 = 1 / y_wi + 1 / y_w  # eqn 18
        out["log_odds_weighted"] = delta / np.sqrt(sigma2)  # eqn 21
    if unweighted:
        out["log_odds"] = delta
    return out.reset_index(drop=True)
