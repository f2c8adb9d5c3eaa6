"""What may be a source: actor mentions, pronoun resolution and the kind of a found phrase.

:func:`discourse.attributions` finds a phrase next to each cue with the word-order patterns of
:mod:`discourse.voices.source_patterns`; :func:`classify` decides whether that phrase is a source
(a name, a resolved pronoun, a noun of people or organisations) and of what kind, or says why
there is none. The rules are documented in :func:`discourse.attributions` (Notes).
"""

from __future__ import annotations

import re

import numpy as np

from ..text.source_nouns import noun_kind, person_gender
from ._arrays import token_arrays
from .gazetteer import load_gazetteer
from .source_patterns import INDEFINITE, PRONOUNS

__all__ = ["NO_SOURCE_KIND", "Sources", "classify"]

#: Pronoun sources resolved to the nearest preceding mention of these kinds.
_RESOLVABLE = {"he": ("person",), "she": ("person",), "they": ("group", "organisation")}

#: Kinds of the name (actor) a source may be; a name of kind "other" only when it is a document.
_SOURCE_KINDS = frozenset({"person", "group", "organisation", "place"})
#: Pronouns that are no source of their own and are not resolved ("it", "you", "who").
_UNRESOLVED = "unresolved (pronoun)"
#: What ``source_kind`` says when a row has no source, by the rule that found none.
NO_SOURCE_KIND = {"passive": "unnamed (passive)", "unnamed": "unnamed (adverb)",
                   "indefinite": "unnamed (indefinite)", "no_source": "not found"}
#: Sentences before the pronoun's own in which an antecedent is still looked for.
_ANTECEDENT_SENTENCES = 2
#: ... and, for "he"/"she", in which a person of that gender is still looked for.
_GENDERED_SENTENCES = 8


class Sources:
    """Actor mentions of the corpus as plain arrays, to name and kind a source and resolve
    pronouns (mentions are in text order within each document)."""

    def __init__(self, corpus, recognizer):
        from .actor_table import actor_mentions

        men = actor_mentions(corpus, recognizer=recognizer)
        self.actor = men.actor.to_numpy(dtype=object)
        self.text = men.text.to_numpy(dtype=object)  # the mention as written
        self.kind = men.kind.to_numpy(dtype=object)
        self.evidence = men.kind_evidence.to_numpy(dtype=object)
        self.start = men.start.to_numpy().astype(np.int64)
        self.end = men.end.to_numpy().astype(np.int64)
        self.para = men.para_id.to_numpy().astype(np.int64)
        self.sent = men.sent_id.to_numpy().astype(np.int64)
        doc = men.doc_id.astype(str).to_numpy(dtype=object)
        self.bounds = {}
        if len(doc):
            cut = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1], True])
            self.bounds = {doc[a]: (int(a), int(b)) for a, b in zip(cut[:-1], cut[1:],
                                                                    strict=True)}
        titles: dict[str, set] = {}
        for a, t in zip(self.actor, men.title.to_numpy(dtype=object), strict=True):
            if t:
                titles.setdefault(a, set()).add(t)
        self.gender = {a: person_gender(a, titles.get(a, ()))
                       for a in set(self.actor[self.kind == "person"])}
        arr = token_arrays(corpus.analyzed("tokens"))
        self.lower_words = set(arr.norm[arr.is_lower])
        g = load_gazetteer()
        self.not_names = g.cue_set("not_person") | g.cue_set("non_actor")
        self.heads = {**dict.fromkeys(g.cue_set("place_head"), "place"),
                      **dict.fromkeys(g.cue_set("org_head"), "organisation")}
        self.documents = {w for w, k in g.cue_kind("not_person").items() if k == "other"} \
            - _EVENTS

    def actor_at(self, doc_id: str, s0: int, s1: int):
        """Row of the last mention that ends inside [s0, s1] (it may start before s0: the
        phrase "Kennedy" of "John F. Kennedy"), or None."""
        lo, hi = self.bounds.get(doc_id, (0, 0))
        b = lo + int(np.searchsorted(self.start[lo:hi], s1, side="left"))
        a = max(lo, b - 64)  # mentions are short and in text order
        inside = np.flatnonzero((self.end[a:b] <= s1) & (self.end[a:b] > s0))
        return a + int(inside[-1]) if len(inside) else None

    def antecedent(self, doc_id: str, para_id: int, sent_id: int, before: int, pronoun: str):
        """Row of the nearest mention a pronoun can stand for, or None.

        Looked for before offset ``before``: in the pronoun's paragraph, else in the
        :data:`_ANTECEDENT_SENTENCES` sentences before the pronoun's; for "he"/"she" a person
        whose gender (:func:`~discourse.text.source_nouns.person_gender`) is not the other
        one, and further back (:data:`_GENDERED_SENTENCES`) a person of the pronoun's own
        gender; for "they" a group or organisation.
        """
        lo, hi = self.bounds.get(doc_id, (0, 0))
        i = lo + int(np.searchsorted(self.start[lo:hi], before, side="left")) - 1
        want = _RESOLVABLE[pronoun]
        own = {"he": "male", "she": "female"}.get(pronoun)
        while i >= lo and (self.para[i] == para_id
                           or self.sent[i] >= sent_id - _GENDERED_SENTENCES):
            near = self.para[i] == para_id or self.sent[i] >= sent_id - _ANTECEDENT_SENTENCES
            if self.end[i] <= before and self.kind[i] in want:
                g = self.gender.get(self.actor[i])
                if own is None and near or own is not None and (
                        g == own or g is None and near):
                    return i
            i -= 1
        return None

    def name_ok(self, i: int) -> bool:
        """Is mention ``i`` a name that may be a source (no event, no programme)?"""
        if self.kind[i] in _SOURCE_KINDS:
            return True
        ev = str(self.evidence[i])
        return ev.startswith("not_person: ") and ev.split(": ", 1)[1] in self.documents

    def name_kind(self, phrase: str) -> str:
        """Kind of a capitalised phrase by its last word ("Canadian Provinces" a place, "the
        National Convention" an organisation), else a person."""
        last = phrase.split()[-1]
        last = last[:-1] if last.endswith("s") and last[:-1] in self.heads else last
        return self.heads.get(last, "person")

    def looks_like_name(self, phrase: str) -> bool:
        """A capitalised phrase the actor rules missed ("Galeotti" opening a sentence): every
        word capitalised, none an institution, territory or never-actor word, none written in
        lower case in the corpus, no number word."""
        words = phrase.replace("\u2019", "'").split()
        if len(words) == 1 and _NUMBER.fullmatch(words[0].lower()):
            return False  # "Fifteen years ago, ... and said"
        return bool(words) and all(
            w[:1].isupper() and w not in self.not_names
            and w.split("'")[0].lower() not in self.lower_words for w in words)


