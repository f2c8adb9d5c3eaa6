"""Stance markers: every hedge, booster, condition, attribution, attitude, self-mention,
engagement and informal marker in a corpus, with the lexicon entry and the context rule behind
each hit.

How it works, in three modules a reader can hold:

1. **Lexicon match** (:mod:`discourse.stance._match`): every form of the lexicon
   (:func:`discourse.load_lexicon`) is found in the token table in one vectorised pass; within a
   category the longest match wins.
2. **Context rules** (:mod:`discourse.stance.marker_rules`): each match is kept, rejected or
   recategorised by the rules its lexicon row's ``context`` tags name. What each rule does,
   where it looks and the words it reads are data: ``discourse/resources/marker_rules.json``,
   documented (generated) in ``discourse/resources/LEXICON.md``; :data:`RULES` lists the ids.
3. **This module**: :func:`find_markers` assembles the table and adds ``is_epistemic`` (does
   the hit present its proposition as not certain?); :func:`rule_counts` tallies the rules.

Hedges carry a ``subcategory`` that separates *epistemic* hedges (modals, belief and other
epistemic verbs, adverbs, adjectives, nouns: the proposition may not be true) from *scope* hedges
(subcategories starting ``"scope:"``: approximators, frequency and generality, downtoners,
vagueness: the proposition is true of a limited range). Conditions ("if", "unless", "provided
that") are a category of their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._backend import dispatch
from .._compat import with_old_columns
from .._memory import small_pages
from .._validate import InputError, as_list
from . import marker_rules
from ._context import TokenContext, number_flags, shared_vocab
from ._match import _longest, match, resolve  # noqa: F401  (_longest: tests)
from ._rulebook import FIXED_PHRASES, RULES, WORDS, rule_table
from .lexicon import CATEGORIES

__all__ = ["FIXED_PHRASES", "MARKER_COLUMNS", "OLD_MARKER_COLUMNS", "RULES", "find_markers",
           "is_epistemic", "rule_counts", "rule_table"]

MARKER_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "text", "category",
                  "subcategory", "entry", "rule", "is_epistemic"]
"""Columns of a markers table, in order."""

OLD_MARKER_COLUMNS = {"epistemic": "is_epistemic"}
"""Old names of the markers table's columns, still readable (with a warning) for one round."""

SCOPE_PREFIX = "scope"
"""Hedge subcategories starting with this are scope hedges (not epistemic)."""


def is_epistemic(category, subcategory) -> np.ndarray:
    """Does a hit present its proposition as not certain?

    True for an epistemic hedge (a hedge whose subcategory does not start with ``"scope"``)
    and for a condition; False for scope hedges and every other category.

    Examples
    --------
    >>> is_epistemic(["hedge", "hedge", "condition", "booster"],
    ...              ["epistemic modal", "scope: approximator", "conditional", ""]).tolist()
    [True, False, True, False]
    """
    cat = np.asarray(category, dtype=object).astype(str)
    sub = np.asarray(subcategory, dtype=object).astype(str)
    scope = np.char.startswith(sub.astype("U"), SCOPE_PREFIX) if len(sub) else np.zeros(0, bool)
    return ((cat == "hedge") & ~scope) | (cat == "condition")


