"""Name spans: where a text names someone or something, found by capitalisation rules.

:func:`find_names` returns one row per name mention with its character offsets. It is the
first step of :func:`discourse.actors`; the kind of each name (person, place, ...) is decided
afterwards (:mod:`discourse.voices.actor_kinds`).

The rules (no parsing, no model):

1. A *piece* is a word token with its possessive removed ("Putin's" -> "Putin") and, for a
   hyphenated word, only its capitalised part ("NATO-led" -> "NATO", "ex-KGB" -> "KGB").
2. A name is a run of capitalised pieces in one sentence, joined by "of", "de", "van", ...
   (:data:`CONNECTORS`) and by the dot of an initial ("John F. Kennedy"). Stopwords, months,
   days and the other ``non_actor`` words of ``name_cues_en.csv`` never join a name, nor does
   an all-caps word that the corpus writes in lower case more often ("DONALD TRUMP WILL HAVE":
   "WILL"). A possessive ends the name; an acronym ("NATO", "GDP") is a name of its own unless
   a capitalised word follows ("JD Vance").
3. The first word of a sentence (or the word after a quote, colon or dash) joins a name only
   when the corpus capitalises it mid-sentence more often than it writes it in lower case, or
   when it is a known place, organisation or group ("Republicans"), or a given name followed
   by another capital
   ("Mark Galeotti, a ..."): "Thank", "Now", "Even" are not names.
4. Titles at the start are dropped and kept in ``title`` ("President Volodymyr Zelensky" ->
   "Volodymyr Zelensky"); "Mr. Chairman" leaves no name, nor does an office ("Secretary of
   War"), except its place ("President of Mexico" -> "Mexico"). A nationality before a title is
   dropped too ("Russian President Vladimir Putin").
5. "X of Y" is cut in two when Y is a known place and X is no organisation, institution or
   document ("John Adams of Massachusetts"; "Declaration of Independence" stays whole); a
   name ending in a nationality adjective is no name ("East European") unless what precedes
   it is a known place ("a New Jersey Republican" -> "New Jersey").
6. A one-word name that is an adjective is no name ("Federal courts", "Congressional action",
   "Texan independence"): it ends like one (the ``adjective_suffix`` cues of
   ``name_cues_en.csv``: "-al", "-ic", "-ive", ...; or it is the singular demonym of a known
   place, "Texan", "Samoan"), it is no known place, institution ("Executive"), title or given
   name, and the corpus writes a
   lower-case content word right after it in at least 85% of its three or more mentions
   ("Federal Government", with a capital after it, stays a name).

Where a real named-entity recogniser is available (spaCy, Stanza, flair: they need model
files that cannot be fetched here), pass it as ``recognizer``: a callable taking a paragraph's
text and returning ``(start, end)`` or ``(start, end, kind)`` spans. It replaces rules 1-5;
offsets and counting stay the same. A statistical recogniser is better at names in lower-case
or all-caps text, at unknown names at the start of a sentence and at telling "Washington" the
city from "Washington" the government; these rules are transparent and need nothing to download.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from .._compat import with_old_columns
from .._validate import InputError
from ..text.stoplists import stoplist
from ._arrays import TokenArrays, token_arrays
from .gazetteer import load_gazetteer, place_demonym

__all__ = ["CONNECTORS", "find_names"]

#: Lower-case words allowed inside a capitalised name ("Ministry of Foreign Affairs").
CONNECTORS = frozenset("of for de da du van von der den la le al bin ibn".split())
_BREAK_BEFORE = frozenset('" \u201c \u2018 \' : \u2014 \u2013 - -- ( [ . ! ? \u2026 ;'.split())
_COMPASS = frozenset("North South East West Central Eastern Western Northern Southern".split())
_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9.&+]*[A-Z0-9+.]$")
_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "name", "title", "first", "last",
            "is_initial"]
#: old column names of :func:`find_names` (still readable, with a warning): new names
_OLD_COLUMNS = {"initial": "is_initial"}


def _piece_of(t: str) -> tuple[str, int, int, bool, bool]:
    """One token's name piece, its offsets within the token, possessive and hyphen flags."""
    t = t.replace("\u2019", "'")
    a, b, poss, ends = 0, len(t), False, False
    m = re.search(r"'s?$", t)
    if m and b - m.start() < b:
        b, poss = m.start(), True
    if "-" in t[a:b] and t[a:b].strip("-"):
        parts = t[a:b].split("-")
        caps = [p[:1].isupper() for p in parts]
        if caps[0] and not all(caps):  # "NATO-led": keep the capitalised head
            k = caps.index(False)
            b, ends = a + len("-".join(parts[:k])), True
        elif not caps[0] and any(caps) and len(parts[caps.index(True)]) > 1:
            k = caps.index(True)  # "ex-KGB", "pro-Moscow": the capitalised tail
            a = a + len("-".join(parts[:k])) + 1
    return t[a:b], a, b, poss, ends


