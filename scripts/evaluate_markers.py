"""Score the stance markers on the development data in ../shared/eval (run by ``make eval``).

Two checks, neither of which the lexicon was tuned on:

* BioScope (Vincze et al. 2008; CoNLL-2010 training data): a sentence is predicted
  *uncertain* when ``find_markers`` finds at least one hedge in it; precision, recall and F1 of
  the class *uncertain* against the annotation (a sentence with at least one speculation cue).
* Pei & Jurgens (2021): Pearson (and Spearman) correlation between ``certainty``
  (``discourse.stance.certainty_score``) and the mean human certainty rating (1-6).

Each record is one document of a corpus built with ``dc.from_texts``. The data are read where
they are and never copied into the repository (their licences differ from ours).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

import discourse as dc
from discourse.stance import certainty_score

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
BIO = "uncertainty_bio_dev.jsonl"
PJ = "certainty_sentences_dev.jsonl"


def per_record_counts(texts: list[str]) -> tuple[pd.DataFrame, float]:
    """Counts of hedges and boosters per record (one document each), and the tagging time."""
    corpus = dc.from_texts(texts)
    t0 = time.perf_counter()
    markers = dc.find_markers(corpus, analyzed_only=False)
    seconds = time.perf_counter() - t0
    codes = pd.Index(corpus.doc_ids).get_indexer(markers["doc_id"].astype(str))
    out = pd.DataFrame(index=range(len(texts)))
    for cat in ("hedge", "booster"):
        sel = codes[(markers["category"] == cat).to_numpy()]
        out[cat] = np.bincount(sel, minlength=len(texts))
    return out, seconds


def evaluate_bioscope(path: Path) -> list[dict]:
    data = pd.read_json(path, lines=True)
    counts, seconds = per_record_counts(data["text"].tolist())
    truth = (data["label"] == "uncertain").to_numpy()
    pred = counts["hedge"].to_numpy() > 0
    tp = int((truth & pred).sum())
    fp = int((~truth & pred).sum())
    fn = int((truth & ~pred).sum())
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else float("nan")
    n = len(data)
    base = f"BioScope dev ({n} sentences, {truth.mean():.1%} uncertain)"
    rows = [
        {"data": base, "metric": "uncertainty precision", "value": precision},
        {"data": base, "metric": "uncertainty recall", "value": recall},
        {"data": base, "metric": "uncertainty F1", "value": f1},
        {"data": base, "metric": "tagging seconds", "value": seconds},
    ]
    for subset, part in data.groupby("subset"):
        t, p = truth[part.index], pred[part.index]
        pr = (t & p).sum() / max(p.sum(), 1)
        rc = (t & p).sum() / max(t.sum(), 1)
        rows.append({"data": f"  BioScope {subset} ({len(part)})", "metric": "uncertainty F1",
                     "value": 2 * pr * rc / (pr + rc) if pr + rc else float("nan")})
    return rows


def evaluate_pei_jurgens(path: Path) -> list[dict]:
    data = pd.read_json(path, lines=True)
    counts, seconds = per_record_counts(data["text"].tolist())
    certainty = certainty_score(counts["booster"], counts["hedge"])
    label = data["label"].to_numpy(dtype=float)
    pearson = stats.pearsonr(certainty, label)
    ci = pearson.confidence_interval(0.95)
    spearman = stats.spearmanr(certainty, label)
    hedged = counts["hedge"].to_numpy() > 0
    base = f"Pei & Jurgens dev ({len(data)} sentences)"
    return [
        {"data": base, "metric": "Pearson r (certainty, rating)", "value": pearson.statistic},
        {"data": base, "metric": "  95% CI low", "value": ci.low},
        {"data": base, "metric": "  95% CI high", "value": ci.high},
        {"data": base, "metric": "Spearman rho", "value": spearman.statistic},
        {"data": base, "metric": "mean rating, hedged sentences", "value": label[hedged].mean()},
        {"data": base, "metric": "mean rating, unhedged sentences",
         "value": label[~hedged].mean()},
        {"data": base, "metric": "tagging seconds", "value": seconds},
    ]


def main() -> int:
    missing = [f for f in (BIO, PJ) if not (EVAL_DIR / f).is_file()]
    if missing:
        print(f"evaluate_markers: {', '.join(missing)} not found in {EVAL_DIR}; the "
              f"development data live in ../shared/eval next to the repository.", file=sys.stderr)
        return 1
    rows = evaluate_bioscope(EVAL_DIR / BIO) + evaluate_pei_jurgens(EVAL_DIR / PJ)
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 120, "display.max_colwidth", 60):
        print(table.to_string(index=False, formatters={"value": "{:.3f}".format}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