@dispatch  # a Dask corpus: see discourse._backend
@small_pages
def find_markers(corpus, *, lexicon=None, categories=None, analyzed_only: bool = True,
                 keep_rejected: bool = False) -> pd.DataFrame:
    """Find every stance marker in a corpus: one row per hit, with its entry and rule.

    Parameters
    ----------
    corpus : Corpus
        Any corpus (``dc.load_example()``, ``dc.from_texts([...])``, ...).
    lexicon : DataFrame, str or Path, optional
        The lexicon: a table like :func:`discourse.load_lexicon` returns, or the path of a CSV
        file. Default: the shipped lexicon (see ``discourse/resources/LEXICON.md``).
    categories : str or list of str, optional
        Keep only hits of these categories (after the rules: a negated booster is a hedge).
        Default: all categories of the lexicon.
    analyzed_only : bool, default True
        Search only analysed paragraphs (``paragraphs.is_analyzed``, the body by default), the
        paragraphs whose words :func:`discourse.marker_rates` counts.
    keep_rejected : bool, default False
        Also return the lexicon matches that a context rule rejected, with a boolean column
        ``is_rejected`` (their ``rule`` says which rule rejected them). For checking the rules.

    Returns
    -------
    DataFrame
        One row per hit, in document order then by ``start``: ``doc_id`` (categorical, as in
        the corpus), ``para_id``, ``sent_id`` (of the hit's first token), ``start``, ``end``
        (offsets into ``documents.text``; a multiword hit runs from its first token's start to
        its last token's end, so ``text == documents.text[start:end]``), ``text`` (the words as
        written), ``category`` (a Categorical whose categories are the categories searched,
        in :data:`~discourse.stance.lexicon.CATEGORIES` order, so that rates can show zero counts;
        also in ``attrs["categories"]`` for old readers), ``subcategory`` (for hedges,
        ``scope: ...`` marks a scope hedge), ``entry`` (the lexicon entry), ``rule`` (the
        context rule that decided the hit, :data:`RULES`; ``lexicon`` when none did),
        ``is_epistemic`` (the hit presents its proposition as not certain: an epistemic hedge
        or a condition, :func:`is_epistemic`). The same words may be two hits of two
        categories ("reportedly": hedge and attribution, rule ``dual_role``; "experts
        believe": a belief hedge and attribution). RangeIndex. The old column name
        ``epistemic`` still reads ``is_epistemic``, with a warning, for one round.

    Notes
    -----
    Matching is on ``norm`` (casefolded, curly quotes straight); the case-sensitive rules
    ("May", "US", "I") read the token ``text``. See the module docstring for every rule.
    On a corpus of :data:`TWO_PROCESSES_FROM` tokens or more, when a second core is idle, the
    second half of the documents is searched in a second (forked) process: a match and every
    rule stay inside one document, so the table is the same row for row.

    References
    ----------
    Hyland, K. (2005). *Metadiscourse: Exploring Interaction in Writing*. London: Continuum.
    Hyland, K. (2005). Stance and engagement: a model of interaction in academic discourse.
    *Discourse Studies* 7(2), 173-192. https://doi.org/10.1177/1461445605050365

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It is far from clear that prices may fall, experts say."])
    >>> find_markers(c)[["text", "category", "entry", "rule"]]
        text     category  entry             rule
    0  clear        hedge  clear  negated_booster
    1    may        hedge    may          lexicon
    2    say  attribution    say      third_party
    """
    if not hasattr(corpus, "tokens") or not hasattr(corpus, "analyzed"):
        raise InputError(f"corpus must be a discourse Corpus (dc.load_example(), "
                         f"dc.from_texts(...)), got {type(corpus).__name__}.")
    comp = resolve(lexicon)
    lex_categories = set(comp.lex.category.tolist())
    present = [c for c in CATEGORIES if c in lex_categories]
    wanted = as_list(categories) if categories is not None else present
    unknown = [c for c in wanted if c not in CATEGORIES]
    if unknown:
        raise InputError(f"categories={unknown} are not stance categories; use "
                         f"{', '.join(CATEGORIES)}.")
    # tag the whole token table (no copy of it) and keep the hits of analysed paragraphs: a hit
    # and every context rule stay inside one sentence, so this equals tagging the analysed rows
    tokens = corpus.tokens
    h = _decided_hits(tokens, comp)
    searched = [c for c in CATEGORIES if c in wanted]
    # the hits kept (in analysed paragraphs) first, then their string columns as codes into
    # their few distinct values (str() of each, as astype(str) makes them): one hash pass each
    sel = np.arange(len(h.s)) if keep_rejected else np.flatnonzero(h.keep)
    if analyzed_only and len(sel):
        # only at the hits' first tokens: a mask over the whole table costs more than the rest
        sel = sel[corpus.analyzed_mask(tokens[["doc_id", "para_id"]].iloc[h.s[sel]])]
    cat_codes, cat_values = _factorized(h.category[sel])
    wanted_at = np.flatnonzero(np.isin(cat_values, wanted)[cat_codes])
    sel, cat_codes = sel[wanted_at], cat_codes[wanted_at]
    entry_codes, entry_values = _factorized(h.entry[sel])
    doc_all = tokens["doc_id"].cat.codes.to_numpy()
    t_start = tokens["start"].to_numpy()
    t_end = tokens["end"].to_numpy()
    # the table's order (document, start, end, category, entry), taken before any column is made
    cat_rank = pd.Index(searched, dtype=object).get_indexer(cat_values)
    order = np.lexsort((_ranks(entry_values)[entry_codes], cat_rank[cat_codes],
                        t_end[h.e[sel]], t_start[h.s[sel]], doc_all[h.s[sel]]))
    sel, cat_codes, entry_codes = sel[order], cat_codes[order], entry_codes[order]
    s, e = h.s[sel], h.e[sel]
    doc_codes = doc_all[s] if len(s) else np.zeros(0, np.int8)
    names = tokens["doc_id"].cat.categories
    texts = [corpus.text_of(d) for d in names]
    starts, ends = t_start[s], t_end[e]
    sub_codes, sub_values = _factorized(h.subcategory[sel])
    rule_codes, rule_values = _factorized(h.rule[sel])
    # is_epistemic, from the distinct categories and subcategories read at the hits' codes
    scope = np.array([v.startswith(SCOPE_PREFIX) for v in sub_values], dtype=bool)
    epistemic = (((cat_values == "hedge")[cat_codes] & ~scope[sub_codes])
                 | (cat_values == "condition")[cat_codes])
    out = pd.DataFrame({
        "doc_id": pd.Categorical.from_codes(doc_codes, dtype=tokens["doc_id"].dtype),
        "para_id": tokens["para_id"].to_numpy()[s],
        "sent_id": tokens["sent_id"].to_numpy()[s],
        "start": starts,
        "end": ends,
        "text": _str_array([texts[d][a:b] for d, a, b in zip(doc_codes.tolist(),
                                                             starts.tolist(), ends.tolist(),
                                                             strict=True)]),
        "category": pd.Categorical.from_codes(cat_rank[cat_codes], categories=searched),
        "subcategory": _str_array(sub_values, sub_codes),
        "entry": _str_array(entry_values, entry_codes),
        "rule": _str_array(rule_values, rule_codes),
        "is_epistemic": epistemic,
    })
    if keep_rejected:
        out["is_rejected"] = ~h.keep[sel]
    out.attrs["categories"] = searched  # fallback for old readers; the dtype says it
    return with_old_columns(out, OLD_MARKER_COLUMNS)


