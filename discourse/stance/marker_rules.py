"""The context rules of the stance markers: the code that reads a few tokens around each match.

What each rule does, the tag a lexicon row carries to be read by it, where it looks and the words
it reads are data (``discourse/resources/marker_rules.json``, loaded by
:mod:`discourse.stance._rulebook`; documented in ``LEXICON.md``, which is generated from it).
This module holds the logic that is really special: one small function per rule (or per pair of
rules that decide the two sides of one question), each a handful of numpy operations on all hits
at once, never a loop over tokens. Rules that are only a word list, a window, a direction and an
action are run from the data by :mod:`discourse.stance._engine`. A rule reads tokens of the
hit's own sentence only (:class:`discourse.stance._context.TokenContext`). Every hit records
the last rule that decided it in ``rule``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..voices.source_nouns import noun_kind
from . import _engine
from ._context import TokenContext
from ._rulebook import FIXED_PHRASES, RULES, WORDS

__all__ = ["RULES", "FIXED_PHRASES", "Hits", "apply_rules"]

W = WORDS


class Hits:
    """The matches of one corpus while the rules decide them (arrays, one entry per match)."""

    def __init__(self, s, e, rows, comp):
        self.s, self.e, self.rows = s, e, rows
        lex = comp.lex
        self.category = lex.category.to_numpy(dtype=object)[rows].copy()
        self.subcategory = lex.subcategory.to_numpy(dtype=object)[rows].copy()
        self.entry = lex.entry.to_numpy(dtype=object)[rows]
        self.rule = np.full(len(rows), "lexicon", dtype=object)
        self.rule[comp.row_dual[rows]] = "dual_role"
        self.keep = np.ones(len(rows), dtype=bool)
        self.tags = {t: m[rows] for t, m in comp.row_tags.items()}

    def tagged(self, tag: str) -> np.ndarray:
        """Indices of the hits still kept whose lexicon row carries ``tag``."""
        return np.flatnonzero(self.tags[tag] & self.keep)

    def decide(self, idx, mask, rule, *, keep=None, category=None, subcategory=None):
        """Record ``rule`` on the hits ``idx[mask]`` (and keep/reject or recategorise them)."""
        assert rule in RULES, rule
        idx = idx[mask]
        self.rule[idx] = rule
        if keep is not None:
            self.keep[idx] = keep
        if category is not None:
            self.category[idx] = category
        if subcategory is not None:
            self.subcategory[idx] = subcategory


def _clip(tk: TokenContext, p):
    return np.clip(p, 0, max(tk.n - 1, 0))


def _possessive(words: np.ndarray) -> np.ndarray:
    """Is each word a noun with 's (not a pronoun contraction like "it's")?"""
    w = words.astype(str).astype("U")
    return np.char.endswith(w, "'s") & ~np.isin(words, list(W["pronoun_contractions"]))


# -- phrases, negation ---------------------------------------------------------------------------
def inside_phrase(tk, h, numbers):
    """``inside_phrase``: "almost certainly" is one hedge, not a hedge and a booster."""
    for inner, outer in (("booster", "hedge"), ("hedge", "booster")):
        phrase = np.flatnonzero((h.category == outer) & (h.e > h.s))
        if not len(phrase):
            continue
        lens = h.e[phrase] - h.s[phrase] + 1
        covered = np.repeat(h.s[phrase], lens) + (np.arange(lens.sum()) - np.repeat(
            np.cumsum(lens) - lens, lens))
        idx = np.flatnonzero(h.category == inner)
        inside = np.isin(h.s[idx], covered) & np.isin(h.e[idx], covered)
        inside &= (h.e[idx] - h.s[idx]) < lens.max()
        h.decide(idx, inside, "inside_phrase", keep=False)


