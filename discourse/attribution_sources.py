"""Voices: who speaks in a text. Sources of attributions and the named actors.

:func:`attributions` takes the attribution markers (reporting verbs with a third-party subject,
"according to", "reportedly"; see :func:`discourse.find_markers`) and finds, in the same sentence,
the name or noun phrase of the speaker each one gives the claim to. :func:`actors` counts the
named people and organisations of each document.

Both work on the token table, with simple, documented patterns of English word order; they do not
parse. Every row keeps character offsets into ``documents.text``, so each source can be checked in
its sentence.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from ._validate import InputError, as_list, require_columns
from .corpus import stopwords

#: Reporting verbs used when no markers table is available (see :func:`attributions`); any
#: marker's own verb is recognised by these forms too.
REPORTING_VERBS = frozenset("""
say says said saying claim claims claimed claiming believe believes believed argue argues argued
arguing speculate speculates speculated speculating tell tells told warn warns warned warning
note notes noted insist insists insisted contend contends contended explain explains explained
assert asserts asserted predict predicts predicted acknowledge acknowledges acknowledged admit
admits admitted reckon reckons reckoned write writes wrote report reports reported thinks
""".split())
#: Cues that attribute without naming a source.
UNNAMED_CUES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
#: Words a noun phrase may start with (kept as its left edge), though stopwords.
_DETERMINERS = frozenset("a an the this these those some many several most other such".split())
#: Subject pronouns accepted as a source when right before the verb.
_PRONOUNS = frozenset("he she they it who we i you".split())
_RELATIVE = frozenset({"who", "which", "that"})
#: Adverbs skipped between a subject and its verb ("Putin always says").
_ADVERBS = frozenset(
    "always also now often still never once already just even further repeatedly later "
    "again too then".split())
#: Lower-case words allowed inside a capitalised name ("Ministry of Foreign Affairs").
CONNECTORS = frozenset("of for de da du van von der den la le al bin ibn".split())
#: Titles dropped from the start of a name ("President Volodymyr Zelensky").
TITLES = frozenset(
    "president prime minister chancellor senator sen. general gen. dr dr. mr mr. mrs mrs. "
    "ms ms. professor prof. prof sir secretary pope king queen prince princess "
    "ambassador governor mayor judge justice representative rep. analyst".split())

#: Words that often open a sentence and are no names (with stopwords and -ly adverbs).
_OPENERS = frozenset(
    "yet still however instead meanwhile furthermore moreover also thus hence then now today "
    "yesterday tomorrow last next even though although while since unless whether perhaps "
    "maybe indeed yes no many most several every each another one two three first second "
    "finally later earlier previously answering understanding".split())

_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "text", "source", "source_start",
            "source_end", "source_rule", "sentence"]


# -- token access ----------------------------------------------------------------------------------
class _Tokens:
    """Plain arrays of the token table, with each sentence's [lo, hi) token rows."""

    def __init__(self, tokens: pd.DataFrame):
        self.doc = tokens.doc_id.astype(str).to_numpy()
        self.sent = tokens.sent_id.to_numpy()
        self.start = tokens.start.to_numpy()
        self.end = tokens.end.to_numpy()
        self.text = tokens.text.astype(str).str.replace("\u2019", "'", regex=False).to_numpy()
        self.norm = tokens.norm.astype(str).to_numpy()
        self.is_word = tokens.is_word.to_numpy()
        self.is_stop = tokens.is_stop.to_numpy()
        text = pd.Series(self.text, dtype=object)
        self.cap = text.str[:1].str.isupper().to_numpy(dtype=bool) & self.is_word
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


_STOP = stopwords()
_POSSESSIVE = re.compile(r"'s?$")
_DEMONYM = re.compile(r"(?:ean|ian|ese|ish)$")


# -- noun phrases around a verb -------------------------------------------------------------------
def _np_forward(t: _Tokens, j: int, hi: int) -> tuple[int, int]:
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