def _pieces(arr: TokenArrays) -> tuple[np.ndarray, ...]:
    """Per token: the name piece, its offsets within the token, possessive and hyphen flags,
    and the piece's number among the distinct pieces (worked out once per distinct token
    text); last, the distinct pieces."""
    per = [_piece_of(str(u)) for u in arr.text_uniques]
    codes = arr.text_codes
    piece_of = np.array([p[0] for p in per], dtype=object)
    piece_codes, uniques = pd.factorize(piece_of)
    cols = [np.array([p[k] for p in per], dtype=t)[codes]
            for k, t in ((1, np.int64), (2, np.int64), (3, bool), (4, bool))]
    return (piece_of[codes], *cols, piece_codes[codes], np.asarray(uniques, dtype=object))


def _word_stats(codes: np.ndarray, uniques: np.ndarray, cap, mid) -> tuple[dict, dict]:
    """Corpus counts per piece: capitalised mid-sentence, and written in lower case."""
    n_cap_mid = np.bincount(codes[cap & mid], minlength=len(uniques))
    cap_mid = {uniques[i]: int(n_cap_mid[i]) for i in np.flatnonzero(n_cap_mid)}
    n_low = np.bincount(codes[~cap], minlength=len(uniques))
    lower: dict = {}
    for i in np.flatnonzero(n_low):
        w = uniques[i].lower()
        lower[w] = lower.get(w, 0) + int(n_low[i])
    return cap_mid, lower


def _text_in(arr: TokenArrays, words) -> np.ndarray:
    """Is each token's text one of ``words``? (Worked out once per distinct text.)"""
    words = set(words)
    return np.array([u in words for u in arr.text_uniques], dtype=bool)[arr.text_codes]


