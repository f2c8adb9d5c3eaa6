"""Who says or believes it: the context rules of attribution and belief verbs.

``speakers`` finds the subject left of a reporting or belief verb ("experts say", "I think",
"..., says Berzina") and decides ``third_party``, ``first_person``, ``no_speaker`` and
``not_a_source`` (a subject that cannot say anything: "history tells us"); ``noun_use`` rejects
verb forms used as nouns ("the claim", "Putin's claims"); ``belief`` decides who holds a belief.
Their words are data (``marker_rules.json``); the nouns that can be a source come from
:mod:`discourse.text.source_nouns`. Called by :func:`discourse.stance.marker_rules.apply_rules`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..text.source_nouns import noun_kind
from ._context import clip, possessive
from ._rulebook import WORDS as W


def _scan_left_past_adverbs(tk, ref, skip, max_steps: int, *, skip_nt: bool = False):
    """:meth:`TokenContext.scan_left` over ``skip``, then past up to two "-ly" adverbs the list
    does not hold ("proudly", "forcefully", "expressly"), each followed by ``skip`` again."""
    pb = tk.scan_left(ref, skip, max_steps, skip_nt=skip_nt)
    for _ in range(2):
        w = tk.norm(pb, ref).astype(str).astype("U")
        adverb = (pb >= 0) & (np.char.str_len(w) > 4) & np.char.endswith(w, "ly")
        if not adverb.any():
            break
        pb = np.where(adverb, tk.scan_left(np.where(adverb, pb, ref), skip, max_steps,
                                           skip_nt=skip_nt), pb)
    return pb


def _speaker_left(tk, ref):
    """The first token left of each hit that is no auxiliary or adverb (-1: none): "we can
    confidently say" reaches "we".

    A verb that only carries the report on ("his minister proceeds to declare", "they went on
    to say", "has continued to insist": word lists ``report_carriers`` and ``go_forms``) is
    passed with its "to": the speaker is its subject. No other "to" is passed ("the right to
    say", "in order to announce" have no speaker).
    """
    pb = _scan_left_past_adverbs(tk, ref, W["speaker_skip"], 4, skip_nt=True)
    to = tk.isin(pb, ref, {"to"})
    if not to.any():
        return pb
    on = to & tk.isin(pb - 1, ref, {"on"}) & tk.isin(pb - 2, ref, W["go_forms"])
    carrier = np.where(on, pb - 2, pb - 1)
    carried = to & (on | tk.isin(carrier, ref, W["report_carriers"]))
    if not carried.any():
        return pb
    again = _scan_left_past_adverbs(tk, np.where(carried, carrier, ref), W["speaker_skip"], 4,
                                    skip_nt=True)
    return np.where(carried, again, pb)


def _is_source(tk, pb, ref) -> np.ndarray:
    """Can the word at ``pb`` say or believe something: a name, a pronoun of people or a noun
    of people, organisations or documents (``text.source_nouns``)?

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
                   | np.isin(w, list(W["declared_owners"]))  # "his declared purpose"
                   | np.isin(w, list(W["source_nouns_extra"])))
    # "the advocates of defeatism warn", "prophets of gloom telling": the head before "of"
    of = ok & ~source & tk.isin(p - 1, ref, {"of"})
    if of.any():
        source[of] = _source_noun(tk.norm(p[of] - 2, ref[of]).astype(str))
    return source


def _first_person_further_left(tk, pb, ref, max_steps: int = 14) -> np.ndarray:
    """Is the subject of a coordinated verb the writer ("I invited them ... and urged",
    "I hope and believe")? From the coordinator at ``pb``, the nearest subject pronoun to
    the left in the same sentence decides; another subject or a clause opener stops the search
    (word lists ``first_person_subjects``, ``other_subjects``, ``subordinators``: an I/we right
    after a subordinator opens a clause of its own, "the house where we lived").
    """
    out = np.zeros(len(pb), dtype=bool)
    live = pb >= 0
    p = np.where(live, pb - 1, -1)
    for _ in range(max_steps):
        live &= tk.valid(p, ref)
        if not live.any():
            break
        # "where we were living": a pronoun opening a subordinate clause is not the verb's subject
        first = live & tk.isin(p, ref, W["first_person_subjects"]) & ~tk.isin(
            p - 1, ref, W["subordinators"])
        out |= first
        live &= ~first & ~tk.isin(p, ref, W["other_subjects"])
        p = p - 1
    return out


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
        # "his declared purpose": the owner of a declared goal is its source
        not_speaker &= ~(np.isin(w, list(W["declared_owners"])) & (pb == ref - 1)
                         & tk.isin(ref, ref, W["declared_participles"]))
        punct = ~start & tk.is_punct[clip(tk, pb)]
        after = ref + 1
        inverted = punct & tk.valid(after, ref) & tk.is_word[clip(tk, after)]
        form = tk.norm(ref, ref).astype(str)
        past = np.char.endswith(form.astype("U"), "ed") | np.isin(form, ["said", "told",
                                                                         "thought"])
        owner = possessive(w) & ~past
        number = tk.has(pb, ref, numbers)  # "two suspected militants", "30 reported cases"
        third = ~start & ~first & ~not_speaker & ~owner & ~number & (~punct | inverted)
        # "was widely reported", "is expressly declared"
        prev = _scan_left_past_adverbs(tk, ref, W["speaker_skip"] - W["be"], 2)
        passive = past & tk.isin(prev, ref, W["be"])  # "it was declared that": nobody named
        # "I was told / informed / apprised that": the writer received it, somebody said it
        recipient = first & passive & (tag == "speaker")
        first &= ~recipient
        third |= recipient
        # a coordinated verb ("attacked the judge and said") has its subject further left
        joined = tk.isin(pb, ref, W["coordinators"])
        first |= joined & _first_person_further_left(tk, np.where(joined, pb, -1), ref)
        third &= ~first
        thing = third & ~inverted & ~passive & ~joined & ~_is_source(tk, pb, ref)
        thing &= ~_it_reports(tk, h, idx, pb, ref)
        h.decide(idx, thing, "not_a_source", keep=False)
        third &= ~thing
        h.decide(idx, third, "third_party")
        h.decide(idx, ~third & ~first & ~thing, "no_speaker", keep=False)
        if tag == "speaker_epistemic":
            h.decide(idx, first, "first_person", category="hedge", subcategory="belief verb")
        else:
            # "In my last message I stated that ...": the writer then, with the content, is a
            # source other than the writer now; "I have said that", "I say that" stay no report
            subject = np.where(np.isin(w, list(W["first_person"])), pb, -1)  # else joined
            earlier = first & past & _simple_past_with_clause(tk, h, idx, ref, subject)
            h.decide(idx, earlier, "first_person_past")
            h.decide(idx, first & ~earlier, "first_person", keep=False)


def _that_clause(tk, h, idx, ref) -> np.ndarray:
    """Does a that-clause follow the hit: its own "that" ("states that"), "that" right after it
    or after its one-word object ("I advised you that", "informed Congress that": word list
    ``clause_objects``), with a word after the "that" ("I never said that." is a pronoun)?"""
    end = h.e[idx]
    obj = tk.isin(end + 1, ref, W["clause_objects"]) & (tk.norm(end + 2, ref) == "that")
    that = np.where(tk.norm(end, ref) == "that", end, np.where(obj, end + 2, end + 1))
    return ((tk.norm(that, ref) == "that") & tk.valid(that + 1, ref)
            & tk.is_word[clip(tk, that + 1)])


def _it_reports(tk, h, idx, pb, ref) -> np.ndarray:
    """Is the subject "it" of a verb of saying with its that-clause ("It admits that our country
    is deeply affected", "It has declared that votes ... must be by ballot")? Such an "it" stands
    for a document or an institution named before (the note, the Congress): an unnamed source,
    as in the passive "it was declared that". Only verbs of saying (word list
    ``it_report_verbs``): "it suggests / shows / means that" read evidence, no words.
    """
    it = tk.isin(pb, ref, {"it"})
    if not it.any():
        return it
    return it & tk.isin(ref, ref, W["it_report_verbs"]) & _that_clause(tk, h, idx, ref)


def _simple_past_with_clause(tk, h, idx, ref, subject) -> np.ndarray:
    """Is the verb at ``ref`` no perfect ("I have urged") nor after a modal ("I would say") in
    the four words before it (after its ``subject``, when that is known: not "to" of "In my
    message to Congress I stated"), and followed by its that-clause (the hit's own "that", or
    "that" right after the hit)?"""
    close = np.zeros(len(ref), dtype=bool)
    for back in (1, 2, 3, 4):  # "I have urged", "I have often and strongly urged"
        close |= (ref - back > subject) & tk.isin(ref - back, ref, W["perfect_or_modal"])
    clause = _that_clause(tk, h, idx, ref)
    speech = tk.isin(ref, ref, W["past_speech_verbs"])
    return ~close & clause & speech


def noun_use(tk, h, numbers):
    """``noun_use``: a form after a determiner, possessive, preposition or adjective is a noun."""
    idx = h.tagged("verb_only")
    if not len(idx):
        return
    ref = h.s[idx]
    prev = tk.norm(ref - 1, ref)
    owner = possessive(prev)
    noun = tk.isin(ref - 1, ref, W["noun_before"]) | owner
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
    # "The Postmaster-General states that": a capitalised word before a verb form that brings a
    # clause is a name, its subject, whatever its ending ("-al")
    capital = tk.capitalised(ref - 1, ref)
    clause = tk.isin(h.e[idx] + 1, ref, {"that", "whether", ":"}) | (
        (h.e[idx] > ref) & tk.isin(h.e[idx], ref, {"that"}))  # the hit "states that"
    subject |= capital & clause
    # "Putin's asked for", "the plan's been dropped": 's before a verb-like word is "has / is"
    # (word list s_next, as rule s_contraction reads it), its noun the subject
    contracted = tk.isin(ref, ref, W["s_next"])
    subject |= owner & contracted
    # "the Administration's proposed Housing Act": another participle after a possessive is its
    # adjective, the owner no subject; but a declared goal is its owner's statement ("Putin's
    # declared goals", "his avowed purpose": word list declared_participles)
    participle = np.char.endswith(form, "ed") & ~contracted
    subject &= ~(owner & participle)
    declared = tk.isin(ref, ref, W["declared_participles"]) & (
        (owner & (tk.capitalised(ref - 1, ref) | _source_noun(np.char.replace(
            prev.astype(str).astype("U"), "'s", ""))))
        | tk.isin(ref - 1, ref, W["declared_owners"]))
    h.decide(idx, (noun | adjective) & ~subject & ~declared, "noun_use", keep=False)


def _third_party_reports(h) -> np.ndarray:
    """The kept attribution hits whose speaker is somebody else (:func:`speakers`): the twins
    that make a belief verb (:func:`belief`) or a certainty verb (:func:`attributed_commitment`)
    at the same token somebody else's."""
    return np.flatnonzero(h.keep & (h.category == "attribution") & (h.rule == "third_party"))


def belief(tk, h, numbers):
    """``belief_object`` ("believe in", "think about"); ``belief_attributed`` (a third party's
    belief is attribution only, not the writer's hedge); else ``belief_verb``: a hedge."""
    idx = h.tagged("belief")
    if len(idx):
        obj = tk.isin(h.e[idx] + 1, h.e[idx], W["belief_objects"])
        h.decide(idx, obj, "belief_object", keep=False)
        third = _third_party_reports(h)
        hedge = h.category[idx] == "hedge"
        attributed = hedge & ~obj & np.isin(h.s[idx], h.s[third])
        # a named holder (a capitalised name inside the sentence, he/she) makes it attribution
        # only; an unnamed one ("experts believe", "some think") stays a hedge (a weasel)
        ref = h.s[idx]
        pb = tk.scan_left(ref, W["speaker_skip"], 4, skip_nt=True)
        ok = pb >= 0
        named = tk.capitalised(pb, ref) & (tk.words_before_at(np.where(ok, pb, ref)) > 0)
        named |= tk.isin(pb, ref, W["named_pronouns"])
        # "..., speculates Berzina.": the holder named right after the verb (an inversion)
        named |= tk.capitalised(h.e[idx] + 1, ref) & tk.isin(ref - 1, ref, {","})
        attributed &= named
        h.decide(idx, attributed, "belief_attributed", keep=False)
        h.decide(idx, ~obj & hedge & ~attributed, "belief_verb")


def attributed_commitment(h, neg: np.ndarray) -> None:
    """``booster_attributed``: a certainty verb of somebody else is their statement, not the
    writer's certainty.

    A booster row tagged ``attributable`` ("know that", "made it clear") is rejected where its
    attribution twin, the reporting row at the same token, was kept with a third-party speaker
    (:func:`speakers`): "our soldiers and sailors know that this is not true", "Putin's aides
    have made it clear". The writer's "we know that" has no such twin (``first_person``) and
    stays a booster; a negated one ("they don't know that") is left to the negation rules.
    The same mechanism as :func:`belief`, which reads the twin of a belief verb.
    """
    idx = h.tagged("attributable")
    idx = idx[(h.category[idx] == "booster") & ~neg[idx]]
    if not len(idx):
        return
    third = _third_party_reports(h)
    h.decide(idx, np.isin(h.s[idx], h.s[third]), "booster_attributed", keep=False)


def reported_modal(tk, h) -> None:
    """``modal_reported``: "would" inside somebody else's reported words is theirs.

    "If true multipolarity existed, Putin speculated, NATO would not have attempted to expand",
    "Mitt Romney has said that if he was president, he would sign it": the consequence is the
    source's, reported (the attribution hit), not the writer's hypothesis; ``would_reported``
    already rejects "would" in a sentence with a reporting verb and no condition, this rule
    reaches the conditional sentences and the parenthetical reporters. A hedge "would" (rows
    tagged ``would``) is rejected where a kept reporting verb of the same sentence (rows tagged
    ``speaker``) either comes before it, with no contrast between them ("but", "yet", ";",
    "however", "although", "because": word list ``reported_clause_breaks``), or follows it as a
    parenthetical after a comma (", speculates Berzina.", ", the Secretary reports."). "may /
    might / could" in reported words stay hedges: readers rate such sentences less certain (the
    Pei & Jurgens ratings: r .669 -> .660 when they were rejected too).
    """
    kept = h.keep & (h.category == "hedge")
    modal = np.flatnonzero(kept & h.tags["would"])
    report = np.flatnonzero(h.keep & (h.category == "attribution") & (
        h.tags["speaker"] | h.tags["speaker_epistemic"]))
    if not len(modal) or not len(report):
        return
    m = pd.DataFrame({"i": modal, "ms": h.s[modal], "sn": tk.sent_no[h.s[modal]]})
    a = pd.DataFrame({"as_": h.s[report], "ae": h.e[report], "sn": tk.sent_no[h.s[report]]})
    pairs = m.merge(a, on="sn")
    if pairs.empty:
        return
    ms, as_, ae = (pairs[c].to_numpy() for c in ("ms", "as_", "ae"))
    brk = np.concatenate([[0], np.cumsum(tk.flag(W["reported_clause_breaks"])[tk.codes])])
    after = (as_ < ms) & (brk[ms] - brk[ae + 1] == 0)  # breaks strictly between report and modal
    # the parenthetical reporter: a comma at most four tokens left of the verb, its subject
    # between (", speculates Berzina.", ", the Secretary reports.")
    comma = np.full(len(as_), -1)
    for k in range(4, 0, -1):
        comma = np.where(tk.isin(as_ - k, as_, {","}), as_ - k, comma)
    c = np.maximum(comma, 0)
    opener = np.concatenate([[0], np.cumsum(tk.flag(W["reported_clause_openers"])[tk.codes])])
    before = ((as_ > ms) & (comma > ms) & (brk[c] - brk[ms + 1] == 0)
              & (opener[as_] - opener[c + 1] == 0))  # ", because he told us" opens a clause
    hit = np.unique(pairs["i"].to_numpy()[after | before])
    h.decide(hit, np.ones(len(hit), dtype=bool), "modal_reported", keep=False)
