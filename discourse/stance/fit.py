"""Teach the tagger your coding: a logistic regression on what the rules know plus the words.

:func:`fit_stance` fits it on a coded sheet and says, from cross-validation on the same
sentences, whether it beats the rules; :class:`StanceModel` is the result, saved to and loaded
from a small JSON file (coefficients, vocabulary, intercept: no pickle);
``dc.sentence_stance(corpus, model=...)`` applies it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import InputError
from ._features import document_units, sentence_units, unit_features, unit_sums
from .coding import CODE_COLUMNS, check_coded_call, read_codes
from .lexicon import CATEGORIES

__all__ = ["StanceModel", "fit_stance", "labels_of"]

FORMAT = "discourse stance model"
MIN_CODED = 20
"""Fewest coded sentences (and at least :data:`MIN_CLASS` of each code) to fit a model."""
MIN_CLASS = 5
C = 1.0
"""Inverse regularisation strength of the logistic regression (scikit-learn's default)."""


@dataclass(frozen=True)
class StanceModel:
    """A fitted stance tagger (:func:`fit_stance`): ``P(yes) = 1 / (1 + exp(-(b0 + sum b_f x_f)))``.

    Attributes
    ----------
    category : str
        The category it labels (the coded sheet's).
    intercept : float
        ``b0``.
    coefficients : dict
        Feature name -> ``b_f`` (see :mod:`discourse.stance._features` for the names).
    scores : DataFrame
        Cross-validated scores on the coded sentences, one row per tagger ("rules", "fitted"):
        ``tagger``, ``n`` (sentences scored), ``precision``, ``recall``, ``f1``,
        ``f1_ci_low``, ``f1_ci_high``.
    statement : str
        In one sentence, whether the fitted tagger beats the rules.
    n_coded : int
        Coded sentences it was fitted on.
    """

    category: str
    intercept: float
    coefficients: dict = field(repr=False)
    scores: pd.DataFrame = field(repr=False)
    statement: str = ""
    n_coded: int = 0

    def probability(self, features: list[dict]) -> np.ndarray:
        """``P(yes)`` for each feature dict (unknown features count nothing)."""
        coef = self.coefficients
        return self._logistic(np.array([sum(coef.get(k, 0.0) * v for k, v in f.items())
                                        for f in features], dtype=float))

    def _logistic(self, sums: np.ndarray) -> np.ndarray:
        """``P(yes)`` from each unit's ``sum_f b_f x_f``."""
        z = sums + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path) -> Path:
        """Write the model as JSON (sorted keys, so the same model gives the same file)."""
        path = Path(path)
        data = {"format": FORMAT, "version": 1, "category": self.category,
                "intercept": self.intercept,
                "coefficients": dict(sorted(self.coefficients.items())),
                "n_coded": self.n_coded, "statement": self.statement,
                "scores": self.scores.to_dict("records")}
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path) -> StanceModel:
        """Read a model written by :meth:`save`."""
        path = Path(path)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(f"model={str(path)!r} could not be read as a stance model ({err}); "
                             f"pass the file StanceModel.save(...) wrote.") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(f"model={str(path)!r} is not a stance model file (no "
                             f"'format': {FORMAT!r}); pass the file StanceModel.save(...) wrote.")
        return cls(category=data["category"], intercept=float(data["intercept"]),
                   coefficients={k: float(v) for k, v in data["coefficients"].items()},
                   scores=pd.DataFrame(data.get("scores", [])),
                   statement=data.get("statement", ""), n_coded=int(data.get("n_coded", 0)))

    def top(self, top: int = 10) -> pd.DataFrame:
        """The features that weigh most for and against ``yes``: ``feature``, ``coefficient``."""
        s = pd.Series(self.coefficients, dtype=float)
        s = s.reindex(s.abs().sort_values(ascending=False, kind="stable").index)
        return s.head(top).rename_axis("feature").rename("coefficient").reset_index()


