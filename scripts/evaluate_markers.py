"""Score the stance markers on the development data in ../shared/eval (run by ``make eval``).

Two checks, neither of which the lexicon was tuned on:

* BioScope (Vincze et al. 2008; CoNLL-2010 training data): a sentence is predicted
  *uncertain* (a) when ``find_markers`` finds any hedge in it ("with scope hedges", the old
  decision) and (b) when it finds an epistemic hit: an epistemic hedge, a belief verb or a
  condition, the ``is_uncertain`` of ``dc.sentence_stance`` ("without scope hedges").
  Precision, recall and F1 of the class *uncertain* against the annotation (a sentence with at
  least one speculation cue).
* Pei & Jurgens (2021): Pearson r between the certainty score and the mean human rating (1-6),
  with a 95% percentile bootstrap interval (2,000 resamples, seed 0): the ratio formula
  ``(b - h) / (b + h + 1)``, and the fitted score, whose r is cross-validated (10 folds, the
  ridge refitted in each; ``scripts/fit_certainty.py``) so it is not scored on its training data.

``BEFORE`` holds the same numbers for main at 840e52b (lexicon 1.0), measured with this script
against that code; the table prints them beside the current ones. Each record is one document
of a corpus built with ``dc.from_texts``. The data are read where they are and never copied
into the repository (their licences differ from ours).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

import discourse as dc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_certainty import bootstrap_r, cross_validated  # noqa: E402

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
BIO = "uncertainty_bio_dev.jsonl"
PJ = "certainty_sentences_dev.jsonl"
OLD_SCOPE = {"approximator", "downtoner", "frequency or generality", "informal hedge"}

BEFORE = {  # main at 840e52b, lexicon 1.0 (this script, run against that code)
    ("BioScope", "precision, with scope hedges"): 0.772,
    ("BioScope", "recall, with scope hedges"): 0.806,
    ("BioScope", "F1, with scope hedges"): 0.789,
    ("BioScope", "precision, without scope hedges"): 0.902,
    ("BioScope", "recall, without scope hedges"): 0.795,
    ("BioScope", "F1, without scope hedges"): 0.845,
    ("Pei & Jurgens", "r ratio score"): 0.567,
    ("Pei & Jurgens", "  95% bootstrap CI"): "[0.521, 0.611]",
    ("Pei & Jurgens", "r fitted score (10-fold CV)"): float("nan"),
    ("Pei & Jurgens", "  95% bootstrap CI "): "",
}


def per_record(texts: list[str]) -> pd.DataFrame:
    """Per record (one document each): hedges, scope hedges, epistemic hits, boosters."""
    corpus = dc.from_texts(texts)
    m = dc.find_markers(corpus, analyzed_only=False)
    codes = pd.Index(corpus.doc_ids).get_indexer(m["doc_id"].astype(str))
    cat = m["category"].astype(str).to_numpy()
    sub = m["subcategory"].astype(str)
    scope = (cat == "hedge") & (sub.str.startswith("scope") | sub.isin(OLD_SCOPE)).to_numpy()
    epistemic = (m["is_epistemic"].to_numpy(dtype=bool) if "is_epistemic" in m
                 else (cat == "hedge") & ~scope)
    out = pd.DataFrame(index=range(len(texts)))
    for name, sel in (("hedge", cat == "hedge"), ("booster", cat == "booster"),
                      ("scope", scope), ("epistemic", epistemic)):
        out[name] = np.bincount(codes[sel], minlength=len(texts))
    return out


def prf(truth: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((truth & pred).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(truth.sum()), 1)
    return p, r, 2 * p * r / (p + r) if p + r else float("nan")


def evaluate_bioscope(path: Path) -> list[tuple]:
    data = pd.read_json(path, lines=True)
    c = per_record(data["text"].tolist())
    truth = (data["label"] == "uncertain").to_numpy()
    rows = []
    for label, pred in (("with scope hedges", c["hedge"].to_numpy() > 0),
                        ("without scope hedges", c["epistemic"].to_numpy() > 0)):
        for name, v in zip(("precision", "recall", "F1"), prf(truth, pred), strict=True):
            rows.append(("BioScope", f"{name}, {label}", v))
    return rows


def evaluate_pei_jurgens(path: Path) -> list[tuple]:
    data = pd.read_json(path, lines=True)
    y = data["label"].to_numpy(dtype=float)
    c = per_record(data["text"].tolist())
    ratio = dc.stance.sentences.certainty_score(c["booster"], c["hedge"])
    rows = [("Pei & Jurgens", "r ratio score", float(np.corrcoef(ratio, y)[0, 1])),
            ("Pei & Jurgens", "  95% bootstrap CI", "[{:.3f}, {:.3f}]".format(
                *bootstrap_r(ratio, y)))]
    from fit_certainty import record_features

    x = record_features(data["text"].tolist()).to_numpy(dtype=float)
    pred = cross_validated(x, y)
    rows += [("Pei & Jurgens", "r fitted score (10-fold CV)", float(np.corrcoef(pred, y)[0, 1])),
             ("Pei & Jurgens", "  95% bootstrap CI ", "[{:.3f}, {:.3f}]".format(
                 *bootstrap_r(pred, y)))]
    return rows


def main() -> int:
    missing = [f for f in (BIO, PJ) if not (EVAL_DIR / f).is_file()]
    if missing:
        print(f"evaluate_markers: {', '.join(missing)} not found in {EVAL_DIR}; the "
              f"development data live in ../shared/eval next to the repository.", file=sys.stderr)
        return 1
    bio = pd.read_json(EVAL_DIR / BIO, lines=True)
    print(f"BioScope dev: {len(bio)} sentences, {(bio.label == 'uncertain').mean():.1%} "
          f"uncertain; Pei & Jurgens dev: {sum(1 for _ in open(EVAL_DIR / PJ))} rated sentences")
    rows = evaluate_bioscope(EVAL_DIR / BIO) + evaluate_pei_jurgens(EVAL_DIR / PJ)

    def fmt(v):
        return v if isinstance(v, str) else ("" if v != v else f"{v:.3f}")

    table = pd.DataFrame([{"data": d, "metric": m, "before (main)": fmt(BEFORE.get((d, m), "")),
                           "now": fmt(v)} for d, m, v in rows])
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
