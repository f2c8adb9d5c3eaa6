"""Compare marker rates of two sides: rate ratio, exact test, and a permutation test whose unit
is the document when a side holds several documents (the sentence only when both sides are one
document each)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from .._compat import corpus_then_markers, renamed, with_old_columns
from .._validate import InputError, check_confidence
from ..sides import Sides, label_strings, resolve, side_masks
from ._permutation_tests import _permutation_p, document_permutation_p
from .rates import _categories, _kept, require_by, sentence_counts, sentence_table

DOCUMENT = "document"
"""``permutation_unit`` when documents are dealt between the sides."""
SENTENCE = "sentence"
"""``permutation_unit`` when sentences are (both sides a single document)."""

OLD_COMPARISON_COLUMNS = {"words_focus": "n_words_focus", "words_reference": "n_words_reference",
                          "docs_focus": "n_docs_focus", "docs_reference": "n_docs_reference"}
"""Old names of :func:`compare_rates`' columns, still readable (with a warning) for one round."""


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


def _check_by(corpus, by: str) -> list[str]:
    """The distinct labels of ``documents[by]`` as strings; a clear error for a bad ``by``."""
    docs = corpus.documents
    require_by(docs, by)
    return list(dict.fromkeys(label_strings(docs[by]).dropna()))


def _unit_order(corpus, by: str) -> dict[str, int]:
    """Rank of each label in the order units are listed in a side's label: the corpus order
    for ``doc_id``, the categories' order for a categorical column, else sorted."""
    values = corpus.documents[by]
    if by == "doc_id":
        order = list(label_strings(pd.Series(corpus.doc_ids, dtype=object)))
    elif isinstance(values.dtype, pd.CategoricalDtype):
        order = list(label_strings(pd.Series(values.cat.categories, dtype=object)).dropna())
    else:
        order = sorted(label_strings(values).dropna().unique().tolist())
    return {u: i for i, u in enumerate(order)}