def labels_of(coded: pd.DataFrame) -> np.ndarray:
    """The label of each coded row: the column ``code`` if the sheet has one (an agreed code),
    else the coders' code where every coder who coded the row agrees (NaN: not coded, or the
    coders disagree).

    Examples
    --------
    >>> labels_of(pd.DataFrame({"code_1": ["yes", "no", "yes", ""],
    ...                         "code_2": ["yes", "", "no", ""]})).tolist()
    [1.0, 0.0, nan, nan]
    """
    if "code" in coded.columns:
        return read_codes(coded, "code")
    cols = [c for c in CODE_COLUMNS if c in coded.columns]
    if not cols:
        raise InputError("coded has no code column (code_1, code_2 or code): pass a coding "
                         "sheet from dc.coding_sheet(...) with the codes filled in.")
    codes = np.column_stack([read_codes(coded, c) for c in cols])
    lo, hi = np.nanmin(np.where(np.isnan(codes), np.inf, codes), 1), np.nanmax(
        np.where(np.isnan(codes), -np.inf, codes), 1)
    return np.where(np.isfinite(lo) & (lo == hi), lo, np.nan)


def _coded_texts(coded: pd.DataFrame, corpus) -> list[str]:
    """The text of each coded sentence: from ``corpus`` by (doc_id, sent_id), else the sheet's."""
    if corpus is None:
        if "text" not in coded.columns:
            raise InputError("coded has no text column: pass corpus= too, or a sheet from "
                             "dc.coding_sheet(...).")
        return coded["text"].astype(str).tolist()
    for col in ("doc_id", "sent_id"):
        if col not in coded.columns:
            raise InputError(f"coded has no column {col!r}: pass a sheet from "
                             f"dc.coding_sheet(corpus, ...).")
    sents = corpus.sentences
    skey = pd.MultiIndex.from_arrays([sents["doc_id"].astype(str), sents["sent_id"]])
    where = skey.get_indexer(pd.MultiIndex.from_arrays([coded["doc_id"].astype(str),
                                                        coded["sent_id"].astype(np.int64)]))
    if (where < 0).any():
        bad = coded.index[where < 0].tolist()[:5]
        raise InputError(f"coded rows {bad} name sentences (doc_id, sent_id) that are not in "
                         f"corpus: pass the corpus the sheet was drawn from.")
    texts = sents["text"].astype(str).to_numpy()[where]
    if "text" in coded.columns:
        differ = np.flatnonzero(coded["text"].astype(str).str.strip().to_numpy()
                                != np.char.strip(texts.astype(str)))
        if len(differ):
            raise InputError(f"coded rows {coded.index[differ].tolist()[:5]} hold another text "
                             f"than the corpus's sentence with that doc_id and sent_id: the "
                             f"sheet was drawn from another corpus (or from another version "
                             f"of it). Pass that corpus, or corpus=None to read the sheet's "
                             f"text.")
    return list(texts)


def text_features(texts: list[str]) -> list[dict]:
    """Feature dicts of sentences read alone (each its own document; see ``_features``)."""
    from ..text.io import from_frame
    from .markers import find_markers

    mini = from_frame(pd.DataFrame({"doc_id": [f"s{i}" for i in range(len(texts))],
                                    "text": texts}))
    m = find_markers(mini, analyzed_only=False, keep_rejected=True)
    return unit_features(mini, m, document_units(mini))


def corpus_features(corpus, sentences: pd.DataFrame, matches=None) -> list[dict]:
    """Feature dicts of the rows of ``sentences`` (``doc_id``, ``sent_id``) of ``corpus``.

    ``matches``: every lexicon match of ``corpus`` with ``is_rejected``
    (``find_markers(corpus, keep_rejected=True)``, a report's ``ctx.matches``); default: found
    here."""
    return unit_features(corpus, _all_matches(corpus, matches), sentence_units(corpus, sentences))


def corpus_probability(model: StanceModel, corpus, sentences: pd.DataFrame,
                       matches=None) -> np.ndarray:
    """``model.probability(corpus_features(corpus, sentences, matches))``: the same floats,
    summed straight from the corpus's tables (:func:`~discourse.stance._features.unit_sums`)
    instead of one dict per sentence where the model allows."""
    m = _all_matches(corpus, matches)
    units = sentence_units(corpus, sentences)
    sums = unit_sums(corpus, m, units, model.coefficients)
    if sums is None:
        return model.probability(unit_features(corpus, m, units))
    return model._logistic(sums)


def _all_matches(corpus, matches):
    """``matches`` if it holds the rejected matches too, else every match found here."""
    from .markers import find_markers

    if matches is not None and "is_rejected" in matches.columns:
        return matches
    return find_markers(corpus, analyzed_only=False, keep_rejected=True)


def _estimator(random_state: int):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([("features", DictVectorizer(sort=True)),
                     ("model", LogisticRegression(C=C, class_weight="balanced", max_iter=5000,
                                                  random_state=random_state))])