def _np_backward(t: _Tokens, j: int, lo: int) -> tuple[int, int]:
    """Token rows [a, b) of the noun phrase that ends at row ``j`` (empty if none)."""
    b = a = j + 1
    while a - 1 >= lo and t.is_word[a - 1] and b - a < 6:
        k, n = a - 1, t.norm[a - 1]
        if n in _DETERMINERS:
            a = k if b > a else a  # a determiner opens the phrase: keep it and stop
            break
        if n in CONNECTORS and k - 1 >= lo and t.cap[k - 1] and b > a and t.cap[a]:
            a = k
            continue
        if t.is_stopword(k):
            break
        a = k
    return a, b


def _name_in(t: _Tokens, a: int, b: int) -> tuple[int, int]:
    """Narrow a noun phrase to the capitalised name at its end ("analyst Mark Galeotti")."""
    if b <= a or not t.cap[b - 1]:
        return a, b
    f = b - 1
    while f - 1 >= a and (t.cap[f - 1] or (t.norm[f - 1] in CONNECTORS and f - 2 >= a
                                            and t.cap[f - 2])):
        f -= 1
    return (f, b) if all(not t.cap[k] for k in range(a, f)) else (a, b)


def _skip_adverbs_back(t: _Tokens, j: int, lo: int) -> int:
    while j >= lo and t.is_word[j] and not t.cap[j] and (
            t.norm[j] in _ADVERBS or (t.norm[j].endswith("ly") and len(t.norm[j]) > 4)):
        j -= 1
    return j


def _find_source(t: _Tokens, lo: int, hi: int, c0: int, c1: int) -> tuple[int, int, str]:
    """Source token rows [a, b) and the rule that found them, for the cue rows [c0, c1)."""
    norms = [t.norm[k] for k in range(c0, c1)]
    if "according" in norms:
        k = c0 + norms.index("according")
        nxt = k + 1 if k + 1 < hi and t.norm[k + 1] == "to" else k
        a, b = _np_forward(t, nxt + 1, hi)
        return (*_name_in(t, a, b), "according_to") if b > a else (-1, -1, "no_source")
    if any(n in UNNAMED_CUES for n in norms) and not any(n in REPORTING_VERBS for n in norms):
        return -1, -1, "unnamed"
    verbs = [c0 + i for i, n in enumerate(norms) if n in REPORTING_VERBS]
    v = verbs[0] if verbs else max([k for k in range(c0, c1) if t.is_word[k]] or [c0])

    # 1. a subject right before the verb: "Putin argues", "experts say", "Trump, who believes"
    p = _skip_adverbs_back(t, v - 1, lo)
    if p >= lo and t.is_word[p]:
        n = t.norm[p]
        if n in _RELATIVE:
            q = p - 1 if p - 1 >= lo and t.text[p - 1] == "," else p
            a, b = _np_backward(t, q - 1, lo)
            if b > a:
                return (*_name_in(t, a, b), "relative")
        elif n in _PRONOUNS:
            return p, p + 1, "preposed"
        elif n not in _DETERMINERS and not t.is_stopword(p):
            a, b = _np_backward(t, p, lo)
            if b > a:
                return (*_name_in(t, a, b), "preposed")
    # 2. an appositive before the verb: "Mark Galeotti, a leading Russia analyst, says"
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
    # 3. a source after the verb: "..., says Berzina", "speculates Berzina", "says analyst X"
    a, b = _np_forward(t, v + 1, hi)
    if b > a:
        return (*_name_in(t, a, b), "postposed")
    return -1, -1, "no_source"