@renamed(a="focus", b="reference", n_permutations="n_resamples")
def compare_rates(corpus, markers: pd.DataFrame, *, by: str = "doc_id", focus=None,
                  reference=None, sides=None, per: int = 1000, n_resamples: int = 9999,
                  random_state: int = 0, categories=None,
                  confidence: float = 0.95) -> pd.DataFrame:
    """Compare marker rates of two documents or groups: rate ratio, exact test, permutation test.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    markers : DataFrame
        The output of :func:`discourse.find_markers` on ``corpus``. The old order
        ``compare_rates(markers, corpus)`` still works, with a ``DeprecationWarning``. Or the
        sentences labelled by a fitted model, ``dc.sentence_stance(corpus, model=...)``: each
        sentence labelled ``is_<category>`` counts as one hit of that category
        (:func:`discourse.stance.rates.labelled_sentences`).
    by : str, default "doc_id"
        The unit: ``"doc_id"`` or a column of ``corpus.documents`` (e.g. ``"group"``).
        Labels are compared as strings; a document with a blank label is on no side. With
        ``sides=``, the sides' own column is used (another ``by`` than the default and the
        sides' column is an error).
    focus : str or list, optional
        The unit(s) pooled as the focus. Default (see :mod:`discourse.sides`): with two units,
        the first against the second; with more, each against the rest, one comparison after
        the other. Old name: ``a=`` (warns).
    reference : str or list, optional
        The unit(s) pooled as the reference. Default: every unit not in the focus. Old name:
        ``b=`` (warns).
    sides : Sides or list of Sides, optional
        Comparisons already decided (e.g. ``dc.comparisons(corpus, by="group")[1]``), instead
        of ``focus``/``reference``.
    per : int, default 1000
        Rates are per this many words.
    n_resamples : int, default 9999
        Random reassignments for ``p_permutation``; 0 skips the test (NaN). Old name:
        ``n_permutations=`` (warns).
    random_state : int, default 0
        Seed of the permutations (fixed by default, so results repeat; differs from
        scikit-learn's default of None). Each comparison starts from this seed.
    categories : str or list of str, optional
        As in :func:`discourse.marker_rates`.
    confidence : float, default 0.95
        Coverage of the rate ratio's interval.

    Returns
    -------
    DataFrame
        One row per category and comparison (one block of rows per comparison, in the order
        of :func:`discourse.sides.resolve`), RangeIndex: ``category``, ``focus``,
        ``reference`` (labels of the units compared: one unit, up to three joined by " + ",
        else "<k> units"; a reference left to its default lists the units in corpus order
        for ``doc_id``, else sorted), ``n_focus``, ``n_words_focus``,
        ``n_reference``, ``n_words_reference`` (markers and words pooled over each side),
        ``rate_focus``, ``rate_reference`` (per ``per`` words), ``rate_ratio`` (``rate_focus /
        rate_reference``; inf when the reference has no hit, NaN when neither has),
        ``ci_low``, ``ci_high`` (exact interval of the rate ratio), ``p_value`` (exact
        conditional test, two-sided), ``p_adjusted`` (Holm over the categories of the
        comparison), ``p_permutation``, ``permutation_unit`` ("document" or "sentence": what was
        dealt between the sides), ``n_docs_focus``, ``n_docs_reference`` (documents with
        analysed words on each side), ``doc_rate_mean_focus``, ``doc_rate_sd_focus``,
        ``doc_rate_mean_reference``, ``doc_rate_sd_reference`` (mean and standard deviation,
        ``ddof=1``, of the per-document rates; sd NaN for one document), ``per``. The old
        column names ``words_focus``, ``words_reference``, ``docs_focus``, ``docs_reference``
        still read the new columns, with a warning, for one round.

    Raises
    ------
    InputError
        With one unit only (there is nothing to compare): the message names the fix. A focus
        or reference that is not a unit (the message lists them), or the two overlapping.

    Notes
    -----
    **Exact conditional test.** Given ``n = n_focus + n_reference``, under equal rates
    ``n_focus`` is Binomial(``n``, ``p0``) with ``p0 = n_words_focus / (n_words_focus +
    n_words_reference)``; ``p_value = scipy.stats.binomtest(n_focus, n, p0).pvalue``
    (two-sided, by the method of small p-values). The Clopper-Pearson interval ``[pl, pu]`` of
    the binomial proportion becomes an interval of the rate ratio through ``RR = pi / (1 - pi)
    * n_words_reference / n_words_focus`` (Breslow & Day 1987, sec. 2.8). It treats every word
    as an independent draw: with several documents a side, read ``p_permutation``.

    **Permutation test over documents** (when either side holds more than one document). The
    documents of both sides (those with analysed words) are pooled and dealt at random into
    groups as many as each side's, ``n_resamples`` times with
    ``numpy.random.default_rng(random_state)`` (each permutation one
    ``Generator.permuted`` of the side labels). The statistic is the log of the pooled rate
    ratio, ``T = ln((c_F / w_F) / (c_R / w_R))`` (``c`` markers, ``w`` words summed over a
    side's documents; ``+-inf`` when one side has none); two-sided:
    ``p_permutation = (1 + #{|T*| >= |T|}) / (1 + n_resamples)`` (Phipson & Smyth 2010);
    1 when neither side has a hit. The documents are what was sampled, so a marker one
    speaker repeats counts once, as that speaker's rate.

    **Permutation test over sentences** (both sides one document each). The analysed
    sentences are pooled and dealt into groups the size of each side, and the statistic is the
    difference of rates ``c_F / w_F - c_R / w_R``; otherwise as above. It keeps sentences
    whole, so hits clustered in a few sentences do not pass for independent evidence, but it
    says nothing about other documents of the same writers.

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
    >>> r = compare_rates(c, dc.find_markers(c), categories="hedge", n_resamples=0)
    >>> r[["category", "focus", "reference", "n_focus", "n_reference", "p_value"]].round(3)
      category focus reference  n_focus  n_reference  p_value
    0    hedge     a         b        2            0     0.52
    """
    corpus, markers = corpus_then_markers(corpus, markers, fn="compare_rates")
    markers = _kept(markers)
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer) \
            or n_resamples < 0:
        raise InputError(f"n_resamples={n_resamples!r} must be a non-negative integer.")
    check_confidence(confidence)
    cats = _categories(markers, categories)
    if sides is not None:
        found = resolve(corpus, sides=sides, by=None if by == "doc_id" else by,
                        focus=focus, reference=reference)
        by = found[0].by
    labels = _check_by(corpus, by)
    if len(labels) < 2:
        have = f"one {by} ({labels[0]!r})" if labels else f"no {by}"
        raise InputError(f"compare_rates needs two units to compare, and this corpus has {have}. "
                         f"Add a second document to the corpus, or give the documents a "
                         f"'group' column and compare groups with by='group'.")
    if sides is None:
        found = resolve(corpus, by=by, focus=focus, reference=reference)
    rank = _unit_order(corpus, by) if sides is None and reference is None else None

    sentences = sentence_table(corpus)
    counts = sentence_counts(corpus, markers, sentences, cats).astype(float)
    sent_words = sentences["n_words"].to_numpy().astype(float)
    doc_code = sentences["doc_id"].cat.codes.to_numpy()
    n_docs = len(corpus.documents)
    doc_counts = np.zeros((n_docs, len(cats)))
    np.add.at(doc_counts, doc_code, counts)
    doc_words = np.bincount(doc_code, weights=sent_words, minlength=n_docs)
    sides_of_doc = [_side_of_doc(corpus.documents[s.by], s) for s in found]
    shared = _shared_document_ps(sides_of_doc, doc_counts, doc_words, n_resamples,
                                 random_state)
    blocks = [_one_comparison(s, side_of_doc, rank, counts, sent_words, doc_code, doc_counts,
                              doc_words, cats, per=per, n_resamples=n_resamples,
                              random_state=random_state, confidence=confidence, p_document=p)
              for s, side_of_doc, p in zip(found, sides_of_doc, shared, strict=True)]
    out = blocks[0] if len(blocks) == 1 else pd.concat(blocks, ignore_index=True)
    return with_old_columns(out, OLD_COMPARISON_COLUMNS)


