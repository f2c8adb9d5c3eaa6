"""Marker rates per 1,000 words with exact intervals, and two-unit comparisons.

Counts and words always come from the same place: the analysed paragraphs (``is_analyzed``).
``words`` is the number of word tokens (``tokens.is_word``) there, which is
``documents.n_words`` summed over the unit; markers outside analysed paragraphs (found with
``find_markers(..., analyzed_only=False)``) are not counted, so that a rate never divides
boilerplate hits by body words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ._backend import dispatch
from ._validate import InputError, as_list, require_columns
from .lexicon import CATEGORIES

RATE_COLUMNS = ["count", "words", "rate", "ci_low", "ci_high"]


# -- shared helpers (also used by discourse.stance) ------------------------------------------
def _doc_codes(values: pd.Series, corpus, *, name: str) -> np.ndarray:
    codes = pd.Index(corpus.doc_ids).get_indexer(values.astype(str)).astype(np.int64)
    if (codes < 0).any():
        bad = sorted(set(values.astype(str)[codes < 0]))[:5]
        raise InputError(f"{name} has doc_id {bad} that are not in the corpus: use the markers "
                         f"found in this corpus (dc.find_markers(corpus)).")
    return codes


@dispatch  # a Dask corpus: see discourse._backend
def sentence_table(corpus) -> pd.DataFrame:
    """The analysed sentences with their word counts: ``doc_id, para_id, sent_id, text, n_words``.

    For a :func:`discourse.from_dask` corpus, the same table without ``text``.

    Examples
    --------
    >>> import discourse as dc
    >>> sentence_table(dc.from_texts(["It may rain. Yes."]))[["sent_id", "n_words"]]
       sent_id  n_words
    0        0        3
    1        1        1
    """
    sents = corpus.analyzed("sentences")
    toks = corpus.analyzed("tokens")
    words = toks[toks["is_word"].to_numpy()]
    skey = _key(sents["doc_id"].cat.codes.to_numpy(), sents["sent_id"].to_numpy())
    wkey = _key(words["doc_id"].cat.codes.to_numpy(), words["sent_id"].to_numpy())
    pos = np.searchsorted(skey, wkey)
    n_words = np.bincount(pos, minlength=len(skey)).astype(np.int64)
    out = sents[["doc_id", "para_id", "sent_id", "text"]].reset_index(drop=True)
    out["n_words"] = n_words
    return out


def _key(doc_codes, sent_ids) -> np.ndarray:
    return (np.asarray(doc_codes, dtype=np.int64) << 32) | np.asarray(sent_ids, dtype=np.int64)


def _categories(markers: pd.DataFrame, categories) -> list[str]:
    if categories is not None:
        wanted = as_list(categories)
        unknown = [c for c in wanted if c not in CATEGORIES]
        if unknown:
            raise InputError(f"categories={unknown} are not stance categories; use "
                             f"{', '.join(CATEGORIES)}.")
        return [c for c in CATEGORIES if c in wanted]
    base = set(markers.attrs.get("categories", CATEGORIES))
    base |= set(markers["category"].astype(str))
    return [c for c in CATEGORIES if c in base] + sorted(base - set(CATEGORIES))


def _kept(markers: pd.DataFrame) -> pd.DataFrame:
    require_columns(markers, ["doc_id", "sent_id", "category"], name="markers",
                    hint="Pass the table dc.find_markers(corpus) returns.")
    if "is_rejected" in markers.columns:
        markers = markers[~markers["is_rejected"].to_numpy(dtype=bool)]
    return markers


def sentence_counts(markers: pd.DataFrame, corpus, sentences: pd.DataFrame,
                    categories: list[str]) -> np.ndarray:
    """Matrix sentences x categories of marker counts (markers outside ``sentences`` dropped)."""
    markers = _kept(markers)
    skey = _key(sentences["doc_id"].cat.codes.to_numpy(), sentences["sent_id"].to_numpy())
    mkey = _key(_doc_codes(markers["doc_id"], corpus, name="markers"),
                markers["sent_id"].to_numpy())
    pos = np.searchsorted(skey, mkey)
    pos_c = np.minimum(pos, max(len(skey) - 1, 0))
    inside = (pos < len(skey)) & (skey[pos_c] == mkey) if len(skey) else np.zeros(len(mkey), bool)
    cat = pd.Index(categories).get_indexer(markers["category"].astype(str))
    ok = inside & (cat >= 0)
    flat = pos[ok].astype(np.int64) * len(categories) + cat[ok]
    counts = np.bincount(flat, minlength=len(skey) * len(categories))
    return counts.reshape(len(skey), len(categories)).astype(np.int64)


def _units(corpus, by: str) -> tuple[np.ndarray, list]:
    """The unit (value of ``documents[by]``) of each document, and the units in order."""
    docs = corpus.documents
    if by not in docs.columns:
        cols = [c for c in docs.columns if c not in ("text", "n_chars", "n_words")]
        raise InputError(f"by={by!r} is not a column of corpus.documents (it has "
                         f"{', '.join(map(repr, cols))}). Use 'doc_id', or a metadata column "
                         f"such as 'group'.")
    values = docs[by]
    if values.isna().any():
        missing = docs.doc_id[values.isna()].tolist()[:5]
        raise InputError(f"documents.{by} is missing for {missing}: give every document a "
                         f"value, or use by='doc_id'.")
    if by == "doc_id":
        return values.astype(str).to_numpy(dtype=object), corpus.doc_ids
    if isinstance(values.dtype, pd.CategoricalDtype):
        order = [u for u in values.cat.categories if (values == u).any()]
    else:
        order = sorted(values.unique().tolist(), key=str)
    return values.to_numpy(dtype=object), order


def garwood_interval(count, *, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood 1936) confidence interval of a Poisson mean, for each ``count``.

    ``lower = chi2.ppf(alpha/2, 2k) / 2`` (0 when ``k = 0``) and
    ``upper = chi2.ppf(1 - alpha/2, 2k + 2) / 2``.

    Examples
    --------
    >>> lo, hi = garwood_interval([0, 10])
    >>> lo.round(3).tolist(), hi.round(3).tolist()
    ([0.0, 4.795], [3.689, 18.39])
    """
    k = np.asarray(count, dtype=float)
    alpha = 1 - confidence
    lower = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(k, 1)) / 2, 0.0)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return lower, upper