def negated(tk: TokenContext, h: Hits) -> np.ndarray:
    """Is each hit tagged ``negation`` preceded by a negation (boolean over all hits)?"""
    idx = h.tagged("negation")
    out = np.zeros(len(h.s), dtype=bool)
    for cat, skip, extra, steps in (("booster", W["neg_skip_booster"], frozenset(), 4),
                                    ("hedge", W["neg_skip_doubt"], W["neg_doubt"], 5)):
        sel = idx[h.category[idx] == cat]
        if not len(sel):
            continue
        ref = h.s[sel]
        p = tk.scan_left(ref, skip, steps)
        neg = tk.negator(p, ref, W["negators"], extra)
        if cat == "booster":  # two-word negators: far from, less than; by no means
            w1, w2 = tk.norm(p, ref), tk.norm(p - 1, ref)
            neg |= ((w1 == "from") & (w2 == "far")) | ((w1 == "than") & (w2 == "less"))
            neg |= (w1 == "means") & (w2 == "no")
        out[sel] = neg
    return out


def flip_negated(h: Hits, neg: np.ndarray) -> None:
    """``negated_booster`` / ``negated_hedge``: negation flips what survived the other rules."""
    idx = np.flatnonzero(neg & h.keep)
    if len(idx):
        b = h.category[idx] == "booster"
        h.decide(idx, b, "negated_booster", category="hedge", subcategory="negated booster")
        h.decide(idx, ~b, "negated_hedge", category="booster", subcategory="negated hedge")


# -- single words that are something else ------------------------------------------------------
def names_and_numerals(tk, h, numbers):
    """``may_month``, ``us_country``, ``roman_numeral``: case-sensitive look-alikes."""
    idx = h.tagged("month")
    if len(idx):
        ref = h.s[idx]
        title = tk.surface(ref) == "May"
        initial = tk.words_before_at(ref) == 0
        before_num = tk.has(ref + 1, ref, numbers)
        month_prev = tk.isin(ref - 1, ref, W["month_before"])
        h.decide(idx, title & (~initial | before_num | month_prev), "may_month", keep=False)
    idx = h.tagged("country")
    if len(idx):
        h.decide(idx, tk.surface(h.s[idx]) == "US", "us_country", keep=False)
    idx = h.tagged("pronoun_i")
    if len(idx):
        ref = h.s[idx]
        h.decide(idx, (tk.surface(ref) == "I") & tk.isin(ref - 1, ref, W["roman_before"]),
                 "roman_numeral", keep=False)


def quantity(tk, h, numbers):
    """``approximator_quantity``: "about", "around", "some" count only before a quantity."""
    idx = h.tagged("quantity")
    if len(idx):
        end = h.e[idx]
        q = end + 1
        ok = tk.has(q, end, numbers)
        ok |= tk.isin(q, end, W["quantity_lead"]) & (tk.has(q + 1, end, numbers)
                                                     | tk.isin(q + 1, end, W["quantity_nouns"]))
        h.decide(idx, ok, "approximator_quantity")
        h.decide(idx, ~ok, "approximator_quantity", keep=False)


def modal_noun(tk, h, numbers):
    """``modal_noun``: "military might", "a must" are nouns."""
    idx = h.tagged("modal_noun")
    if len(idx):
        ref = h.s[idx]
        prev = tk.norm(ref - 1, ref)
        nxt_word = tk.valid(ref + 1, ref) & tk.is_word[_clip(tk, ref + 1)]
        noun = tk.isin(ref - 1, ref, W["noun_before_modal"]) | _possessive(prev)
        noun |= ~nxt_word & (tk.words_before_at(ref) > 0) & ~tk.isin(ref - 1, ref, W["personal"])
        h.decide(idx, noun, "modal_noun", keep=False)


