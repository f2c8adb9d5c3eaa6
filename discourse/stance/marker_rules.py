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

from . import _engine
from ._context import TokenContext, clip, possessive, sentence_tokens
from ._rulebook import FIXED_PHRASES, RULES, WORDS
from ._speakers import attributed_commitment, belief, noun_use, reported_modal, speakers

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


# -- phrases, negation ---------------------------------------------------------------------------
def inside_phrase(tk, h, numbers):
    """``inside_phrase``: "almost certainly" is one hedge, not a hedge and a booster; the
    "must" of "it must be admitted" is part of the booster, no obligation."""
    # the categories read once (this rule rejects, it does not recategorise): an object array
    # compared per element costs more than the rest of the rule
    of = {c: h.category == c for c in ("booster", "hedge", "obligation")}
    multi = h.e > h.s
    for inner, outer in (("booster", "hedge"), ("hedge", "booster"), ("obligation", "booster"),
                         ("obligation", "hedge")):
        phrase = np.flatnonzero(of[outer] & multi)
        if not len(phrase):
            continue
        lens = h.e[phrase] - h.s[phrase] + 1
        covered = np.repeat(h.s[phrase], lens) + (np.arange(lens.sum()) - np.repeat(
            np.cumsum(lens) - lens, lens))
        idx = np.flatnonzero(of[inner])
        in_phrase = np.zeros(tk.n, dtype=bool)  # a mask over the tokens, not a sort (isin)
        in_phrase[covered] = True
        inside = in_phrase[h.s[idx]] & in_phrase[h.e[idx]]
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
        nxt_word = tk.valid(ref + 1, ref) & tk.is_word[clip(tk, ref + 1)]
        noun = tk.isin(ref - 1, ref, W["noun_before_modal"]) | possessive(prev)
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
    able |= ~(tk.valid(nxt, ref) & tk.is_word[clip(tk, nxt)])
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
    # the tokens of the hits' sentences only (a few hundred sentences, not the whole table)
    sents, which = np.unique(tk.sent_no[ref], return_inverse=True)
    pos, owner = sentence_tokens(tk, sents)
    c, nxt = tk.codes[pos], np.minimum(pos + 1, tk.n - 1)
    were_to = tk.flag({"were"})[c] & tk.flag({"to"})[tk.codes[nxt]] & (pos + 1 < tk.n)
    were_to &= tk.sid[nxt] == tk.sid[pos]
    cond = (np.bincount(owner[tk.flag(W["condition"])[c] | were_to], minlength=len(sents))
            > 0)[which]
    rep = (np.bincount(owner[tk.flag(W["report_verbs"])[c]], minlength=len(sents)) > 0)[which]
    h.decide(idx, volition, "would_volition", keep=False)
    h.decide(idx, ~volition & cond, "would_hypothetical")
    h.decide(idx, ~volition & ~cond & rep, "would_reported", keep=False)


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
        # "the concentration is readily apparent": these words have no literal sense to lose
        ok |= cop & np.isin(tk.norm(ref, ref), list(W["evident_predicative"]))
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
    opener |= tk.valid(prev, ref) & tk.is_punct[clip(tk, prev)]
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
    attributed_commitment(h, neg)  # after the late rules: the twin must have kept its content
    reported_modal(tk, h)  # likewise: only a reporting verb that kept its content reports
    flip_negated(h, neg)
    _engine.run(tk, h, numbers, "final")
