"""Agreement between coders, and between each coder and the tagger: Cohen's kappa and
Krippendorff's alpha with bootstrap intervals, and the disagreements to read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import InputError
from .coding import CODE_COLUMNS, check_coded_call, read_codes

__all__ = ["Agreement", "agreement", "cohen_kappa", "krippendorff_alpha"]

TAGGER = "tagger"


@dataclass(frozen=True)
class Agreement:
    """What :func:`agreement` returns.

    Attributes
    ----------
    table : DataFrame
        One row per pair of raters (coders and the tagger): ``pair`` ("code_1 ~ tagger"),
        ``n`` (sentences both coded), ``agreement`` (share of those coded alike), ``kappa``,
        ``kappa_ci_low``, ``kappa_ci_high`` (Cohen's kappa), ``krippendorff_alpha``,
        ``krippendorff_alpha_ci_low``, ``krippendorff_alpha_ci_high`` (nominal).
    disagreements : DataFrame
        One row per sentence on which two raters differ: ``row`` (of the sheet), ``doc_id``,
        ``sent_id``, ``text``, ``cues``, each coder's code and ``tagger`` ("yes"/"no"),
        ``rules`` (the context rules behind the tagger's hits of the category), ``note``,
        ``differ`` (the pairs that differ, "code_1 ~ tagger; ...").
    """

    table: pd.DataFrame
    disagreements: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.table._repr_html_()


def _counts(x: np.ndarray, y: np.ndarray, times: np.ndarray) -> tuple:
    """Weighted cells of the 2 x 2 table of codes (each row of ``times`` one weighting)."""
    times = np.atleast_2d(times).astype(float)
    return tuple(times @ ((x == i) & (y == j)).astype(float) for i, j in
                 ((1, 1), (1, 0), (0, 1), (0, 0)))


def cohen_kappa(x, y, times=None) -> np.ndarray:
    """Cohen's kappa of two binary codings (one value per row of ``times``, the weights).

    ``kappa = (p_o - p_e) / (1 - p_e)``, ``p_o`` the share coded alike, ``p_e = p1 q1 + p0 q0``
    with ``p``, ``q`` each rater's shares of yes (1) and no (0); NaN when ``p_e = 1``.

    Examples
    --------
    >>> cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]).round(3).tolist()
    [0.5]
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    times = np.ones((1, len(x))) if times is None else times
    n11, n10, n01, n00 = _counts(x, y, times)
    n = n11 + n10 + n01 + n00
    with np.errstate(divide="ignore", invalid="ignore"):
        po = (n11 + n00) / n
        pe = ((n11 + n10) * (n11 + n01) + (n01 + n00) * (n10 + n00)) / n**2
        return np.where(pe < 1, (po - pe) / (1 - pe), np.nan)


def krippendorff_alpha(x, y, times=None) -> np.ndarray:
    """Krippendorff's alpha (nominal) of two binary codings of the same units, no gaps.

    ``alpha = 1 - D_o / D_e = 1 - (m - 1) * (n10 + n01) / (m_1 * m_0)``: with ``N`` units
    there are ``m = 2N`` pairable values, ``m_1 = 2 n11 + n10 + n01`` of them yes and ``m_0``
    no; ``D_o`` is the observed and ``D_e`` the expected disagreement of the coincidence
    matrix (Krippendorff 2011). NaN when every value is the same.

    Examples
    --------
    >>> krippendorff_alpha([1, 1, 0, 0], [1, 0, 0, 0]).round(3).tolist()
    [0.533]
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    times = np.ones((1, len(x))) if times is None else times
    n11, n10, n01, n00 = _counts(x, y, times)
    m = 2 * (n11 + n10 + n01 + n00)
    m1 = 2 * n11 + n10 + n01
    m0 = 2 * n00 + n10 + n01
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(m1 * m0 > 0, 1 - (m - 1) * (n10 + n01) / (m1 * m0), np.nan)


def _tagger(coded: pd.DataFrame, markers, category: str) -> tuple[np.ndarray, list[str]]:
    """The tagger's code of each row (a hit of ``category`` in the sentence) and its rules."""
    if markers is None:
        if "cues" not in coded.columns:
            raise InputError("coded has no cues column: pass markers= (dc.find_markers(corpus) "
                             "on the corpus the sheet was drawn from).")
        cues = coded["cues"].astype("string").fillna("").str.strip()
        return (cues != "").to_numpy().astype(float), [""] * len(coded)
    for col in ("doc_id", "sent_id"):
        if col not in coded.columns:
            raise InputError(f"coded has no column {col!r}: pass a sheet from "
                             f"dc.coding_sheet(corpus, ...).")
    hits = markers[markers["category"].astype(str).to_numpy() == category]
    if "is_rejected" in hits:
        hits = hits[~hits["is_rejected"].to_numpy(dtype=bool)]
    rules = (hits.groupby([hits["doc_id"].astype(str), hits["sent_id"].astype(np.int64)],
                          observed=True)["rule"]
             .agg(lambda r: "; ".join(dict.fromkeys(r.astype(str)))))
    key = pd.MultiIndex.from_arrays([coded["doc_id"].astype(str),
                                     coded["sent_id"].astype(np.int64)])
    found = rules.reindex(key)
    return found.notna().to_numpy().astype(float), found.fillna("").tolist()