# -- modals ------------------------------------------------------------------------------------
def ability(tk, h, numbers):
    """``modal_ability``, ``modal_negated``: "can/could" of ability, permission or negated."""
    idx = h.tagged("ability")
    if not len(idx):
        return
    ref = h.s[idx]
    nxt = ref + 1
    negated_modal = tk.isin(nxt, ref, {"not", "never"})
    able = tk.isin(nxt, ref, W["ability_verbs"])
    # elliptical: "as soon as they can.", "if you could,"
    able |= ~(tk.valid(nxt, ref) & tk.is_word[_clip(tk, nxt)])
    able |= (tk.words_before_at(ref) == 0) & tk.isin(nxt, ref, W["request_subject"])
    is_can = tk.norm(ref, ref) == "can"
    subj = tk.scan_left(ref, W["speaker_skip"] - {"can", "could"}, 3)
    able |= is_can & tk.isin(subj, ref, W["personal"])
    able |= tk.isin(ref - 2, ref, {"so"}) | (tk.isin(ref - 3, ref, {"so"})
                                             & tk.isin(ref - 2, ref, {"that"}))
    h.decide(idx, able & ~negated_modal, "modal_ability", keep=False)
    h.decide(idx, negated_modal, "modal_negated", keep=False)


def would(tk, h, numbers):
    """``would_volition``, ``would_hypothetical``, ``would_reported``."""
    idx = h.tagged("would")
    if not len(idx):
        return
    ref = h.s[idx]
    volition = tk.isin(ref + 1, ref, W["volition"])
    cond_tok = tk.flag(W["condition"])[tk.codes]
    were_to = np.zeros(tk.n, dtype=bool)
    if tk.n > 1:
        were_to[:-1] = (tk.flag({"were"})[tk.codes[:-1]] & tk.flag({"to"})[tk.codes[1:]]
                        & (tk.sid[:-1] == tk.sid[1:]))
    n_sent = int(tk.sent_no[-1]) + 1
    cond = np.bincount(tk.sent_no[cond_tok | were_to], minlength=n_sent) > 0
    rep = np.bincount(tk.sent_no[tk.flag(W["report_verbs"])[tk.codes]], minlength=n_sent) > 0
    sn = tk.sent_no[ref]
    h.decide(idx, volition, "would_volition", keep=False)
    h.decide(idx, ~volition & cond[sn], "would_hypothetical")
    h.decide(idx, ~volition & ~cond[sn] & rep[sn], "would_reported", keep=False)


# -- boosters ----------------------------------------------------------------------------------
def certainty_frames(tk, h, neg):
    """``certainty_frame``: "clear" in "it is clear", "sure" in "I am sure", never "make sure"."""
    idx = h.tagged("frame_it")
    if len(idx):
        ref = h.s[idx]
        pb = tk.scan_left(ref, W["degree"] | W["negators"], 4)
        w_pb = tk.norm(pb, ref)
        subj = tk.scan_left(np.where(pb >= 0, pb, ref), W["aux"], 3, skip_nt=True)
        cop = np.isin(w_pb, list(W["copula"]))
        ok = cop & (np.isin(w_pb, ["it's", "that's", "what's", "'tis", "this's"])
                    | tk.isin(subj, ref, W["it_subject"]))
        ok |= (w_pb == "it") & tk.isin(pb - 1, ref, W["copula"])  # "nor is it clear"
        ok |= ((w_pb == "it") & tk.isin(pb - 1, ref, W["make"])) | np.isin(w_pb, list(W["make"]))
        ok |= tk.isin(ref - 1, ref, W["intensifier"])
        ok |= tk.isin(h.e[idx] + 1, ref, W["complement"])
        ok |= neg[idx]
        h.decide(idx, ok, "certainty_frame")
        h.decide(idx, ~ok, "certainty_frame", keep=False)
    idx = h.tagged("frame_personal")
    if len(idx):
        ref = h.s[idx]
        pb = tk.scan_left(ref, W["degree"] | W["negators"], 4)
        w_pb = tk.norm(pb, ref)
        make = np.isin(w_pb, list(W["make"]))
        link = np.isin(w_pb, list(W["copula"] | {"feel", "feels", "felt", "'m", "'re"}))
        link |= np.isin(w_pb, list(W["pronoun_contractions"]))
        ok = ~make & (link | tk.isin(h.e[idx] + 1, ref, W["personal_next"]) | neg[idx])
        h.decide(idx, ok, "certainty_frame")
        h.decide(idx, ~ok, "certainty_frame", keep=False)
    idx = h.tagged("concessive")
    if len(idx):
        h.decide(idx, tk.isin(h.e[idx] + 1, h.e[idx], W["concessive"]), "concessive",
                 keep=False)


