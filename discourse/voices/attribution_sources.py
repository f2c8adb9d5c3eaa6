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

import warnings

import numpy as np
import pandas as pd

from .._validate import require_columns
from ._arrays import shared_arrays
from .source_patterns import (
    REPORTING_VERBS,
    TITLES,
    UNNAMED_CUES,
    SentenceTokens,
    find_source,
)
from .source_resolution import NO_SOURCE_KIND, Sources, classify

__all__ = ["REPORTING_VERBS", "TITLES", "UNNAMED_CUES", "attributions", "cited_sources"]

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
        - ``source``: the speaker ("Kristine Berzina", "experts", "my opponent"); for a
          resolved pronoun the actor it stands for; missing (None) when the sentence names
          none, and then ``source_kind`` says why (see Notes: never an arbitrary noun).
        - ``source_start, source_end``: its offsets into ``documents.text`` (nullable Int64);
          for a resolved pronoun, those of the antecedent's mention.
        - ``source_rule``: the pattern that found it (see Notes).
        - ``source_kind``: person, group, organisation, place (a country or city speaking for
          its government) or other (a document: "the report", "the Constitution"); without a
          source: ``"unnamed (passive)"`` ("it was declared that"), ``"unnamed (adverb)"``
          ("reportedly"), ``"unnamed (indefinite)"`` ("some say", "many believe", "those who
          say"), ``"unresolved (pronoun)"`` ("he", "they" with no antecedent; "it", "you",
          "who") or ``"not found"`` (no pattern matched, or the phrase is no source).
        - ``source_actor``: the actor of :func:`discourse.actors` the source is a mention of
          ("Kristine Berzina" for "Berzina"), None for a common noun ("experts").
        - ``is_resolved``: the source is a pronoun resolved to a mention before it (see
          Notes); ``resolved_from, resolved_from_start, resolved_from_end``: the pronoun as
          written and its offsets (also for an unresolved pronoun).
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
    - ``coordinated``: a verb after "and" takes the subject that opens its clause ("He
      attacked a judge and said ..." -> "He"; not after a passive: "were put on a train and
      told").
    - ``indefinite``: "some say", "many believe", "nobody can believe", "those who say": an
      unnamed source.
    - ``relative``: "Trump, who believes" -> the noun phrase before "who" ("Trump").
    - ``preposed``: a subject right before the verb, adverbs, auxiliaries and negation skipped
      ("experts say", "Putin always argues", "he says"); "X and Y say" takes both when X is
      a name or a noun of people; the object of a preposition is skipped ("administrators all
      over the country have told me" -> "administrators"), except after a quantity ("a lot
      of people").
    - ``appositive``: "Mark Galeotti, a leading Russia analyst, says" -> the capitalised name
      before a comma-delimited phrase that opens with a determiner, relative or title.
    - ``postposed``: the noun phrase after the verb, when a quote or clause ends right before it
      ('"...," says Berzina', "..., says analyst Mark Galeotti" -> "Mark Galeotti").
    - ``no_source``: none of these, or the phrase found is no source.

    **What may be a source.** A phrase found by these patterns is a source only when it is

    1. a name of :func:`discourse.actors` that ends the phrase ("analyst Mark Galeotti" ->
       "Mark Galeotti"), of kind person, group, organisation or place, or a document name
       ("the Constitution"); events and programmes ("War", "Medicare") are not;
    2. a pronoun resolved to a mention before it: "he"/"she" to the nearest person, in the
       same paragraph or the 2 sentences before, whose title or given name (1990 US Census
       lists) is not of the other gender; further back (8 sentences) only to a person of the
       pronoun's own gender ("She" skips "Donald Trump" for "Hillary Clinton"); "they" to the
       nearest group or organisation in the same window;
    3. a phrase whose head (last word, or the word before "of": "the CEO of Siemens") is a noun
       of people or organisations: the ``source_noun`` rows of ``name_cues_en.csv``
       ("experts", "officials", "the committee", "the report"), else a noun whose most
       frequent WordNet 3.0 sense is a person or an organisation ("critics", "taxpayers",
       "agencies"; ``source_nouns_wordnet_en.csv``), plurals read as groups;
    4. a capitalised phrase the name rules missed ("Galeotti" opening a sentence), when no
       word of it is written in lower case in the corpus, is an institution or a number word.

    Anything else ("these principles", "the claims", "war") is no source: ``source`` is None
    and ``source_kind`` is "not found".

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
    with shared_arrays():
        t = SentenceTokens(corpus.tokens)
        src = Sources(corpus, recognizer)
    texts = {d: corpus.text_of(d) for d in corpus.doc_ids}
    sent_para, sent_text = _cue_sentences(corpus.sentences, m)
    rows = []
    for doc_id, sent_id, start, end, para, sentence in zip(
            m.doc_id.astype(str), m.sent_id, m.start, m.end, sent_para, sent_text, strict=True):
        lo, hi = t.sentence(doc_id, sent_id)
        c0 = lo + int(np.searchsorted(t.start[lo:hi], start, side="left"))
        c1 = lo + int(np.searchsorted(t.start[lo:hi], end, side="left"))
        c1 = max(c1, c0 + 1)
        a, b, rule = (find_source(t, lo, hi, c0, min(c1, hi)) if hi > lo
                      else (-1, -1, "no_source"))
        if rule == "self_mention":
            continue
        found = None
        if b > a:
            s0, s1 = int(t.start[a]), int(t.end[b - 1])
            found = classify(src, doc_id, para, int(sent_id), s0, s1, texts[doc_id][s0:s1])
            if found is None:
                rule = "no_source"
        if builtin and rule == "no_source":
            continue
        if found is None:
            found = (None, None, None, NO_SOURCE_KIND.get(rule, "not found"), None, None,
                     None, None)
        rows.append((doc_id, para, int(sent_id), int(start), int(end),
                     texts[doc_id][start:end], found[0], found[1], found[2], rule, found[3],
                     found[4], found[0] is not None and found[5] is not None, *found[5:],
                     sentence))
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


def _cue_sentences(sentences: pd.DataFrame, m: pd.DataFrame) -> tuple[list, list]:
    """The paragraph (None if unknown) and text ("" if unknown) of each cue's sentence."""
    def key(table):
        return pd.MultiIndex.from_arrays([table.doc_id.astype(str).to_numpy(dtype=object),
                                          table.sent_id.to_numpy().astype(np.int64)])

    at = key(sentences).get_indexer(key(m)) if len(m) else np.zeros(0, dtype=np.int64)
    para = sentences.para_id.to_numpy()[at].tolist()
    text = sentences.text.to_numpy(dtype=object)[at]
    return ([p if i >= 0 else None for p, i in zip(para, at, strict=True)],
            [t if i >= 0 else "" for t, i in zip(text, at, strict=True)])


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