def _factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the distinct values of an object array, and those values as ``str()`` makes
    them (what ``values.astype(str)`` gives each element: NaN is "nan", None "None")."""
    missing = pd.isna(values)
    if missing.any():  # None, NaN, ...: each its own str() (factorize would make them one)
        values = values.copy()
        values[missing] = [str(v) for v in values[missing]]
    codes, uniques = pd.factorize(values)
    return codes, np.array([str(u) for u in uniques], dtype=object)


def _ranks(values: np.ndarray) -> np.ndarray:
    """Each string's rank in code-point order (the order of a sort of the strings)."""
    rank = np.empty(len(values), dtype=np.int64)
    rank[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
    return rank


def _str_array(values, codes: np.ndarray | None = None):
    """A pandas string array of ``values`` (Python strings), or of ``values[codes]``, made in
    Arrow."""
    import pyarrow as pa

    arr = pa.array(list(values), type=pa.large_string())
    if codes is not None:
        arr = arr.take(pa.array(codes, type=pa.int64()))
    return pd.array(arr, dtype="str")


# -- the lexicon matches and the rules' decisions, in one process or two -------------------------
_DECIDED = ("s", "e", "category", "subcategory", "entry", "rule", "keep")
TWO_PROCESSES_FROM = 2_000_000
"""Tokens from which :func:`find_markers` decides the hits of the second half of the documents
in a second process, when a second core is idle (:func:`discourse.text.build._default_jobs`).
Measured on 2 cores at load 1.1-1.3: 1.15M tokens 0.28 s in one process and 0.33 s in two
(forking costs what the second core saves); 3.4M tokens 0.78 s and 0.59 s."""
_FORKED: tuple = ()  # (tokens, comp) for the forked process: inherited, never pickled


def _decide(tokens: pd.DataFrame, comp, vocab: dict | None = None) -> dict:
    """Every lexicon match of ``tokens`` and what the context rules decided about it: arrays
    (first token, last token, category, subcategory, entry, rule, keep), one entry per match.
    ``vocab``: what the parts of one table share (:func:`._context.shared_vocab`)."""
    tk = TokenContext(tokens, vocab)
    s, e, rows = match(tk, comp)
    h = marker_rules.Hits(s, e, rows, comp)
    if len(rows):
        if "numbers" not in tk.vocab:
            tk.vocab["numbers"] = number_flags(tk.cats, WORDS["number_words"])
        marker_rules.apply_rules(tk, h, tk.vocab["numbers"])
    return {k: getattr(h, k) for k in _DECIDED}


def _decide_rows(a: int, b: int) -> dict:
    tokens, comp = _FORKED
    return _decide_in_parts(tokens.iloc[a:b], comp)


def _halves(tokens: pd.DataFrame) -> int:
    """Where to cut the token table in two: the first row of a new document at or after the
    middle (0: no cut). A match and every rule stay inside one document (its sentences, the one
    before and the one after), so the two halves decide exactly what the whole table does."""
    cuts = _cuts(tokens, size=max(len(tokens) // 2, 1))
    return cuts[0] if cuts else 0


PART_TOKENS = 2_000_000
""":func:`_decide` reads the token table in parts of about this many tokens (cut between
documents, :func:`_cuts`): its working arrays (a few dozen bytes a token) then grow with a part,
not with the corpus (10M words in one process: the markers' peak 450 MB above the tables' in one
part, 30 MB in parts of 2M tokens, in the same time), and the answer is the same (a match and
every rule stay inside one document)."""


def _cuts(tokens: pd.DataFrame, size: int | None = None) -> list[int]:
    """The rows where the parts of ``tokens`` begin after the first: the first row of a new
    document at or after every ``size`` rows (none for a table of ``size`` rows or fewer).

    >>> t = pd.DataFrame({"doc_id": pd.Categorical(list("aabbbc"))})
    >>> _cuts(t, size=2), _cuts(t, size=4), _cuts(t, size=6)
    ([2, 5], [5], [])
    """
    size = PART_TOKENS if size is None else size
    codes = tokens["doc_id"].cat.codes.to_numpy()
    cuts, at = [], size
    while at < len(codes):
        change = _next_change(codes, at)
        if change < 0:
            break
        cuts.append(change)
        at = change + size
    return cuts


def _next_change(codes: np.ndarray, at: int) -> int:
    """The first row at or after ``at`` whose code differs from row ``at - 1``'s (-1: none),
    read a block at a time: a document is a few thousand rows, the table millions."""
    step = 1 << 14
    while at < len(codes):
        change = np.flatnonzero(codes[at:at + step] != codes[at - 1])
        if len(change):
            return at + int(change[0])
        at += step
        step *= 2
    return -1


def _decide_in_parts(tokens: pd.DataFrame, comp) -> dict:
    """:func:`_decide` on ``tokens`` a part at a time (:data:`PART_TOKENS`), the parts'
    arrays joined (each part's rows offset by its first row): the same arrays as one call."""
    bounds = [0, *_cuts(tokens), len(tokens)]
    if len(bounds) == 2:
        return _decide(tokens, comp)
    parts, vocab = [], shared_vocab(tokens)
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        part = _decide(tokens.iloc[a:b], comp, vocab)
        part["s"] = part["s"] + a
        part["e"] = part["e"] + a
        parts.append(part)
    return {k: np.concatenate([p[k] for p in parts]) for k in _DECIDED}


def _two_processes(n_tokens: int) -> bool:
    import multiprocessing as mp

    from ..text.build import TWO_JOBS_FROM, _default_jobs

    # never in a process of a pool (a Dask worker, the table builder's workers): no children
    return (n_tokens >= TWO_PROCESSES_FROM and "fork" in mp.get_all_start_methods()
            and mp.parent_process() is None and not mp.current_process().daemon
            and _default_jobs(TWO_JOBS_FROM) > 1)


def _decided_hits(tokens: pd.DataFrame, comp):
    """:func:`_decide` on the whole token table; on a large one with a second core idle, the
    second half of the documents in a forked process while this one decides the first (the
    same arrays, in the same order: each half's matches are in the whole table's order)."""
    import types

    cut = _halves(tokens) if _two_processes(len(tokens)) else 0
    if not cut:
        return types.SimpleNamespace(**_decide_in_parts(tokens, comp))
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED
    _FORKED = (tokens, comp)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork")) as pool:
            second = pool.submit(_decide_rows, cut, len(tokens))
            first = _decide_in_parts(tokens.iloc[:cut], comp)
            second = second.result()
    finally:
        _FORKED = ()
    second["s"] = second["s"] + cut
    second["e"] = second["e"] + cut
    return types.SimpleNamespace(**{k: np.concatenate([first[k], second[k]])
                                    for k in _DECIDED})


def rule_counts(markers: pd.DataFrame) -> pd.DataFrame:
    """How often each context rule decided a hit: one row per rule and category.

    Parameters
    ----------
    markers : DataFrame
        The output of :func:`find_markers` (with ``keep_rejected=True`` to see rejections too).

    Returns
    -------
    DataFrame
        ``rule``, ``category``, ``n`` (hits kept), ``n_rejected`` (0 without an
        ``is_rejected`` column), sorted by ``n + n_rejected`` descending, then ``rule``.

    Examples
    --------
    >>> import discourse as dc
    >>> m = find_markers(dc.from_texts(["In May we may go, not always by car."]),
    ...                  keep_rejected=True)
    >>> rule_counts(m)
                  rule      category  n  n_rejected
    0          lexicon         hedge  1           0
    1          lexicon  self_mention  1           0
    2        may_month         hedge  0           1
    3  negated_booster         hedge  1           0
    """
    rej = markers["is_rejected"].to_numpy(dtype=bool) if "is_rejected" in markers else np.zeros(
        len(markers), dtype=bool)
    df = pd.DataFrame({"rule": markers["rule"].astype(str), "category":
                       markers["category"].astype(str), "kept": ~rej, "rejected": rej})
    out = df.groupby(["rule", "category"], sort=False).agg(n=("kept", "sum"),
                                                         n_rejected=("rejected", "sum"))
    out = out.reset_index().astype({"n": "int64", "n_rejected": "int64"})
    out["_t"] = out.n + out.n_rejected
    out = out.sort_values(["_t", "rule", "category"], ascending=[False, True, True],
                          kind="stable")
    return out.drop(columns="_t").reset_index(drop=True)
