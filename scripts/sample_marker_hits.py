"""Draw a random sample of stance-marker hits per category for judging by hand.

Usage: ``python scripts/sample_marker_hits.py CORPUS.csv OUT.csv [--n 30] [--seed 23]``

``CORPUS.csv`` has columns ``doc_id`` and ``text`` (other columns are ignored); the corpus is not
read by tests and never copied into the repository. ``OUT.csv`` gets one row per sampled hit:
``category, entry, rule, hit, context`` (a window of words around the hit, the hit in [brackets]),
plus empty ``correct`` and ``reason`` columns to fill in by hand. ``scripts/evaluate_markers.py``
prints precision per category from a judged file (``tests/fixtures/judged_hits_conv2012.csv``).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

import discourse as dc


def sample(corpus_csv: str, n: int = 30, seed: int = 23) -> pd.DataFrame:
    df = pd.read_csv(corpus_csv)
    corpus = dc.from_texts(dict(zip(df["doc_id"].astype(str), df["text"].astype(str), strict=True)))
    m = dc.find_markers(corpus, analyzed_only=False)
    texts = dict(zip(corpus.documents["doc_id"].astype(str), corpus.documents["text"],
                     strict=True))
    rng = np.random.default_rng(seed)
    rows = []
    for cat in [c for c in m["category"].cat.categories if c in {
            "hedge", "booster", "attribution", "condition", "obligation", "attitude"}]:
        sub = m[m["category"] == cat]
        if not len(sub):
            continue
        pick = sub.iloc[np.sort(rng.choice(len(sub), min(n, len(sub)), replace=False))]
        for r in pick.itertuples():
            t = texts[str(r.doc_id)]
            left = " ".join(t[:r.start].split()[-14:])
            right = " ".join(t[r.end:].split()[:10])
            rows.append({"category": cat, "entry": r.entry, "rule": r.rule, "hit": r.text,
                         "context": f"{left} [{r.text}] {right}", "correct": "", "reason": ""})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=23)
    a = ap.parse_args(argv)
    sample(a.corpus, a.n, a.seed).to_csv(a.out, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