def agreement(coded: pd.DataFrame, markers: pd.DataFrame | None = None, *,
              n_resamples: int = 1000, random_state: int = 0,
              confidence: float = 0.95) -> Agreement:
    """How far coders agree with each other and with the tagger, and where they differ.

    Parameters
    ----------
    coded : DataFrame
        A coding sheet (:func:`discourse.coding_sheet`, read back with ``pd.read_csv``) with
        ``code_1`` and, for a second coder, ``code_2`` filled in (yes/no; empty: not coded).
    markers : DataFrame, optional
        ``dc.find_markers(corpus)`` on the corpus the sheet was drawn from: the tagger says
        yes when it found the sheet's ``category`` in the sentence. Default: the sheet's
        ``cues`` column (the tagger's hits when the sheet was drawn).
    n_resamples : int, default 1000
        Bootstrap resamples for the intervals (0: no interval).
    random_state : int, default 0
        Seed of the bootstrap (fixed by default, so results repeat).
    confidence : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    Agreement
        ``.table`` (one row per pair of raters) and ``.disagreements`` (the sentences to read).

    Notes
    -----
    For each pair of raters, over the sentences both coded (``n``):
    Cohen's (1960) ``kappa = (p_o - p_e) / (1 - p_e)`` (:func:`cohen_kappa`; the same as
    ``sklearn.metrics.cohen_kappa_score``) and Krippendorff's (2011) alpha for nominal data,
    ``1 - D_o / D_e`` (:func:`krippendorff_alpha`), which takes its chance agreement from the
    pooled codes of both raters where kappa takes it from each rater's own.
    Intervals: percentile bootstrap over sentences; in resample ``b`` sentence ``i`` counts
    ``t_bi`` times, ``t_b`` row ``b`` of ``numpy.random.default_rng(random_state)
    .multinomial(n, [1/n] * n, size=n_resamples)`` (each pair its own generator from the same
    seed); resamples where a statistic is undefined (all codes alike) are left out.
    Both statistics describe the coded sample: a sheet drawn half from hits has more hits than
    the corpus, and kappa depends on how common the category is.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
    Psychological Measurement* 20(1), 37-46. https://doi.org/10.1177/001316446002000104
    Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
    https://repository.upenn.edu/asc_papers/43

    Examples
    --------
    >>> import discourse as dc
    >>> ex = dc.load_coded_example()
    >>> a = agreement(ex.coded, dc.find_markers(ex.corpus), n_resamples=200)
    >>> a.table.pair.tolist()
    ['code_1 ~ code_2', 'code_1 ~ tagger', 'code_2 ~ tagger']
    """
    check_coded_call(coded, n_resamples, random_state, confidence)
    coders = [c for c in CODE_COLUMNS if c in coded.columns
              and not np.isnan(read_codes(coded, c)).all()]
    if not coders:
        raise InputError("coded has no codes yet: fill code_1 (and code_2 for a second coder) "
                         "with yes or no, then read the sheet back with pd.read_csv(path).")
    category = (str(coded["category"].iloc[0]) if "category" in coded.columns and len(coded)
                else "hedge")
    tagger, rules = _tagger(coded, markers, category)
    codes = {c: read_codes(coded, c) for c in coders} | {TAGGER: tagger}
    names = list(codes)
    rows = []
    q = [(1 - confidence) / 2, 1 - (1 - confidence) / 2]
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            rows.append(_pair(codes[first], codes[second], f"{first} ~ {second}", q,
                              n_resamples, random_state))
    table = pd.DataFrame(rows)
    return Agreement(table=table, disagreements=_disagreements(coded, codes, rules))


def _pair(x, y, name, q, n_resamples, random_state) -> dict:
    both = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[both], y[both]
    n = len(x)
    row = {"pair": name, "n": n, "agreement": float(np.mean(x == y)) if n else np.nan,
           "kappa": float(cohen_kappa(x, y)[0]) if n else np.nan}
    row["kappa_ci_low"] = row["kappa_ci_high"] = np.nan
    row["krippendorff_alpha"] = float(krippendorff_alpha(x, y)[0]) if n else np.nan
    row["krippendorff_alpha_ci_low"] = row["krippendorff_alpha_ci_high"] = np.nan
    if n and n_resamples:
        times = np.random.default_rng(random_state).multinomial(n, np.full(n, 1.0 / n),
                                                                size=n_resamples)
        for stat, fn in (("kappa", cohen_kappa), ("krippendorff_alpha", krippendorff_alpha)):
            boot = fn(x, y, times)
            if np.isfinite(boot).any():
                row[f"{stat}_ci_low"], row[f"{stat}_ci_high"] = np.nanquantile(boot, q)
    # keep the columns in the documented order
    order = ["pair", "n", "agreement", "kappa", "kappa_ci_low", "kappa_ci_high",
             "krippendorff_alpha", "krippendorff_alpha_ci_low", "krippendorff_alpha_ci_high"]
    return {k: row[k] for k in order}


def _disagreements(coded: pd.DataFrame, codes: dict, rules: list[str]) -> pd.DataFrame:
    names = list(codes)
    differ = []
    for k in range(len(coded)):
        pairs = [f"{a} ~ {b}" for i, a in enumerate(names) for b in names[i + 1:]
                 if not np.isnan(codes[a][k]) and not np.isnan(codes[b][k])
                 and codes[a][k] != codes[b][k]]
        differ.append("; ".join(pairs))
    keep = np.array([bool(d) for d in differ], dtype=bool)
    out = pd.DataFrame({c: coded[c].to_numpy() for c in ("row", "doc_id", "sent_id", "text",
                                                         "cues") if c in coded.columns})

    def word(v):
        return "" if np.isnan(v) else ("yes" if v == 1 else "no")

    for name, values in codes.items():
        out[name] = [word(v) for v in values]
    out["rules"] = rules
    out["note"] = coded["note"].astype("string").fillna("").to_numpy() \
        if "note" in coded.columns else ""
    out["differ"] = differ
    return out[keep].reset_index(drop=True)
