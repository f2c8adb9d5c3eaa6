"""The generic context-rule engine: rules that are a word list, a window and a direction.

A rule of ``marker_rules.json`` with a ``when`` key is run here, from its data alone, the way
medspacy's ConText rules are: the JSON says which hits it reads (``tag`` and optional
``forms``), where it looks (``before`` / ``after`` the hit, how many tokens it may ``skip`` and
within which ``window``, or anywhere in the sentence), and what it does (``action``). So the
data and the behaviour cannot drift apart. Rules whose logic is really special (negation scope,
speakers, certainty frames) stay Python functions in :mod:`discourse.stance.marker_rules`.

A rule's ``when`` is a list of patterns; the rule fires on a hit when any pattern matches. A
pattern's conditions must all hold:

``before`` / ``after``
    phrases (strings of space-separated slots). The first token left of the hit's first token
    (right of its last token) that is not in ``skip`` is the anchor; a ``before`` phrase must end
    within ``window`` tokens left of (and including) the anchor, an ``after`` phrase must start
    within ``window`` tokens right of it. A slot is a word (its ``norm``), ``a|b`` (either;
    an alternative may be any slot below: ``why|^``, ``#participle|based``),
    ``@list`` (a word list of the rules file), ``#number`` (a number or number word),
    ``#capital`` (a word written with a capital: a name), ``#word`` (any word, no punctuation),
    ``#possessive`` ("predecessor's"),
    ``#participle`` (a word of five letters or more ending in -ed: "civilized"),
    ``,``-like
    punctuation written as itself, ``^`` (the start of the sentence) or ``$`` (its end).
``skip``
    slots the anchor search passes over (at most four tokens).
``before_window`` / ``after_window``
    a ``window`` for one side only (the other keeps ``window``).
``sentence_has`` / ``sentence_lacks``
    slots one of which must (must not) occur anywhere in the hit's sentence.
``next_sentence_starts``
    slots one of which is the first word of the next sentence of the same document ("It may
    be hard. But ...").
``previous_sentence_has``
    slots one of which occurs in the sentence before, in the same document (a past narrative
    that goes on: "We treated it as our own. We would support ...").
``capitalised``
    true: the hit is written with a capital and is not the first word of its sentence.
``hit_ends``
    slots one of which is the hit's last token ("shows that": the hit brings its clause).

A rule's ``unless`` (patterns too) stops it where any of them matches.

Actions: ``reject``, ``confirm`` (record the rule, keep the hit), ``keep only if`` (confirm
where it fires, reject elsewhere), ``accept`` (keep a hit an earlier rule rejected: "my
predecessor's claim that"), ``recategorise`` (to ``to_category`` / ``to_subcategory``).
Every engine rule carries a sentence where it ``fires`` and one where it ``does_not_fire``;
``tests/test_marker_rules.py`` runs both.
"""

from __future__ import annotations

import functools
import weakref

import numpy as np

from ._context import TokenContext, sentence_sets
from ._rulebook import WORDS, rulebook

MAX_SKIP = 4
#: per token table (dropped with it): word set -> does each sentence hold one of the words
_SENTENCE_SETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def engine_rules(stage: str | None = None) -> list[dict]:
    """The rules of the rules file that the engine runs (those with ``when``), in file order."""
    return [r for r in rulebook()["rules"] if "when" in r
            and (stage is None or r.get("stage", "early") == stage)]


@functools.cache
def _slot_words(slot: str) -> frozenset:
    """The words a plain slot stands for ("a|b", "@list"), worked out once per slot text."""
    words: set = set()
    for w in slot.split("|"):
        words |= WORDS[w[1:]] if w.startswith("@") else {w}
    return frozenset(words)