class _Runs:
    """Token arrays of the analysed tokens and the flags the name rules need."""

    def __init__(self, tok: pd.DataFrame):
        g = load_gazetteer()
        self.g = g
        arr = token_arrays(tok)
        self.doc, self.para, self.sent, self.start = arr.doc, arr.para, arr.sent, arr.start
        self.text, self.norm, self.is_word = arr.text, arr.norm, arr.is_word
        (self.piece, lo, hi, self.poss, self.ends, self._codes, self._uniq) = _pieces(arr)
        self.p_start, self.p_end = self.start + lo, self.start + hi
        stop = arr.is_stop | arr.norm_in(stoplist("snowball"))
        self.stop, self.is_lower = stop, arr.is_lower
        n = len(self.text)
        same = np.r_[False, arr.sent_key[1:] == arr.sent_key[:-1]]
        self.same_prev = same
        self.initial = ~same | np.r_[False, _text_in(arr, _BREAK_BEFORE)[:-1]]
        self.cap = self._per_piece(lambda p: p[:1].isupper()) & self.is_word
        self.cap_mid, self.lower = _word_stats(self._codes, self._uniq, self.cap, ~self.initial)
        non_actor = g.cue_set("non_actor")
        self.known = set(g.names.name) | {p for p in g.nationality.values() if p}
        self.title = g.cue_set("title")
        self.org_heads = g.cue_set("org_head")
        self.place_heads = g.cue_set("place_head")
        self.place_prefixes = g.cue_set("place_prefix")
        self.not_person = g.cue_set("not_person")
        self.acronym = self._per_piece(lambda p: bool(_ACRONYM.fullmatch(p)) and len(p) >= 2)
        # an all-caps word the corpus writes in lower case more often than as a name
        # ("DONALD TRUMP WILL HAVE YOUR BACK": "WILL") is a shouted word, not part of a name
        shouted = self._per_piece(lambda p: len(p) > 1 and p.isupper() and p not in self.known
                                  and self.lower.get(p.lower(), 0) > self.cap_mid.get(p, 0))
        self.elig = (self.cap & ~self._per_piece(lambda p: p in non_actor) & ~shouted
                     & ~(stop & ~self._per_piece(lambda p: p in self.known)))
        self.conn = _text_in(arr, CONNECTORS) & same
        # "Mr." is two tokens: the dot after a title abbreviation belongs to the title
        after_title = np.zeros(n, dtype=bool)
        after_title[1:] = _text_in(arr, self.title)[:-1]
        # ... and so does the dot after a middle initial ("John F. Kennedy")
        initial = np.zeros(n, dtype=bool)
        initial[1:] = self._per_piece(lambda p: len(p) == 1 and p.isupper())[:-1] & same[1:]
        self.title_dot = _text_in(arr, ".") & (after_title | initial) & same
        self._starts = np.flatnonzero(self.elig & ~self.title_dot)

    def _per_piece(self, test) -> np.ndarray:
        """``test(piece)`` for every token, worked out once per distinct piece."""
        per = np.array([bool(test(str(u))) for u in self._uniq] + [False], dtype=bool)
        return per[self._codes]  # code -1 (a missing piece) reads the last: False

    def initial_ok(self, i: int, followed: bool) -> bool:
        """May the sentence-initial token ``i`` open a name? (rule 3)"""
        p = self.piece[i]
        q = p.title() if p.isupper() and len(p) > 1 else p  # "DONALD TRUMP": look up "Donald"
        if p in self.known or q in self.known or (followed and q in self.g.given_names):
            return True
        n_mid, n_low = self.cap_mid.get(p, 0), self.lower.get(p.lower(), 0)
        if followed and n_low == 0 and not p.lower().endswith(("ly", "ing", "ed")):
            return True
        return n_mid > n_low

    def runs(self):
        """Token rows [a, b) of each raw run of name pieces (rule 2)."""
        n, j = len(self.text), 0
        for i in self._starts.tolist():  # an eligible piece that is no title's dot
            if i < j:
                continue
            j = i + 1
            while j < n and self.same_prev[j] and not self.ends[j - 1] and not self.poss[j - 1]:
                if self.elig[j] and not (self.acronym[j - 1] and self.acronym[j]):
                    j += 1
                elif self.title_dot[j] and j + 1 < n and self.elig[j + 1]:
                    j += 1
                elif (self.conn[j] and j + 1 < n and self.elig[j + 1] and self.same_prev[j + 1]
                      and not self.initial[j]):
                    j += 2
                else:
                    break
            yield i, j


def _strip_title(r: _Runs, a: int, b: int) -> tuple[int, str]:
    """Drop leading titles (and a nationality before one) from rows [a, b): rule 4."""
    titles = []
    head = next((k for k in range(a, b) if r.conn[k]), b)  # the words before any "of"
    if any(r.piece[k] in r.org_heads for k in range(a + 1, head)) or r.piece[b - 1] in \
            r.org_heads:  # "General Motors", "German Marshal Fund of ...": no title here
        return a, ""
    if b - a > 1 and r.piece[a] in r.place_prefixes:  # "St. Louis", "Fort Sumter": a place
        return a, ""
    k = a
    if k + 1 < b and r.piece[k] in r.g.nationality and r.piece[k + 1] in r.title:
        k += 1
    while k < b:
        best = 0
        for L in (3, 2, 1):  # longest title first: "Secretary of State", "Vice President"
            if k + L <= b and " ".join(r.piece[k:k + L]) in r.title:
                best = L
                break
        if not best:
            break
        titles.append(" ".join(r.piece[k:k + best]))
        k += best
        if k < b and r.title_dot[k]:
            k += 1
    return k, " ".join(titles)


