"""Marker rates per 1,000 words with exact intervals, and two-unit comparisons.

Counts and words always come from the same place: the analysed paragraphs (``is_analyzed``).
``n_words`` is the number of word tokens (``tokens.is_word``) there, which is
``documents.n_words`` summed over the unit; markers outside analysed paragraphs (found with
``find_markers(..., analyzed_only=False)``) are not counted, so that a rate never divides
boilerplate hits by body words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .._backend import dispatch
from .._compat import corpus_then_markers, renamed, with_old_columns
from .._validate import InputError, as_list, check_confidence, require_columns
from ._resample import batch_rows, blas_threads, bootstrap_counts, exact_sums, unit_documents
from .lexicon import CATEGORIES, searched_categories

RATE_COLUMNS = ["n", "n_words", "rate", "ci_low", "ci_high"]

OLD_RATE_COLUMNS = {"count": "n", "words": "n_words", "docs": "n_docs",
                    "boot_low": "boot_ci_low", "boot_high": "boot_ci_high"}
"""Old names of :func:`marker_rates`' columns, still readable (with a warning) for one round."""


# -- shared helpers (also used by discourse.stance.sentences) ---------------------------------
def _doc_codes(values: pd.Series, corpus, *, name: str) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype):  # look up each label once, not each row
        found = pd.Index(corpus.doc_ids).get_indexer(values.cat.categories.astype(str))
        cat = values.cat.codes.to_numpy()
        codes = np.where(cat >= 0, found.astype(np.int64)[np.maximum(cat, 0)], -1)
    else:
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
    toks = corpus.analyzed("tokens", columns=["doc_id", "sent_id", "is_word"])
    is_word = toks["is_word"].to_numpy(dtype=bool)  # arrays, not a copy of the token table
    skey = _key(sents["doc_id"].cat.codes.to_numpy(), sents["sent_id"].to_numpy())
    wkey = _key(toks["doc_id"].cat.codes.to_numpy()[is_word], toks["sent_id"].to_numpy()[is_word])
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
    return searched_categories(markers)


def labelled_sentences(table: pd.DataFrame) -> pd.DataFrame | None:
    """A sentence table labelled by a fitted model as one hit per labelled sentence.

    ``table`` has ``doc_id``, ``sent_id`` and boolean ``is_<category>`` columns (a stance
    category, e.g. ``is_hedge`` from ``dc.sentence_stance(corpus, model=...)``) and no
    ``category`` column; the result has ``doc_id``, ``sent_id`` and ``category`` (a
    Categorical of the labelled categories), one row per sentence and category labelled True.
    None when ``table`` is not such a table.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "is_hedge": [True, False],
    ...                   "is_hedged": [True, True]})
    >>> labelled_sentences(t)
      doc_id  sent_id category
    0      a        0    hedge
    """
    if "category" in table.columns or not {"doc_id", "sent_id"} <= set(table.columns):
        return None
    cats = [c for c in CATEGORIES if f"is_{c}" in table.columns
            and pd.api.types.is_bool_dtype(table[f"is_{c}"])]
    if not cats:
        return None
    parts = [table.loc[table[f"is_{c}"].to_numpy(dtype=bool), ["doc_id", "sent_id"]]
             .assign(category=c) for c in cats]
    out = pd.concat(parts, ignore_index=True)
    out["category"] = pd.Categorical(out["category"], categories=cats)
    return out


def _kept(markers: pd.DataFrame) -> pd.DataFrame:
    labelled = labelled_sentences(markers)
    if labelled is not None:
        return labelled
    require_columns(markers, ["doc_id", "sent_id", "category"], name="markers",
                    hint="Pass the table dc.find_markers(corpus) returns (or sentences "
                         "labelled by a fitted model: dc.sentence_stance(corpus, model=...)).")
    if "is_rejected" in markers.columns:
        markers = markers[~markers["is_rejected"].to_numpy(dtype=bool)]
    return markers