_NUMBER = re.compile(r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"\w+teen|\w+ty|hundred|thousand|million)(?:-\w+)?")
#: Capitalised words of kind "other" that are events or programmes, never a source.
_EVENTS = frozenset("Olympics Games Depression Recession Revolution War Program Programme "
                    "Grants Medicare Medicaid Independence".split())


def classify(src: Sources, doc_id, para_id, sent_id, s0, s1, source):
    """(source, start, end, kind, actor, resolved_from, rf_start, rf_end) of a found phrase;
    with no source, ``kind`` says why (see :data:`NO_SOURCE_KIND`)."""
    low = source.lower().replace("\u2019", "'").split("'")[0]
    if low in _RESOLVABLE:
        i = src.antecedent(doc_id, para_id, sent_id, s0, low)
        if i is None:
            return None, None, None, _UNRESOLVED, None, source, s0, s1
        actor = src.actor[i]  # the pronoun's contraction is dropped: "He's" -> "He"
        return (actor, int(src.start[i]), int(src.end[i]), src.kind[i], actor, source, s0, s1)
    if low in PRONOUNS:  # "it", "you", "who": no source of their own
        return None, None, None, _UNRESOLVED, None, source, s0, s1
    if low.split()[-1] in INDEFINITE:  # "nobody", "many others"
        return None, None, None, NO_SOURCE_KIND["indefinite"], None, None, None, None
    head, of, _ = source.rpartition(" of ")
    if of and noun_kind(head):  # "the CEO of Siemens America": a person of an organisation
        return source, s0, s1, noun_kind(head), None, None, None, None
    i = src.actor_at(doc_id, s0, s1)
    if i is not None and source[src.end[i] - s0:].strip(" '\u2019s") == "" and src.name_ok(i):
        # the phrase ends in an actor's name: the source is that mention ("Barack Obama" of
        # "the America Barack Obama"), not "the Obama campaign" (a campaign: see below)
        a0, a1 = int(src.start[i]), int(src.end[i])
        return src.text[i], a0, a1, src.kind[i], src.actor[i], None, None, None
    kind = noun_kind(source)
    if kind is None and src.looks_like_name(source):
        kind = src.name_kind(source)  # a name the actor rules missed
    if kind is None:
        return None  # "these principles", "war": no person, group or organisation
    return source, s0, s1, kind, None, None, None, None
