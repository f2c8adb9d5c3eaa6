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
from ._context import TokenContext, number_flags
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
    present = [c for c in CATEGORIES if c in set(comp.lex.category)]
    wanted = as_list(categories) if categories is not None else present
    unknown = [c for c in wanted if c not in CATEGORIES]
    if unknown:
        raise InputError(f"categories={unknown} are not stance categories; use "
                         f"{', '.join(CATEGORIES)}.")
    # tag the whole token table (no copy of it) and keep the hits of analysed paragraphs: a hit
    # and every context rule stay inside one sentence, so this equals tagging the analysed rows
    tokens = corpus.tokens
    tk = TokenContext(tokens)
    s, e, rows = match(tk, comp)
    h = marker_rules.Hits(s, e, rows, comp)
    if len(rows):
        marker_rules.apply_rules(tk, h, number_flags(tk.cats, WORDS["number_words"]))
    searched = [c for c in CATEGORIES if c in wanted]
    sel = np.isin(h.category.astype(str), wanted) if len(rows) else np.zeros(0, bool)
    if analyzed_only and len(rows):
        # only at the hits' first tokens: a mask over the whole table costs more than the rest
        sel &= corpus.analyzed_mask(tokens[["doc_id", "para_id"]].iloc[h.s])
    if not keep_rejected:
        sel &= h.keep
    sel = np.flatnonzero(sel)
    s, e = h.s[sel], h.e[sel]
    doc_codes = tokens["doc_id"].cat.codes.to_numpy()[s] if len(s) else np.zeros(0, np.int8)
    names = tokens["doc_id"].cat.categories
    texts = [corpus.text_of(d) for d in names]
    t_start = tokens["start"].to_numpy()
    t_end = tokens["end"].to_numpy()
    starts, ends = t_start[s], t_end[e]
    out = pd.DataFrame({
        "doc_id": pd.Categorical.from_codes(doc_codes, dtype=tokens["doc_id"].dtype),
        "para_id": tokens["para_id"].to_numpy()[s],
        "sent_id": tokens["sent_id"].to_numpy()[s],
        "start": starts,
        "end": ends,
        "text": pd.array([texts[d][a:b] for d, a, b in zip(doc_codes.tolist(), starts.tolist(),
                                                           ends.tolist(), strict=True)],
                         dtype="str"),
        "category": pd.Categorical(h.category[sel].astype(str), categories=searched),
        "subcategory": pd.array(h.subcategory[sel].astype(str), dtype="str"),
        "entry": pd.array(h.entry[sel].astype(str), dtype="str"),
        "rule": pd.array(h.rule[sel].astype(str), dtype="str"),
        "is_epistemic": is_epistemic(h.category[sel], h.subcategory[sel]),
    })
    if keep_rejected:
        out["is_rejected"] = ~h.keep[sel]
    order = np.lexsort((out["entry"].to_numpy(dtype=object).astype(str),
                        out["category"].cat.codes.to_numpy(), out["end"].to_numpy(),
                        out["start"].to_numpy(), doc_codes))
    out = out.iloc[order].reset_index(drop=True)
    out.attrs["categories"] = searched  # fallback for old readers; the dtype says it
    return with_old_columns(out, OLD_MARKER_COLUMNS)


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