def sentence_counts(corpus, markers: pd.DataFrame, sentences: pd.DataFrame,
                    categories: list[str]) -> np.ndarray:
    """Matrix sentences x categories of marker counts (markers outside ``sentences`` dropped).

    The old order ``(markers, corpus, ...)`` still works, with a warning.
    """
    corpus, markers = corpus_then_markers(corpus, markers, fn="sentence_counts")
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


def document_counts(corpus, markers: pd.DataFrame, categories: list[str]) -> np.ndarray:
    """Matrix documents (corpus order) x ``categories`` of the markers in analysed sentences:
    what :func:`marker_rates` counts for each document."""
    sentences = sentence_table(corpus)
    counts = sentence_counts(corpus, markers, sentences, categories)
    out = np.zeros((len(corpus.documents), len(categories)), dtype=np.int64)
    np.add.at(out, sentences["doc_id"].cat.codes.to_numpy(), counts)
    return out


def require_by(docs: pd.DataFrame, by: str) -> None:
    """A clear error when ``by`` is not a column of the documents table."""
    if by not in docs.columns:
        cols = [c for c in docs.columns if c not in ("text", "n_chars", "n_words")]
        raise InputError(f"by={by!r} is not a column of corpus.documents (it has "
                         f"{', '.join(map(repr, cols))}). Use 'doc_id', or a metadata column "
                         f"such as 'group'.")


def _units(corpus, by: str) -> tuple[np.ndarray, list]:
    """The unit (value of ``documents[by]``) of each document, and the units in order."""
    docs = corpus.documents
    require_by(docs, by)
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
    counts = np.asarray(count, dtype=float)
    k, back = np.unique(counts, return_inverse=True)  # few distinct counts: each computed once
    alpha = 1 - confidence
    lower = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(k, 1)) / 2, 0.0)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return lower[back].reshape(counts.shape), upper[back].reshape(counts.shape)


# -- public ----------------------------------------------------------------------------------
MIN_BOOTSTRAP_DOCS = 5
"""A unit needs at least this many documents for :func:`marker_rates`' bootstrap interval."""