class _Slots:
    """Vectorised tests of one slot of a phrase at many positions."""

    def __init__(self, tk: TokenContext, numbers: np.ndarray):
        self.tk, self.numbers = tk, numbers
        starts = tk.sent_start
        ends = np.append(starts[1:], tk.n) - 1
        self.first = starts
        self.last = ends
        self.sent_doc = tk.sent_doc

    def at(self, p: np.ndarray, ref: np.ndarray, slot: str) -> np.ndarray:
        tk = self.tk
        if "|" in slot and not _is_plain(slot):
            out = np.zeros(len(p), dtype=bool)  # "why|^": special slots in an alternative
            for alternative in slot.split("|"):
                out |= self.at(p, ref, alternative)
            return out
        sn = tk.sent_no[ref]
        if slot == "^":
            return p == self.first[sn] - 1
        if slot == "$":
            return p == self.last[sn] + 1
        if slot == "#number":
            return tk.has(p, ref, self.numbers)
        if slot == "#possessive":  # "predecessor's", "States'" (not "it's", "that's")
            return self._word_test(p, ref, lambda x: (x.endswith("'s") or x.endswith("s'"))
                                   and x not in WORDS["pronoun_contractions"])
        if slot == "#participle":  # "civilized", "respected": a word of five letters or more in -ed
            return self._word_test(p, ref, lambda x: len(x) >= 5 and x.endswith("ed"))
        if slot == "#word":  # any word, no punctuation
            ok = tk.valid(p, ref)
            out = np.zeros(len(p), dtype=bool)
            out[ok] = tk.is_word[p[ok]]
            return out
        if slot == "#capital":
            return tk.capitalised(p, ref)
        return tk.isin(p, ref, _slot_words(slot))

    def _word_test(self, p: np.ndarray, ref: np.ndarray, test):
        """``test`` of the word (its ``norm``) at each valid position ``p``."""
        tk = self.tk
        ok = tk.valid(p, ref)
        out = np.zeros(len(p), dtype=bool)
        if ok.any():
            words = tk.norm(p[ok], ref[ok]).astype(str)
            out[ok] = np.array([test(w) for w in words], dtype=bool)
        return out

    def skip(self, anchor: np.ndarray, ref: np.ndarray, slots, step: int) -> np.ndarray:
        """Move from ``anchor`` in direction ``step`` past tokens matching any of ``slots``."""
        p = anchor.copy()
        if not slots:
            return p
        words, special = _skip_slots(tuple(slots))
        for _ in range(MAX_SKIP):
            hit = self.tk.isin(p, ref, words)  # the plain slots together
            for s in special:
                hit |= self.at(p, ref, s)
            hit &= self.tk.valid(p, ref)
            if not hit.any():
                break
            p = np.where(hit, p + step, p)
        return p

    def phrase(self, p: np.ndarray, ref: np.ndarray, phrase: list[str], *, ends_at: bool):
        """Does ``phrase`` end (``ends_at``) or start at position ``p``?"""
        n = len(phrase)
        start = p - (n - 1) if ends_at else p
        ok = np.ones(len(p), dtype=bool)
        for i, slot in enumerate(phrase):
            ok &= self.at(start + i, ref, slot)
            if not ok.any():
                break
        return ok

    def next_sentence_starts(self, ref: np.ndarray, slots) -> np.ndarray:
        """Is the first token of the sentence after ``ref``'s (same document) one of ``slots``?"""
        tk = self.tk
        sn = tk.sent_no[ref].astype(np.int64) + 1
        ok = sn < len(self.first)
        ok[ok] &= self.sent_doc[sn[ok]] == self.sent_doc[sn[ok] - 1]
        out = np.zeros(len(ref), dtype=bool)
        if ok.any():
            p = self.first[sn[ok]]
            for slot in slots:
                out[ok] |= self.at(p, p, slot)
        return out

    def _sentences_with(self, slots) -> np.ndarray:
        """For each sentence: does one of ``slots`` (words or word lists) occur in it?

        Computed once per word set and token table (rules of all stages share ~13 sets).
        """
        tk = self.tk
        key = _sentence_key(tuple(slots))
        cache = _SENTENCE_SETS.get(tk)
        if cache is None:  # every word set of the rules file, in one pass over the table
            cache = _SENTENCE_SETS[tk] = sentence_sets(tk, _sentence_keys())
        if key not in cache:  # a word set of no rule of the file (a rule made in a test)
            cache.update(sentence_sets(tk, (key,)))
        return cache[key]

    def in_sentence(self, ref: np.ndarray, slots) -> np.ndarray:
        return self._sentences_with(slots)[self.tk.sent_no[ref]]

    def in_previous_sentence(self, ref: np.ndarray, slots) -> np.ndarray:
        """Does one of ``slots`` occur in the sentence before ``ref``'s, in the same document?"""
        sn = self.tk.sent_no[ref].astype(np.int64)
        ok = sn > 0
        ok[ok] &= self.sent_doc[sn[ok] - 1] == self.sent_doc[sn[ok]]
        has = self._sentences_with(slots)
        out = np.zeros(len(ref), dtype=bool)
        out[ok] = has[sn[ok] - 1]
        return out