# -- cues --------------------------------------------------------------------------------------
def _builtin_cues(corpus) -> pd.DataFrame:
    """Attribution cues found without the marker tagger (reporting verbs, "according to").

    Kept: a reporting verb (:data:`REPORTING_VERBS`) with a source found by the word-order
    patterns and not a first-person subject (I, we); "according to"; "reportedly" and the other
    :data:`UNNAMED_CUES`.
    """
    tok = corpus.analyzed("tokens")
    norm = tok.norm.astype(str)
    nxt = norm.shift(-1, fill_value="")
    same = tok.sent_id.eq(tok.sent_id.shift(-1)) & tok.doc_id.astype(str).eq(
        tok.doc_id.astype(str).shift(-1))
    according = norm.eq("according") & nxt.eq("to") & same
    single = norm.isin(REPORTING_VERBS) | norm.isin(UNNAMED_CUES)
    rows = np.flatnonzero(according | single)
    end = tok.end.to_numpy()[np.where(according.to_numpy()[rows], rows + 1, rows)]
    cues = tok.iloc[rows][["doc_id", "para_id", "sent_id", "start"]].assign(end=end)
    cues["category"] = "attribution"
    cues = cues.reset_index(drop=True)
    texts = {d: corpus.text_of(d) for d in corpus.doc_ids}
    cues["text"] = [texts[d][s:e] for d, s, e in zip(cues.doc_id.astype(str), cues.start,
                                                     cues.end, strict=True)]
    return cues


def _attribution_markers(corpus, markers) -> tuple[pd.DataFrame, bool]:
    """The attribution rows of ``markers`` (or of the tagger, or of the built-in cues)."""
    if markers is None:
        from .markers import find_markers

        try:
            markers = find_markers(corpus)
        except NotImplementedError:
            warnings.warn("discourse.find_markers is not available; attributions() uses its "
                          "built-in list of reporting verbs instead.", UserWarning, stacklevel=3)
            return _builtin_cues(corpus), True
    require_columns(markers, ["doc_id", "sent_id", "start", "end", "category"], name="markers",
                    hint="Pass the table returned by dc.find_markers(corpus).")
    m = markers[markers.category.astype(str) == "attribution"]
    m = m.drop_duplicates(["doc_id", "start", "end"]).sort_values(
        ["doc_id", "start", "end"], kind="stable")
    return m.reset_index(drop=True), False


