"""The context rules of :func:`discourse.find_markers`, read from their data file.

``discourse/resources/marker_rules.json`` describes every rule once: its id (the ``rule`` column
of a markers table), the context tag a lexicon row carries to be read by it, what it does and
where it looks, the word lists it reads and the fixed phrases it excludes. :data:`RULES`,
:data:`discourse.stance.lexicon.CONTEXT_TAGS`, ``LEXICON.md`` and the rule table of notebook 03
are all made from that file, so a rule is described in one place.

Examples
--------
>>> RULES["may_month"]
'"May" the month or a name is no hedge'
>>> "if" in WORDS["condition"]
True
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import pandas as pd

RULES_FILE = "marker_rules.json"


@lru_cache(maxsize=1)
def rulebook() -> dict:
    """The parsed rules file (a dict: ``about``, ``version``, ``tags``, ``rules``, ...)."""
    text = resources.files("discourse.resources").joinpath(RULES_FILE).read_text("utf-8")
    return json.loads(text)


def _word_lists(raw: dict) -> dict[str, frozenset]:
    """Word lists with ``@name`` references expanded."""
    out: dict[str, frozenset] = {}

    def expand(name, seen=()):
        if name in out:
            return out[name]
        if name in seen:
            raise ValueError(f"{RULES_FILE}: word list {name!r} includes itself")
        words = set()
        for w in raw[name]:
            words |= expand(w[1:], (*seen, name)) if w.startswith("@") else {w}
        out[name] = frozenset(words)
        return out[name]

    for name in raw:
        expand(name)
    return out


def rule_table() -> pd.DataFrame:
    """The context rules of the stance markers, as a table (from ``marker_rules.json``).

    Returns
    -------
    DataFrame
        One row per rule: ``id`` (what a marker's ``rule`` column records), ``tag`` (the
        context tag a lexicon row carries to be read by it, ``""`` for rules every row passes),
        ``category``, ``direction``, ``scope``, ``action``, ``description``, ``example``: the
        table LEXICON.md and notebook 03 show.

    Examples
    --------
    >>> rule_table().columns.tolist()[:3]
    ['id', 'tag', 'category']
    """
    cols = ["id", "tag", "category", "direction", "scope", "action", "description", "example"]
    df = pd.DataFrame(rulebook()["rules"])[cols]
    return df.assign(tag=df["tag"].fillna("")).reset_index(drop=True)


_BOOK = rulebook()
WORDS = _word_lists(_BOOK["word_lists"])
"""The word lists the rules read, by name (frozensets of ``norm`` forms)."""

RULES = {r["id"]: r["description"] for r in _BOOK["rules"]}
"""Rule ids recorded in the ``rule`` column, with what each does."""

CONTEXT_TAGS = {t["tag"]: t["description"] for t in _BOOK["tags"]}
"""Context tags a lexicon row may carry (``context`` column, space-separated)."""


def _phrase_words(words):
    out = set()
    for w in words:
        out |= WORDS[w[1:]] if w.startswith("@") else {w}
    return frozenset(out)


FIXED_PHRASES = {p["literal"]: (_phrase_words(p["before"]), _phrase_words(p["after"]))
                 for p in _BOOK["fixed_phrases"]}
"""Fixed phrases that rule ``fixed_phrase`` excludes: for each matched form (its ``norm``),
the words that make a fixed phrase right before it, or one or two tokens after it."""
