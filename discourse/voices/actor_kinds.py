"""The kind of each name (person, place, organisation, group, other) and the evidence for it.

Evidence is tried in a fixed order; the first that applies decides, and its label goes into the
``kind_evidence`` column of :func:`discourse.actors` so a reader can check it:

==================  ===============  ==============================================================
evidence            kind             when
==================  ===============  ==============================================================
``recognizer``      (given)          your ``recognizer`` returned a kind for the name
``gazetteer``       from the list    the name or a declared alias is in the shipped gazetteers
                                     (place or organisation); but a city that is also a given
                                     name and the subject of a reporting verb is a person
                                     ("Brandon thought"; "Moscow says" stays the capital)
``nationality``     group            a plural of nationality or party ("Americans", "Senate
                                     Republicans")
``plural``          group            its first word is a plural noun of people ("Secretaries of
                                     the Interior", "Commissioners"): no one person
``not_person``      from the list    a word of the name is an institution, territory or document
                                     ("Federal Government", "Southern States", "Constitution",
                                     "Bible", "Declaration of Independence"), or the plural of
                                     one ("Governments", "Territories"): never a person
``org_word``        organisation     a word of the name heads organisations ("Party", "Ministry"),
                                     or the word before its "of" does ("Department of State")
``place_word``      place            its last word heads places ("Garfield Street", "Quux River"),
                                     or its first word opens them ("St. Lawrence", "Fort Sumter")
``demonym``         group            a plural of a known place's people ("Virginians", "Texans")
``title``           person           a title stood before a mention ("President", "Dr.", "Mr.");
                                     when most mentions are titled, before the gazetteer too
                                     ("Mr. Madison" is a person, not the city); or the name ends
                                     in a monarch's or dignitary's style ("Catholic Majesty",
                                     "Excellency"), first of all
``reporting_verb``  person           it is the subject of a reporting verb of the stance lexicon
                                     ("Putin argues", "..., says Berzina")
``role``            person           a role noun next to it: "analyst Mark Galeotti", "Kristine
                                     Berzina, a managing director", "his VP, JD Vance"; or
                                     "my name is ..."
``pronoun``         person           "He" or "She" opens the next sentence of the paragraph after
                                     two of its mentions or more that open their sentence,
                                     and after a tenth of them at least ("Saddam Hussein has not
                                     disclosed these facilities. He's given no evidence")
``given_name``      person           its first word is a given name ("Mark Galeotti", "Julian")
                                     that the texts do not write in lower case more often
``surname``         person           its last word alone is a person by the evidence above
                                     ("Barack Obama" with "President Obama")
``in_place``        place            "Wixom, Michigan": a comma and a US state or country follow
``gazetteer_word``  place            its last word is a known place ("Mother Russia")
``none``            other            nothing above ("New START", "Medicare")
==================  ===============  ==============================================================

Evidence is read at the name itself only (its title, its words, a reporting verb whose subject
it is, a role noun in apposition), never from the word after it: "the Biden administration" says
nothing about "Biden".

The word lists are ``name_cues_en.csv`` and the gazetteers (:mod:`discourse.voices.gazetteer`);
reporting verbs are the ``attribution`` rows of :func:`discourse.load_lexicon`.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..text.source_nouns import noun_kind
from ._arrays import token_arrays
from .gazetteer import load_gazetteer, place_demonym
from .names import CONNECTORS

__all__ = ["EVIDENCE_ORDER", "mention_cues", "name_kinds", "reporting_verb_forms"]

EVIDENCE_ORDER = ("recognizer", "gazetteer", "nationality", "plural", "not_person",
                  "org_word", "place_word", "demonym", "title", "reporting_verb", "role",
                  "pronoun", "given_name", "surname", "in_place", "gazetteer_word", "none")
_ADVERBS = frozenset(
    "always also now often still never once already just even further repeatedly later "
    "again too then has have had has've".split())
_CUE_COLUMNS = ["title_cue", "role_cue", "verb_cue", "next_cue", "place_cue", "pronoun_cue"]
#: a person pronoun opening the next sentence of the paragraph ("Saddam Hussein has not
#: disclosed these facilities. He's given no evidence ..."), in this many mentions at least
#: and in this share of them
_PRONOUNS, _PRONOUN_MIN = frozenset({"He", "She", "He's", "She's", "He'd", "She'd"}), 2
_PRONOUN_SHARE, _SUBJECT_WITHIN = 0.1, 5
_OPENERS = frozenset("a an the his her their its our my your this that".split())
_STOP_SCAN = frozenset({",", ";", ":", "(", ")", "\u2014", "\u2013", '"', "\u201c",
                        "\u201d", "."})


@functools.cache
def reporting_verb_forms() -> frozenset:
    """The one-word forms of the lexicon's attribution reporting and belief verbs ("says",
    "argued", "believes")."""
    from ..stance.lexicon import load_lexicon

    lex = load_lexicon()
    sub = lex.subcategory.fillna("")
    rows = lex[(lex.category == "attribution") & sub.isin(["reporting verb", "belief verb"])]
    forms = set()
    for entry, f in zip(rows.entry, rows.forms.fillna(""), strict=True):
        forms |= {w.strip().lower() for w in (f or entry).split("|")
                  if " " not in w.strip() and "*" not in w}
    return frozenset(forms - {""})


def mention_cues(spans: pd.DataFrame, tok: pd.DataFrame) -> pd.DataFrame:
    """Per mention: the title, role, reporting-verb and next-word cue found around it (the
    ``cues`` of :func:`name_kinds`; they do not depend on the ``actor`` column)."""
    if not len(spans):
        return pd.DataFrame(columns=_CUE_COLUMNS)
    g = load_gazetteer()
    roles = g.cue_set("role")
    nxt_person = g.cue_set("person_next")
    verbs = reporting_verb_forms()
    text, norm, key = token_arrays(tok).as_lists
    n = len(text)

    def same(i, j):  # are tokens i and j in one sentence?
        return 0 <= j < n and key[j] == key[i]

    def is_role(j):
        return text[j] in roles and (not text[j][:1].isupper() or text[j].isupper())

    def role_phrase(i, step):
        """A role noun in the comma-delimited phrase next to row ``i`` that opens with a
        determiner ("Kristine Berzina, a managing director,"; "the chief interpreter ...,
        Fyodor Lukyanov") or, before the name, right before the comma ("his VP, JD Vance")."""
        if step < 0 and same(i, i - 1) and is_role(i - 1):
            return text[i - 1]
        j, k, found = i + step, 0, None
        while same(i, j) and k < 24 and text[j] not in _STOP_SCAN:
            if found is None and is_role(j):
                found = text[j]
            j, k = j + step, k + 1
        opener = i + 1 if step > 0 else j - step
        return found if same(i, opener) and norm[opener] in _OPENERS else None

    states = set(g.names.name[g.names.type.isin(["us_state", "country"])])
    pronoun = _next_sentence_pronoun(spans["first"].to_numpy().astype(np.int64),
                                     spans["last"].to_numpy().astype(np.int64), tok)
    out = []
    for f, last, title in zip(spans["first"].tolist(), spans["last"].tolist(),
                              spans.title.to_numpy(dtype=object), strict=True):
        role = verb = nextw = in_place = None
        p = f - 1
        if same(f, p) and text[p] in roles and not text[p][:1].isupper():
            role = text[p]  # "analyst Mark Galeotti"
        elif same(f, p) and norm[p] == "is" and same(f, p - 1) and norm[p - 1] == "name":
            role = "name is"  # "My name is Sher Valenzuela"
        elif same(f, p) and text[p] == ",":
            role = role_phrase(p, -1)  # "the chief interpreter ..., Fyodor Lukyanov"
        q = last + 1
        if role is None and same(last, q) and text[q] == ",":
            role = role_phrase(q, 1)  # "Kristine Berzina, a managing director"
        k = q
        while same(last, k) and norm[k] in _ADVERBS:
            k += 1
        possessive = text[last].replace("\u2019", "'").endswith(("'s", "'"))
        if same(last, k) and norm[k] in verbs and not possessive:
            verb = text[k]  # "Putin argues", not "Putin's declared goals"
        elif same(f, p) and norm[p] in verbs and (not same(f, p - 1) or not text[p - 1][:1]
                                                  .isalnum()):
            verb = text[p]  # "..., says Berzina"
        if same(last, q) and norm[q] in nxt_person:
            nextw = text[q]
        if same(last, q + 1) and text[q] == "," and text[q + 1] in states:
            in_place = text[q + 1]  # "Wixom, Michigan"
        out.append((title or None, role, verb, nextw, in_place))
    cues = pd.DataFrame(out, columns=_CUE_COLUMNS[:-1], index=spans.index)
    cues["pronoun_cue"] = pd.Series(pronoun, index=spans.index, dtype=object)
    return cues


def _next_sentence_pronoun(first: np.ndarray, last: np.ndarray, tok: pd.DataFrame
                           ) -> np.ndarray:
    """Per mention (its first and last token rows): the first word of the next sentence of
    its paragraph when that is "He" or "She" and the mention opens its own sentence (within
    its first :data:`_SUBJECT_WITHIN` tokens) with a lower-case word after it: likely its
    subject, whom the pronoun takes up; None otherwise ("We remember Dachau. He ..." is no
    evidence)."""
    arr = token_arrays(tok)
    key, para = arr.sent_key, arr.para
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    nxt = np.searchsorted(starts, last, side="right")
    own = starts[np.maximum(np.searchsorted(starts, first, side="right") - 1, 0)]
    j = starts[np.minimum(nxt, len(starts) - 1)]
    after = np.minimum(last + 1, len(key) - 1)  # a verb follows the subject: a lower-case word
    ok = ((nxt < len(starts)) & (arr.doc[j] == arr.doc[last]) & (para[j] == para[last])
          & (first - own <= _SUBJECT_WITHIN) & (key[after] == key[last]) & arr.is_lower[after])
    words = arr.text[j].astype(object)
    return np.where(ok & np.isin(words, list(_PRONOUNS)), words, None)


def _institution(word: str, not_person) -> str | None:
    """The cue of a list a word is, or the plural of ("Governments" -> "Government",
    "Territories" -> "Territory", "Provinces" -> "Province"), or None."""
    if word in not_person:
        return word
    for cut, add in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(cut) and word[: -len(cut)] + add in not_person:
            return word[: -len(cut)] + add
    return None


def name_kinds(spans: pd.DataFrame, tok: pd.DataFrame, cues: pd.DataFrame | None = None
               ) -> pd.DataFrame:
    """Kind and evidence for each distinct ``actor`` of a mentions table.

    Parameters
    ----------
    spans : DataFrame
        Mentions with ``actor`` (the canonical name), ``first``, ``last``, ``title`` and
        optionally ``recognizer_kind`` (see :func:`discourse.names.find_names`).
    tok : DataFrame
        ``corpus.analyzed("tokens")`` (``first``/``last`` are its row positions).
    cues : DataFrame, optional
        :func:`mention_cues` of ``spans``, when already computed.

    Returns
    -------
    DataFrame
        One row per actor: ``actor, kind, kind_evidence`` (evidence label and the word that
        decided it, e.g. ``"title: President"``, ``"gazetteer: country"``).
    """
    if cues is None:
        cues = mention_cues(spans, tok)
    m = pd.concat([spans[["actor"]], cues], axis=1)
    if "recognizer_kind" in spans:
        m["recognizer_kind"] = spans.recognizer_kind
    if "recognizer_kind" not in m:
        m["recognizer_kind"] = None
    cols = ["recognizer_kind", "title_cue", "role_cue", "verb_cue", "next_cue", "place_cue",
            "pronoun_cue"]
    first = m.groupby("actor", sort=True)[cols].first()  # first non-missing cue of each
    # share of an actor's mentions that carry a title: "Mr. Madison" is a person even though
    # "Madison" is a city of the gazetteer, when most of its mentions are so titled
    titled_share = m.title_cue.notna().groupby(m.actor).mean().reindex(first.index).fillna(0)
    has_pronoun = m.pronoun_cue.notna().groupby(m.actor)
    n_pronoun = has_pronoun.sum().reindex(first.index).fillna(0)
    pronoun_share = has_pronoun.mean().reindex(first.index).fillna(0)
    lists = _Lists(tok)
    rows = []
    for actor, rk, title, role, verb, _next, in_place, pronoun in zip(
            first.index, *(first[c] for c in cols), strict=True):
        words = actor.split()
        pronoun = pronoun if (n_pronoun[actor] >= _PRONOUN_MIN
                              and pronoun_share[actor] >= _PRONOUN_SHARE) else None
        found = (_list_evidence(lists, actor, words, rk, title, titled_share[actor], verb)
                 or _cue_evidence(words, title, verb, role, pronoun)
                 or _fallback_evidence(lists, words, in_place))
        rows.append((actor, *found))
    return pd.DataFrame(rows, columns=["actor", "kind", "kind_evidence"])


class _Lists:
    """The word lists the evidence reads, and the words the texts write in lower case."""

    def __init__(self, tok: pd.DataFrame):
        g = load_gazetteer()
        self.given = g.given_names
        self.gaz = g.names.set_index("name")
        self.org_heads, self.place_heads = g.cue_set("org_head"), g.cue_set("place_head")
        self.place_prefixes = g.cue_set("place_prefix")
        self.plurals = {p: a for a, p in g.nationality.items() if p}
        self.not_person = g.cue_kind("not_person")
        self.honorifics = g.cue_kind("honorific")  # "His Catholic Majesty": a monarch
        self.places = set(self.gaz.index[self.gaz.kind == "place"])
        # a given name the texts write in lower case more often than capitalised is no
        # evidence ("Golden Gloves", "Young America")
        self.lower_words = token_arrays(tok).lower_words

    def given_name(self, word: str) -> bool:
        return word in self.given and word.lower() not in self.lower_words


def _head_of(words) -> str | None:
    """The last word before the first "of" of a name of two parts ("Department" of
    "Department of State"), else None."""
    if "of" not in words[1:-1]:
        return None
    return words[words.index("of") - 1]


def _list_evidence(lists: _Lists, actor, words, rk, title, titled_share, verb):
    """Evidence from the recogniser, the gazetteers and the word lists (in that order)."""
    gaz = lists.gaz
    # a plural head ("Canadian Provinces") unless a given name opens it ("Rosa Parks")
    plural_ok = words[0] not in lists.given
    institution = next((w for w in words if w in lists.not_person
                        or plural_ok and _institution(w, lists.not_person)), None)
    if isinstance(rk, str):
        return rk, f"recognizer: {rk}"
    if words[-1] in lists.honorifics:  # "Catholic Majesty", "Royal Highness", "Excellency"
        return lists.honorifics[words[-1]], f"title: {words[-1]}"
    if (isinstance(title, str) and titled_share >= 0.5 and institution is None
            and (actor not in gaz.index or gaz.loc[actor].kind == "place")):
        return "person", f"title: {title}"
    if (actor in gaz.index and gaz.loc[actor].type == "city" and lists.given_name(words[0])
            and isinstance(verb, str)):
        # "Brandon thought", "Kennedy declared": a city that is a given name and the subject
        # of a reporting verb is a person (capitals and countries speak for their
        # governments: "Moscow says")
        return "person", f"reporting_verb: {verb}"
    if actor in gaz.index:
        row = gaz.loc[actor]
        return row.kind, f"gazetteer: {row.type}"
    if words[-1] in lists.plurals:
        return "group", f"nationality: {words[-1]}"
    if noun_kind(words[0]) == "group" and (len(words) == 1 or words[1] in CONNECTORS):
        return "group", f"plural: {words[0]}"  # "Secretaries of Interior"
    head = _head_of(words)
    if head is not None and head in lists.org_heads and institution != words[0]:
        # "Department of State", "Bank of the United States": the word before "of" heads
        # the name, the territory after it does not make it a place
        return "organisation", f"org_word: {head}"
    if institution is not None and (words[-1] not in lists.org_heads
                                    or words[-1] in lists.not_person):
        # ("Domestic Policy Council" is an organisation, "Annual Message" a document)
        return (lists.not_person[_institution(institution, lists.not_person)],
                f"not_person: {institution}")
    if any(w in lists.org_heads for w in words) or (
            plural_ok and _institution(words[-1], lists.org_heads)):
        head = next((w for w in words if w in lists.org_heads), words[-1])
        return "organisation", f"org_word: {head}"
    if len(words) > 1 and (words[-1] in lists.place_heads
                           or plural_ok and _institution(words[-1], lists.place_heads)):
        return "place", f"place_word: {words[-1]}"
    if len(words) > 1 and words[0] in lists.place_prefixes:
        return "place", f"place_word: {words[0]}"  # "St. Lawrence", "Fort Sumter"
    if len(words) == 1 and place_demonym(actor, lists.places):
        return "group", f"demonym: {place_demonym(actor, lists.places)}"
    return None


def _cue_evidence(words, title, verb, role, pronoun=None):
    """Evidence at a mention: a title, a reporting verb, a role noun (not for an acronym), a
    person pronoun opening the next sentence (in two mentions or more)."""
    acronym = all(w.isupper() for w in words)  # "NAFTA": no role, no given name
    for label, cue in (("title", title), ("reporting_verb", verb), ("role", role),
                       ("pronoun", pronoun)):
        if isinstance(cue, str) and not (acronym and label == "role"):
            return "person", f"{label}: {cue}"
    return None


def _fallback_evidence(lists: _Lists, words, in_place):
    """A given name, a place after a comma, a known place as the last word, or nothing."""
    gaz = lists.gaz
    if lists.given_name(words[0]):
        return "person", f"given_name: {words[0]}"
    if isinstance(in_place, str):
        return "place", f"in_place: {in_place}"
    if len(words) > 1 and words[-1] in gaz.index and gaz.loc[words[-1]].kind == "place":
        return "place", f"gazetteer_word: {words[-1]}"
    return "other", "none"


def kinds_of(labels, table: pd.DataFrame) -> np.ndarray:
    """Look up the kind of each label in a ``name_kinds`` table ("other" when absent)."""
    k = dict(zip(table.actor, table.kind, strict=True))
    return np.array([k.get(x, "other") for x in labels], dtype=object)