# -- public ----------------------------------------------------------------------------------
def marker_rates(markers: pd.DataFrame, corpus, *, by: str = "doc_id", per: int = 1000,
                 categories=None) -> pd.DataFrame:
    """Markers per ``per`` words for each unit and category, with an exact 95% interval.

    Parameters
    ----------
    markers : DataFrame
        The output of :func:`discourse.find_markers` on ``corpus``.
    corpus : Corpus
        The corpus the markers come from (its analysed word counts are the denominators).
    by : str, default "doc_id"
        The unit: ``"doc_id"`` or a column of ``corpus.documents`` (e.g. ``"group"``).
    per : int, default 1000
        Rates are per this many words.
    categories : str or list of str, optional
        Categories to report. Default: those the markers were searched for
        (``markers.attrs["categories"]``, all seven when absent) and any in the markers.

    Returns
    -------
    DataFrame
        One row per unit and category, every pair present (zero counts included): ``<by>``,
        ``category``, ``count`` (markers in analysed paragraphs), ``words`` (word tokens in the
        unit's analysed paragraphs), ``rate`` (``count / words * per``; NaN when ``words`` is
        0), ``ci_low``, ``ci_high`` (exact 95% interval of the rate). Units in corpus order
        (``doc_id``) or sorted; categories in :data:`discourse.lexicon.CATEGORIES` order.
        RangeIndex.

    Notes
    -----
    The count is treated as Poisson with mean ``rate * words / per``. The interval is Garwood's
    (1936) exact interval for a Poisson mean, ``[chi2(0.025; 2k) / 2, chi2(0.975; 2k + 2) / 2]``
    (lower bound 0 for ``k = 0``), divided by ``words`` and multiplied by ``per``. Markers are
    not independent (one writer's habits cluster), so the interval is, if anything, too narrow:
    read it as the least uncertainty there is. With a handful of hits the interval is wide:
    that is the point of showing it.

    References
    ----------
    Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28(3/4),
    437-442. https://doi.org/10.2307/2333958

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "It may rain, perhaps.", "b": "It will rain."})
    >>> m = dc.find_markers(c, categories="hedge")
    >>> marker_rates(m, c, per=100).round(1)
      doc_id category  count  words  rate  ci_low  ci_high
    0      a    hedge      2      4  50.0     6.1    180.6
    1      b    hedge      0      3   0.0     0.0    123.0
    """
    markers = _kept(markers)
    if not isinstance(per, int | float) or per <= 0:
        raise InputError(f"per={per!r} must be a positive number of words (e.g. 1000).")
    cats = _categories(markers, categories)
    unit_of_doc, units = _units(corpus, by)
    sentences = sentence_table(corpus)
    counts = sentence_counts(markers, corpus, sentences, cats)
    doc_code = sentences["doc_id"].cat.codes.to_numpy()
    unit_index = {u: i for i, u in enumerate(units)}
    doc_unit = np.array([unit_index[u] for u in unit_of_doc], dtype=np.int64)
    sent_unit = doc_unit[doc_code] if len(doc_code) else np.zeros(0, np.int64)
    n_u, n_c = len(units), len(cats)
    by_unit = np.zeros((n_u, n_c), dtype=np.int64)
    np.add.at(by_unit, sent_unit, counts)
    words = np.bincount(doc_unit, weights=corpus.documents["n_words"].to_numpy(dtype=float),
                        minlength=n_u).astype(np.int64)
    count = by_unit.ravel()
    w = np.repeat(words, n_c)
    lo, hi = garwood_interval(count)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(w > 0, per / np.maximum(w, 1), np.nan)
    out = pd.DataFrame({
        by: np.repeat(np.array(units, dtype=object), n_c),
        "category": pd.array(np.tile(np.array(cats, dtype=object), n_u), dtype="str"),
        "count": count,
        "words": w,
        "rate": count * scale,
        "ci_low": lo * scale,
        "ci_high": hi * scale,
    })
    if by == "doc_id":
        out[by] = pd.array(out[by].astype(str), dtype="str")
    out.attrs["per"] = per
    return out


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return out


