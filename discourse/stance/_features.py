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


_COMPENSATED = sum([1.0, 1e100, 1.0, -1e100]) == 2.0
"""Whether Python's ``sum`` of floats is compensated (Neumaier; CPython 3.12 on) or plain."""


def unit_sums(corpus, markers: pd.DataFrame, unit_of_sentence, coefficients: dict):
    """``sum(coefficients.get(k, 0.0) * v for k, v in f.items())`` for the feature dict ``f``
    of each unit (:func:`unit_features`), without making the dicts.

    The same terms, added in the same order (the order in which the dict would hold its keys)
    by the same arithmetic as Python's ``sum``, so the very same floats, and about ten times
    faster on a large corpus. None when a coefficient is not a Python ``float`` (then the
    dicts are the way to the same numbers).

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It may rain in May. Sun."])
    >>> m = dc.find_markers(c, analyzed_only=False, keep_rejected=True)
    >>> units = lambda d, s: (np.asarray(s, dtype=np.int64), 2)
    >>> coef = {"w=rain": 0.5, "cat=hedge": 1.25, "w=sun": -2.0}
    >>> unit_sums(c, m, units, coef).tolist()
    [1.75, -2.0]
    >>> [sum(coef.get(k, 0.0) * v for k, v in f.items())
    ...  for f in unit_features(c, m, units)]
    [1.75, -2.0]
    """
    if not all(type(v) is float for v in coefficients.values()):
        return None
    tokens = corpus.tokens
    is_word = tokens["is_word"].to_numpy(dtype=bool)
    unit, n_units = unit_of_sentence(tokens["doc_id"].cat.codes.to_numpy()[is_word],
                                     tokens["sent_id"].to_numpy()[is_word])
    codes, names = _word_keys(tokens["norm"])
    keys, units = [codes[is_word]], [np.asarray(unit, dtype=np.int64)]
    if len(markers):
        m_codes, m_units, m_names = _marker_keys(corpus, markers, unit_of_sentence)
        keys.append(m_codes + len(names))
        units.append(m_units)
        names = names + m_names
    ev_key, ev_unit = np.concatenate(keys), np.concatenate(units)
    keep = ev_unit >= 0
    ev_key, ev_unit = ev_key[keep], ev_unit[keep]
    order = np.argsort(ev_unit, kind="stable")  # each unit's events, in the dicts' order
    n_keys = max(len(names), 1)
    code = ev_unit[order] * n_keys + ev_key[order]
    by_code = np.argsort(code, kind="stable")  # a unit's events of one key: earliest first
    new = np.r_[True, code[by_code][1:] != code[by_code][:-1]] if len(code) else code > 0
    starts = np.flatnonzero(new)
    seen = np.zeros(len(code))  # at the event where each (unit, key) was first seen:
    seen[by_code[starts]] = np.diff(np.r_[starts, len(code)])  # how often it is seen
    firsts = np.flatnonzero(seen)  # by unit, each unit's keys in the order first seen
    n_seen, pairs = seen[firsts], code[firsts]
    unit_of, key_of = pairs // n_keys, pairs % n_keys
    coef = np.array([coefficients.get(k, 0.0) for k in names] or [0.0])
    is_count = np.array([k.startswith("sub=") for k in names] or [False])
    terms = coef[key_of] * np.where(is_count[key_of], n_seen, 1.0)
    return _ordered_sum(terms, unit_of, n_units)


def _word_keys(norm: pd.Series) -> tuple[np.ndarray, list[str]]:
    """The key ``w=<lowercased norm>`` of each word, as codes into a list of keys."""
    if isinstance(norm.dtype, pd.CategoricalDtype):
        codes = norm.cat.codes.to_numpy().astype(np.int64)
        uniques = [str(v) for v in norm.cat.categories] + ["nan"]  # code -1: a missing norm
        codes = np.where(codes < 0, len(uniques) - 1, codes)
    else:
        codes, found = pd.factorize(norm.astype(str).to_numpy(dtype=object))
        uniques = [str(v) for v in found]
    lower, names = pd.factorize(np.array(["w=" + u.lower() for u in uniques], dtype=object))
    return lower[codes].astype(np.int64), [str(k) for k in names]


