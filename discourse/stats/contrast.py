"""Which terms set a unit apart: TF-IDF, keyness (G2 and Log Ratio) and weighted log-odds.

Every function takes a tidy counts table (``unit..., term, n``, as from
:func:`discourse.count_terms`) and works on the aggregated counts with grouped pandas/numpy
arithmetic; none of them looks at tokens.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._memory import small_pages
from .._validate import as_list, check_choice
from .keyness import PER, _check_counts, keyness

__all__ = ["PER", "keyness", "log_odds", "tf_idf"]


@small_pages
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