def _label(values: list) -> str:
    return str(values[0]) if len(values) == 1 else (
        " + ".join(map(str, values)) if len(values) <= 3 else f"{len(values)} units")


def compare_rates(markers: pd.DataFrame, corpus, *, by: str = "doc_id", a=None, b=None,
                  per: int = 1000, n_permutations: int = 2000, random_state: int = 0,
                  categories=None) -> pd.DataFrame:
    """Compare marker rates of two documents or groups: rate ratio, exact test, permutation test.

    Parameters
    ----------
    markers : DataFrame
        The output of :func:`discourse.find_markers` on ``corpus``.
    corpus : Corpus
        The corpus.
    by : str, default "doc_id"
        The unit: ``"doc_id"`` or a column of ``corpus.documents`` (e.g. ``"group"``).
    a : str or list, optional
        The unit(s) pooled as side A. Default: the first unit.
    b : str or list, optional
        The unit(s) pooled as side B. Default: every unit not in A (with two units, the other).
    per : int, default 1000
        ``rate_a`` and ``rate_b`` are per this many words.
    n_permutations : int, default 2000
        Random reassignments of sentences for ``p_permutation``; 0 skips the test (NaN).
    random_state : int, default 0
        Seed of the permutations (fixed by default, so results repeat; differs from
        scikit-learn's default of None).
    categories : str or list of str, optional
        As in :func:`marker_rates`.

    Returns
    -------
    DataFrame
        One row per category: ``category``, ``a``, ``b`` (the units compared), ``count_a``,
        ``words_a``, ``count_b``, ``words_b``, ``rate_a``, ``rate_b`` (per ``per`` words),
        ``rate_ratio`` (``rate_a / rate_b``; inf when B has no hit, NaN when neither has),
        ``ci_low``, ``ci_high`` (exact 95% interval of the rate ratio), ``p_value`` (exact
        conditional test, two-sided), ``p_adjusted`` (Holm over the categories), and
        ``p_permutation``. RangeIndex.

    Raises
    ------
    InputError
        With one unit only (there is nothing to compare): the message names the fix.

    Notes
    -----
    **Exact conditional test.** Given ``n = count_a + count_b``, under equal rates ``count_a``
    is Binomial(``n``, ``p0``) with ``p0 = words_a / (words_a + words_b)``;
    ``p_value = scipy.stats.binomtest(count_a, n, p0).pvalue`` (two-sided, by the method of
    small p-values). The Clopper-Pearson 95% interval ``[pl, pu]`` of the binomial proportion
    becomes an interval of the rate ratio through ``RR = pi / (1 - pi) * words_b / words_a``
    (Breslow & Day 1987, sec. 2.8).

    **Permutation test.** The analysed sentences of A and B are pooled and dealt at random
    into groups the size of A and B (number of sentences kept), ``n_permutations`` times with
    ``numpy.random.default_rng(random_state)``. The statistic is the difference of rates,
    ``count_a / words_a - count_b / words_b``;
    ``p_permutation = (1 + #{|d*| >= |d|}) / (1 + n_permutations)`` (Phipson & Smyth 2010).
    Unlike the binomial test, it keeps the sentences whole, so hits that cluster in a few
    sentences do not pass for independent evidence.

    References
    ----------
    Breslow, N. E., & Day, N. E. (1987). *Statistical Methods in Cancer Research, Vol. II*.
    IARC. Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Statistical Applications in Genetics and Molecular Biology* 9(1).
    https://doi.org/10.2202/1544-6115.1585. Holm, S. (1979). A simple sequentially rejective
    multiple test procedure. *Scandinavian Journal of Statistics* 6(2), 65-70.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "It may rain. It might snow.", "b": "It rains. It snows."})
    >>> r = compare_rates(dc.find_markers(c), c, categories="hedge", n_permutations=0)
    >>> r[["category", "a", "b", "count_a", "count_b", "p_value"]].round(3)
      category  a  b  count_a  count_b  p_value
    0    hedge  a  b        2        0     0.52
    """
    markers = _kept(markers)
    if isinstance(n_permutations, bool) or not isinstance(n_permutations, int | np.integer) \
            or n_permutations < 0:
        raise InputError(f"n_permutations={n_permutations!r} must be a non-negative integer.")
    cats = _categories(markers, categories)
    unit_of_doc, units = _units(corpus, by)
    if len(units) < 2:
        have = f"one {by} ({units[0]!r})" if units else f"no {by}"
        raise InputError(f"compare_rates needs two units to compare, and this corpus has {have}. "
                         f"Add a second document to the corpus, or give the documents a "
                         f"'group' column and compare groups with by='group'.")
    a_units = as_list(a) if a is not None else [units[0]]
    b_units = as_list(b) if b is not None else [u for u in units if u not in a_units]
    for name, chosen in (("a", a_units), ("b", b_units)):
        bad = [u for u in chosen if u not in units]
        if bad or not chosen:
            raise InputError(f"{name}={bad or chosen!r} is not a {by} of this corpus; choose "
                             f"from {', '.join(map(repr, units[:10]))}.")
    if set(a_units) & set(b_units):
        raise InputError(f"a and b share {sorted(set(a_units) & set(b_units), key=str)}; a unit "
                         f"can be on one side only.")

    sentences = sentence_table(corpus)
    counts = sentence_counts(markers, corpus, sentences, cats).astype(float)
    sent_words = sentences["n_words"].to_numpy().astype(float)
    doc_code = sentences["doc_id"].cat.codes.to_numpy()
    side_of_doc = np.where(np.isin(unit_of_doc, a_units), 0,
                           np.where(np.isin(unit_of_doc, b_units), 1, -1))
    side = side_of_doc[doc_code] if len(doc_code) else np.zeros(0, np.int64)
    in_a, in_b = side == 0, side == 1
    ca, cb = counts[in_a].sum(0), counts[in_b].sum(0)
    wa, wb = sent_words[in_a].sum(), sent_words[in_b].sum()
    if wa == 0 or wb == 0:
        empty = _label(a_units) if wa == 0 else _label(b_units)
        raise InputError(f"{empty!r} has no analysed words; there is no rate to compare. Check "
                         f"corpus.paragraphs.is_analyzed, or choose other units.")
    n = ca + cb
    p_value = np.ones(len(cats))
    ci_low = np.full(len(cats), np.nan)
    ci_high = np.full(len(cats), np.nan)
    p0 = wa / (wa + wb)
    odds = wb / wa
    for j in np.flatnonzero(n > 0):  # one scipy call per category (at most a few)
        res = stats.binomtest(int(ca[j]), int(n[j]), p0)
        p_value[j] = res.pvalue
        ci = res.proportion_ci(confidence_level=0.95, method="exact")
        ci_low[j] = ci.low / (1 - ci.low) * odds
        ci_high[j] = ci.high / (1 - ci.high) * odds if ci.high < 1 else np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (ca / wa) / (cb / wb)
    p_perm = _permutation_p(counts, sent_words, in_a, in_b, n_permutations, random_state)
    return pd.DataFrame({
        "category": pd.array(cats, dtype="str"),
        "a": pd.array([_label(a_units)] * len(cats), dtype="str"),
        "b": pd.array([_label(b_units)] * len(cats), dtype="str"),
        "count_a": ca.astype(np.int64),
        "words_a": np.full(len(cats), int(wa), dtype=np.int64),
        "count_b": cb.astype(np.int64),
        "words_b": np.full(len(cats), int(wb), dtype=np.int64),
        "rate_a": ca / wa * per,
        "rate_b": cb / wb * per,
        "rate_ratio": ratio,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "p_value": p_value,
        "p_adjusted": _holm(p_value),
        "p_permutation": p_perm,
    })