def _split_runs(r: _Runs, a: int, b: int):
    """Rules 3-5 on one raw run: yield (a, b, title) of the names in it."""
    while a < b and r.initial[a] and not r.initial_ok(a, followed=b - a > 1 and r.cap[a + 1]):
        a += 1
        while a < b and (r.conn[a] or r.title_dot[a]):
            a += 1
    if a >= b:
        return
    a, title = _strip_title(r, a, b)
    if title and a < b and r.conn[a]:
        # "Secretary of War", "President of Mexico": an office; its place is a name
        rest = " ".join(r.piece[a + 1:b])
        if r.norm[a] != "of" or rest not in r.known:
            return
        a, title = a + 1, ""
    while b > a and (r.conn[b - 1] or r.title_dot[b - 1]):
        b -= 1
    if a >= b:
        return
    words = [k for k in range(a, b) if not r.conn[k]]
    last = r.piece[b - 1]
    # rule 5: "East European", "African-American" are adjectives, no names
    if last in r.g.nationality or last.split("-")[-1] in r.g.nationality:
        head = " ".join(r.piece[a:b - 1])
        if head in r.known and head not in _COMPASS:
            yield a, b - 1, title
        return
    for k in range(a + 1, b - 1):  # rule 5: "John Adams of Massachusetts"
        if r.norm[k] == "of" and r.conn[k] and " ".join(r.piece[k + 1:b]) in r.known:
            head = " ".join(r.piece[a:b])
            if head not in r.known and not any(r.piece[m] in r.org_heads
                                               or r.piece[m] in r.not_person
                                               for m in range(a, k)):
                yield a, k, title
                yield k + 1, b, ""
                return
    if len(words) == 1 and r.piece[a] in _SUFFIXES:
        return
    for k in range(a + 1, b):  # "the America President Obama believes in": two names
        head = " ".join(r.piece[a:k])
        if (head in r.known and head not in _COMPASS and not r.conn[k]
                and r.piece[b - 1] not in r.org_heads and r.piece[b - 1] not in r.place_heads
                and (r.piece[k] in r.title or r.piece[k] in r.g.given_names)):
            yield a, k, title
            yield from _split_runs(r, k, b)
            return
    yield a, b, title


#: Rule 6: share of a one-word name's mentions followed by a lower-case content word, and the
#: fewest mentions, above which a name ending like an adjective is one.
_ADJECTIVE_SHARE, _ADJECTIVE_MIN = 0.85, 3


def _adjective_names(r: _Runs, firsts: np.ndarray, lasts: np.ndarray) -> np.ndarray:
    """Rule 6: is each name (token rows ``firsts..lasts``) a one-word adjective?"""
    one = firsts == lasts
    if not one.any():
        return one
    nxt = np.minimum(firsts + 1, len(r.text) - 1)
    content = (r.same_prev[nxt] & r.is_word[nxt] & ~r.stop[nxt] & (nxt > firsts)
               & r.is_lower[nxt])
    words = pd.Series(r.piece[firsts], dtype=object)[one]
    share = pd.Series(content[one], index=words.index).groupby(words.to_numpy()).agg(
        ["mean", "size"])
    suffixes = tuple(r.g.cue_set("adjective_suffix"))
    places = set(r.g.names.name[r.g.names.kind == "place"])
    adjectives = {w for w, m, n in zip(share.index, share["mean"], share["size"], strict=True)
                  if m >= _ADJECTIVE_SHARE and n >= _ADJECTIVE_MIN and len(w) >= 5
                  and w not in r.known and w not in r.title and w not in r.g.given_names
                  and w not in r.not_person and w not in r.org_heads
                  and (w.endswith(suffixes) or place_demonym(w + "s", places))}
    return one & np.array([w in adjectives for w in r.piece[firsts]], dtype=bool)