def _marker_keys(corpus, markers: pd.DataFrame, unit_of_sentence):
    """Keys of the markers' features, row by row in the order :func:`unit_features` adds
    them: ``(key codes, unit of each, key names)``."""
    codes = pd.Index(corpus.doc_ids).get_indexer(markers["doc_id"].astype(str))
    unit, _ = unit_of_sentence(codes, markers["sent_id"].to_numpy())
    n = len(markers)
    rejected = (markers["is_rejected"].to_numpy(dtype=bool) if "is_rejected" in markers
                else np.zeros(n, bool))
    epistemic = (markers["is_epistemic"].to_numpy(dtype=bool) if "is_epistemic" in markers
                 else np.zeros(n, bool))
    # each column's distinct values once; a key's text made once per distinct combination
    (cat, cats), (sub, subs), (entry, entries), (rule, rules) = (
        pd.factorize(markers[c], use_na_sentinel=False)
        for c in ("category", "subcategory", "entry", "rule"))
    lexicon = np.array([str(r) == "lexicon" for r in rules] or [False])[rule]
    slots = [  # (codes, their distinct values, the key's text, whether a row has the key)
        ((entry, rule), (entries, rules), "rejected={}:{}", rejected),
        ((cat,), (cats,), "cat={}", ~rejected),
        ((cat, sub), (cats, subs), "sub={}:{}", ~rejected),
        ((cat, entry), (cats, entries), "cue={}:{}", ~rejected),
        ((cat, rule), (cats, rules), "rule={}:{}", ~rejected & ~lexicon),
        ((np.zeros(n, np.int64),), (["epistemic"],), "{}", ~rejected & epistemic),
    ]
    texts, key = [], np.empty((n, len(slots)), np.int64)
    for j, (codes, values, form, _) in enumerate(slots):
        combo, first = np.unique(np.ravel_multi_index(codes, [len(v) for v in values]),
                                 return_inverse=True)
        parts = np.unravel_index(combo, [len(v) for v in values])
        key[:, j] = len(texts) + first.reshape(-1)
        texts += [form.format(*(str(v[i]) for v, i in zip(values, ix, strict=True)))
                  for ix in zip(*parts, strict=True)]
    merged, names = pd.factorize(np.array(texts, dtype=object))  # one code per distinct text
    key = merged[key] if len(texts) else key
    has = np.column_stack([h for *_, h in slots])
    return key[has].astype(np.int64), \
        np.repeat(np.asarray(unit, dtype=np.int64), has.sum(1)), [str(k) for k in names]


def _ordered_sum(terms: np.ndarray, unit_of: np.ndarray, n_units: int) -> np.ndarray:
    """Per unit, its ``terms`` (grouped by unit, in order) added one after the other as
    Python's ``sum`` adds floats (plain, or compensated where :data:`_COMPENSATED`)."""
    total, comp = np.zeros(n_units), np.zeros(n_units)
    if not len(terms):
        return total
    starts = np.r_[0, np.flatnonzero(np.diff(unit_of)) + 1]
    rank = np.arange(len(terms)) - np.repeat(starts, np.diff(np.r_[starts, len(terms)]))
    small = np.int16 if rank.max() < 2**15 else np.int64  # 16 bits: a radix sort
    by_rank = np.argsort(rank.astype(small), kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(rank))]
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):  # the r-th term of every unit
        idx = by_rank[lo:hi]
        u, x = unit_of[idx], terms[idx]
        s = total[u]
        t = s + x
        if _COMPENSATED:  # Neumaier, as CPython's sum (Objects/bltinmodule.c)
            comp[u] += np.where(np.abs(s) >= np.abs(x), (s - t) + x, (x - t) + s)
        total[u] = t
    if _COMPENSATED:
        fix = (comp != 0) & np.isfinite(comp)
        total[fix] += comp[fix]
    return total


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