def _permutation_p(counts, words, in_a, in_b, n_permutations, random_state) -> np.ndarray:
    """Two-sided permutation p-value of the rate difference, sentences dealt at random."""
    n_cat = counts.shape[1]
    if n_permutations == 0:
        return np.full(n_cat, np.nan)
    pool = np.flatnonzero(in_a | in_b)
    c, w = counts[pool], words[pool]
    n_a = int(in_a[pool].sum())
    total_c, total_w = c.sum(0), w.sum()
    obs_a = counts[in_a].sum(0)
    obs_wa = words[in_a].sum()
    observed = obs_a / obs_wa - (total_c - obs_a) / (total_w - obs_wa)
    rng = np.random.default_rng(random_state)
    labels = np.zeros(len(pool), dtype=bool)
    labels[:n_a] = True
    batch = max(1, min(n_permutations, 4_000_000 // max(len(pool), 1)))
    extreme = np.zeros(n_cat, dtype=np.int64)
    tol = 1e-12 * np.maximum(np.abs(observed), 1e-300)
    done = 0
    while done < n_permutations:
        size = min(batch, n_permutations - done)
        m = rng.permuted(np.tile(labels, (size, 1)), axis=1).astype(float)
        ca = m @ c
        wa = m @ w
        wb = total_w - wa
        with np.errstate(divide="ignore", invalid="ignore"):
            d = ca / wa[:, None] - (total_c - ca) / wb[:, None]
        d = np.where(np.isfinite(d), d, np.inf)  # a side with no words: as extreme as can be
        extreme += (np.abs(d) >= np.abs(observed) - tol).sum(0)
        done += size
    return (1 + extreme) / (1 + n_permutations)
