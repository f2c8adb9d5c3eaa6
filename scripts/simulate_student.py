"""A simulated student: code 400 (or 800) sentences of one genre, fit a tagger, score it on the
rest of that genre (issue 26). Prints a table; run by ``make eval`` next to evaluate_markers.

Genres of the development data in ``../shared/eval`` (read where they are, never copied):

* ``BioScope abstracts`` and ``BioScope full papers`` (Vincze et al. 2008, the CoNLL-2010
  training data): a sentence is coded yes when it holds at least one speculation cue. These
  annotators count "or", "whether", "can", "either", "if" as cues in some contexts.
* ``Pei & Jurgens`` (2021, MIT): science findings rated 1-6 for certainty; coded yes when the
  mean rating is below 4 (an uncertain finding), as ``dc.load_coded_example()``'s ``code_1``.

For each genre, size (400, 800) and draw (seeds 0-4): a random sample of that many records is the
coded sheet (``code_1`` = the annotation, one record one document, ``category`` "hedge"),
``dc.fit_stance`` fits the tagger on it, ``dc.sentence_stance(corpus, model=...)`` labels every
other record of the genre (a record is yes when any of its sentences is), and precision, recall
and F1 of "yes" on those held-out records are averaged over the draws. Against it: the rules
alone on the same records, "hedge" (at least one hedge hit: the rules' label for the category,
what fit_stance compares with) and "epistemic" (at least one epistemic hit: an epistemic hedge,
a belief verb or a condition, ``is_uncertain``), and a bag-of-words logistic regression with the
hedge flag as one more feature (what the issue gives for scale).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import discourse as dc

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
BIO = "uncertainty_bio_dev.jsonl"
PJ = "certainty_sentences_dev.jsonl"
SIZES = (400, 800)
SEEDS = range(5)


def genres() -> dict[str, pd.DataFrame]:
    """Each genre as ``doc_id``, ``text``, ``label`` (bool: the annotators' yes)."""
    bio = pd.read_json(EVAL_DIR / BIO, lines=True)
    pj = pd.read_json(EVAL_DIR / PJ, lines=True)
    out = {}
    for subset, name in (("abstracts", "BioScope abstracts"),
                         ("full_papers", "BioScope full papers")):
        d = bio[bio["subset"] == subset]
        out[name] = pd.DataFrame({"doc_id": d["id"], "text": d["text"],
                                  "label": d["label"].eq("uncertain")})
    out["Pei & Jurgens (rating < 4)"] = pd.DataFrame({"doc_id": pj["id"], "text": pj["text"],
                                                      "label": pj["label"] < 4})
    return {k: v.reset_index(drop=True) for k, v in out.items()}


def prf(truth, pred) -> tuple[float, float, float]:
    truth, pred = np.asarray(truth, bool), np.asarray(pred, bool)
    tp = int((truth & pred).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(truth.sum()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bag_of_words(train_text, train_y, train_flag, test_text, test_flag) -> np.ndarray:
    """Words (binary, as CountVectorizer tokenises) plus the hedge flag, logistic regression."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = CountVectorizer(binary=True)
    x = sparse.hstack([vec.fit_transform(train_text), np.asarray(train_flag, float)[:, None]])
    xt = sparse.hstack([vec.transform(test_text), np.asarray(test_flag, float)[:, None]])
    lr = LogisticRegression(max_iter=5000).fit(x.tocsr(), train_y)
    return lr.predict(xt.tocsr()).astype(bool)


def simulate(name: str, data: pd.DataFrame) -> list[dict]:
    corpus = dc.from_frame(data[["doc_id", "text"]])
    doc_of = pd.Index(corpus.doc_ids)
    stance = dc.sentence_stance(corpus)
    per_doc = stance.groupby("doc_id", observed=True)[["is_hedged", "is_uncertain"]].any()
    hedge_rule = per_doc["is_hedged"].reindex(doc_of).fillna(False).to_numpy(bool)
    epistemic_rule = per_doc["is_uncertain"].reindex(doc_of).fillna(False).to_numpy(bool)
    truth = data.set_index("doc_id")["label"].reindex(doc_of).to_numpy(bool)
    rows = []
    for size in SIZES:
        scores = {k: [] for k in ("rules: hedge", "rules: epistemic", "words + hedge flag",
                                  "fitted")}
        for seed in SEEDS:
            order = np.random.default_rng(seed).permutation(len(doc_of))
            train, test = order[:size], order[size:]
            coded = pd.DataFrame({"doc_id": doc_of[train], "sent_id": 0,
                                  "text": data.set_index("doc_id")["text"].reindex(
                                      doc_of[train]).to_numpy(),
                                  "code_1": np.where(truth[train], "yes", "no"),
                                  "category": "hedge"})
            model = dc.fit_stance(coded, n_resamples=0, random_state=seed)
            labelled = dc.sentence_stance(corpus, model=model)
            fitted = (labelled.groupby("doc_id", observed=True)["is_hedge"].any()
                      .reindex(doc_of).fillna(False).to_numpy(bool))
            texts = coded["text"].tolist()
            test_texts = data.set_index("doc_id")["text"].reindex(doc_of[test]).tolist()
            bow = bag_of_words(texts, truth[train], hedge_rule[train], test_texts,
                               hedge_rule[test])
            for key, pred in (("rules: hedge", hedge_rule[test]),
                              ("rules: epistemic", epistemic_rule[test]),
                              ("words + hedge flag", bow), ("fitted", fitted[test])):
                scores[key].append(prf(truth[test], pred))
        for key, values in scores.items():
            p, r, f = np.mean(values, axis=0)
            rows.append({"genre": name, "coded": size, "tagger": key, "precision": p,
                         "recall": r, "f1": f, "f1_sd": float(np.std([v[2] for v in values],
                                                                     ddof=1))})
    return rows


def main() -> int:
    missing = [f for f in (BIO, PJ) if not (EVAL_DIR / f).is_file()]
    if missing:
        print(f"simulate_student: {', '.join(missing)} not found in {EVAL_DIR}; the development "
              f"data live in ../shared/eval next to the repository.", file=sys.stderr)
        return 1
    start = time.time()
    rows = []
    for name, data in genres().items():
        rows += simulate(name, data)
    table = pd.DataFrame(rows)
    rules = table[table.tagger == "rules: hedge"].set_index(["genre", "coded"])["f1"]
    table["f1_gain_over_hedge_rule"] = table["f1"].to_numpy() - rules.reindex(
        pd.MultiIndex.from_frame(table[["genre", "coded"]])).to_numpy()
    print(f"Simulated student: records coded at random from one genre, scored on the rest of "
          f"that genre; mean over {len(SEEDS)} draws (f1_sd: their standard deviation).")
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(table.round(3).to_string(index=False))
    print(f"({time.time() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