def _prf(y, pred, w) -> tuple[float, float, float]:
    """Weighted precision, recall and F1 of the code yes (arrays, or matrices of weights)."""
    w = np.asarray(w, dtype=float)
    tp = w @ (y * pred).astype(float)
    p = tp / np.maximum(w @ pred.astype(float), 1e-300)
    r = tp / np.maximum(w @ y.astype(float), 1e-300)
    with np.errstate(invalid="ignore"):
        f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-300), 0.0)
    return p, r, f


def _scores(y, rules, fitted, w, *, n_resamples, random_state, confidence):
    """Precision, recall, F1 of both taggers, with paired bootstrap intervals of F1 and of
    their difference (percentile, sentences resampled with replacement)."""
    rng = np.random.default_rng(random_state)
    n = len(y)
    # resample b: how often each sentence was drawn in n draws with replacement
    times = rng.multinomial(n, np.full(n, 1.0 / n), size=n_resamples) if n_resamples \
        else np.full((1, n), np.nan)
    boot = np.column_stack([_prf(y, rules, times * w)[2], _prf(y, fitted, times * w)[2]])
    q = [(1 - confidence) / 2, 1 - (1 - confidence) / 2]
    rows = []
    for j, (name, pred) in enumerate((("rules", rules), ("fitted", fitted))):
        p, r, f = (float(v) for v in _prf(y, pred, w))
        lo, hi = np.nanquantile(boot[:, j], q)
        rows.append({"tagger": name, "n": n, "precision": p, "recall": r, "f1": f,
                     "f1_ci_low": lo, "f1_ci_high": hi})
    diff = np.nanquantile(boot[:, 1] - boot[:, 0], q)
    return pd.DataFrame(rows), diff


def _statement(scores: pd.DataFrame, diff, *, folds: int, n: int, weighted: bool) -> str:
    rules, fitted = scores.f1.iloc[0], scores.f1.iloc[1]
    d = fitted - rules
    ci = f"{diff[0]:+.2f} to {diff[1]:+.2f}"
    where = (f"{folds}-fold cross-validation on {n} coded sentences"
             + (", weighted to the corpus" if weighted else ""))
    if diff[0] > 0:
        verdict = "The fitted tagger beats the rules"
    elif diff[1] < 0:
        verdict = "The fitted tagger is worse than the rules"
    else:
        verdict = "The fitted tagger does not clearly beat the rules"
    return (f"{verdict}: F1 {fitted:.2f} against {rules:.2f} (difference {d:+.2f}, 95% "
            f"interval {ci}; {where}).")


