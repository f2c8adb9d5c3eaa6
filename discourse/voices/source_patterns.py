"""Word-order patterns that find the source of an attribution cue in its sentence.

No parsing: a subject right before the verb ("experts say", adverbs, auxiliaries and negation
skipped), an appositive ("Mark Galeotti, a leading analyst, says"), a relative ("Trump, who
believes"), an inverted source after a quote ('"...," says Berzina'), the phrase after "according
to", and passive reporting ("it is said"). :func:`discourse.attributions` documents the rules;
this module holds the token arrays and the patterns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..text.source_nouns import noun_kind
from ..text.stoplists import stoplist
from ._arrays import token_arrays
from .actor_kinds import reporting_verb_forms
from .gazetteer import load_gazetteer
from .names import CONNECTORS

__all__ = ["INDEFINITE", "PRONOUNS", "REPORTING_VERBS", "TITLES", "UNNAMED_CUES", "SentenceTokens",
           "find_source"]

#: Reporting verbs used when no markers table is available: the one-word forms of the
#: ``attribution`` reporting verbs of the stance lexicon (:func:`discourse.load_lexicon`).
REPORTING_VERBS = reporting_verb_forms()
#: Cues that attribute without naming a source.
UNNAMED_CUES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
#: Titles dropped from the start of a name ("President Volodymyr Zelensky"), lower-cased.
TITLES = frozenset(w.lower() for w in load_gazetteer().cue_set("title"))
#: Words a noun phrase may start with (kept as its left edge), though stopwords.
_DETERMINERS = frozenset("a an the this these those some many several most other such".split())
#: Possessive determiners kept as the left edge of a subject ("my opponent", "our founders").
_POSSESSIVES = frozenset("my your his her our their its".split())
#: Subject pronouns accepted as a source when right before the verb.
PRONOUNS = frozenset("he she they it who we i you".split())
#: Indefinite subjects: an unnamed source ("many believe", "some say", "those who say").
INDEFINITE = frozenset("some many others few most several somebody someone anybody anyone "
                       "everybody everyone nobody those".split())
#: Openers skipped before a clause's subject ("But he ...", "Well, she ...").
_OPENERS = frozenset("and but so well now then yet or also".split())
_FIRST_PERSON = frozenset("i we me us my our myself ourselves let's".split())
_RELATIVE = frozenset({"who", "which", "that"})
_BE = frozenset("is are was were be been being 's 're".split())
#: Adverbs, auxiliaries and negation skipped between a subject and its verb ("Putin always
#: says", "I need not argue", "experts have long argued").
_ADVERBS = frozenset(
    "always also now often still never once already just even further repeatedly later "
    "again too then long not n't never need can could will would shall should may might must "
    "rather all both each "
    "do does did have has had 've 'd 'll don't doesn't didn't won't can't cannot couldn't "
    "wouldn't shouldn't haven't hasn't hadn't mustn't".split())
_PREPOSITIONS = frozenset("over across around throughout from of in at on with for by under "
                          "near about among into".split())
#: "a lot of people say": the noun after "of" is the subject
_QUANTITIES = frozenset("lot lots millions thousands hundreds dozens number majority minority "
                        "plenty couple group many most some all none each one two three half "
                        "percent percentage share proportion rest part".split())
_QUOTES = frozenset({",", '"', "\u201d", "\u201c", "'", "\u2019", "\u2014", "\u2013", ":"})


# -- token access ----------------------------------------------------------------------------------
class SentenceTokens:
    """Plain arrays of the token table, with each sentence's [lo, hi) token rows."""

    def __init__(self, tokens: pd.DataFrame):
        arr = token_arrays(tokens)
        self.doc, self.sent, self.start, self.end = arr.doc, arr.sent, arr.start, arr.end
        self.text = arr.per_text(lambda t: t.replace("\u2019", "'")).astype(object)
        self.norm, self.is_word, self.is_stop = arr.norm, arr.is_word, arr.is_stop
        self.cap = arr.per_text(lambda t: t[:1].isupper()).astype(bool) & self.is_word
        # tokens are in text order, so each sentence is one contiguous block of rows
        first = np.r_[True, (self.doc[1:] != self.doc[:-1]) | (self.sent[1:] != self.sent[:-1])]
        lo = np.flatnonzero(first[: len(self.doc)])
        hi = np.append(lo[1:], len(self.doc))
        keys = zip(self.doc[lo].tolist(), self.sent[lo].tolist(), strict=True)
        self.bounds = dict(zip(keys, zip(lo.tolist(), hi.tolist(), strict=True), strict=True))

    def sentence(self, doc_id: str, sent_id: int) -> tuple[int, int]:
        return self.bounds.get((doc_id, int(sent_id)), (0, 0))

    def is_stopword(self, j: int) -> bool:
        return bool(self.is_stop[j]) or self.norm[j] in _STOP


