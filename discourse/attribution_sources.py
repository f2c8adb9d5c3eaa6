"""Cited sources: who a text gives its claims to, found next to each attribution cue.

:func:`attributions` takes the attribution markers (reporting verbs with a third-party subject,
"according to", "reportedly"; see :func:`discourse.find_markers`) and finds, in the same sentence,
the person, group or organisation the claim is given to. :func:`cited_sources` counts them per
document with their kind.

Both work on the token table with simple, documented patterns of English word order; they do not
parse. Every row keeps character offsets into ``documents.text``, so each source can be checked in
its sentence.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from ._validate import require_columns
from .actor_kinds import reporting_verb_forms
from .corpus import stopwords
from .gazetteer import load_gazetteer
from .names import CONNECTORS

__all__ = ["REPORTING_VERBS", "TITLES", "UNNAMED_CUES", "attributions", "cited_sources"]

#: Reporting verbs used when no markers table is available: the one-word forms of the
#: ``attribution`` reporting verbs of the stance lexicon (:func:`discourse.load_lexicon`).
REPORTING_VERBS = reporting_verb_forms()
#: Cues that attribute without naming a source.
UNNAMED_CUES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
#: Titles dropped from the start of a name ("President Volodymyr Zelensky"), lower-cased.
TITLES = frozenset(w.lower() for w in load_gazetteer().cue_set("title"))
#: Words a noun phrase may start with (kept as its left edge), though stopwords.
_DETERMINERS = frozenset("a an the this these those some many several most other such".split())
#: Subject pronouns accepted as a source when right before the verb.
_PRONOUNS = frozenset("he she they it who we i you".split())
_FIRST_PERSON = frozenset("i we me us my our myself ourselves let's".split())
_RESOLVABLE = {"he": ("person",), "she": ("person",), "they": ("group", "organisation")}
_RELATIVE = frozenset({"who", "which", "that"})
_BE = frozenset("is are was were be been being 's 're".split())
#: Adverbs, auxiliaries and negation skipped between a subject and its verb ("Putin always
#: says", "I need not argue", "experts have long argued").
_ADVERBS = frozenset(
    "always also now often still never once already just even further repeatedly later "
    "again too then long not n't never need can could will would shall should may might must "
    "do does did have has had 've 'd 'll don't doesn't didn't won't can't cannot couldn't "
    "wouldn't shouldn't haven't hasn't hadn't mustn't".split())
_QUOTES = frozenset({",", '"', "\u201d", "\u201c", "'", "\u2019", "\u2014", "\u2013", ":"})

_PERSON_SUFFIX = re.compile(r"(?:ist|ian|eer|ee)(s)?$")

_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "text", "source", "source_start",
            "source_end", "source_rule", "source_kind", "source_actor", "is_resolved",
            "resolved_from", "resolved_from_start", "resolved_from_end", "sentence"]


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


def _find_source(t: _Tokens, lo: int, hi: int, c0: int, c1: int) -> tuple[int, int, str]:
    """Source token rows [a, b) and the rule that found them, for the cue rows [c0, c1)."""
    norms = [t.norm[k] for k in range(c0, c1)]
    if "according" in norms:
        k = c0 + norms.index("according")
        nxt = k + 1 if k + 1 < hi and t.norm[k + 1] == "to" else k
        a, b = _np_forward(t, nxt + 1, hi)
        return (*_name_in(t, a, b), "according_to") if b > a else (-1, -1, "no_source")
    if len(norms) > 1 and norms[-1] in ("by", "from", "of"):
        # "in the words of X", "as reported by X", "the claim by X", "warnings from X"
        a, b = _np_forward(t, c1, hi)
        return (*_name_in(t, a, b), "source_phrase") if b > a else (-1, -1, "no_source")
    verbs = [c0 + i for i, n in enumerate(norms) if n in REPORTING_VERBS]
    if any(n in UNNAMED_CUES for n in norms) and not verbs:
        return -1, -1, "unnamed"
    v = verbs[0] if verbs else max([k for k in range(c0, c1) if t.is_word[k]] or [c0])

    # 0. passive reporting: "it is said", "is thought to"; "was reported by Reuters"
    p = _skip_adverbs_back(t, v - 1, lo)
    if (p >= lo and t.norm[p] in _BE) or (c0 < v and any(n in _BE for n in norms)):
        if v + 1 < hi and t.norm[v + 1] == "by":
            a, b = _np_forward(t, v + 2, hi)
            if b > a:
                return (*_name_in(t, a, b), "passive_by")
        return -1, -1, "passive"
    # 1. a subject right before the verb: "Putin argues", "experts say", "Trump, who believes"
    if p >= lo and t.is_word[p]:
        n = t.norm[p]
        if (n in _FIRST_PERSON or n.split("'")[0] in ("i", "we")
                or (n in ("me", "us") and p - 1 >= lo and t.norm[p - 1] == "let")):
            return p, p + 1, "self_mention"
        if n in _RELATIVE:
            q = p - 1 if p - 1 >= lo and t.text[p - 1] == "," else p
            a, b = _np_backward(t, q - 1, lo)
            if b > a:
                return (*_name_in(t, a, b), "relative")
        elif n in _PRONOUNS or n.split("'")[0] in _PRONOUNS - {"i", "we"} and "'" in n:
            return p, p + 1, "preposed"  # "he says", "they've said"
        elif n not in _DETERMINERS and not t.is_stopword(p):
            a, b = _np_backward(t, p, lo)
            if b > a and a - 1 >= lo and t.norm[a - 1] in ("we", "us"):
                return a - 1, b, "self_mention"  # "we Democrats believe"
            if b > a and a - 2 >= lo and t.norm[a - 1] in ("from", "of", "in", "at") \
                    and t.cap[b - 1] and t.is_word[a - 2] and not t.cap[a - 2] \
                    and not t.is_stopword(a - 2):
                a, b = _np_backward(t, a - 2, lo)  # "a congressman from Wisconsin has said"
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
    # 3. an inverted source after the verb, once a quote or clause has ended:
    #    '..., says Berzina', '"...," says analyst Mark Galeotti', "speculates Berzina"
    if p < lo or t.text[p] in _QUOTES or t.norm[p] in _DETERMINERS:
        a, b = _np_forward(t, v + 1, hi)
        if b > a and (t.norm[p] not in _DETERMINERS or t.cap[b - 1]):
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


class _Sources:
    """Actor mentions of the corpus, to name and kind a source and resolve pronouns."""

    def __init__(self, corpus, recognizer):
        from .actor_table import actor_mentions

        men = actor_mentions(corpus, recognizer=recognizer)
        self.by_doc = {str(d): g for d, g in men.groupby(men.doc_id.astype(str), observed=True)}
        self.nouns = load_gazetteer().cue_kind("source_noun")

    def actor_at(self, doc_id: str, s0: int, s1: int):
        """(actor, kind, start, end) of the last mention inside [s0, s1), or None."""
        g = self.by_doc.get(doc_id)
        if g is None:
            return None
        m = g[(g.start.to_numpy() >= s0) & (g.end.to_numpy() <= s1)]
        if not len(m):
            return None
        r = m.iloc[-1]
        return r.actor, r.kind, int(r.start), int(r.end)

    def antecedent(self, doc_id: str, para_id: int, before: int, kinds):
        """The nearest mention of one of ``kinds`` before offset ``before`` in the paragraph."""
        g = self.by_doc.get(doc_id)
        if g is None:
            return None
        m = g[(g.para_id.to_numpy() == para_id) & (g.end.to_numpy() <= before)
              & g.kind.isin(kinds).to_numpy()]
        if not len(m):
            return None
        r = m.iloc[-1]
        return r.actor, r.kind, int(r.start), int(r.end)

    def noun_kind(self, phrase: str):
        """Kind of a common-noun source by its head ("experts" -> group), or None.

        Heads are the ``source_noun`` cues; other heads ending in -ist(s), -ian(s), -eer(s)
        or -ee(s) ("economist", "historian", "employees") are people too."""
        words = phrase.replace("\u2019", "'").split()
        if not words:
            return None
        head = words[-1].lower()
        if head in self.nouns:
            return self.nouns[head]
        m = _PERSON_SUFFIX.search(head)
        return None if m is None else ("group" if m.group(1) else "person")


def _classify(src: _Sources, doc_id, para_id, s0, s1, source):
    """(source, start, end, kind, actor, resolved_from, rf_start, rf_end) of a found phrase."""
    low = source.lower().replace("\u2019", "'").split("'")[0]
    if low in _RESOLVABLE:
        hit = src.antecedent(doc_id, para_id, s0, _RESOLVABLE[low])
        if hit is None:
            kind = "person" if low in ("he", "she") else "group" if low == "they" else None
            return source, s0, s1, kind, None, None, None, None
        actor, kind, a0, a1 = hit  # the pronoun's contraction is dropped: "He's" -> "He"
        return actor, a0, a1, kind, actor, source, s0, s1
    if low in _PRONOUNS:  # "it", "you", "who": no source of its own
        return None
    hit = src.actor_at(doc_id, s0, s1)
    if hit is not None and source[hit[3] - s0:].strip(" '\u2019s") == "":
        # the phrase ends in an actor's name: the source is that mention ("Barack Obama" of
        # "the America Barack Obama"), not "the Obama campaign" (a campaign: see below)
        a0, a1 = hit[2], hit[3]
        return source[a0 - s0:a1 - s0], a0, a1, hit[1], hit[0], None, None, None
    kind = src.noun_kind(source)
    if kind is None and source[:1].isupper() and source.split()[-1][:1].isupper():
        kind = "person"  # a name the actor rules missed, subject of a reporting verb
    if kind is None:
        return None  # "these principles": no person, group or organisation
    return source, s0, s1, kind, None, None, None, None


def attributions(corpus, markers: pd.DataFrame | None = None, *,
                 recognizer=None) -> pd.DataFrame:
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
    recognizer : callable, optional
        Passed to :func:`discourse.actors` to name and kind the sources.

    Returns
    -------
    DataFrame
        One row per attribution marker that is not a self-mention, in text order:

        - ``doc_id, para_id, sent_id``: where the cue is.
        - ``start, end, text``: the cue (offsets into ``documents.text``).
        - ``source``: the speaker ("Kristine Berzina", "experts"); for a resolved pronoun the
          actor it stands for; missing (None) when the sentence names none ("reportedly", "it
          is said", or a phrase that is no person, group or organisation).
        - ``source_start, source_end``: its offsets into ``documents.text`` (nullable Int64);
          for a resolved pronoun, those of the antecedent's mention.
        - ``source_rule``: the pattern that found it (see Notes).
        - ``source_kind``: person, group, organisation, place (a country or city speaking for
          its government) or other (a document: "the report"); None without a source.
        - ``source_actor``: the actor of :func:`discourse.actors` the source is a mention of
          ("Kristine Berzina" for "Berzina"), None for a common noun ("experts").
        - ``is_resolved``: the source is a pronoun ("he", "she", "they") resolved to the
          nearest preceding person (for "they": group or organisation) named in the same
          paragraph; ``resolved_from, resolved_from_start, resolved_from_end``: the pronoun as
          written and its offsets.
        - ``sentence``: the sentence text.

    Notes
    -----
    Patterns, tried in this order within the cue's sentence (no parsing: word order only):

    - ``according_to``: the noun phrase after "according to" ("according to Kristine Berzina,
      a managing director" -> "Kristine Berzina"); ``source_phrase``: the noun phrase after a
      cue ending in "by", "from" or "of" ("in the words of", "as reported by", "the claim by",
      "warnings from").
    - ``unnamed``: "reportedly", "allegedly", ... name no source.
    - ``passive``: a form of *be* before the verb ("it is said", "is thought to"): an unnamed
      source; ``passive_by``: "was reported by Reuters" -> "Reuters".
    - ``self_mention``: a first-person subject ("I need not argue", "as I trust and believe",
      "let me say"): the writer speaks, nobody is cited; these rows are dropped.
    - ``relative``: "Trump, who believes" -> the noun phrase before "who" ("Trump").
    - ``preposed``: a subject right before the verb, adverbs, auxiliaries and negation skipped
      ("experts say", "Putin always argues", "he says").
    - ``appositive``: "Mark Galeotti, a leading Russia analyst, says" -> the capitalised name
      before a comma-delimited phrase that opens with a determiner, relative or title.
    - ``postposed``: the noun phrase after the verb, when a quote or clause ends right before it
      ('"...," says Berzina', "..., says analyst Mark Galeotti" -> "Mark Galeotti").
    - ``no_source``: none of these, or the phrase found is no source.

    A found phrase is a source when it contains a name of :func:`discourse.actors` (its kind is
    the actor's), is a resolvable pronoun, or ends in a noun of people, groups, organisations
    or documents (``source_noun`` rows of ``name_cues_en.csv``: "experts", "officials",
    "the government", "the report"). Anything else ("these principles") gives no source.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["Russia may stall, says Berzina."])
    >>> cue = pd.DataFrame({"doc_id": ["doc_0"], "sent_id": [0], "start": [18], "end": [22],
    ...                     "text": ["says"], "category": ["attribution"]})
    >>> attributions(c, cue)[["text", "source", "source_rule", "source_kind"]]
       text   source source_rule source_kind
    0  says  Berzina   postposed      person
    """
    m, builtin = _attribution_markers(corpus, markers)
    t = _Tokens(corpus.tokens)
    src = _Sources(corpus, recognizer)
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
        c1 = max(c1, c0 + 1)
        a, b, rule = (_find_source(t, lo, hi, c0, min(c1, hi)) if hi > lo
                      else (-1, -1, "no_source"))
        if rule == "self_mention":
            continue
        para = sent_para.get((doc_id, int(sent_id)))
        found = None
        if b > a:
            s0, s1 = int(t.start[a]), int(t.end[b - 1])
            found = _classify(src, doc_id, para, s0, s1, texts[doc_id][s0:s1])
            if found is None:
                rule = "no_source"
        if builtin and rule == "no_source":
            continue
        found = found or (None,) * 8
        rows.append((doc_id, para, int(sent_id), int(start), int(end),
                     texts[doc_id][start:end], found[0], found[1], found[2], rule, found[3],
                     found[4], found[5] is not None, *found[5:],
                     sent_text.get((doc_id, int(sent_id)), "")))
    out = pd.DataFrame(rows, columns=_COLUMNS)
    out["doc_id"] = pd.Categorical(out.doc_id, categories=corpus.doc_ids)
    for c in ("para_id", "sent_id", "start", "end"):
        out[c] = out[c].astype("int64")
    for c in ("source", "source_kind", "source_actor", "resolved_from"):
        out[c] = pd.Series([r[_COLUMNS.index(c)] for r in rows], dtype=object)
    for c in ("source_start", "source_end", "resolved_from_start", "resolved_from_end"):
        out[c] = out[c].astype("Int64")
    out["is_resolved"] = out.is_resolved.astype(bool)
    return out