def fit_stance(coded: pd.DataFrame, corpus=None, *, n_resamples: int = 1000,
               random_state: int = 0, confidence: float = 0.95) -> StanceModel:
    """Fit a stance tagger on hand-coded sentences and test it against the rules.

    Parameters
    ----------
    coded : DataFrame
        A coding sheet (:func:`discourse.coding_sheet`) with codes filled in: ``doc_id``,
        ``sent_id``, ``text``, ``category`` and ``code_1`` (and ``code_2``), or ``code`` (an
        agreed code, used first). A row counts when every coder who coded it agrees
        (:func:`labels_of`); the others are left out.
    corpus : Corpus, optional
        The corpus the sheet was drawn from: the sentences are read there (by ``doc_id`` and
        ``sent_id``) and must match the sheet's text. Default: the sheet's ``text``, each
        sentence read alone (the features are the same: every hit and rule stays in its
        sentence).
    n_resamples : int, default 1000
        Bootstrap resamples for the intervals of F1.
    random_state : int, default 0
        Seed of the folds and the bootstrap (fixed by default, unlike scikit-learn's).
    confidence : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    StanceModel
        The model fitted on every coded sentence, with its cross-validated ``scores``
        and a ``statement``; ``model.save("m.json")`` writes it.

    Notes
    -----
    **Features** (one per sentence, :mod:`discourse.stance._features`): the words (``norm``,
    present or not); for each stance category whether the rules found it; the number of hits
    per subcategory; each cue word (lexicon entry) hit; each context rule that decided a hit;
    each lexicon match a rule rejected, with that rule.

    **Model**: scikit-learn ``Pipeline(DictVectorizer, LogisticRegression(C=1, L2,
    class_weight="balanced"))``: ``P(yes) = 1 / (1 + exp(-(b0 + sum_f b_f x_f)))``, label yes
    when ``P >= 0.5``; "balanced" weighs each class by ``n / (2 n_class)`` in the loss so the
    rarer code is not ignored.

    **Test**: stratified k-fold cross-validation (``k = min(5, fewest of a code)``, shuffled
    with ``random_state``): each sentence is predicted by a model fitted without it. The rules'
    label is "at least one hit of the category" (``is_<category>`` of the rules). Precision
    ``= TP / (TP + FP)``, recall ``= TP / (TP + FN)``, ``F1 = 2PR / (P + R)``, of the code
    "yes"; with a ``weight`` column (as :func:`coding_sheet` writes), each sentence counts
    ``weight`` times, so the scores estimate the corpus's sentences, not the sheet's.
    Intervals: percentile bootstrap over the coded sentences (``n_resamples`` resamples; in
    resample ``b`` sentence ``i`` counts ``t_bi`` times, ``t_b`` row ``b`` of
    ``numpy.random.default_rng(random_state).multinomial(n, [1/n] * n, size=n_resamples)``),
    the same resamples for both taggers, so the interval of the difference is paired. The
    statement says "beats" only when that interval lies above 0.

    Examples
    --------
    >>> import discourse as dc
    >>> ex = dc.load_coded_example()
    >>> m = fit_stance(ex.coded, n_resamples=200)
    >>> m.scores.tagger.tolist(), m.category
    (['rules', 'fitted'], 'hedge')
    """
    check_coded_call(coded, n_resamples, random_state, confidence)
    category = _category(coded)
    y = labels_of(coded)
    keep = ~np.isnan(y)
    n_yes, n_no = int((y[keep] == 1).sum()), int((y[keep] == 0).sum())
    if keep.sum() < MIN_CODED or min(n_yes, n_no) < MIN_CLASS:
        raise InputError(f"coded has {int(keep.sum())} usable codes ({n_yes} yes, {n_no} no): "
                         f"fitting needs at least {MIN_CODED}, with at least {MIN_CLASS} of "
                         f"each. Code more sentences (rows where the coders disagree count "
                         f"only once they agree: add a column 'code').")
    texts = _coded_texts(coded, corpus)
    feats = [f for f, k in zip(text_features(texts), keep, strict=True) if k]
    y = y[keep].astype(int)
    w = (pd.to_numeric(coded["weight"], errors="coerce").to_numpy(float)[keep]
         if "weight" in coded.columns else np.ones(len(y)))
    weighted = "weight" in coded.columns and np.isfinite(w).all() and w.min() > 0
    w = w if weighted else np.ones(len(y))
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = min(5, n_yes, n_no)
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    fitted = cross_val_predict(_estimator(random_state), feats, y, cv=cv)
    rules = np.array([f.get(f"cat={category}", 0.0) > 0 for f in feats], dtype=int)
    scores, diff = _scores(y, rules, fitted, w, n_resamples=n_resamples,
                           random_state=random_state, confidence=confidence)
    pipe = _estimator(random_state).fit(feats, y)
    names = pipe.named_steps["features"].feature_names_
    lr = pipe.named_steps["model"]
    coef = {str(k): float(v) for k, v in zip(names, lr.coef_[0], strict=True) if v != 0.0}
    return StanceModel(category=category, intercept=float(lr.intercept_[0]), coefficients=coef,
                       scores=scores, statement=_statement(scores, diff, folds=folds,
                                                           n=len(y), weighted=bool(weighted)),
                       n_coded=len(y))


def _category(coded: pd.DataFrame) -> str:
    if "category" not in coded.columns or not len(coded):
        return "hedge"  # a sheet without its category column: the default of coding_sheet
    cats = pd.unique(coded["category"].astype(str))
    if len(cats) != 1 or cats[0] not in CATEGORIES:
        raise InputError(f"coded['category'] holds {list(cats)[:5]}: a sheet codes one stance "
                         f"category of {', '.join(CATEGORIES)}; fit one model per category.")
    return str(cats[0])


def as_model(model) -> StanceModel:
    """``model`` as a :class:`StanceModel`: one already, or the path of its JSON file."""
    if isinstance(model, StanceModel):
        return model
    if isinstance(model, str | Path):
        return StanceModel.load(model)
    raise InputError(f"model= must be a fitted model from dc.fit_stance(...) or the path of "
                     f"its JSON file (model.save(path)), got {type(model).__name__}.")