def attributions(corpus, markers: pd.DataFrame | None = None) -> pd.DataFrame:
    """The source each attribution marker gives its claim to.

    Parameters
    ----------
    corpus : Corpus
        The corpus the markers were found in.
    markers : DataFrame, optional
        A markers table (:func:`discourse.find_markers`); its rows with ``category ==
        "attribution"`` are used. Default: ``dc.find_markers(corpus)``. (Should the tagger be
        unavailable, a built-in list of reporting verbs is used with a warning: see
        :data:`REPORTING_VERBS`.)

    Returns
    -------
    DataFrame
        One row per attribution marker, in text order:

        - ``doc_id, para_id, sent_id``: where the cue is.
        - ``start, end, text``: the cue (offsets into ``documents.text``).
        - ``source``: the speaker's name or noun phrase ("Kristine Berzina", "experts"), missing
          (None) when the sentence names none ("reportedly", "it is claimed").
        - ``source_start, source_end``: its offsets into ``documents.text`` (nullable Int64).
        - ``source_rule``: the pattern that found it (see Notes).
        - ``sentence``: the sentence text.

    Notes
    -----
    Patterns, tried in this order within the cue's sentence (no parsing: word order only):

    - ``according_to``: the noun phrase after "according to" ("according to Kristine
      Berzina, a managing director" -> "Kristine Berzina").
    - ``unnamed``: "reportedly", "allegedly", ... name no source.
    - ``relative``: "Trump, who believes" -> the noun phrase before "who" ("Trump").
    - ``preposed``: a subject right before the verb, adverbs skipped ("experts say",
      "Putin argues", "he says" -> "he"; pronouns are not resolved).
    - ``appositive``: "Mark Galeotti, a leading Russia analyst, says" -> the capitalised name
      before a comma-delimited phrase that opens with a determiner, relative or title.
    - ``postposed``: the noun phrase after the verb ("..., says Berzina", "says analyst Mark
      Galeotti" -> "Mark Galeotti").
    - ``no_source``: none of these (e.g. a passive "it is claimed that").

    A noun phrase is a run of words without stopwords (a determiner may open it; "of", "de",
    ... may join capitalised words); when it ends in a capitalised name, lower-case words before
    the name (roles such as "analyst") are dropped from the source.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["Russia may stall, says Berzina."])
    >>> cue = pd.DataFrame({"doc_id": ["doc_0"], "sent_id": [0], "start": [18], "end": [22],
    ...                     "text": ["says"], "category": ["attribution"]})
    >>> attributions(c, cue)[["text", "source", "source_rule"]]
       text   source source_rule
    0  says  Berzina   postposed
    """
    m, builtin = _attribution_markers(corpus, markers)
    t = _Tokens(corpus.tokens)
    texts = {d: corpus.text_of(d) for d in corpus.doc_ids}
    sentences = corpus.sentences.assign(doc_id=corpus.sentences.doc_id.astype(str))
    keys = list(zip(sentences.doc_id, sentences.sent_id, strict=True))
    sent_text = dict(zip(keys, sentences.text, strict=True))
    sent_para = dict(zip(keys, sentences.para_id, strict=True))
    rows = []
    for doc_id, sent_id, start, end in zip(m.doc_id.astype(str), m.sent_id, m.start, m.end,
                                           strict=True):
        lo, hi = t.sentence(doc_id, sent_id)
        c0 = lo + int(np.searchsorted(t.start[lo:hi], start, side="left"))
        c1 = lo + int(np.searchsorted(t.start[lo:hi], end, side="left"))
        if c1 <= c0:
            c1 = c0 + 1
        a, b, rule = _find_source(t, lo, hi, c0, min(c1, hi)) if hi > lo else (-1, -1,
                                                                               "no_source")
        if builtin and (rule == "no_source" or (rule == "preposed" and b - a == 1
                                                and t.norm[a] in ("i", "we"))):
            continue
        s0, s1 = (int(t.start[a]), int(t.end[b - 1])) if b > a else (None, None)
        source = texts[doc_id][s0:s1] if s0 is not None else None
        rows.append((doc_id, sent_para.get((doc_id, int(sent_id))), int(sent_id), int(start),
                     int(end), texts[doc_id][start:end], source, s0, s1, rule,
                     sent_text.get((doc_id, int(sent_id)), "")))
    out = pd.DataFrame(rows, columns=_COLUMNS)
    out["doc_id"] = pd.Categorical(out.doc_id, categories=corpus.doc_ids)
    for c in ("para_id", "sent_id", "start", "end"):
        out[c] = out[c].astype("int64")
    out["source"] = pd.Series([r[6] for r in rows], dtype=object)
    for c in ("source_start", "source_end"):
        out[c] = out[c].astype("Int64")
    return out


# -- named actors ----------------------------------------------------------------------------------
def _base_forms(text: np.ndarray) -> np.ndarray:
    """Token surface forms with a trailing possessive removed ("Putin's" -> "Putin")."""
    s = pd.Series(text, dtype=object).astype(str).str.replace("\u2019", "'", regex=False)
    return s.str.replace(r"'s?$", "", regex=True).to_numpy(dtype=object)