# -- attribution and belief ----------------------------------------------------------------------
def _speaker_left(tk, ref):
    """The first token left of each hit that is no auxiliary or adverb (-1: none): "we can
    confidently say" reaches "we"."""
    pb = tk.scan_left(ref, W["speaker_skip"], 4, skip_nt=True)
    for _ in range(2):  # past "-ly" adverbs the list does not hold ("proudly", "forcefully")
        w = tk.norm(pb, ref).astype(str)
        adverb = (pb >= 0) & (np.char.str_len(w.astype("U")) > 4) & np.char.endswith(
            w.astype("U"), "ly")
        if not adverb.any():
            break
        pb = np.where(adverb, tk.scan_left(np.where(adverb, pb, ref), W["speaker_skip"], 4,
                                           skip_nt=True), pb)
    return pb


def _is_source(tk, pb, ref) -> np.ndarray:
    """Can the word at ``pb`` say or believe something: a name, a pronoun of people or a noun
    of people, organisations or documents (``voices.source_nouns``)?

    A name is a word written with a capital inside its sentence, or at the start of it when
    the corpus never writes it in lower case ("Smith said", not "History tells us"); "that" and
    "which" stand for the word before them ("a study that found").
    """
    ok = pb >= 0
    out = np.zeros(len(pb), dtype=bool)
    if not ok.any():
        return out
    p = np.where(ok, pb, 0)
    rel = ok & tk.isin(p, ref, {"that", "which"})
    p = np.where(rel, tk.scan_left(p, {","}, 1), p)  # "a study that", "the mayor, who"
    ok &= p >= 0
    p = np.where(ok, p, 0)
    w = tk.norm(p, ref).astype(str)
    surf = tk.surface(p).astype(str)
    capital = ok & np.array([s[:1].isupper() for s in surf], dtype=bool)
    initial = tk.words_before_at(p) == 0
    lower = pd.Index(tk.text_cats)
    seen_lower = lower.get_indexer(np.char.lower(surf.astype("U"))) >= 0
    name = capital & (~initial | ~seen_lower) & ~np.isin(w, list(W["not_names"]))
    source = ok & (name | _source_noun(w) | np.isin(w, list(W["source_pronouns"]))
                   | np.isin(w, list(W["source_documents"])))
    # "the advocates of defeatism warn", "prophets of gloom telling": the head before "of"
    of = ok & ~source & tk.isin(p - 1, ref, {"of"})
    if of.any():
        source[of] = _source_noun(tk.norm(p[of] - 2, ref[of]).astype(str))
    return source


def _source_noun(words: np.ndarray) -> np.ndarray:
    kinds = {x: noun_kind(x) is not None for x in set(words.tolist())}
    return np.array([kinds[x] for x in words], dtype=bool)