def _side_of_doc(doc_labels: pd.Series, s: Sides) -> np.ndarray:
    """0 for each document of the focus, 1 of the reference, -1 of neither."""
    in_f_doc, in_r_doc = side_masks(doc_labels, s)
    return np.where(in_f_doc, 0, np.where(in_r_doc, 1, -1))


def _shared_document_ps(sides_of_doc, doc_counts, doc_words, n_resamples,
                        random_state) -> list:
    """The document permutation p-values of comparisons that deal the same documents (each
    group against the rest), from one set of shuffles: each is what its own call of
    :func:`document_permutation_p` gives. None for the other comparisons."""
    out = [None] * len(sides_of_doc)
    groups: dict[bytes, list[int]] = {}
    for i, side_of_doc in enumerate(sides_of_doc):
        doc_side = np.where(doc_words > 0, side_of_doc, -1)
        n_f, n_r = int((doc_side == 0).sum()), int((doc_side == 1).sum())
        if n_f and n_r and (n_f > 1 or n_r > 1):  # documents dealt (see _one_comparison)
            groups.setdefault((doc_side >= 0).tobytes(), []).append(i)
    for members in groups.values():
        if len(members) < 2 or n_resamples == 0:
            continue
        pool = np.where(doc_words > 0, sides_of_doc[members[0]], -1) >= 0
        labels = np.array([sides_of_doc[i][pool] == 0 for i in members])
        ps = document_permutation_p(doc_counts[pool], doc_words[pool], labels, n_resamples,
                                    random_state)
        for i, p in zip(members, ps, strict=True):
            out[i] = p
    return out