def cited_sources(corpus, attributions_table: pd.DataFrame | None = None, *,
                  markers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who each document cites, how often, and of what kind.

    Parameters
    ----------
    corpus : Corpus
    attributions_table : DataFrame, optional
        The table of :func:`attributions` (default: computed with ``markers``).
    markers : DataFrame, optional
        Passed to :func:`attributions` when the table is not given.

    Returns
    -------
    DataFrame
        One row per document and source, most cited first within each document: ``doc_id``,
        ``source`` (the actor for a name, so "Berzina" counts for "Kristine Berzina"; the
        phrase as written, lower-cased, for a common noun: "experts"), ``source_kind``, ``n``
        (attribution cues giving a claim to it), ``n_resolved`` (of which via a pronoun),
        ``forms`` (the phrases as written, "; "-joined). Cues without a named source
        ("reportedly", "it is said") are not rows; count them with ``source.isna()`` in the
        attributions table.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["Experts say it is over. Kristine Berzina disagrees, and "
    ...                    "Berzina says so."])
    >>> cited_sources(c, markers=dc.find_markers(c))[["source", "source_kind", "n"]]
                 source source_kind  n
    0  Kristine Berzina      person  1
    1           experts       group  1
    """
    a = attributions(corpus, markers) if attributions_table is None else attributions_table
    require_columns(a, ["doc_id", "source", "source_kind", "source_actor", "is_resolved"],
                    name="attributions", hint="Pass the table returned by dc.attributions().")
    a = a.dropna(subset=["source"])
    label = a.source_actor.where(a.source_actor.notna(),
                                 a.source.astype(str).str.lower().str.replace(
                                     r"^(?:the|a|an|some|many|several|most|other|these|"
                                     r"those|such) ", "", regex=True))
    a = a.assign(_label=label, _form=a.resolved_from.where(a.is_resolved, a.source))
    g = a.groupby([a.doc_id.astype(str), "_label"], sort=False)
    out = g.agg(source_kind=("source_kind", "first"), n=("source", "size"),
                n_resolved=("is_resolved", "sum"),
                forms=("_form", lambda s: "; ".join(sorted(set(map(str, s)))))).reset_index()
    out = out.rename(columns={"_label": "source"})
    order = {d: i for i, d in enumerate(corpus.doc_ids)}
    out = out.assign(_d=out.doc_id.map(order)).sort_values(
        ["_d", "n", "source"], ascending=[True, False, True], kind="stable")
    out["doc_id"] = pd.Categorical(out.doc_id, categories=corpus.doc_ids)
    out["n"] = out.n.astype("int64")
    out["n_resolved"] = out.n_resolved.astype("int64")
    return out[["doc_id", "source", "source_kind", "n", "n_resolved", "forms"]].reset_index(
        drop=True)
