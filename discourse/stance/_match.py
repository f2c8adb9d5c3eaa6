"""Lexicon matching for the stance markers: every form of the lexicon found in a token table.

Every form of the lexicon (:func:`discourse.load_lexicon`) is tokenized like the corpus and
matched on the ``norm`` column in one pass over the token table: the token codes are mapped to
lexicon-vocabulary ids (a lookup per distinct token, not per token), and a prefix tree of the
forms is walked for all positions at once with numpy, one step per token of the longest form.
Forms never cross a sentence. Within a category the longest match wins ("made it clear" over
"clear"); different categories may share tokens ("in my view" is a hedge and "my" a
self-mention). The context rules (:mod:`discourse.stance.marker_rules`) then decide each match.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ._context import TokenContext
from .lexicon import (
    CATEGORIES,
    CONTEXT_TAGS,
    _default_lexicon,
    check_lexicon,
    form_tokens,
    split_forms,
)
from .lexicon import load_lexicon as _load_lexicon


# -- the compiled lexicon --------------------------------------------------------------------
@dataclass(frozen=True)
class _Compiled:
    lex: pd.DataFrame
    vocab: pd.Index            # exact single tokens of the forms
    wild: tuple                # (suffix, vocab id) of wildcard forms
    keys: np.ndarray           # sorted trie transition keys: state * width + vocab id
    next_state: np.ndarray
    terminal: np.ndarray       # form id of each state, -1 if none
    width: int
    max_len: int
    form_ptr: np.ndarray       # rows of form f: form_rows[form_ptr[f]:form_ptr[f + 1]]
    form_rows: np.ndarray
    row_cat: np.ndarray        # category index of each lexicon row
    row_tags: dict             # tag -> boolean array over rows
    row_dual: np.ndarray       # entry listed in more than one category


def _compile(lex: pd.DataFrame) -> _Compiled:
    forms: dict[tuple, list[int]] = {}
    for r, (entry, fcell) in enumerate(zip(lex.entry.tolist(), lex.forms.tolist(), strict=True)):
        for form in split_forms(fcell or entry):
            forms.setdefault(form_tokens(form), []).append(r)
    vocab_list = sorted({t for f in forms for t in f})
    vocab = {t: i for i, t in enumerate(vocab_list)}
    width = len(vocab_list) + 1
    trans: dict[tuple[int, int], int] = {}
    terminal = [-1]
    form_keys = list(forms)
    for fid, toks in enumerate(form_keys):
        state = 0
        for t in toks:
            key = (state, vocab[t])
            if key not in trans:
                trans[key] = len(terminal)
                terminal.append(-1)
            state = trans[key]
        terminal[state] = fid
    keys = np.array([s * width + v for s, v in trans], dtype=np.int64)
    nxt = np.array(list(trans.values()), dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    counts = [len(forms[f]) for f in form_keys]
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    rows = np.array([r for f in form_keys for r in forms[f]], dtype=np.int64)
    cat_index = {c: i for i, c in enumerate(CATEGORIES)}
    contexts = [set(c.split()) for c in lex.context.tolist()]  # lists: no Arrow iteration
    tags = {t: np.array([t in c for c in contexts], dtype=bool) for t in CONTEXT_TAGS}
    n_cat = lex.groupby("entry")["category"].transform("nunique").to_numpy()
    return _Compiled(
        lex=lex, vocab=pd.Index(vocab_list, dtype=object),
        wild=tuple((t[1:], vocab[t]) for t in vocab_list if t.startswith("*")),
        keys=keys[order], next_state=nxt[order], terminal=np.array(terminal, dtype=np.int64),
        width=width, max_len=max((len(f) for f in form_keys), default=0), form_ptr=ptr,
        form_rows=rows, row_cat=lex.category.map(cat_index).to_numpy().astype(np.int64),
        row_tags=tags, row_dual=n_cat > 1,
    )


@lru_cache(maxsize=1)
def _default_compiled() -> _Compiled:
    return _compile(_default_lexicon())


def resolve(lexicon) -> _Compiled:
    if lexicon is None:
        return _default_compiled()
    if isinstance(lexicon, pd.DataFrame):
        return _compile(check_lexicon(lexicon, where="lexicon"))
    return _compile(_load_lexicon(lexicon))


# -- matching --------------------------------------------------------------------------------
def match(tk: TokenContext, comp: _Compiled):
    """All lexicon matches: first token, last token, lexicon row (arrays)."""
    empty = np.zeros(0, dtype=np.int64)
    if tk.n == 0 or comp.max_len == 0:
        return empty, empty, empty
    key = ("lexicon ids", id(comp))  # the same for every part of a table: worked out once
    if key not in tk.vocab:
        tk.vocab[key] = _lexicon_ids(tk, comp)
    cat_vid = tk.vocab[key]

    def step(state, vid):
        q = state * comp.width + vid
        i = np.searchsorted(comp.keys, q)
        i = np.minimum(i, len(comp.keys) - 1)
        return np.where(comp.keys[i] == q, comp.next_state[i], -1)

    def v(p):  # the vocabulary id of the tokens at p (-1: not a word of any form)
        return cat_vid[tk.codes[p]]

    # the first step once per category, not per token: only tokens that can open a form start
    first = np.full(len(cat_vid), -1, dtype=np.int64)
    known = cat_vid >= 0
    first[known] = step(np.zeros(int(known.sum()), dtype=np.int64), cat_vid[known])
    starts = np.flatnonzero((first >= 0)[tk.codes])
    state = first[tk.codes[starts]]
    out_s, out_e, out_f = [], [], []
    k = 0
    while len(starts):
        term = comp.terminal[state]
        m = term >= 0
        out_s.append(starts[m])
        out_e.append(starts[m] + k)
        out_f.append(term[m])
        k += 1
        if k >= comp.max_len:
            break
        p = starts + k
        ok = p < tk.n
        starts, state, p = starts[ok], state[ok], p[ok]
        vp = v(p)
        ok = (tk.sid[p] == tk.sid[starts]) & (vp >= 0)
        starts, state, p = starts[ok], state[ok], p[ok]
        state = step(state, vp[ok])
        ok = state >= 0
        starts, state = starts[ok], state[ok]
    s, e, f = (np.concatenate(x) if x else empty for x in (out_s, out_e, out_f))
    # one hit per lexicon row of each matched form
    n_rows = comp.form_ptr[f + 1] - comp.form_ptr[f]
    idx = np.repeat(np.arange(len(f)), n_rows)
    within = np.arange(len(idx)) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    rows = comp.form_rows[comp.form_ptr[f][idx] + within]
    s, e = s[idx], e[idx]
    return _longest(s, e, rows, comp.row_cat, tk.n)


def _lexicon_ids(tk: TokenContext, comp: _Compiled) -> np.ndarray:
    """The lexicon-vocabulary id of every norm category (-1: no word of any form)."""
    cat_vid = comp.vocab.get_indexer(tk.cats).astype(np.int64)
    if comp.wild:  # one pass over the vocabulary for every suffix, then each suffix in turn
        suffixes = tuple(suffix for suffix, _ in comp.wild)
        some = np.array([c.endswith(suffixes) for c in tk.cats], dtype=bool)
        some &= cat_vid < 0
        cands = np.flatnonzero(some)
        words = tk.cats[cands].tolist()
        for suffix, vid in comp.wild:  # the first suffix a word ends with wins
            m = np.array([w.endswith(suffix) for w in words], dtype=bool)
            m &= cat_vid[cands] < 0
            cat_vid[cands[m]] = vid
    return cat_vid


def _longest(s, e, rows, row_cat, n):
    """Within each category keep the longest match, leftmost first, among overlapping ones."""
    cat = row_cat[rows]
    multi = np.flatnonzero(e > s)
    if len(multi) == 0:
        return s, e, rows
    order = multi[np.lexsort((-(e[multi] - s[multi]), s[multi], cat[multi]))]
    accepted, last_end = [], {}
    # Python ints, not NumPy scalars: this loop runs once per multiword match
    for i, c, a, b in zip(order.tolist(), cat[order].tolist(), s[order].tolist(),
                          e[order].tolist(), strict=True):
        if a > last_end.get(c, -1):
            accepted.append(i)
            last_end[c] = b
    accepted = np.array(accepted, dtype=np.int64)
    lens = e[accepted] - s[accepted] + 1
    tok = np.repeat(s[accepted], lens) + (np.arange(lens.sum()) - np.repeat(
        np.cumsum(lens) - lens, lens))
    # per token, a bit for each category whose accepted multiword match covers it (a mask,
    # not a sort of (category, token) keys)
    dtype = np.uint16 if int(cat.max()) < 16 else np.uint64  # 9 categories: 16 bits
    bit = np.left_shift(dtype(1), cat.astype(dtype))
    covered = np.zeros(n, dtype=dtype)
    np.bitwise_or.at(covered, tok, np.repeat(bit[accepted], lens))
    single = np.flatnonzero(e == s)
    single = single[(covered[s[single]] & bit[single]) == 0]
    keep = np.sort(np.concatenate([single, accepted]))
    return s[keep], e[keep], rows[keep]
