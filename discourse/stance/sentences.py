"""Sentence-level stance: marker counts per sentence, whether it is uncertain, how certain it is.

The certainty score is a linear model fitted on human ratings (Pei & Jurgens 2021): one
coefficient per kind of marker and one for length, shipped as package data
(``discourse/resources/certainty_model.json``, with its provenance) and refitted by
``scripts/fit_certainty.py`` (``make fit-certainty``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .._compat import corpus_then_markers, with_old_columns
from .._validate import check_choice
from .lexicon import CATEGORIES
from .rates import _categories, sentence_counts, sentence_table

CERTAINTY_MODEL_FILE = "certainty_model.json"

CERTAINTY_FEATURES = (
    "epistemic_modal", "belief_verb", "epistemic_verb", "epistemic_adverb",
    "epistemic_adjective", "epistemic_noun", "epistemic_other", "scope_approximator",
    "scope_frequency", "scope_downtoner", "condition", "booster", "obligation", "attribution",
    "negation", "log_words",
)
"""Features of the fitted certainty score, in the order of its coefficients: counts of hits
per kind (hedges by subcategory, conditions, boosters, obligation, attribution), the count of
negators ("not", "no", "never", "cannot", "-n't": a finding stated as absent, "did not
increase", is rated more certain) and ``log(1 + words)``."""

_SUBCATEGORY_FEATURE = {
    "epistemic modal": "epistemic_modal",
    "belief verb": "belief_verb",
    "epistemic verb": "epistemic_verb",
    "epistemic adverb": "epistemic_adverb",
    "epistemic adjective": "epistemic_adjective",
    "epistemic noun": "epistemic_noun",
    "scope: approximator": "scope_approximator",
    "scope: frequency or generality": "scope_frequency",
    "scope: downtoner": "scope_downtoner",
    "scope: vagueness": "scope_downtoner",
}


def certainty_score(boosters, hedges) -> np.ndarray:
    """The unfitted ratio score of a sentence from its booster and hedge counts, in (-1, 1).

    ``certainty_ratio = (boosters - hedges) / (boosters + hedges + 1)``; kept for comparison
    with the fitted score (``sentence_stance(..., certainty="ratio")``).

    Examples
    --------
    >>> certainty_score([0, 1, 0, 2, 1], [0, 0, 1, 0, 1]).round(3).tolist()
    [0.0, 0.5, -0.5, 0.667, 0.0]
    """
    b = np.asarray(boosters, dtype=float)
    h = np.asarray(hedges, dtype=float)
    return (b - h) / (b + h + 1.0)


def feature_of(category, subcategory) -> np.ndarray:
    """The certainty feature each hit counts toward (``""``: none).

    Examples
    --------
    >>> feature_of(["hedge", "hedge", "condition", "self_mention"],
    ...            ["epistemic modal", "scope: approximator", "conditional", ""]).tolist()
    ['epistemic_modal', 'scope_approximator', 'condition', '']
    """
    cat = pd.Series(np.asarray(category, dtype=object)).astype(str)
    sub = pd.Series(np.asarray(subcategory, dtype=object)).astype(str)
    out = sub.map(_SUBCATEGORY_FEATURE).where(cat == "hedge")
    out = out.fillna(cat.where(cat == "hedge").map({"hedge": "epistemic_other"}))
    out = out.fillna(cat.where(cat.isin(["condition", "booster", "obligation", "attribution"])))
    return out.fillna("").to_numpy(dtype=object)


def certainty_features(corpus, markers: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The features of the certainty score for each row of ``sentences`` (same order).

    The old order ``(markers, corpus, sentences)`` still works, with a warning.

    Returns
    -------
    DataFrame
        One column per name of :data:`CERTAINTY_FEATURES`, one row per sentence.
    """
    corpus, markers = corpus_then_markers(corpus, markers, fn="certainty_features")
    counted = markers.assign(category=feature_of(markers["category"], markers["subcategory"]))
    names = list(CERTAINTY_FEATURES[:-2])
    x = sentence_counts(corpus, counted, sentences, names).astype(float)
    out = pd.DataFrame(x, columns=names)
    out["negation"] = negator_counts(sentences)
    out["log_words"] = np.log1p(sentences["n_words"].to_numpy(dtype=float))
    return out


def negator_counts(sentences: pd.DataFrame) -> np.ndarray:
    """Per sentence, its negators ("not", "no", "never", "cannot", "don't", ...: the
    ``negators`` word list of ``marker_rules.json`` and any "-n't"), counted in its text (so a
    Dask corpus, which keeps no tokens table, counts them too). A table without ``text`` (a
    Dask corpus's) brings them counted, as ``n_negators``."""
    from ._rulebook import WORDS

    if "text" not in sentences and "n_negators" in sentences:
        return sentences["n_negators"].to_numpy(dtype=float)

    words = sorted(WORDS["negators"], key=len, reverse=True)
    pattern = (r"(?<![\w'\u2019])(?:" + "|".join(re.escape(w) for w in words)
               + r")(?![\w'\u2019])|n['\u2019]t(?!\w)")
    return sentences["text"].astype(str).str.lower().str.count(pattern).to_numpy(dtype=float)


@lru_cache(maxsize=1)
def certainty_model() -> dict:
    """The shipped certainty model (``resources/certainty_model.json``, ``make fit-certainty``).

    Returns
    -------
    dict
        ``intercept``; ``coefficients`` by feature (:data:`CERTAINTY_FEATURES`); ``features``
        (what each feature is); ``fit`` (cross-validated Pearson r with its bootstrap interval,
        number of records); ``data`` (the rated sentences' name and licence). A sentence's
        fitted certainty is ``intercept + sum(coefficient * feature)``, clipped to [1, 6].

    Examples
    --------
    >>> m = certainty_model()
    >>> list(m["coefficients"]) == list(CERTAINTY_FEATURES)
    True
    """
    text = resources.files("discourse.resources").joinpath(CERTAINTY_MODEL_FILE).read_text(
        "utf-8")
    return json.loads(text)


def certainty_fitted(features: pd.DataFrame, model: dict | None = None) -> np.ndarray:
    """``intercept + sum(coefficient * feature)``, clipped to the rating scale [1, 6]."""
    model = model or certainty_model()
    coef = np.array([model["coefficients"][f] for f in CERTAINTY_FEATURES])
    pred = model["intercept"] + features[list(CERTAINTY_FEATURES)].to_numpy(float) @ coef
    return np.clip(pred, 1.0, 6.0)


def sentence_stance(corpus, markers: pd.DataFrame | None = None, *,
                    certainty: str = "fitted", model=None,
                    matches: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per analysed sentence: its stance markers, whether it is uncertain, how certain.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    markers : DataFrame, optional
        The output of :func:`discourse.find_markers` on ``corpus``. Default: found here with
        the shipped lexicon.
    certainty : {"fitted", "ratio"}, default "fitted"
        What the ``certainty`` column holds: the fitted score (a predicted human rating, 1-6)
        or the old ratio ``(booster - hedge) / (booster + hedge + 1)``. Both are always there
        as ``certainty_fitted`` and ``certainty_ratio``.
    model : StanceModel or str or Path, optional
        A tagger fitted on your own coding (:func:`discourse.fit_stance`), or the path of the
        JSON file it was saved to. Adds two columns for its category ``<c>``:
        ``is_<c>`` (the model's label) and ``prob_<c>`` (its probability). Every other column
        stays as without a model.
    matches : DataFrame, optional
        With ``model=``: every lexicon match of ``corpus``, rejected ones too
        (``dc.find_markers(corpus, keep_rejected=True)``, a report's ``ctx.matches``), the
        model's features; default: found here.

    Returns
    -------
    DataFrame
        One row per sentence of the analysed paragraphs, in corpus order: ``doc_id``,
        ``para_id``, ``sent_id``, ``text``, ``n_words`` (word tokens), one count column per
        category searched (``n_hedge``, ``n_booster``, ``n_attribution``, ...,
        ``n_condition``), ``certainty`` (see ``certainty=`` and Notes), ``is_hedged`` (at least
        one hedge of any kind), ``n_scope_hedge`` (the number of hedges of a ``scope:``
        subcategory, 0 for none), ``is_uncertain`` (at least one hit with ``is_epistemic``:
        an epistemic hedge, a belief or expectation verb, or a condition; scope hedges alone do
        not make a sentence uncertain), ``certainty_fitted`` and ``certainty_ratio`` (both
        scores); with ``model=``, ``is_<c>`` and ``prob_<c>``. RangeIndex. Pass this table
        to :func:`discourse.marker_rates` or :func:`discourse.compare_rates` as ``markers`` to
        count the sentences the model labels. The old column names (``hedge``, ``booster``, ...,
        ``scope_hedge``) still read the new columns, with a warning, for one round.

    Notes
    -----
    ``certainty_fitted = b0 + sum_k b_k * x_k``, clipped to [1, 6], where ``x_k`` are the
    counts per feature of :data:`CERTAINTY_FEATURES` (hedges by subcategory, conditions,
    boosters, attribution) and ``log(1 + n_words)``; the coefficients were fitted by ridge
    regression on 1,220 sentences of science news and abstracts rated 1 (uncertain) to 6
    (certain) by annotators (Pei & Jurgens 2021, MIT licence); see ``certainty_model()`` for
    the numbers, the cross-validated correlation and the provenance. A sentence without markers
    gets about the mean rating of such sentences.

    With ``model=``: ``prob_<c> = 1 / (1 + exp(-(b0 + sum_f b_f x_f)))`` over the sentence's
    features (its words and what the rules found in it, with the shipped lexicon and rules,
    as when the model was fitted: :func:`discourse.fit_stance`), ``is_<c> = prob_<c> >= 0.5``.

    ``certainty_ratio = (n_booster - n_hedge) / (n_booster + n_hedge + 1)`` in (-1, 1), the
    unfitted formula of earlier versions: it weighs a modal like "may" and an approximator
    like "about" alike.

    References
    ----------
    Pei, J. & Jurgens, D. (2021). Measuring Sentence-Level and Aspect-Level (Un)certainty in
    Science Communications. *EMNLP 2021*. https://doi.org/10.18653/v1/2021.emnlp-main.784

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It may perhaps rain. It will certainly rain. About 40 fell."])
    >>> s = sentence_stance(c)
    >>> s[["text", "n_hedge", "n_booster", "is_hedged", "is_uncertain"]]
                          text  n_hedge  n_booster  is_hedged  is_uncertain
    0     It may perhaps rain.        2          0       True          True
    1  It will certainly rain.        0          1      False         False
    2          About 40 fell.        1          0       True         False
    >>> bool(s.certainty[0] < s.certainty[2] < s.certainty[1])
    True
    """
    check_choice(certainty, ("fitted", "ratio"), name="certainty")
    if markers is None:
        from .markers import find_markers

        markers = find_markers(corpus)
    cats = _categories(markers, None)
    for needed in ("hedge", "booster"):  # the score needs both, even if not searched
        if needed not in cats:
            cats = [c for c in CATEGORIES if c in set(cats) | {needed}]
    sentences = sentence_table(corpus)
    counts = sentence_counts(corpus, markers, sentences, cats)
    out = sentences.drop(columns=["n_negators"], errors="ignore")
    for j, c in enumerate(cats):
        out[f"n_{c}"] = counts[:, j]
    sub = markers["subcategory"] if "subcategory" in markers else pd.Series("", index=markers.index)
    scope = markers.assign(category=np.where(
        (markers["category"].astype(str) == "hedge").to_numpy()
        & sub.astype(str).str.startswith("scope").to_numpy(), "scope", ""))
    n_scope = sentence_counts(corpus, scope, sentences, ["scope"])[:, 0]
    flag = next((c for c in ("is_epistemic", "epistemic") if c in markers.columns), None)
    if flag is not None:  # "epistemic": a markers table saved before version 1.0
        epi = markers[markers[flag].to_numpy(dtype=bool)].assign(category="e")
    else:
        from .markers import is_epistemic

        epi = markers[is_epistemic(markers["category"], sub)].assign(category="e")
    n_epistemic = sentence_counts(corpus, epi, sentences, ["e"])[:, 0]
    fitted = certainty_fitted(certainty_features(corpus, markers.assign(subcategory=sub),
                                                 sentences))
    ratio = certainty_score(out["n_booster"].to_numpy(), out["n_hedge"].to_numpy())
    out["certainty"] = fitted if certainty == "fitted" else ratio
    out["is_hedged"] = out["n_hedge"].to_numpy() > 0
    out["n_scope_hedge"] = n_scope
    out["is_uncertain"] = n_epistemic > 0
    out["certainty_fitted"] = fitted
    out["certainty_ratio"] = ratio
    if model is not None:
        from .fit import as_model, corpus_probability

        fitted_model = as_model(model)
        prob = corpus_probability(fitted_model, corpus, sentences, matches)
        out[f"is_{fitted_model.category}"] = prob >= 0.5
        out[f"prob_{fitted_model.category}"] = prob
    old = {c: f"n_{c}" for c in cats} | {"scope_hedge": "n_scope_hedge"}
    return with_old_columns(out, old)
