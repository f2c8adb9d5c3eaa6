"""Cue-level precision and recall of the stance markers on the built-in example (``make eval``).

Data: ``tests/fixtures/judged_cues_example.csv``, every hedge, booster and attribution cue of
the example's 88 analysed sentences, written out by an annotator who saw the category guide
(hedge: the writer withholds commitment; booster: the writer asserts certainty; attribution: a
reporting verb or noun gives content to another source) and neither the rules nor the tagger's
output (issue 23, round 7). Columns ``doc_id, sent_id, text`` and ``<category>_cues``: the cues
as written in the sentence, separated by " | ".

A cue and a hit of the same category match when their character spans in the sentence
overlap; each hit matches at most one cue, cues taken left to right. Then, per category,
``precision = matched / hits``, ``recall = matched / cues``, ``F1 = 2PR / (P + R)``.

    .venv/bin/python scripts/evaluate_example_cues.py            # the table
    .venv/bin/python scripts/evaluate_example_cues.py --errors   # every miss and false alarm
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import discourse as dc

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "judged_cues_example.csv"
CATEGORIES = ("hedge", "booster", "attribution")


def cue_spans(text: str, cues: str) -> list[tuple[int, int, str]]:
    """Where each cue of ``cues`` ("a | b") stands in ``text``: the first place at or after
    the previous cue's start, else the first anywhere.

    >>> cue_spans("It may rain, it may not.", "may | may")
    [(3, 6, 'may'), (16, 19, 'may')]
    """
    out, pos = [], 0
    for cue in (c.strip() for c in str(cues).split("|")):
        if not cue or cue == "nan":
            continue
        k = text.find(cue, pos)
        k = text.find(cue) if k < 0 else k
        if k >= 0:
            out.append((k, k + len(cue), cue))
            pos = k + 1
    return out


def match(cues: list[tuple[int, int, str]], hits: list[tuple[int, int, str]]
          ) -> tuple[int, list, list]:
    """Matched count, missed cues and unmatched hits (overlapping spans match, each hit once).

    >>> match([(0, 3, "may")], [(0, 3, "may"), (5, 9, "seem")])
    (1, [], [(5, 9, 'seem')])
    """
    used, missed = set(), []
    for a, b, cue in cues:
        j = next((i for i, (ha, hb, _) in enumerate(hits) if i not in used and ha < b
                  and a < hb), None)
        if j is None:
            missed.append((a, b, cue))
        else:
            used.add(j)
    return len(used), missed, [h for i, h in enumerate(hits) if i not in used]


def example_cue_scores(path: Path = FIXTURE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per category: cues, hits, matched, precision, recall, F1; and every error
    (``category, kind, doc_id, sent_id, cue or hit, text``)."""
    gold = pd.read_csv(path, dtype={"doc_id": str})
    corpus = dc.load_example()
    sents = corpus.analyzed("sentences")
    starts = {(str(d), int(i)): int(s) for d, i, s in zip(sents.doc_id, sents.sent_id,
                                                         sents.start, strict=True)}
    m = dc.find_markers(corpus)
    rows, errors = [], []
    for cat in CATEGORIES:
        hits_of = {}
        for h in m[m.category == cat].itertuples():
            key = (str(h.doc_id), int(h.sent_id))
            s0 = starts[key]
            hits_of.setdefault(key, []).append((int(h.start) - s0, int(h.end) - s0, h.text))
        n_cues = n_hits = n_match = 0
        for g in gold.itertuples():
            key = (g.doc_id, int(g.sent_id))
            cues, hits = cue_spans(g.text, getattr(g, f"{cat}_cues")), hits_of.get(key, [])
            k, missed, extra = match(cues, hits)
            n_cues, n_hits, n_match = n_cues + len(cues), n_hits + len(hits), n_match + k
            errors += [(cat, "miss", *key, c[2], g.text) for c in missed]
            errors += [(cat, "false alarm", *key, h[2], g.text) for h in extra]
        p = n_match / n_hits if n_hits else float("nan")
        r = n_match / n_cues if n_cues else float("nan")
        rows.append((cat, n_cues, n_hits, n_match, p, r, 2 * p * r / (p + r) if p + r else 0.0))
    table = pd.DataFrame(rows, columns=["category", "cues", "hits", "matched", "precision",
                                        "recall", "F1"]).set_index("category")
    return table, pd.DataFrame(errors, columns=["category", "kind", "doc_id", "sent_id",
                                                "words", "text"])


def main() -> int:
    table, errors = example_cue_scores()
    print("\nThe example, cue level: every hedge, booster and attribution cue of its 88 "
          "sentences annotated blind (tests/fixtures/judged_cues_example.csv):")
    print(table.round(2).to_string())
    if "--errors" in sys.argv[1:]:
        print(errors.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
