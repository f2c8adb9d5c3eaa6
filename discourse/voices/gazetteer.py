"""The word lists that decide what kind of actor a name is (package data, read once).

All lists live in ``discourse/resources/`` and are described, with source and licence, in
``discourse/resources/GAZETTEERS.md``:

- ``gazetteer_places_en.csv``: countries, capitals, cities, US states, continents (GeoNames,
  CC BY 4.0) and ``places_extra_en.csv`` (regions and declared aliases: "the US" is the United
  States; written by the team);
- ``organisations_en.csv``: international organisations, government bodies, parties, media,
  with their declared aliases ("NATO", "EU");
- ``given_names_en.txt``: first names of the 1990 US Census lists (public domain);
- ``nationalities_en.csv``: nationality and group adjectives with their plurals ("Russian",
  "Russians", "Republican", "Republicans");
- ``name_cues_en.csv``: titles ("President", "Dr."), role nouns ("analyst"), head words of
  organisation and place names ("Ministry", "River"), words that are never actors (months,
  days, "GDP"), and the nouns a cited source may be ("experts", "officials", "the report").
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

import pandas as pd

__all__ = ["Gazetteer", "load_gazetteer", "place_demonym"]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("discourse.resources").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class Gazetteer:
    """Every list, as plain sets and dicts for fast look-ups.

    Attributes
    ----------
    names : DataFrame
        One row per known name or alias: ``name`` (as written), ``actor`` (the canonical name it
        stands for: "NATO" -> "North Atlantic Treaty Organization"), ``kind`` ("place" or
        "organisation"), ``type`` ("country", "capital", "city", "us_state", "continent",
        "region", "international", "government", ...), ``source``.
    given_names : frozenset of str
    nationality : dict
        Adjective ("Russian") -> plural ("Russians", or "" when the adjective has none).
    cues : DataFrame
        ``cue, role, kind`` rows of ``name_cues_en.csv``.
    """

    names: pd.DataFrame
    given_names: frozenset
    nationality: dict
    cues: pd.DataFrame

    def cue_set(self, role: str) -> frozenset:
        """The cue words of one role ("title", "role", "org_head", "non_actor", ...)."""
        return frozenset(self.cue_kind(role))

    def cue_kind(self, role: str) -> dict:
        """Cue word -> kind for one role (used for "source_noun")."""
        return _by_role(self.cues).get(role, {})


_ROLE_CACHE: dict[int, dict] = {}


def _by_role(cues: pd.DataFrame) -> dict:
    """{role: {cue: kind}} of a cues table, built once per table."""
    key = id(cues)
    if key not in _ROLE_CACHE:
        out: dict[str, dict] = {}
        for c, r, k in zip(cues.cue, cues.role, cues.kind, strict=True):
            out.setdefault(r, {})[c] = k
        _ROLE_CACHE[key] = out
    return _ROLE_CACHE[key]


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteers and name cues (read once per session).

    Returns
    -------
    Gazetteer
        See :class:`Gazetteer`.

    Examples
    --------
    >>> g = load_gazetteer()
    >>> g.names.set_index("name").loc["NATO", ["actor", "kind"]].tolist()
    ['North Atlantic Treaty Organization', 'organisation']
    >>> "Mark" in g.given_names, g.nationality["Russian"]
    (True, 'Russians')
    """
    rows = []
    for r in _rows("gazetteer_places_en.csv"):
        rows.append((r["name"], r["name"], "place", r["type"], r["source"]))
    for file, kind in (("places_extra_en.csv", "place"), ("organisations_en.csv",
                                                          "organisation")):
        for r in _rows(file):
            rows.append((r["name"], r["name"], kind, r["type"], r["source"]))
            rows += [(a, r["name"], kind, r["type"], r["source"])
                     for a in r["aliases"].split("|") if a]
    names = pd.DataFrame(rows, columns=["name", "actor", "kind", "type", "source"])
    # a hand-written row (alias or region) overrides the extracted one with the same name
    names = names.drop_duplicates("name", keep="last").reset_index(drop=True)
    text = resources.files("discourse.resources").joinpath("given_names_en.txt").read_text(
        "utf-8")
    given = frozenset(w.strip() for w in text.splitlines() if w.strip() and w[0] != "#")
    nationality = {r["adjective"]: r["plural"] for r in _rows("nationalities_en.csv")}
    cues = pd.DataFrame(_rows("name_cues_en.csv"), columns=["cue", "role", "kind"])
    return Gazetteer(names, given, nationality, cues)


def place_demonym(word: str, places) -> str | None:
    """The place a plural demonym is of ("Virginians" -> Virginia, "Ohioans" -> Ohio,
    "Texans" -> Texas, "New Yorkers" is two words and not tried), or None.

    >>> place_demonym("Texans", {"Texas"}), place_demonym("Samoans", {"Samoa"})
    ('Texas', 'Samoa')
    """
    for suffix, ends in (("ns", ("",)), ("ans", ("", "as", "a", "o", "e")),
                         ("ians", ("a", "ia", "", "y", "e")), ("ers", ("",))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            for e in ends:
                if stem + e in places:
                    return stem + e
    return None