@renamed(n_bootstrap="n_resamples")
def marker_rates(corpus, markers: pd.DataFrame, *, by: str = "doc_id", per: int = 1000,
                 categories=None, confidence: float = 0.95, n_resamples: int = 9999,
                 random_state: int = 0) -> pd.DataFrame:
    """Markers per ``per`` words for each unit and category, with an exact interval and, for
    units of five documents or more, a bootstrap interval over documents.

    Parameters
    ----------
    corpus : Corpus
        The corpus the markers come from (its analysed word counts are the denominators).
    markers : DataFrame
        The output of :func:`discourse.find_markers` on ``corpus``. The old order
        ``marker_rates(markers, corpus)`` still works, with a ``DeprecationWarning``. Or the
        sentences labelled by a fitted model, ``dc.sentence_stance(corpus, model=...)``: then
        ``n`` counts the sentences labelled ``is_<category>`` (see Notes).
    by : str, default "doc_id"
        The unit: ``"doc_id"`` or a column of ``corpus.documents`` (e.g. ``"group"``).
    per : int, default 1000
        Rates are per this many words.
    categories : str or list of str, optional
        Categories to report. Default: those the markers were searched for (the categories of
        a categorical ``markers.category``, else ``markers.attrs["categories"]``, else all
        seven) and any in the markers. Pass ``categories=`` to be independent of either.
    confidence : float, default 0.95
        Coverage of both intervals.
    n_resamples : int, default 9999
        Resamples of the bootstrap over documents; 0 skips it (NaN). Old name:
        ``n_bootstrap=`` (warns).
    random_state : int, default 0
        Seed of the bootstrap (fixed by default, so results repeat).

    Returns
    -------
    DataFrame
        One row per unit and category, every pair present (zero counts included): ``<by>``,
        ``category``, ``n`` (markers in analysed paragraphs), ``n_words`` (word tokens in the
        unit's analysed paragraphs), ``rate`` (``n / n_words * per``; NaN when ``n_words`` is
        0), ``ci_low``, ``ci_high`` (exact Poisson interval of the rate), ``n_docs``
        (documents of the unit with analysed words), ``boot_ci_low``, ``boot_ci_high``
        (bootstrap interval over documents; NaN when the unit has fewer than five), ``per``.
        Units in corpus order (``doc_id``) or sorted; categories in
        :data:`discourse.stance.lexicon.CATEGORIES` order. RangeIndex. The old column names
        (``count``, ``words``, ``docs``, ``boot_low``, ``boot_high``) still read the new
        columns, with a warning, for one round.

    Notes
    -----
    **Exact interval.** The count is treated as Poisson with mean ``rate * n_words / per``:
    one long text in which every word is an independent chance of a marker. The interval is
    Garwood's (1936) exact interval for a Poisson mean, ``[chi2(alpha/2; 2k) / 2,
    chi2(1 - alpha/2; 2k + 2) / 2]`` (``alpha = 1 - confidence``; lower bound 0 for ``k = 0``),
    divided by ``n_words`` and multiplied by ``per``. Markers are not independent (one
    writer's habits cluster), so the interval is, if anything, too narrow: read it as the least
    uncertainty there is.

    **Sentences labelled by a fitted model.** Given ``dc.sentence_stance(corpus,
    model=...)`` (a table with ``is_<category>`` columns and no ``category`` column), each
    sentence labelled True counts as one hit of that category (:func:`labelled_sentences`):
    ``rate`` is then labelled sentences per ``per`` words, with the same intervals.

    **Bootstrap over documents** (a unit of at least five documents with words). The unit's
    ``k`` documents are resampled with replacement ``n_resamples`` times (resample ``b`` is
    row ``b`` of ``numpy.random.default_rng(random_state).integers(0, k, (n_resamples, k))``,
    units in output order); each resample's pooled rate is ``sum(n_i w_i*) / sum(n_words_i
    w_i*) * per`` with ``w_i*`` how often document ``i`` was drawn; ``boot_ci_low`` and
    ``boot_ci_high`` are the ``alpha/2`` and ``1 - alpha/2`` quantiles (percentile interval;
    Efron & Tibshirani 1993, ch. 13). The documents are what was sampled, so a writer who
    uses a marker a lot widens this interval where the Poisson one ignores it.

    References
    ----------
    Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28(3/4),
    437-442. https://doi.org/10.2307/2333958

    Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "It may rain, perhaps.", "b": "It will rain."})
    >>> m = dc.find_markers(c, categories="hedge")
    >>> marker_rates(c, m, per=100)[["doc_id", "category", "n", "n_words", "rate", "ci_low",
    ...                               "ci_high", "n_docs"]].round(1)
      doc_id category  n  n_words  rate  ci_low  ci_high  n_docs
    0      a    hedge  2        4  50.0     6.1    180.6       1
    1      b    hedge  0        3   0.0     0.0    123.0       1
    """
    corpus, markers = corpus_then_markers(corpus, markers, fn="marker_rates")
    markers = _kept(markers)
    if not isinstance(per, int | float) or per <= 0:
        raise InputError(f"per={per!r} must be a positive number of words (e.g. 1000).")
    check_confidence(confidence)
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer) \
            or n_resamples < 0:
        raise InputError(f"n_resamples={n_resamples!r} must be a non-negative integer.")
    cats = _categories(markers, categories)
    unit_of_doc, units = _units(corpus, by)
    unit_index = {u: i for i, u in enumerate(units)}
    doc_unit = np.array([unit_index[u] for u in unit_of_doc], dtype=np.int64)
    n_u, n_c = len(units), len(cats)
    doc_counts = document_counts(corpus, markers, cats)
    by_unit = np.zeros((n_u, n_c), dtype=np.int64)
    np.add.at(by_unit, doc_unit, doc_counts)
    doc_words = corpus.documents["n_words"].to_numpy(dtype=float)
    words = np.bincount(doc_unit, weights=doc_words, minlength=n_u).astype(np.int64)
    n_docs = np.bincount(doc_unit[doc_words > 0], minlength=n_u).astype(np.int64)
    boot = bootstrap_rates(doc_counts, doc_words, doc_unit, n_u, per=per,
                           confidence=confidence, n_resamples=n_resamples,
                           random_state=random_state)
    count = by_unit.ravel()
    w = np.repeat(words, n_c)
    lo, hi = garwood_interval(count, confidence=confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(w > 0, per / np.maximum(w, 1), np.nan)
    out = pd.DataFrame({
        by: np.repeat(np.array(units, dtype=object), n_c),
        "category": pd.array(np.tile(np.array(cats, dtype=object), n_u), dtype="str"),
        "n": count,
        "n_words": w,
        "rate": count * scale,
        "ci_low": lo * scale,
        "ci_high": hi * scale,
        "n_docs": np.repeat(n_docs, n_c),
        "boot_ci_low": boot[0].ravel(),
        "boot_ci_high": boot[1].ravel(),
        "per": np.full(n_u * n_c, per),
    })
    if by == "doc_id":
        out[by] = pd.array(out[by].astype(str), dtype="str")
    return with_old_columns(out, OLD_RATE_COLUMNS)


@renamed(n_bootstrap="n_resamples")
def bootstrap_rates(doc_counts: np.ndarray, doc_words: np.ndarray, doc_unit: np.ndarray,
                    n_units: int, *, per: float = 1000, confidence: float = 0.95,
                    n_resamples: int = 9999, random_state: int = 0):
    """Percentile bootstrap interval over documents of each unit's pooled rate, per category.

    ``doc_counts`` is documents x categories; returns ``(low, high)``, each units x
    categories, NaN for a unit with fewer than :data:`MIN_BOOTSTRAP_DOCS` documents with words
    (see :func:`marker_rates` Notes).

    Examples
    --------
    >>> lo, hi = bootstrap_rates(np.array([[1], [2], [3], [4], [5]]), np.full(5, 100.0),
    ...                          np.zeros(5, int), 1, n_resamples=999)
    >>> bool(lo[0, 0] < 30 < hi[0, 0])
    True
    """
    n_cat = doc_counts.shape[1]
    low = np.full((n_units, n_cat), np.nan)
    high = np.full((n_units, n_cat), np.nan)
    if n_resamples == 0:
        return low, high
    rng = np.random.default_rng(random_state)
    alpha = 1 - confidence
    for u, docs in unit_documents(doc_unit, doc_words, n_units):
        if len(docs) < MIN_BOOTSTRAP_DOCS:
            continue  # no draws for this unit, as before: the next unit's stream is unchanged
        rates = _resampled_rates(rng, doc_counts[docs].astype(float),
                                 np.asarray(doc_words, dtype=float)[docs], n_resamples, per)
        low[u], high[u] = np.quantile(rates, [alpha / 2, 1 - alpha / 2], axis=0)
    return low, high


def _resampled_rates(rng, c, w, n_resamples: int, per) -> np.ndarray:
    """Pooled rate of each bootstrap resample (rows) and category (columns) of one unit."""
    k = len(w)
    exact = exact_sums(c, w, n_terms=k)  # integer counts and words: sums exact in any order
    rows = batch_rows(k, exact=exact, legacy=2_000_000 // k, n_sums=c.shape[1] + 1)
    rates = np.empty((n_resamples, c.shape[1]))
    both = np.column_stack([c, w])
    # a resample sums k draws: below 2**24 in all, float32 adds these integers exactly too
    if exact and (not both.size or k * float(np.abs(both).max()) < 2.0 ** 24):
        both = both.astype(np.float32)
    with blas_threads(exact):
        for start, times in bootstrap_counts(rng, k, n_resamples, rows, dtype=both.dtype):
            if exact:  # one product for counts and words
                sums = (times @ both).astype(float)
                num, den = sums[:, :-1], sums[:, -1:]
            else:  # as computed before, to the last bit
                num, den = times @ c, (times @ w)[:, None]
            rates[start:start + len(times)] = num / den * per
    return rates
