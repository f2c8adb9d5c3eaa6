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

from .._validate import require_columns
from .gazetteer import load_gazetteer
from .source_patterns import (
    PRONOUNS,
    REPORTING_VERBS,
    TITLES,
    UNNAMED_CUES,
    SentenceTokens,
    find_source,
)

__all__ = ["REPORTING_VERBS", "TITLES", "UNNAMED_CUES", "attributions", "cited_sources"]

#: Pronoun sources resolved to the nearest preceding mention of these kinds in the paragraph.
_RESOLVABLE = {"he": ("person",), "she": ("person",), "they": ("group", "organisation")}
_PERSON_SUFFIX = re.compile(r"(?:ist|ian|eer|ee)(s)?$")

_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "text", "source", "source_start",
            "source_end", "source_rule", "source_kind", "source_actor", "is_resolved",
            "resolved_from", "resolved_from_start", "resolved_from_end", "sentence"]


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
        from ..stance.markers import find_markers

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
    if low in PRONOUNS:  # "it", "you", "who": no source of its own
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
    t = SentenceTokens(corpus.tokens)
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
        a, b, rule = (find_source(t, lo, hi, c0, min(c1, hi)) if hi > lo
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
