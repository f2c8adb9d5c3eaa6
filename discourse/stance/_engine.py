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

from ._context import TokenContext
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
        for _ in range(MAX_SKIP):
            hit = np.zeros(len(p), dtype=bool)
            for s in slots:
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
        cache = _SENTENCE_SETS.setdefault(tk, {})
        key = frozenset().union(*(_slot_words(slot) for slot in slots))
        if key not in cache:
            flag = tk.flag(key)[tk.codes]
            cache[key] = np.bincount(tk.sent_no[flag], minlength=len(tk.sent_start)) > 0
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
    """Is one of ``phrases`` within ``window`` tokens of ``anchor`` on the side ``step``?"""
    found = np.zeros(len(ref), dtype=bool)
    plain = _plain_words(tuple(phrases))
    tk = sl.tk
    # the norms next to the anchor, over the window: a phrase whose slot there (its last slot
    # before a hit, its first after one) holds none of them cannot match anywhere; the
    # one-word phrases are tested together on the way (an offset at a time: arrays as long
    # as the hits, not hits x window)
    present = np.zeros(len(tk.cats), dtype=bool)
    for k in range(window):
        p = anchor + step * k
        inside = tk.valid(p, ref)
        present[tk.codes[p[inside]]] = True
        if plain:
            found |= tk.isin(p, ref, plain)
    for text in phrases:
        words = _phrase_slots(text)
        if len(words) == 1 and _is_plain(words[0]):
            continue
        edge = words[-1] if step < 0 else words[0]
        if _is_plain(edge) and not (tk.flag(_slot_words(edge)) & present).any():
            continue
        for k in range(window):
            todo = np.flatnonzero(~found)
            if not len(todo):
                return found
            found[todo] = sl.phrase(anchor[todo] + step * k, ref[todo], words,
                                    ends_at=step < 0)
    return found


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
    for rule in engine_rules(stage):
        tags = rule["tag"].split() if rule.get("tag") else []
        if rule["action"] == "accept":  # reads the rejected hits too
            idx = np.flatnonzero(np.any([h.tags[t] for t in tags], axis=0)) if tags else (
                np.arange(len(h.s)))
        else:
            idx = np.unique(np.concatenate([h.tagged(t) for t in tags])) if tags else (
                np.flatnonzero(h.keep))
        if not len(idx):
            continue
        if rule.get("forms"):  # first: a number test that leaves few hits to the next
            idx = idx[tk.isin(h.s[idx], h.s[idx], _forms(tuple(rule["forms"])))]
        if rule.get("categories"):
            cats = h.category[idx]  # object strings: compared in place, never converted
            idx = idx[np.logical_or.reduce([cats == c for c in rule["categories"]])]
        if not len(idx):
            continue
        fired = np.zeros(len(idx), dtype=bool)
        for pattern in rule["when"]:
            fired |= pattern_fires(sl, h.s[idx], h.e[idx], pattern)
        for pattern in rule.get("unless", ()):
            fired &= ~pattern_fires(sl, h.s[idx], h.e[idx], pattern)
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
