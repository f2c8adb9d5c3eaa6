"""Named actors: who and what each document names, how often, and of what kind.

:func:`actors` finds name mentions (:func:`discourse.names.find_names`), decides the kind of
each name from auditable evidence (:mod:`discourse.voices.actor_kinds`), joins short forms to their
entity and counts mentions per document.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd

from .._validate import InputError
from ._arrays import shared_arrays, token_arrays
from .actor_aliases import match_mentions, user_aliases
from .actor_kinds import mention_cues, name_kinds
from .gazetteer import load_gazetteer
from .names import _SUFFIXES, find_names

__all__ = ["actors", "actor_mentions"]

def _surname(name: str) -> str | None:
    """The last word of a person's name; None for one word or an "X of Y" name (an office or
    a title: "Secretaries of Interior" has no surname "Interior")."""
    words = [w for w in name.split() if w not in _SUFFIXES]
    if len(words) < 2 or "of" in words:
        return None
    return words[-1]


#: Titles that open place names too ("St. Louis"): no evidence of a person before a place.
_PLACE_TITLES = frozenset({"Saint", "St.", "St", "Fort"})
_PLACE_PREPOSITIONS = frozenset("in to from at near into across outside toward towards "
                                "through around within".split())


def _previous_words(men: pd.DataFrame, tok: pd.DataFrame) -> np.ndarray:
    """The ``norm`` of the token before each mention in its sentence (``""`` at the start)."""
    arr = token_arrays(tok)
    f = men["first"].to_numpy().astype(np.int64)
    p = np.maximum(f - 1, 0)
    same = (f > 0) & (arr.sent[p] == arr.sent[f]) & (arr.doc[p] == arr.doc[f])
    return np.where(same, arr.norm[p], "").astype(object)


def _short_forms(men: pd.DataFrame, kinds: pd.DataFrame, prev=None) -> np.ndarray:
    """Each mention's actor after joining a person's lone surname or first name to its person.

    A one-word mention W joins the person P (a name of two words or more, of kind person) when
    W is P's surname, or P's given name and no person's surname; W must not be a known place or
    organisation itself, except by context: a known place ("Washington") joins a person of
    that surname when a title comes with it ("General Washington"), or when the document names
    that person in full and no place preposition (in, to, from, at, ...) comes before it
    ("Washington" after "George Washington" is the person; "in Washington" the city); a titled
    place that names no person in full becomes a person of its own, "Washington (person)"
    ("President Washington"). A person
    is a name of kind person by evidence at the name (title, given name, role, reporting verb,
    gazetteer, recogniser): an institution, territory or document never is (see
    :mod:`discourse.voices.actor_kinds`). Among several such persons, the one this
    document names most in full wins, else the one the corpus names most in full. A first name
    joins only a person named in full in the same document. A titled surname ("President
    Obama") goes to the persons named in full with the same title; if there are several
    persons of that surname and none was so titled, it stays apart.
    """
    names = load_gazetteer().names
    gaz = set(names.name)
    places = set(names.name[names.kind == "place"])
    kind = dict(zip(kinds.actor, kinds.kind, strict=True))
    persons = [a for a in kinds.actor[kinds.kind == "person"] if _surname(a)]
    total = men.actor.value_counts().to_dict()
    doc_ids, actors, titles = (men[c].to_numpy(dtype=object) for c in ("doc_id", "actor",
                                                                          "title"))
    per_doc = Counter(zip(doc_ids, actors, strict=True))
    titled: dict[str, set] = {}  # person -> titles seen before its full name
    for a, t in zip(actors, titles, strict=True):
        if t:
            titled.setdefault(a, set()).add(t)
    by_surname: dict[str, list[str]] = {}
    by_given: dict[str, list[str]] = {}
    for p in persons:
        by_surname.setdefault(_surname(p), []).append(p)
        by_given.setdefault(p.split()[0], []).append(p)
    out = actors.copy()
    prev = np.full(len(men), "", dtype=object) if prev is None else prev
    for i, (d, a, t) in enumerate(zip(doc_ids, actors, titles, strict=True)):
        if " " in a:
            continue
        if a in gaz or kind.get(a) in ("place", "organisation", "group"):
            # "Washington" by context: the person with a title, or named in full here and
            # not after a place preposition; otherwise the place it is listed as
            owners = by_surname.get(a, [])
            here = [p for p in owners if per_doc.get((d, p), 0)]
            if owners and t and prev[i] not in _PLACE_PREPOSITIONS:
                out[i] = max(here or owners, key=lambda p: (per_doc.get((d, p), 0),
                                                            total.get(p, 0), p))
            elif (t and t not in _PLACE_TITLES and prev[i] not in _PLACE_PREPOSITIONS
                  and a in places and kind.get(a) == "place"):
                out[i] = f"{a} (person)"  # "President Washington", nobody named in full
            elif len(here) == 1 and prev[i] not in _PLACE_PREPOSITIONS | {"of"}:
                out[i] = here[0]
            continue
        owners = by_surname.get(a, [])
        if t and any(t in titled.get(p, ()) for p in owners):  # "President Obama"
            owners = [p for p in owners if t in titled.get(p, ())]
        elif t and len(owners) > 1:
            continue  # "President Obama" with Barack and Michelle Obama, neither so titled
        if owners:
            here = [p for p in owners if per_doc.get((d, p), 0)]
            pool = here or owners
            out[i] = max(pool, key=lambda p: (per_doc.get((d, p), 0), total.get(p, 0), p))
            continue
        here = [p for p in by_given.get(a, []) if per_doc.get((d, p), 0)]
        if len(here) == 1:
            out[i] = here[0]
    return out


def _person_by_surname(kinds: pd.DataFrame) -> pd.DataFrame:
    """A full name of kind "other" is a person when its surname alone is one ("Barack Obama"
    with "President Obama"): evidence ``surname: Obama (title: President)``. A lone given name
    is no such evidence ("GI Bill" with "Bill")."""
    single = kinds[~kinds.actor.str.contains(" ", regex=False)].set_index("actor")
    out = kinds.copy()
    for i, (a, k) in enumerate(zip(kinds.actor, kinds.kind, strict=True)):
        last = _surname(a)
        if (k == "other" and last in single.index and single.kind[last] == "person"
                and not single.kind_evidence[last].startswith("given_name")):
            out.iloc[i, out.columns.get_loc("kind")] = "person"
            out.iloc[i, out.columns.get_loc("kind_evidence")] = (
                f"surname: {last} ({single.kind_evidence[last]})")
    return out


def _split_place_prefix(spans: pd.DataFrame, known: set) -> pd.DataFrame:
    """Cut "America Barack Obama" ("the America Barack Obama believes in") into a known place
    and a name found on its own elsewhere in the corpus."""
    names = set(spans.name)
    g = load_gazetteer()
    heads = g.cue_set("org_head") | g.cue_set("place_head")  # "Kansas City" stays whole
    rows, drop = [], []
    for i, (name, s0) in enumerate(zip(spans.name, spans.start, strict=True)):
        words = name.split()
        for k in range(1, len(words)):
            head, rest = " ".join(words[:k]), " ".join(words[k:])
            if (head in known and rest in names and rest != head and name not in known
                    and words[-1] not in heads):
                r = spans.iloc[i]
                rows.append(r.copy().rename(None))
                rows[-1]["end"], rows[-1]["name"] = s0 + len(head), head
                rows.append(r.copy().rename(None))
                rows[-1]["start"], rows[-1]["name"] = r.end - len(rest), rest
                rows[-1]["title"] = ""
                drop.append(i)
                break
    if not drop:
        return spans
    keep = spans.drop(index=spans.index[drop])
    out = pd.concat([keep, pd.DataFrame(rows)], ignore_index=True)
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


_SPACE_OR_HYPHEN = re.compile(r"[\s-]")
_PAIR = re.compile(r"[A-Z][\w']+(?:-[A-Z][\w']+)+")


def _split_pairs(spans: pd.DataFrame) -> pd.DataFrame:
    """Cut "Romney-Ryan" into two mentions when each part is a name found on its own."""
    names = spans.name.to_numpy(dtype=object)  # Python strings (find_names): Python's re
    singles = {s for s in names if not _SPACE_OR_HYPHEN.search(s)}
    pair = np.array([bool(_PAIR.fullmatch(s)) and all(p in singles for p in s.split("-"))
                     for s in names], dtype=bool)
    if not pair.any():
        return spans
    rows = []
    for r in spans[pair].itertuples(index=False):
        pos = r.start
        for part in r.name.split("-"):
            rows.append(r._replace(start=pos, end=pos + len(part), name=part))
            pos += len(part) + 1
    out = pd.concat([spans[~pair], pd.DataFrame(rows, columns=spans.columns)],
                    ignore_index=True)
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _detected(corpus, tok, min_words, recognizer, aliases) -> pd.DataFrame:
    """Detected mentions with their canonical actor, before short forms are joined."""
    spans = find_names(corpus, recognizer=recognizer)
    names = load_gazetteer().names
    canon = dict(zip(names.name, names.actor, strict=True))
    canon.update(aliases)
    spans = _split_place_prefix(_split_pairs(spans), set(names.name))
    names = spans.name.to_numpy(dtype=object)  # strings (find_names): plain Python below
    spans["actor"] = pd.Series([canon.get(s, s) for s in names], index=spans.index,
                               dtype=object)
    spans = spans[np.array([len(s.split()) >= 1 for s in names], dtype=bool)]
    spans = spans.reset_index(drop=True)
    if min_words > 1:
        keep = np.array([len(a.split()) >= min_words for a in spans.actor], dtype=bool)
        spans = spans[keep].reset_index(drop=True)
    return spans


def actor_mentions(corpus, *, actors=None, aliases=None, min_words: int = 1,
                   recognizer: Callable | None = None) -> pd.DataFrame:
    """One row per actor mention: the table :func:`actors` counts (same parameters).

    Returns
    -------
    DataFrame
        ``actor, doc_id, para_id, sent_id, start, end, text`` (the mention as written, with a
        possessive but without a title), ``name`` (as counted), ``title``, ``kind``,
        ``kind_evidence``, ``first, last`` (token row positions in
        ``corpus.analyzed("tokens")``).
    """
    if not isinstance(min_words, int | np.integer) or isinstance(min_words, bool) \
            or min_words < 1:
        raise InputError(f"min_words={min_words!r} must be a positive integer.")
    if aliases is not None and not isinstance(aliases, dict):
        raise InputError("aliases must be a dict {alias: actor}, e.g. {'the States': "
                         "'United States'}.")
    key = None
    if actors is None and recognizer is None:  # detected names: the same for the same corpus
        key = (int(min_words), tuple(sorted((str(k), str(v)) for k, v in
                                            (aliases or {}).items())))
        hit = _remembered(corpus).get(key)
        if hit is not None:
            return hit.copy()
    men = _mentions(corpus, actors, aliases, min_words, recognizer)
    if key is not None:
        _remembered(corpus)[key] = men.copy()
    return men


#: Detected mentions of the corpora still alive, by id: actors() and attributions() of one
#: corpus (notebook 04 calls them four times) find the names once.
_MEMO: dict[int, tuple[weakref.ref, dict]] = {}


def _remembered(corpus) -> dict:
    """The memo of one corpus (dropped when the corpus is)."""
    k = id(corpus)
    entry = _MEMO.get(k)
    if entry is None or entry[0]() is not corpus:
        entry = (weakref.ref(corpus, lambda _r, k=k: _MEMO.pop(k, None)), {})
        _MEMO[k] = entry
    return entry[1]


def _mentions(corpus, actors, aliases, min_words, recognizer) -> pd.DataFrame:
    """:func:`actor_mentions`, computed."""
    tok = corpus.analyzed("tokens")
    with shared_arrays():
        if actors is None:
            men = _detected(corpus, tok, min_words, recognizer, dict(aliases or {}))
        else:
            men = match_mentions(tok, user_aliases(actors))
        cues = mention_cues(men, tok)  # the same mentions before and after short forms join
        kinds = name_kinds(men, tok, cues)
        if actors is None:
            kinds = _person_by_surname(kinds)
            men["actor"] = _short_forms(men, kinds, _previous_words(men, tok))
            kinds = _person_by_surname(name_kinds(men, tok, cues)) if len(men) else kinds
    texts = {d: corpus.text_of(d) for d in corpus.doc_ids}
    men["text"] = [texts[d][s:e] for d, s, e in zip(men.doc_id.to_numpy(dtype=object),
                                                    men.start.tolist(), men.end.tolist(),
                                                    strict=True)]
    order = {d: i for i, d in enumerate(corpus.doc_ids)}
    men = men.assign(_d=men.doc_id.map(order)).sort_values(["_d", "start"], kind="stable")
    men = men.merge(kinds, on="actor", how="left").drop(columns="_d")
    men["doc_id"] = pd.Categorical(men.doc_id, categories=corpus.doc_ids)
    cols = ["actor", "doc_id", "para_id", "sent_id", "start", "end", "text", "name", "title",
            "kind", "kind_evidence", "first", "last"]
    return men[cols].reset_index(drop=True)


def actors(corpus, *, actors=None, aliases=None, min_words: int = 1, mentions: bool = False,
           recognizer: Callable | None = None, fill_zeros: bool = False) -> pd.DataFrame:
    """Named actors (people, places, organisations, groups) and how often each document names them.

    Parameters
    ----------
    corpus : Corpus
        Only analysed paragraphs are searched.
    actors : list of str or dict, optional
        Your own actors instead of the detected ones: names (``["Putin", "Kristine Berzina"]``)
        or ``{actor: [alias, ...]}`` (``{"Russia": ["Russia", "Moscow", "Kremlin"]}``). Matching
        is case-sensitive on whole words, a possessive "'s" ignored; the last word of a
        multiword name or alias is matched too.
    aliases : dict, optional
        More declared short forms for detected names, ``{alias: actor}``
        (``{"the States": "United States"}``: only the capitalised words count, so write
        ``{"States": "United States"}``). The gazetteers already declare "US", "NATO", "EU", ...
    min_words : int, default 1
        Keep only actors of at least this many words (``2``: multiword names only).
    mentions : bool, default False
        Return one row per mention (:func:`actor_mentions`) instead of counts.
    recognizer : callable, optional
        Your own named-entity recogniser (see :func:`discourse.names.find_names`).
    fill_zeros : bool, default False
        Also return a row (``n == 0``) for every actor and document that does not name it: the
        full actor x document grid. By default only rows with ``n > 0``.

    Returns
    -------
    DataFrame
        One row per actor and document that names it (with ``fill_zeros=True``, every actor
        and document), most mentioned actors first:
        ``actor`` (the full name, or the canonical name of an alias: "NATO" is "North
        Atlantic Treaty Organization"), ``doc_id``, ``n`` (mentions in that document),
        ``forms`` (the forms counted, "; "-joined), ``kind`` (person, place, organisation,
        group or other) and ``kind_evidence`` (which evidence decided the kind, and its word:
        ``"title: President"``; see :mod:`discourse.voices.actor_kinds`).

    Notes
    -----
    Finding names: :mod:`discourse.voices.names` (capitalised runs, titles, possessives,
    sentence-initial words). Joining short forms: a one-word mention joins a person's full
    name when it is that person's surname ("Galeotti" -> "Mark Galeotti"), or the first name
    of the only person the document names with it; an alias joins the entity it is declared
    for ("US" -> "United States"). The last word of a place or organisation is never its
    short form ("America" is not "South America"). Capitalised words that are not actors:
    nationality adjectives ("East European", "Russian"), months, days, and sentence-initial
    words the corpus writes in lower case more often ("Thank", "Now").

    A capitalised run is not always an actor (a quoted title, "New START"): those get kind
    ``other``; check the ``forms``. A named-entity recogniser would do better on lower-case
    text and ambiguous names; pass one as ``recognizer``.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["We met Kristine Berzina. Later, Berzina left."])
    >>> actors(c)[["actor", "n", "forms", "kind", "kind_evidence"]]
                  actor  n                    forms    kind         kind_evidence
    0  Kristine Berzina  2  Berzina; Kristine Berzina  person  given_name: Kristine
    """
    men = actor_mentions(corpus, actors=actors, aliases=aliases, min_words=min_words,
                         recognizer=recognizer)
    if mentions:
        return men
    if actors is None:
        labels = list(dict.fromkeys(men.actor.to_numpy(dtype=object)))
    else:
        labels = list(dict.fromkeys(a for a, _ in user_aliases(actors)))
    n = men.groupby(["actor", men.doc_id.astype(str)]).size()
    n.index.names = ["actor", "doc_id"]
    if fill_zeros:  # the full actor x document grid
        grid = pd.MultiIndex.from_product([labels, corpus.doc_ids], names=["actor", "doc_id"])
        n = n.reindex(grid, fill_value=0)
    out = n.rename("n").reset_index()
    pairs = men[["actor", "name"]].drop_duplicates().sort_values(["actor", "name"])
    forms = pairs.groupby("actor").name.agg("; ".join)  # the distinct forms, sorted
    out["forms"] = out.actor.map(forms).fillna("")
    kinds = men.drop_duplicates("actor").set_index("actor")
    out["kind"] = out.actor.map(kinds.kind).fillna("other")
    out["kind_evidence"] = out.actor.map(kinds.kind_evidence).fillna("none")
    total = out.groupby("actor").n.transform("sum")
    out = out.assign(_t=total, _d=pd.Index(corpus.doc_ids).get_indexer(out.doc_id))
    out = out.sort_values(["_t", "actor", "_d"], ascending=[False, True, True], kind="stable")
    out["doc_id"] = pd.Categorical.from_codes(out._d.to_numpy(), categories=corpus.doc_ids)
    out = out.drop(columns=["_t", "_d"]).reset_index(drop=True)
    out["n"] = out.n.astype("int64")
    if not fill_zeros:
        out = out[out.n > 0].reset_index(drop=True)
    return out[["actor", "doc_id", "n", "forms", "kind", "kind_evidence"]]