def _one_comparison(s: Sides, side_of_doc: np.ndarray, rank, counts, sent_words, doc_code,
                    doc_counts, doc_words, cats, *, per, n_resamples, random_state,
                    confidence, p_document=None) -> pd.DataFrame:
    """The rows of one comparison (see :func:`compare_rates`)."""
    f_units = list(s.focus_labels)
    r_units = list(s.reference) if rank is None else sorted(s.reference, key=rank.__getitem__)
    side = side_of_doc[doc_code] if len(doc_code) else np.zeros(0, np.int64)
    in_f, in_r = side == 0, side == 1
    cf, cr = counts[in_f].sum(0), counts[in_r].sum(0)
    wf, wr = sent_words[in_f].sum(), sent_words[in_r].sum()
    if wf == 0 or wr == 0:
        empty = _label(f_units) if wf == 0 else _label(r_units)
        raise InputError(f"{empty!r} has no analysed words; there is no rate to compare. Check "
                         f"corpus.paragraphs.is_analyzed, or choose other units.")
    doc_side = np.where(doc_words > 0, side_of_doc, -1)
    docs_f, docs_r = int((doc_side == 0).sum()), int((doc_side == 1).sum())

    p_value, ci_low, ci_high = _exact(cf, cr, wf, wr, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (cf / wf) / (cr / wr)
    if docs_f > 1 or docs_r > 1:
        unit = DOCUMENT
        dealt = doc_side >= 0
        p_perm = p_document if p_document is not None else document_permutation_p(
            doc_counts[dealt], doc_words[dealt], doc_side[dealt] == 0, n_resamples, random_state)
    else:
        unit = SENTENCE
        p_perm = _permutation_p(counts, sent_words, in_f, in_r, n_resamples, random_state)
    mean_f, sd_f = _doc_rate_summary(doc_counts, doc_words, doc_side == 0, per)
    mean_r, sd_r = _doc_rate_summary(doc_counts, doc_words, doc_side == 1, per)
    k = len(cats)
    return pd.DataFrame({
        "category": pd.array(cats, dtype="str"),
        "focus": pd.array([_label(f_units)] * k, dtype="str"),
        "reference": pd.array([_label(r_units)] * k, dtype="str"),
        "n_focus": cf.astype(np.int64),
        "n_words_focus": np.full(k, int(wf), dtype=np.int64),
        "n_reference": cr.astype(np.int64),
        "n_words_reference": np.full(k, int(wr), dtype=np.int64),
        "rate_focus": cf / wf * per,
        "rate_reference": cr / wr * per,
        "rate_ratio": ratio,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "p_value": p_value,
        "p_adjusted": _holm(p_value),
        "p_permutation": p_perm,
        "permutation_unit": pd.array([unit] * k, dtype="str"),
        "n_docs_focus": np.full(k, docs_f, dtype=np.int64),
        "n_docs_reference": np.full(k, docs_r, dtype=np.int64),
        "doc_rate_mean_focus": mean_f,
        "doc_rate_sd_focus": sd_f,
        "doc_rate_mean_reference": mean_r,
        "doc_rate_sd_reference": sd_r,
        "per": np.full(k, per),
    })


def _exact(cf, cr, wf, wr, confidence):
    """Binomial test and Clopper-Pearson interval of the rate ratio, per category."""
    n = cf + cr
    p_value = np.ones(len(n))
    ci_low = np.full(len(n), np.nan)
    ci_high = np.full(len(n), np.nan)
    p0 = wf / (wf + wr)
    odds = wr / wf
    for j in np.flatnonzero(n > 0):  # one scipy call per category (at most a few)
        res = stats.binomtest(int(cf[j]), int(n[j]), p0)
        p_value[j] = res.pvalue
        ci = res.proportion_ci(confidence_level=confidence, method="exact")
        ci_low[j] = ci.low / (1 - ci.low) * odds
        ci_high[j] = ci.high / (1 - ci.high) * odds if ci.high < 1 else np.inf
    return p_value, ci_low, ci_high


def _doc_rate_summary(doc_counts, doc_words, mask, per):
    """Mean and sd (ddof=1) over the documents in ``mask`` of their rates per ``per`` words."""
    rates = doc_counts[mask] / doc_words[mask][:, None] * per
    if not len(rates):
        nan = np.full(doc_counts.shape[1], np.nan)
        return nan, nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # one document: sd undefined (NaN)
        sd = rates.std(axis=0, ddof=1) if len(rates) > 1 else np.full(rates.shape[1], np.nan)
    return rates.mean(axis=0), sd