def _candidate_names(corpus, tok: pd.DataFrame, min_words: int) -> pd.DataFrame:
    """Runs of capitalised words (one row per run): name, n_caps, doc_id, start, end."""
    text = tok.text.astype(str).str.replace("\u2019", "'", regex=False)
    norm = tok.norm.astype(str)
    word = tok.is_word.to_numpy()
    cap = text.str[:1].str.isupper().to_numpy() & word
    sent_key = tok.doc_id.astype(str) + "\x00" + tok.sent_id.astype(str)
    word_rank = tok.assign(_w=word).groupby(sent_key.to_numpy(), sort=False)._w.cumsum()
    initial = (word_rank.to_numpy() == 1) & word
    lower_seen = set(norm[word & ~cap])
    title = norm.isin(TITLES).to_numpy()
    # a sentence-initial capital counts only for a word never written in lower case
    ok_initial = (~norm.isin(lower_seen | _OPENERS).to_numpy() & ~tok.is_stop.to_numpy()
                  & ~norm.str.endswith("ly").to_numpy())
    capok = cap & (~initial | ok_initial) & ~tok.is_stop.to_numpy()
    # an acronym joins a name only as its first word ("JD Vance"; not "Ukraine ASAP")
    allcaps = text.str.fullmatch(r"[A-Z0-9]{2,}").to_numpy()
    capok &= ~allcaps | (np.r_[capok[1:], False] & ~np.r_[allcaps[1:], False])
    same_prev = np.r_[False, sent_key.to_numpy()[1:] == sent_key.to_numpy()[:-1]]
    same_next = np.r_[same_prev[1:], False]
    conn = (norm.isin(CONNECTORS).to_numpy() & np.r_[False, capok[:-1]] & np.r_[capok[1:], False]
            & same_prev & same_next)
    elig = capok | conn
    possessive = text.str.contains(r"'s?$").to_numpy() & cap
    prev_poss = np.r_[False, possessive[:-1]]
    prev_elig = np.r_[False, elig[:-1]]
    new_run = elig & (~prev_elig | ~same_prev | prev_poss)
    run = np.where(elig, np.cumsum(new_run), 0)
    # a title opening a run is not part of the name
    first_of_run = new_run & title
    keep = elig & ~first_of_run
    new_run2 = keep & (np.r_[True, run[1:] != run[:-1]] | np.r_[False, first_of_run[:-1]])
    run = np.where(keep, np.cumsum(new_run2), 0)
    r = pd.DataFrame({"run": run, "cap": capok & keep, "doc_id": tok.doc_id.astype(str),
                      "start": tok.start, "end": tok.end, "initial": initial})[run > 0]
    g = r.groupby("run", sort=True).agg(doc_id=("doc_id", "first"), start=("start", "min"),
                                        end=("end", "max"), n_caps=("cap", "sum"),
                                        initial=("initial", "first"))
    # one capitalised word at a sentence start is no evidence of a name
    g = g[(g.n_caps >= min_words) & ~((g.n_caps == 1) & g.initial)]
    texts = {d: corpus.text_of(d) for d in corpus.doc_ids}
    g["name"] = pd.Series([texts[d][s:e] for d, s, e in zip(g.doc_id, g.start, g.end,
                                                             strict=True)],
                          index=g.index, dtype="str")  # str even when no name was found
    g["name"] = g.name.str.replace("\u2019", "'", regex=False).str.replace(r"'s?$", "",
                                                                              regex=True)
    return g.reset_index(drop=True)


def _introduces_surname(names: pd.DataFrame, tok: pd.DataFrame) -> dict[str, bool]:
    """Which detected full names may take their surname's lone mentions.

    A full name merges with its surname when the surname is no adjective of nationality
    (-ean, -ian, -ese, -ish: "East European") and, in some document that has the full name,
    the full name comes first (as "Kristine Berzina" before "Berzina"; not "Mother Russia",
    whose "Russia" was there long before).
    """
    first_tok = (pd.DataFrame({"base": _base_forms(tok.text.to_numpy()),
                               "doc": tok.doc_id.astype(str).to_numpy(),
                               "start": tok.start.to_numpy()})
                 .groupby(["base", "doc"]).start.min().to_dict())
    first_name = names.groupby(["name", "doc_id"]).start.min().to_dict()
    out: dict[str, bool] = {}
    for (name, d), start in first_name.items():
        surname = _split_name(name)[-1]
        ok = not _DEMONYM.search(surname) and start <= first_tok.get((surname, d), np.inf)
        out[name] = out.get(name, False) or bool(ok)
    return out


