"""Refit the coefficients of the certainty score (``make fit-certainty``; not run by the tests).

Data: Pei & Jurgens (2021), "Measuring Sentence-Level and Aspect-Level (Un)certainty in Science
Communications" (EMNLP), train and val splits as in
``../shared/eval/certainty_sentences_dev.jsonl``: 1,220 findings from science news and
abstracts, each with the mean of annotators' certainty ratings (1-6). MIT licence. The data
are read where they are, never copied into the package.

Model: ridge regression (scikit-learn ``RidgeCV``, penalty chosen by efficient leave-one-out
from a fixed grid) of the rating on the features of ``discourse.stance.CERTAINTY_FEATURES``
(counts of hits per kind in the record, ``log(1 + words)``). Reported: Pearson r between the
rating and the 10-fold cross-validated prediction (folds shuffled with seed 0, the penalty
chosen again inside each fold), with a 95% percentile bootstrap interval (2,000 resamples of
the records, seed 0). Writes ``discourse/resources/certainty_model.json``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold

import discourse as dc
from discourse.stance.rates import sentence_table
from discourse.stance.sentences import CERTAINTY_FEATURES, certainty_features
from discourse.text.sections import SECTIONS

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval"
DATA = "certainty_sentences_dev.jsonl"
OUT = ROOT / "discourse" / "resources" / "certainty_model.json"
ALPHAS = np.logspace(-2, 3, 26)
FEATURE_TEXT = {
    "epistemic_modal": "epistemic modals: may, might, could, would",
    "belief_verb": "belief and expectation verbs: believe, think, expect, suspect (anyone's)",
    "epistemic_verb": "other epistemic verbs: seem, appear to, suggest, indicate that",
    "epistemic_adverb": "epistemic adverbs: perhaps, probably, apparently, reportedly",
    "epistemic_adjective": "epistemic adjectives: likely, possible, uncertain, unclear",
    "epistemic_noun": "epistemic nouns: possibility, likelihood, uncertainty, doubt",
    "epistemic_other": "other epistemic hedges: personal stance phrases, negated boosters",
    "scope_approximator": "approximators: about 40, roughly, nearly, an estimated",
    "scope_frequency": "frequency and generality: often, usually, generally",
    "scope_downtoner": "downtoners and vague language: partly, somewhat, sort of",
    "condition": "conditions: if, unless, provided that",
    "booster": "boosters: clearly, in fact, it is clear that, it must be true",
    "obligation": "obligation (deontic): must, should, ought to, need to, have to",
    "attribution": "attribution: experts say, according to, reportedly",
    "negation": "negators: not, no, never, cannot, -n't",
    "log_words": "log(1 + words in the sentence)",
}
SEED = 0


def record_features(texts: list[str]) -> pd.DataFrame:
    """Features per record (one document each): counts summed over its sentences."""
    corpus = dc.from_texts(texts)
    markers = dc.find_markers(corpus, analyzed_only=False)
    corpus = corpus.with_analyzed(list(SECTIONS))
    sents = sentence_table(corpus)
    f = certainty_features(corpus, markers, sents)
    f["doc"] = pd.Index(corpus.doc_ids).get_indexer(sents["doc_id"].astype(str))
    f["n_words"] = sents["n_words"].to_numpy()
    g = f.groupby("doc").sum().reindex(range(len(texts)), fill_value=0)
    g["log_words"] = np.log1p(g["n_words"].to_numpy(dtype=float))
    return g[list(CERTAINTY_FEATURES)]


def cross_validated(x: np.ndarray, y: np.ndarray, folds: int = 10) -> np.ndarray:
    """Out-of-fold predictions of RidgeCV (penalty chosen inside each fold)."""
    pred = np.zeros(len(y))
    for train, test in KFold(folds, shuffle=True, random_state=SEED).split(x):
        pred[test] = RidgeCV(alphas=ALPHAS).fit(x[train], y[train]).predict(x[test])
    return pred


def bootstrap_r(pred: np.ndarray, y: np.ndarray,
                n_resamples: int = 2000) -> tuple[float, float]:
    """95% percentile bootstrap interval of Pearson r (records resampled, seed 0)."""
    rng = np.random.default_rng(SEED)
    idx = rng.integers(0, len(y), size=(n_resamples, len(y)))
    a, b = pred[idx], y[idx]
    a = a - a.mean(1, keepdims=True)
    b = b - b.mean(1, keepdims=True)
    r = (a * b).sum(1) / np.sqrt((a * a).sum(1) * (b * b).sum(1))
    lo, hi = np.percentile(r, [2.5, 97.5])
    return float(lo), float(hi)


def main() -> int:
    path = EVAL_DIR / DATA
    if not path.is_file():
        print(f"fit_certainty: {path} not found; the development data live in ../shared/eval.",
              file=sys.stderr)
        return 1
    data = pd.read_json(path, lines=True)
    feats = record_features(data["text"].tolist())
    x = feats.to_numpy(dtype=float)
    y = data["label"].to_numpy(dtype=float)
    pred = cross_validated(x, y)
    r = float(np.corrcoef(pred, y)[0, 1])
    lo, hi = bootstrap_r(pred, y)
    model = RidgeCV(alphas=ALPHAS).fit(x, y)
    out = {
        "about": "Coefficients of discourse's fitted certainty score (sentence_stance). "
                 "certainty = intercept + sum(coefficient * feature), clipped to [1, 6].",
        "features": {f: FEATURE_TEXT[f] for f in CERTAINTY_FEATURES},
        "intercept": round(float(model.intercept_), 6),
        "coefficients": {f: round(float(c), 6) for f, c in zip(CERTAINTY_FEATURES, model.coef_,
                                                                 strict=True)},
        "alpha": float(model.alpha_),
        "fit": {"method": "ridge regression, scikit-learn RidgeCV (leave-one-out over "
                          f"alphas {ALPHAS[0]:g}..{ALPHAS[-1]:g}, 26 log-spaced)",
                "n_records": int(len(y)),
                "cv": "10-fold, shuffled, seed 0, penalty re-chosen inside each fold",
                "cv_pearson_r": round(r, 4),
                "cv_pearson_r_95ci_bootstrap": [round(lo, 4), round(hi, 4)],
                "lexicon_version": dc.stance.lexicon.LEXICON_VERSION},
        "data": {"name": "Pei & Jurgens (2021) sentence-level certainty, train + val splits",
                 "citation": "Pei, J. & Jurgens, D. (2021). Measuring Sentence-Level and "
                             "Aspect-Level (Un)certainty in Science Communications. EMNLP 2021. "
                             "https://doi.org/10.18653/v1/2021.emnlp-main.784",
                 "licence": "MIT",
                 "file": DATA,
                 "sha256": hashlib.sha256(path.read_bytes()).hexdigest()},
        "script": "scripts/fit_certainty.py (make fit-certainty)",
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"cross-validated r = {r:.3f} [{lo:.3f}, {hi:.3f}]; alpha = {model.alpha_:g}")
    print(pd.Series(out["coefficients"]).to_string())
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