_STOP = stoplist("snowball")


# -- noun phrases around a verb -------------------------------------------------------------------
def _np_forward(t: SentenceTokens, j: int, hi: int) -> tuple[int, int]:
    """Token rows [a, b) of the noun phrase that starts at row ``j`` (empty if none)."""
    a = b = j
    while b < hi and t.is_word[b] and b - a < 8:
        n = t.norm[b]
        if b == a and n in _DETERMINERS:
            b += 1
            continue
        if n in CONNECTORS and b > a and t.cap[b - 1] and b + 1 < hi and t.cap[b + 1]:
            b += 1
            continue
        if t.is_stopword(b) or n in _RELATIVE:
            break
        b += 1
    while b > a and (t.norm[b - 1] in _DETERMINERS or t.norm[b - 1] in CONNECTORS):
        b -= 1
    return a, b


def _np_backward(t: SentenceTokens, j: int, lo: int) -> tuple[int, int]:
    """Token rows [a, b) of the noun phrase that ends at row ``j`` (empty if none)."""
    b = a = j + 1
    while a - 1 >= lo and t.is_word[a - 1] and b - a < 6:
        k, n = a - 1, t.norm[a - 1]
        if n in _DETERMINERS or n in _POSSESSIVES:
            a = k if b > a else a  # a determiner opens the phrase: keep it and stop
            break
        if n in CONNECTORS and k - 1 >= lo and t.cap[k - 1] and b > a and t.cap[a]:
            a = k
            continue
        if t.is_stopword(k):
            break
        a = k
    return a, b


def _name_in(t: SentenceTokens, a: int, b: int) -> tuple[int, int]:
    """Narrow a noun phrase to the capitalised name at its end ("analyst Mark Galeotti")."""
    if b <= a or not t.cap[b - 1]:
        return a, b
    f = b - 1
    while f - 1 >= a and (t.cap[f - 1] or (t.norm[f - 1] in CONNECTORS and f - 2 >= a
                                            and t.cap[f - 2])):
        f -= 1
    return (f, b) if all(not t.cap[k] for k in range(a, f)) else (a, b)


def _skip_adverbs_back(t: SentenceTokens, j: int, lo: int) -> int:
    """Row of the subject's last word before the verb: adverbs, auxiliaries, negation and a
    coordinated verb ("as I trust and believe") skipped."""
    while j >= lo and t.is_word[j] and not t.cap[j]:
        n = t.norm[j]
        if n in _ADVERBS or (n.endswith("ly") and len(n) > 4):
            j -= 1
        elif n in ("and", "or") and j - 1 >= lo and t.is_word[j - 1] and not t.cap[j - 1] \
                and not t.is_stopword(j - 1):
            j -= 2  # "trust and believe": the first verb shares the subject
        else:
            break
    return j


def _clause_subject(t: SentenceTokens, lo: int, k: int) -> tuple[int, int]:
    """The subject of a coordinated verb ("He attacked a judge and said ...", "She comes out
    and said"): the noun phrase or pronoun that opens the sentence (or the clause after a
    semicolon), openers ("But", "Well,") skipped, when a word follows it that is no noun
    ("He attacked": a verb). Token rows [a, b) of it, or empty."""
    j = k - 1
    while j > lo and t.text[j - 1] not in (";", ":"):
        j -= 1
    if any(t.norm[m] in _BE and m + 1 < k and t.norm[m + 1].endswith(("ed", "t", "n"))
           for m in range(j, k)):
        return -1, -1  # "he and his family were put on a train and told": passive
    while j < k and (t.norm[j] in _OPENERS or not t.is_word[j]):
        j += 1
    if j >= k:
        return -1, -1
    n = t.norm[j]
    if n in PRONOUNS - {"i", "we", "it", "who", "you"} or n.split("'")[0] in ("he", "she",
                                                                            "they"):
        return j, j + 1
    if not t.cap[j] or t.is_stopword(j):
        return -1, -1
    b = j
    while b < k and (t.cap[b] or (t.norm[b] in CONNECTORS and b + 1 < k and t.cap[b + 1])):
        b += 1
    return (j, b) if b < k and t.is_word[b] and not t.cap[b] else (-1, -1)