def _from_recognizer(corpus, tok: pd.DataFrame, recognizer: Callable) -> pd.DataFrame:
    """Name spans of a user's recognizer, called once per analysed paragraph."""
    paras = corpus.analyzed("paragraphs")
    start = tok.start.to_numpy().astype(np.int64)
    doc = tok.doc_id.astype(str).to_numpy()
    rows = []
    for p in paras.itertuples():
        d = str(p.doc_id)
        for span in recognizer(p.text) or ():
            if len(span) not in (2, 3):
                raise InputError(f"recognizer returned {span!r} for a paragraph of {d!r}: "
                                 "return (start, end) or (start, end, kind) tuples of "
                                 "character offsets into the paragraph text.")
            s, e = int(span[0]) + int(p.start), int(span[1]) + int(p.start)
            kind = span[2] if len(span) == 3 else None
            rows_d = np.flatnonzero((doc == d) & (start >= s) & (start < e))
            if not len(rows_d):
                continue
            f, last = int(rows_d[0]), int(rows_d[-1])
            name = corpus.text_of(d)[s:e].replace("\u2019", "'")
            name = re.sub(r"'s?$", "", name).strip()
            rows.append((d, int(p.para_id), int(tok.sent_id.iat[f]), s, s + len(name), name,
                         "", f, last, False, kind))
    return pd.DataFrame(rows, columns=[*_COLUMNS, "recognizer_kind"])


def find_names(corpus, *, recognizer: Callable | None = None) -> pd.DataFrame:
    """Name mentions in the analysed paragraphs, found by capitalisation rules (see module).

    Parameters
    ----------
    corpus : Corpus
    recognizer : callable, optional
        ``recognizer(paragraph_text) -> [(start, end), ...]`` or ``(start, end, kind)``
        tuples: your own named-entity recogniser instead of the rules (e.g. a wrapper around
        a spaCy model you installed yourself).

    Returns
    -------
    DataFrame
        One row per mention, in text order: ``doc_id, para_id, sent_id``; ``start, end``
        (offsets of the name in ``documents.text``, without title or possessive); ``name``
        (the name as written, curly apostrophes straightened); ``title`` (the titles dropped
        before it, "" if none); ``first, last`` (row positions of its first and last token in
        ``corpus.analyzed("tokens")``); ``is_initial`` (it opens a sentence; old name
        ``initial``, still readable with a :class:`DeprecationWarning`); with a recognizer
        also ``recognizer_kind``.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["Yesterday President Volodymyr Zelensky met Putin's envoy."])
    >>> find_names(c)[["name", "title"]]
                     name      title
    0  Volodymyr Zelensky  President
    1               Putin
    """
    tok = corpus.analyzed("tokens")
    if recognizer is not None:
        if not callable(recognizer):
            raise InputError(f"recognizer={recognizer!r} is not callable: pass a function "
                             "taking a paragraph's text and returning (start, end) spans.")
        return with_old_columns(_from_recognizer(corpus, tok, recognizer), _OLD_COLUMNS)
    r = _Runs(tok)
    rows = []
    for a0, b0 in r.runs():
        for a, b, title in _split_runs(r, a0, b0):
            s, e = int(r.p_start[a]), int(r.p_end[b - 1])
            rows.append((r.doc[a], int(r.para[a]), int(r.sent[a]), s, e, title, a, b - 1,
                         bool(r.initial[a])))
    if rows:
        firsts = np.array([row[6] for row in rows], dtype=np.int64)
        lasts = np.array([row[7] for row in rows], dtype=np.int64)
        rows = [row for row, adj in zip(rows, _adjective_names(r, firsts, lasts), strict=True)
                if not adj]
    texts = {d: corpus.text_of(d) for d in corpus.doc_ids}
    columns = ["doc_id", "para_id", "sent_id", "start", "end", "title", "first", "last",
               "is_initial"]
    # column by column: the same columns as from the rows, built several times faster
    out = pd.DataFrame(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True))
                       if rows else pd.DataFrame(rows, columns=columns))
    out["name"] = pd.Series([" ".join(texts[d][s:e].replace("\u2019", "'").split())
                             for d, _, _, s, e, *_ in rows],
                            index=out.index, dtype=object)
    for c in ("para_id", "sent_id", "start", "end", "first", "last"):
        out[c] = out[c].astype("int64")
    out["is_initial"] = out["is_initial"].astype(bool)  # also when no name was found
    return with_old_columns(out[_COLUMNS], _OLD_COLUMNS)
