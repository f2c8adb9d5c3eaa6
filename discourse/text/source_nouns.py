"""Which common nouns may be a cited source, and which given names are a man's or a woman's.

Word lists of general English like the stoplists, so they live on the text floor: the voices
(:func:`discourse.attributions`) and the stance markers (attribution needs somebody who can
say something) read the same lists.

A source of :func:`discourse.attributions` that is no name must be a noun of people or
organisations: "experts", "officials", "the committee", "my opponent", "17 intelligence
agencies". Its head (last word) is looked up, in this order:

1. the ``source_noun`` rows of ``name_cues_en.csv`` (hand-written, with their kind: "experts"
   group, "government" organisation, "report" other: a document);
2. ``source_nouns_wordnet_en.csv``: nouns whose most frequent WordNet 3.0 sense is a person
   ("critic", "economist") or an organisation ("agency", "committee"), built by
   ``scripts/build_voices_lists.py``; a regular plural of a person noun ("critics",
   "taxpayers") is a group.

Anything else ("war", "the claims", "these principles") is no source. ``he`` and ``she`` are
resolved to a person whose given name (``given_name_genders_en.csv``, the 1990 US Census lists)
or title ("Mrs.", "Mr.") does not say otherwise.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

__all__ = ["noun_kind", "person_gender"]

#: Titles that say a person is a man or a woman (the rest say nothing).
_TITLE_GENDER = {
    **dict.fromkeys("Mr. Mr Mister Sir Lord King Prince Father Brother Uncle Congressman "
                    "Grandpa Dad Sheikh Emir".split(), "male"),
    **dict.fromkeys("Mrs. Mrs Ms. Ms Miss Madam Madame Dame Lady Queen Princess Sister Aunt "
                    "Congresswoman Grandma Mom".split(), "female"),
    "First Lady": "female",
}


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("discourse.resources").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@functools.cache
def _nouns() -> tuple[dict, dict]:
    hand = {r["cue"]: r["kind"] for r in _csv_rows("name_cues_en.csv")
            if r["role"] == "source_noun"}
    wordnet = {r["noun"]: r["kind"] for r in _csv_rows("source_nouns_wordnet_en.csv")}
    return hand, wordnet


@functools.cache
def _genders() -> dict:
    return {r["name"]: r["gender"] for r in _csv_rows("given_name_genders_en.csv")}


def _singulars(word: str) -> list[str]:
    """Candidate singulars of a regular plural ("agencies" -> agency, "witnesses" -> witness)."""
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


def noun_kind(phrase: str) -> str | None:
    """Kind of a common-noun source by its head, or None when it names no people.

    Parameters
    ----------
    phrase : str
        The noun phrase ("independent experts", "the Committee", "17 intelligence agencies").

    Returns
    -------
    str or None
        "person", "group" (a plural of people), "organisation", "other" (a document of the
        hand-written list: "the report") or None.

    Examples
    --------
    >>> noun_kind("independent experts"), noun_kind("my opponent"), noun_kind("the critics")
    ('group', 'person', 'group')
    >>> noun_kind("17 intelligence agencies"), noun_kind("war"), noun_kind("the claims")
    ('organisation', None, None)
    """
    words = phrase.replace("\u2019", "'").split()
    if not words:
        return None
    head = words[-1].lower()
    head = head[:-2] if head.endswith("'s") else head.rstrip("'")
    hand, wordnet = _nouns()
    if head in hand:
        return hand[head]
    if head in wordnet:
        return wordnet[head]
    for single in _singulars(head):
        if single in hand:
            return "group" if hand[single] == "person" else hand[single]
        if single in wordnet:
            return "group" if wordnet[single] == "person" else wordnet[single]
    return None


def person_gender(actor: str, titles=()) -> str | None:
    """"male", "female" or None (unknown, or a name used for both) of a person.

    A title that says so wins ("Mrs. Clinton"); else the first word as a given name of the 1990
    US Census lists ("Hillary" female, "Donald" male, "Leslie" either: None).

    Examples
    --------
    >>> person_gender("Hillary Clinton"), person_gender("Clinton", ["Mr."])
    ('female', 'male')
    >>> person_gender("Barack Obama") is None
    True
    """
    said = {_TITLE_GENDER[t] for t in titles if t in _TITLE_GENDER}
    if len(said) == 1:
        return said.pop()
    g = _genders().get(actor.split()[0]) if actor.split() else None
    return g if g in ("male", "female") else None