def speakers(tk, h, numbers):
    """``third_party``, ``first_person``, ``no_speaker``, ``not_a_source``: who says (or
    believes) it, and whether it is somebody."""
    for tag in ("speaker", "speaker_epistemic"):
        idx = h.tagged(tag)
        if not len(idx):
            continue
        ref = h.s[idx]
        pb = _speaker_left(tk, ref)
        w = tk.norm(pb, ref)
        start = pb < 0
        first = np.isin(w, list(W["first_person"]))
        not_speaker = np.isin(w, list(W["not_a_speaker"]))
        punct = ~start & tk.is_punct[_clip(tk, pb)]
        after = ref + 1
        inverted = punct & tk.valid(after, ref) & tk.is_word[_clip(tk, after)]
        form = tk.norm(ref, ref).astype(str)
        past = np.char.endswith(form.astype("U"), "ed") | np.isin(form, ["said", "told",
                                                                         "thought"])
        possessive = _possessive(w) & ~past
        number = tk.has(pb, ref, numbers)  # "two suspected militants", "30 reported cases"
        third = ~start & ~first & ~not_speaker & ~possessive & ~number & (~punct | inverted)
        prev = tk.scan_left(ref, W["speaker_skip"] - W["be"], 2)  # "was widely reported"
        passive = past & tk.isin(prev, ref, W["be"])  # "it was declared that": nobody named
        # a coordinated verb ("attacked the judge and said") has its subject further left
        joined = tk.isin(pb, ref, W["coordinators"])
        thing = third & ~inverted & ~passive & ~joined & ~_is_source(tk, pb, ref)
        h.decide(idx, thing, "not_a_source", keep=False)
        third &= ~thing
        h.decide(idx, third, "third_party")
        h.decide(idx, ~third & ~first & ~thing, "no_speaker", keep=False)
        if tag == "speaker_epistemic":
            h.decide(idx, first, "first_person", category="hedge", subcategory="belief verb")
        else:
            h.decide(idx, first, "first_person", keep=False)


def noun_use(tk, h, numbers):
    """``noun_use``: a form after a determiner, possessive, preposition or adjective is a noun."""
    idx = h.tagged("verb_only")
    if not len(idx):
        return
    ref = h.s[idx]
    prev = tk.norm(ref - 1, ref)
    noun = tk.isin(ref - 1, ref, W["noun_before"]) | _possessive(prev)
    p = prev.astype(str).astype("U")
    adjective = np.zeros(len(idx), dtype=bool)
    for suffix in W["adjective_suffixes"]:
        adjective |= np.char.endswith(p, suffix)
    adjective &= (np.char.str_len(p) > 4) & ~tk.isin(ref - 1, ref, W["personal"])
    # "some say", "many believe", "one official said": a quantifier or a noun of people before
    # a verb form a plural subject takes (not "some claims", "many reports") is its subject
    form = tk.norm(ref, ref).astype(str).astype("U")
    plural_noun = np.char.endswith(form, "s") & ~np.char.endswith(form, "ss")
    subject = (tk.isin(ref - 1, ref, W["unnamed_holders"]) & ~plural_noun) | _source_noun(
        prev.astype(str))
    h.decide(idx, (noun | adjective) & ~subject, "noun_use", keep=False)


def belief(tk, h, numbers):
    """``belief_object`` ("believe in", "think about"); ``belief_attributed`` (a third party's
    belief is attribution only, not the writer's hedge); else ``belief_verb``: a hedge."""
    idx = h.tagged("belief")
    if len(idx):
        obj = tk.isin(h.e[idx] + 1, h.e[idx], W["belief_objects"])
        h.decide(idx, obj, "belief_object", keep=False)
        third = np.flatnonzero(h.keep & (h.category == "attribution") & (h.rule == "third_party"))
        hedge = h.category[idx] == "hedge"
        attributed = hedge & ~obj & np.isin(h.s[idx], h.s[third])
        # a named holder (a capitalised name inside the sentence, he/she) makes it attribution
        # only; an unnamed one ("experts believe", "some think") stays a hedge (a weasel)
        ref = h.s[idx]
        pb = tk.scan_left(ref, W["speaker_skip"], 4, skip_nt=True)
        ok = pb >= 0
        surf = np.full(len(idx), "", dtype=object)
        surf[ok] = tk.surface(pb[ok])
        named = np.array([w[:1].isupper() for w in surf.astype(str)], dtype=bool)
        named &= ok & (tk.words_before_at(np.where(ok, pb, ref)) > 0)
        named |= tk.isin(pb, ref, W["named_pronouns"])
        attributed &= named
        h.decide(idx, attributed, "belief_attributed", keep=False)
        h.decide(idx, ~obj & hedge & ~attributed, "belief_verb")