def _match_mentions(tok: pd.DataFrame, aliases: list[tuple[str, tuple[str, ...]]]) -> pd.DataFrame:
    """Non-overlapping mentions of aliases (longest first) in the token stream.

    Candidates are looked up by their first word (token rows grouped by base form), so the cost
    grows with the number of mentions, not with aliases x tokens.
    """
    base = _base_forms(tok.text.to_numpy())
    codes, uniques = pd.factorize(base)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    where = {u: i for i, u in enumerate(uniques)}
    doc = pd.factorize(tok.doc_id.astype(str))[0].astype(np.int64)
    sent_key = doc * (int(tok.sent_id.max()) + 1 if len(tok) else 1) + tok.sent_id.to_numpy()
    covered = np.zeros(len(tok), dtype=bool)
    hits = []
    for actor, alias in sorted(aliases, key=lambda x: (-len(x[1]), x[0], x[1])):
        L = len(alias)
        if L == 0 or alias[0] not in where:
            continue
        c = where[alias[0]]
        cand = order[bounds[c]:bounds[c + 1]]
        cand = cand[cand + L <= len(tok)]
        for k in range(1, L):
            cand = cand[(base[cand + k] == alias[k]) & (sent_key[cand + k] == sent_key[cand])]
        for i in cand.tolist():
            if not covered[i:i + L].any():
                covered[i:i + L] = True
                hits.append((actor, i, i + L - 1))
    return pd.DataFrame(hits, columns=["actor", "first", "last"])


def _split_name(name: str) -> tuple[str, ...]:
    """The words of a name, each without a possessive."""
    return tuple(_POSSESSIVE.sub("", w) for w in name.replace("\u2019", "'").split())