def _subject_phrase(t: SentenceTokens, lo: int, p: int):
    """The noun phrase that ends at row ``p``, right before the verb, as (a, b, rule), or None:
    "experts say"; "we Democrats believe" (a self-mention); "a congressman from Wisconsin has
    said"; not the object of a preposition ("administrators all over the country have told
    me" -> "administrators"), except after a quantity ("a lot of people"); "The FBI and
    homeland security said" (both, when the first is a name or a noun of people)."""
    a, b = _np_backward(t, p, lo)
    if b > a and a - 1 >= lo and t.norm[a - 1] in ("we", "us"):
        return a - 1, b, "self_mention"  # "we Democrats believe"
    if b > a and a - 2 >= lo and t.norm[a - 1] in ("from", "of", "in", "at") \
            and t.cap[b - 1] and t.is_word[a - 2] and not t.cap[a - 2] \
            and not t.is_stopword(a - 2):
        a, b = _np_backward(t, a - 2, lo)  # "a congressman from Wisconsin has said"
    elif (b > a and a - 2 >= lo and t.norm[a - 1] in _PREPOSITIONS
          and not (t.norm[a - 1] == "of" and t.norm[a - 2] in _QUANTITIES)):
        k = a - 2  # the noun before the preposition, "all" skipped
        while k >= lo and t.norm[k] in ("all", "both", "each"):
            k -= 1
        a, b = (_np_backward(t, k, lo) if k >= lo and t.is_word[k] and not t.is_stopword(k)
                else (-1, -1))
    if (b > a and a - 2 >= lo and t.norm[a - 1] in ("and", "or") and t.is_word[a - 2]
            and (t.cap[a - 2] or noun_kind(t.text[a - 2]))):
        a = _np_backward(t, a - 2, lo)[0]
    return (*_name_in(t, a, b), "preposed") if b > a else None


def find_source(t: SentenceTokens, lo: int, hi: int, c0: int, c1: int) -> tuple[int, int, str]:
    """Source token rows [a, b) and the rule that found them, for the cue rows [c0, c1).

    The rules are tried in the order :func:`discourse.attributions` documents: the cue's own
    phrase (:func:`_cue_phrase`), "unnamed" adverbs, then around the reporting verb: passive
    and coordinated verbs (:func:`_passive_or_coordinated`), a subject before the verb
    (:func:`_preposed`), an appositive or a source after the verb
    (:func:`_appositive_or_postposed`).
    """
    norms = [t.norm[k] for k in range(c0, c1)]
    found = _cue_phrase(t, hi, c0, c1, norms)
    if found is not None:
        return found
    verbs = [c0 + i for i, n in enumerate(norms) if n in REPORTING_VERBS]
    if any(n in UNNAMED_CUES for n in norms) and not verbs:
        return -1, -1, "unnamed"
    # the reporting verb, else the cue's first word ("concluded that", "reveal that")
    v = verbs[0] if verbs else min([k for k in range(c0, c1) if t.is_word[k]] or [c0])
    p = _skip_adverbs_back(t, v - 1, lo)  # the word before the verb, adverbs skipped
    return (_passive_or_coordinated(t, lo, hi, c0, v, p, norms) or _preposed(t, lo, p)
            or _appositive_or_postposed(t, lo, hi, v, p))