@functools.cache
def _sentence_key(slots: tuple[str, ...]) -> frozenset:
    """The words of ``sentence_has`` (or ``_lacks``, ``previous_sentence_has``) slots, together."""
    return frozenset().union(*(_slot_words(slot) for slot in slots))


@functools.cache
def _sentence_keys() -> tuple[frozenset, ...]:
    """The word sets the engine rules look for in whole sentences (16 in version 3.0)."""
    keys: dict = {}
    for rule in engine_rules():
        for pattern in (*rule["when"], *rule.get("unless", ())):
            for name in ("sentence_has", "sentence_lacks", "previous_sentence_has"):
                if pattern.get(name):
                    keys[_sentence_key(tuple(pattern[name]))] = None
    return tuple(keys)


def pattern_fires(sl: _Slots, s: np.ndarray, e: np.ndarray, pattern: dict) -> np.ndarray:
    """Does ``pattern`` match around each hit (first token ``s``, last token ``e``)?

    The conditions are read cheapest first, each only for the hits that passed the ones before
    (a condition of one hit never depends on another's), and a phrase is looked for at the next
    offset of its window only where it was not found yet: the same answer as testing every
    condition everywhere, at a fraction of the calls.
    """
    tk = sl.tk
    ok = np.ones(len(s), dtype=bool)
    if pattern.get("sentence_has"):
        ok &= sl.in_sentence(s, pattern["sentence_has"])
    if pattern.get("sentence_lacks"):
        ok &= ~sl.in_sentence(s, pattern["sentence_lacks"])
    if pattern.get("previous_sentence_has"):
        ok &= sl.in_previous_sentence(s, pattern["previous_sentence_has"])
    if pattern.get("next_sentence_starts"):
        ok &= sl.next_sentence_starts(s, pattern["next_sentence_starts"])
    if pattern.get("hit_ends"):
        ok &= np.any([sl.at(e, e, slot) for slot in pattern["hit_ends"]], axis=0)
    if "capitalised" in pattern:
        cap = tk.capitalised(s, s) & (tk.words_before_at(s) > 0)
        ok &= cap if pattern["capitalised"] else ~cap
    skip = pattern.get("skip", [])
    for side, step in (("before", -1), ("after", 1)):
        phrases = pattern.get(side)
        if not phrases:
            continue
        live = np.flatnonzero(ok)
        if not len(live):
            return ok
        window = int(pattern.get(f"{side}_window", pattern.get("window", 1)))
        ref = (s if step < 0 else e)[live]
        anchor = sl.skip(ref + step, ref, skip, step)
        ok[live] = _side_found(sl, anchor, ref, phrases, window, step)
    return ok


def _side_found(sl: _Slots, anchor, ref, phrases, window: int, step: int) -> np.ndarray:
    """Is one of ``phrases`` within ``window`` tokens of ``anchor`` on the side ``step``?

    The norms over the window are read once (a window x hits array); a phrase is then looked
    for only where its edge slot (its last slot before a hit, its first after one) holds: the
    few (offset, hit) pairs of each edge, its other slots read there alone. The same answer as
    testing every phrase at every offset of every hit, in a few calls per phrase.
    """
    tk = sl.tk
    n = len(ref)
    found = np.zeros(n, dtype=bool)
    pos = (anchor + (step * np.arange(window))[:, None]).ravel()  # offset-major: k * n + hit
    refs = np.tile(ref, window)
    inside = tk.valid(pos, refs)
    codes = tk.codes.take(pos, mode="clip")
    present = np.zeros(len(tk.cats), dtype=bool)
    present[codes[inside]] = True
    plain = _plain_words(tuple(phrases))
    if plain:  # the one-word plain phrases, together
        one = tk.flag(plain)
        if (one & present).any():
            found |= (inside & one[codes]).reshape(window, n).any(axis=0)
    edges: dict = {}  # edge slot -> its (offset, hit) pairs, flat into pos
    for text in phrases:
        words = _phrase_slots(text)
        if len(words) == 1 and _is_plain(words[0]):
            continue
        edge = words[-1] if step < 0 else words[0]
        if not _is_plain(edge):
            _phrase_everywhere(sl, anchor, ref, words, window, step, found)
            continue
        if edge not in edges:
            flags = tk.flag(_slot_words(edge))
            edges[edge] = (np.flatnonzero(inside & flags[codes]) if (flags & present).any()
                           else np.zeros(0, dtype=np.intp))
        at = edges[edge]
        at = at[~found[at % n]]  # hits found already need no other phrase
        if not len(at):
            continue
        q, r = pos[at], refs[at]
        first = q - (len(words) - 1) if step < 0 else q
        edge_i = len(words) - 1 if step < 0 else 0
        for i, slot in enumerate(words):
            if i == edge_i:
                continue
            ok = sl.at(first + i, r, slot)
            first, r, at = first[ok], r[ok], at[ok]
            if not len(at):
                break
        found[at % n] = True
    return found