def actors(corpus, *, actors=None, min_words: int = 2, mentions: bool = False) -> pd.DataFrame:
    """Named actors (people, organisations) and how often each document mentions them.

    Parameters
    ----------
    corpus : Corpus
        Only analysed paragraphs are searched.
    actors : list of str or dict, optional
        Your own actors instead of the detected ones: names (``["Putin", "Kristine Berzina"]``)
        or ``{actor: [alias, ...]}`` (``{"Russia": ["Russia", "Moscow", "Kremlin"]}``). Matching
        is case-sensitive on whole words, a possessive "'s" ignored; the surname (last word) of a
        multiword name or alias is matched too.
    min_words : int, default 2
        Detected names need at least this many capitalised words; ``min_words=1`` also takes
        single capitalised words (not sentence-initial, or never written in lower case).
    mentions : bool, default False
        Return one row per mention instead of counts.

    Returns
    -------
    DataFrame
        By default one row per actor and document (zero counts included), most mentioned actors
        first: ``actor`` (the most frequent full form), ``doc_id``, ``n`` (mentions in that
        document), ``forms`` (the surface forms counted, "; "-joined). With ``mentions=True``,
        one row per mention: ``actor, doc_id, para_id, sent_id, start, end, text``.

    Notes
    -----
    Detection: a name is a run of capitalised words in one sentence, joined by "of", "de",
    "van" and the like (:data:`CONNECTORS`); a possessive ends the run ("Ukraine's President
    Volodymyr Zelensky" gives "Volodymyr Zelensky" once the title is dropped, :data:`TITLES`).
    The first word of a sentence joins a name only if that word is never written in lower case
    in the corpus and is no stopword, -ly adverb or common sentence opener ("Yet", "Instead"):
    "Andrei Soldatov, a journalist, ..." is found, "The Europeans" is not. Acronyms join a name
    only as its first word ("JD Vance"); stopwords never open one.

    Merging: mentions are counted for the full name and, outside full-name mentions, for its
    surname alone ("Kristine Berzina" = "Berzina"), in every document. A detected name takes its
    surname only if, in some document, the full name comes before any lone surname (so "Mother
    Russia" does not take every "Russia") and the surname is no adjective of nationality (-ean,
    -ian, -ese, -ish: "East European"). When two full names share a surname, the surname alone
    goes to the more frequent one. Your own ``actors`` always take their surnames.

    Organisations are found the same way, and a capitalised run is not always an actor ("Global
    South", a quoted title): check the ``forms``. A single name ("Putin") needs
    ``min_words=1`` or your own list.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["We met Kristine Berzina. Later, Berzina left."])
    >>> actors(c)
                 actor doc_id  n                    forms
    0  Kristine Berzina  doc_0  2  Berzina; Kristine Berzina
    """
    if not isinstance(min_words, int | np.integer) or min_words < 1:
        raise InputError(f"min_words={min_words!r} must be a positive integer.")
    tok = corpus.analyzed("tokens")
    aliases: list[tuple[str, tuple[str, ...]]] = []
    if actors is None:
        names = _candidate_names(corpus, tok, min_words)
        first_seen = {n: i for i, n in enumerate(pd.unique(names.name))}
        counts = names.name.value_counts(sort=False)
        order = pd.DataFrame({"name": counts.index, "n": counts.to_numpy()})
        order["first"] = order.name.map(first_seen)
        order = order.sort_values(["n", "first"], ascending=[False, True], kind="stable")
        surname_owner: dict[str, str] = {}
        mergeable = _introduces_surname(names, tok)
        for name in order.name:
            parts = _split_name(name)
            if len(parts) > 1 and mergeable.get(name, False):
                surname_owner.setdefault(parts[-1], name)
        for name in order.name:
            parts = _split_name(name)
            if len(parts) > 1 or parts[-1] not in surname_owner:
                aliases.append((name, parts))
        aliases += [(owner, (s,)) for s, owner in surname_owner.items()
                    if (s,) not in {a[1] for a in aliases}]
    else:
        spec = actors if isinstance(actors, dict) else {a: [a] for a in as_list(actors)}
        for label, forms in spec.items():
            for form in as_list(forms):
                if not str(form).strip():
                    raise InputError(f"actors: the alias {form!r} of {label!r} is empty.")
                parts = _split_name(str(form))
                aliases.append((str(label), parts))
                if len(parts) > 1:
                    aliases.append((str(label), parts[-1:]))
        aliases = list(dict.fromkeys(aliases))
    hits = _match_mentions(tok, aliases)
    texts = {d: corpus.text_of(d) for d in corpus.doc_ids}
    f = hits["first"].to_numpy().astype(np.int64)  # int even when nothing matched
    last = hits["last"].to_numpy().astype(np.int64)
    men = pd.DataFrame({
        "actor": hits.actor.astype(object),
        "doc_id": tok.doc_id.astype(str).to_numpy()[f],
        "para_id": tok.para_id.to_numpy()[f].astype("int64"),
        "sent_id": tok.sent_id.to_numpy()[f].astype("int64"),
        "start": tok.start.to_numpy()[f].astype("int64"),
        "end": tok.end.to_numpy()[last].astype("int64")})
    men["text"] = [texts[d][s:e] for d, s, e in zip(men.doc_id, men.start, men.end, strict=True)]
    men = men.sort_values(["doc_id", "start"], kind="stable", key=lambda s: s.map(
        {d: i for i, d in enumerate(corpus.doc_ids)}) if s.name == "doc_id" else s)
    men["doc_id"] = pd.Categorical(men.doc_id, categories=corpus.doc_ids)
    men = men.reset_index(drop=True)
    if mentions:
        return men
    labels = list(dict.fromkeys(a for a, _ in aliases))
    grid = pd.MultiIndex.from_product([labels, corpus.doc_ids], names=["actor", "doc_id"])
    n = men.groupby(["actor", men.doc_id.astype(str)]).size().reindex(grid, fill_value=0)
    out = n.rename("n").reset_index()
    forms = (men.assign(form=_base_forms(men.text.to_numpy()))
             .groupby("actor").form.agg(lambda s: "; ".join(sorted(set(s)))))
    out["forms"] = out.actor.map(forms).fillna("")
    total = out.groupby("actor").n.transform("sum")
    out = out.assign(_t=total, _d=out.doc_id.map({d: i for i, d in enumerate(corpus.doc_ids)}))
    out = out.sort_values(["_t", "actor", "_d"], ascending=[False, True, True],
                                      kind="stable")
    out = out.drop(columns=["_t", "_d"]).reset_index(drop=True)
    out["doc_id"] = pd.Categorical(out.doc_id, categories=corpus.doc_ids)
    out["n"] = out.n.astype("int64")
    return out[["actor", "doc_id", "n", "forms"]]