def _cue_phrase(t: SentenceTokens, hi: int, c0: int, c1: int, norms: list[str]):
    """The noun phrase after "according to", or after a cue ending in "by", "from", "of"
    ("in the words of X", "as reported by X", "the claim by X", "warnings from X"); None
    when the cue is neither."""
    if "according" in norms:
        k = c0 + norms.index("according")
        nxt = k + 1 if k + 1 < hi and t.norm[k + 1] == "to" else k
        a, b = _np_forward(t, nxt + 1, hi)
        return (*_name_in(t, a, b), "according_to") if b > a else (-1, -1, "no_source")
    if len(norms) > 1 and norms[-1] in ("by", "from", "of"):
        a, b = _np_forward(t, c1, hi)
        return (*_name_in(t, a, b), "source_phrase") if b > a else (-1, -1, "no_source")
    return None


def _passive_or_coordinated(t: SentenceTokens, lo: int, hi: int, c0: int, v: int, p: int,
                            norms: list[str]):
    """Rule 0, passive reporting ("it is said", "is thought to"; "was reported by Reuters"),
    and rule 1, a verb coordinated with an earlier one ("He attacked a judge and said", "She
    comes out and said"); None when neither applies."""
    if (p >= lo and t.norm[p] in _BE) or (c0 < v and any(n in _BE for n in norms)):
        if v + 1 < hi and t.norm[v + 1] == "by":
            a, b = _np_forward(t, v + 2, hi)
            if b > a:
                return (*_name_in(t, a, b), "passive_by")
        return -1, -1, "passive"
    q = v - 1
    while q >= lo and (t.norm[q] in _ADVERBS or t.text[q] == ","):
        q -= 1
    if q > lo and t.norm[q] in ("and", "or"):
        a, b = _clause_subject(t, lo, q)
        if b > a:
            return a, b, "coordinated"
    return None


def _preposed(t: SentenceTokens, lo: int, p: int):
    """Rule 2, a subject right before the verb ``p`` ("Putin argues", "experts say", "Trump,
    who believes"), a first-person writer or an indefinite subject; None if none."""
    if not (p >= lo and t.is_word[p]):
        return None
    n = t.norm[p]
    if (n in _FIRST_PERSON or n.split("'")[0] in ("i", "we")
            or (n in ("me", "us") and p - 1 >= lo and t.norm[p - 1] == "let")):
        return p, p + 1, "self_mention"
    if n in INDEFINITE and n != "those" or (
            n in _RELATIVE and p - 1 >= lo and t.norm[p - 1] in INDEFINITE):
        return -1, -1, "indefinite"  # "many believe", "those who say"
    if n in _RELATIVE:
        q = p - 1 if p - 1 >= lo and t.text[p - 1] == "," else p
        a, b = _np_backward(t, q - 1, lo)
        if b > a:
            return (*_name_in(t, a, b), "relative")
    elif n in PRONOUNS or n.split("'")[0] in PRONOUNS - {"i", "we"} and "'" in n:
        return p, p + 1, "preposed"  # "he says", "they've said"
    elif n not in _DETERMINERS and not t.is_stopword(p):
        return _subject_phrase(t, lo, p)
    return None


def _appositive_or_postposed(t: SentenceTokens, lo: int, hi: int, v: int, p: int):
    """Rule 3, an appositive before the verb ("Mark Galeotti, a leading Russia analyst,
    says"), and rule 4, an inverted source after the verb once a quote or clause has ended
    ('..., says Berzina', '"...," says analyst Mark Galeotti', "speculates Berzina");
    else no source."""
    if p >= lo and t.text[p] == ",":
        k = p - 1
        while k >= lo and t.text[k] not in (",", "(", "\u2014", "\u2013"):
            k -= 1
        if k > lo and t.text[k] == "," and k + 1 < p and (
                t.norm[k + 1] in _DETERMINERS or t.norm[k + 1] in _RELATIVE
                or t.norm[k + 1] in TITLES):
            a, b = _np_backward(t, k - 1, lo)
            if b > a and t.cap[b - 1]:
                return (*_name_in(t, a, b), "appositive")
    if p < lo or t.text[p] in _QUOTES or t.norm[p] in _DETERMINERS:
        a, b = _np_forward(t, v + 1, hi)
        if b > a and (t.norm[p] not in _DETERMINERS or t.cap[b - 1]):
            return (*_name_in(t, a, b), "postposed")
    return -1, -1, "no_source"