def _phrase_everywhere(sl: _Slots, anchor, ref, words, window: int, step: int, found):
    """Mark in ``found`` the hits where ``words`` (a phrase whose edge is no plain slot: "^",
    "#number") ends (before a hit) or starts (after one) at an offset of the window."""
    for k in range(window):
        todo = np.flatnonzero(~found)
        if not len(todo):
            return
        found[todo] = sl.phrase(anchor[todo] + step * k, ref[todo], words, ends_at=step < 0)


@functools.cache
def _forms(forms: tuple[str, ...]) -> frozenset:
    return frozenset(forms)


@functools.cache
def _phrase_slots(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@functools.cache
def _is_plain(slot: str) -> bool:
    """A slot of words only ("a|b", "@list"), no position or class ("^", "#word")."""
    return not any(a[:1] in "^$#" for a in slot.split("|"))


@functools.cache
def _skip_slots(slots: tuple[str, ...]) -> tuple[frozenset, tuple[str, ...]]:
    """The words of the plain slots of a ``skip`` together, and its other slots ("^", "#word")."""
    words = frozenset().union(*(_slot_words(s) for s in slots if _is_plain(s)))
    return words, tuple(s for s in slots if not _is_plain(s))


@functools.cache
def _plain_words(phrases: tuple[str, ...]) -> frozenset:
    """The words of the one-word plain phrases of a side, together."""
    words: set = set()
    for text in phrases:
        slots = _phrase_slots(text)
        if len(slots) == 1 and _is_plain(slots[0]):
            words |= _slot_words(slots[0])
    return frozenset(words)


def run(tk: TokenContext, h, numbers: np.ndarray, stage: str) -> None:
    """Run the engine rules of ``stage`` on the hits ``h`` (a :class:`marker_rules.Hits`)."""
    sl = _Slots(tk, numbers)
    first_codes = tk.codes[h.s]  # the norm of each hit's first token (its own sentence's)
    for rule in engine_rules(stage):
        tags = rule["tag"].split() if rule.get("tag") else []
        if rule["action"] == "accept":  # reads the rejected hits too
            idx = np.flatnonzero(np.any([h.tags[t] for t in tags], axis=0)) if tags else (
                np.arange(len(h.s)))
        elif len(tags) == 1:
            idx = h.tagged(tags[0])
        else:  # the hits still kept that carry any of the tags (none: every hit still kept)
            idx = np.flatnonzero(np.logical_or.reduce([h.tags[t] for t in tags]) & h.keep
                                 if tags else h.keep)
        if not len(idx):
            continue
        if rule.get("forms"):  # first: a number test that leaves few hits to the next
            idx = idx[tk.flag(_forms(tuple(rule["forms"])))[first_codes[idx]]]
        if rule.get("categories"):
            cats = h.category[idx]  # object strings: compared in place, never converted
            idx = idx[np.logical_or.reduce([cats == c for c in rule["categories"]])]
        if not len(idx):
            continue
        fired = np.zeros(len(idx), dtype=bool)
        s, e = h.s[idx], h.e[idx]
        for pattern in rule["when"]:
            fired |= pattern_fires(sl, s, e, pattern)
        for pattern in rule.get("unless", ()):
            fired &= ~pattern_fires(sl, s, e, pattern)
        action = rule["action"]
        if action == "reject":
            h.decide(idx, fired, rule["id"], keep=False)
        elif action == "confirm":
            h.decide(idx, fired, rule["id"])
        elif action == "keep only if":
            h.decide(idx, fired, rule["id"])
            h.decide(idx, ~fired, rule["id"], keep=False)
        elif action == "accept":  # keep (again) a hit an earlier rule rejected
            h.decide(idx, fired, rule["id"], keep=True)
        elif action == "recategorise":
            h.decide(idx, fired, rule["id"], category=rule["to_category"],
                     subcategory=rule.get("to_subcategory"))
        else:  # pragma: no cover - the rules file is checked by tests
            raise ValueError(f"marker_rules.json: rule {rule['id']!r} has unknown action "
                             f"{action!r}")
