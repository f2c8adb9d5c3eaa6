"""The features of a fitted stance tagger: what the rules know about a sentence, plus its words.

One dict per unit (a sentence of a corpus, or a coded sentence), feature name -> value:

* ``w=<norm>``: 1 for each word (``tokens.is_word``) of the unit, by its ``norm``;
* ``cat=<category>``: 1 when the rules found a hit of that category (the rules' own label);
* ``sub=<category>:<subcategory>``: the number of hits of that subcategory;
* ``cue=<category>:<entry>``: 1 for each lexicon entry hit (the cue words);
* ``rule=<category>:<rule>``: 1 for each context rule that decided a kept hit (not ``lexicon``);
* ``rejected=<entry>:<rule>``: 1 for each lexicon match a context rule rejected ("May" the
  month, "about" before no quantity), from ``find_markers(..., keep_rejected=True)``;
* ``epistemic``: 1 when a hit presents its proposition as not certain (``is_epistemic``).

Every hit and every context rule stay inside one sentence, so a sentence's features are the
same whether it is read in its corpus or alone (as a coded sheet holds it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def unit_features(corpus, markers: pd.DataFrame, unit_of_sentence) -> list[dict]:
    """Feature dicts of the units of ``corpus``.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    markers : DataFrame
        ``find_markers(corpus, analyzed_only=False, keep_rejected=True)`` (an ``is_rejected``
        column is optional).
    unit_of_sentence : callable
        ``f(doc_codes, sent_ids) -> (unit index array, n_units)``; a unit index of -1 drops
        the row.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It may rain in May."])
    >>> m = dc.find_markers(c, analyzed_only=False, keep_rejected=True)
    >>> f = unit_features(c, m, lambda d, s: (np.zeros(len(d), int), 1))[0]
    >>> f["cat=hedge"], f["cue=hedge:may"], f["rejected=may:may_month"], f["w=rain"]
    (1.0, 1.0, 1.0, 1.0)
    """
    tokens = corpus.tokens
    words = tokens[tokens["is_word"].to_numpy()]
    unit, n_units = unit_of_sentence(words["doc_id"].cat.codes.to_numpy(),
                                     words["sent_id"].to_numpy())
    out: list[dict] = [{} for _ in range(n_units)]
    norms = words["norm"].astype(str).str.lower().to_numpy(dtype=object)
    for u, w in zip(unit.tolist(), norms.tolist(), strict=True):
        if u >= 0:
            out[u]["w=" + w] = 1.0
    if not len(markers):
        return out
    codes = pd.Index(corpus.doc_ids).get_indexer(markers["doc_id"].astype(str))
    unit, _ = unit_of_sentence(codes, markers["sent_id"].to_numpy())
    rejected = (markers["is_rejected"].to_numpy(dtype=bool) if "is_rejected" in markers
                else np.zeros(len(markers), bool))
    epistemic = (markers["is_epistemic"].to_numpy(dtype=bool) if "is_epistemic" in markers
                 else np.zeros(len(markers), bool))
    rows = zip(unit.tolist(), markers["category"].astype(str).tolist(),
               markers["subcategory"].astype(str).tolist(),
               markers["entry"].astype(str).tolist(), markers["rule"].astype(str).tolist(),
               rejected.tolist(), epistemic.tolist(), strict=True)
    for u, cat, sub, entry, rule, rej, epi in rows:
        if u < 0:
            continue
        f = out[u]
        if rej:
            f[f"rejected={entry}:{rule}"] = 1.0
            continue
        f["cat=" + cat] = 1.0
        key = f"sub={cat}:{sub}"
        f[key] = f.get(key, 0.0) + 1.0
        f[f"cue={cat}:{entry}"] = 1.0
        if rule != "lexicon":
            f[f"rule={cat}:{rule}"] = 1.0
        if epi:
            f["epistemic"] = 1.0
    return out


def sentence_units(corpus, sentences: pd.DataFrame):
    """``unit_of_sentence`` for the rows of ``sentences`` (``doc_id``, ``sent_id``): a token or
    hit in another sentence gets -1."""
    key = _key(pd.Index(corpus.doc_ids).get_indexer(sentences["doc_id"].astype(str)),
               sentences["sent_id"].to_numpy())
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]

    def unit_of(doc_codes, sent_ids):
        k = _key(doc_codes, sent_ids)
        pos = np.searchsorted(sorted_key, k)
        pos_c = np.minimum(pos, max(len(sorted_key) - 1, 0))
        found = (pos < len(sorted_key)) & (sorted_key[pos_c] == k) if len(sorted_key) \
            else np.zeros(len(k), bool)
        return np.where(found, order[pos_c], -1), len(sentences)

    return unit_of


def document_units(corpus):
    """``unit_of_sentence`` that makes each document one unit (a coded sentence read alone)."""
    n = len(corpus.doc_ids)
    return lambda doc_codes, sent_ids: (np.asarray(doc_codes, dtype=np.int64), n)


def _key(doc_codes, sent_ids) -> np.ndarray:
    return (np.asarray(doc_codes, dtype=np.int64) << 32) | np.asarray(sent_ids, dtype=np.int64)