def conditions(tk, h, numbers):
    """``not_condition``: "as if", "asked if", "for as long as", "otherwise healthy"."""
    idx = h.tagged("condition")
    if not len(idx):
        return
    ref = h.s[idx]
    form = tk.norm(ref, ref)
    end_form = tk.norm(h.e[idx], h.e[idx])
    prev = ref - 1
    no = (form == "if") & tk.isin(prev, ref, W["question_verbs"])
    no |= (form == "as") & (end_form == "as") & tk.isin(prev, ref, {"for"})
    opener = (tk.words_before_at(ref) == 0) | tk.isin(prev, ref, W["clause_openers"])
    opener |= tk.valid(prev, ref) & tk.is_punct[_clip(tk, prev)]
    no |= (form == "otherwise") & ~opener
    h.decide(idx, no, "not_condition", keep=False)


# -- position and fixed phrases ------------------------------------------------------------------
def position(tk, h, numbers):
    """``imperative``, ``s_contraction``, ``not_before_to``."""
    idx = h.tagged("imperative")
    if len(idx):
        ok = tk.words_before_at(h.s[idx]) == 0
        h.decide(idx, ok, "imperative")
        h.decide(idx, ~ok, "imperative", keep=False)
    idx = h.tagged("s_contraction")
    if len(idx):
        ok = tk.isin(h.e[idx] + 1, h.e[idx], W["s_next"])
        h.decide(idx, ok, "s_contraction")
        h.decide(idx, ~ok, "s_contraction", keep=False)
    idx = h.tagged("not_before_to")
    if len(idx):
        h.decide(idx, tk.isin(h.e[idx] + 1, h.e[idx], {"to"}), "not_before_to", keep=False)


def fixed_phrase(tk, h, numbers):
    """``fixed_phrase``: "as soon as possible", "think tank", "assume office", ..."""
    idx = h.tagged("fixed_phrase")
    if not len(idx):
        return
    form = tk.norm(h.s[idx], h.s[idx])
    fixed = np.zeros(len(idx), dtype=bool)
    for key, (left, right) in FIXED_PHRASES.items():
        sel = np.flatnonzero(form == key)
        if not len(sel):
            continue
        ref, end = h.s[idx[sel]], h.e[idx[sel]]
        hit = tk.isin(ref - 1, ref, left) if left else np.zeros(len(sel), bool)
        if right:
            hit |= tk.isin(end + 1, end, right) | tk.isin(end + 2, end, right)
        fixed[sel] |= hit
    h.decide(idx, fixed, "fixed_phrase", keep=False)


_ORDER = (quantity, ability, would)
_AFTER_FRAMES = (speakers, position, fixed_phrase, modal_noun, noun_use, belief, conditions)


def apply_rules(tk: TokenContext, h: Hits, numbers: np.ndarray) -> None:
    """Run every context rule on the hits, in order (later rules see earlier rejections).

    Negation is read first (a negated certainty adjective is in a frame by definition) and
    applied last: it flips what the other rules kept. The data-driven rules of the generic
    engine (:mod:`discourse.stance._engine`) run at their ``stage``: ``early`` after the
    look-alike names ("May" the month) and before the modal and frame functions, ``late`` after
    the speaker rules, ``final`` after negation has flipped them (a rule that reads the flipped
    category: "they don't know that" is a hedge only then).
    """
    inside_phrase(tk, h, numbers)
    neg = negated(tk, h)
    names_and_numerals(tk, h, numbers)  # "May" the month is no modal for any later rule
    _engine.run(tk, h, numbers, "early")
    for rule in _ORDER:
        rule(tk, h, numbers)
    certainty_frames(tk, h, neg)
    for rule in _AFTER_FRAMES:
        rule(tk, h, numbers)
    _engine.run(tk, h, numbers, "late")
    flip_negated(h, neg)
    _engine.run(tk, h, numbers, "final")
