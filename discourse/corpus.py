"""The :class:`Corpus`: four tidy tables (documents, paragraphs, sentences, tokens) and how they
are built from a table of raw texts.

Every row of every table has ``start``/``end`` offsets into ``documents.text`` of its document,
so ``text[start:end] == row.text`` always holds and any number can be traced back to the words
behind it. Ids (``para_id``, ``sent_id``, ``tok_id``) are 0-based and count within a document.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from . import segment
from ._validate import InputError, as_list
from .normalize import normalize
from .sections import SECTIONS, SectionRules, label_sections

DEFAULT_ANALYZE = ("body",)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The shipped English stopword list (Snowball; see ``resources/stopwords_en.txt``).

    Examples
    --------
    >>> "the" in stopwords(), "putin" in stopwords()
    (True, False)
    """
    raw = resources.files("discourse.resources").joinpath("stopwords_en.txt").read_text("utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


@dataclass(frozen=True, repr=False)
class Corpus:
    """A corpus as four tidy tables.

    Attributes
    ----------
    documents : DataFrame
        One row per document: ``doc_id`` (str), ``text`` (the raw text exactly as decoded),
        ``n_chars``, ``n_words`` (word tokens in analysed paragraphs), then any metadata columns
        (``group``, when present, is the grouping that contrasts use).
    paragraphs : DataFrame
        One row per paragraph: ``doc_id, para_id, start, end, text, section, section_rule,
        is_analyzed`` (see :mod:`discourse.sections`).
    sentences : DataFrame
        One row per sentence: ``doc_id, para_id, sent_id, start, end, text``.
    tokens : DataFrame
        One row per token: ``doc_id, para_id, sent_id, tok_id, start, end, text, norm, is_word,
        is_punct, is_stop``. ``norm`` is casefolded with curly quotes made straight.
    name : str
        A short name, used for report folders.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It is clear. It may rain."])
    >>> c.sentences[["sent_id", "text"]]
       sent_id          text
    0        0  It is clear.
    1        1   It may rain.
    >>> c.tokens.norm.tolist()
    ['it', 'is', 'clear', '.', 'it', 'may', 'rain', '.']
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    name: str = "corpus"
    _texts: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if not self._texts:
            object.__setattr__(self, "_texts", dict(zip(self.documents.doc_id,
                                                        self.documents.text, strict=True)))

    # -- access ---------------------------------------------------------------------------
    @property
    def doc_ids(self) -> list[str]:
        """The document ids, in corpus order."""
        return self.documents.doc_id.tolist()

    def text_of(self, doc_id: str) -> str:
        """The raw text of one document."""
        try:
            return self._texts[doc_id]
        except KeyError:
            raise InputError(f"no document {doc_id!r} in this corpus; it has "
                             f"{', '.join(map(repr, self.doc_ids[:10]))}"
                             f"{' ...' if len(self.doc_ids) > 10 else ''}.") from None

    def analyzed(self, table: str = "tokens") -> pd.DataFrame:
        """Rows of ``table`` that lie in analysed paragraphs (``is_analyzed``), RangeIndex.

        Examples
        --------
        >>> import discourse as dc
        >>> c = dc.from_texts(["Headline here\\n\\nThe body says more than that.\\n\\nRead More"])
        >>> c.analyzed("sentences").text.tolist()
        ['The body says more than that.']
        """
        df = getattr(self, table) if isinstance(table, str) else table
        if table == "paragraphs":
            return df[df.is_analyzed].reset_index(drop=True)
        keep = self.paragraphs.loc[self.paragraphs.is_analyzed, ["doc_id", "para_id"]]
        if len(keep) == len(self.paragraphs):
            return df
        mask = _in_pairs(df, keep)
        return df[mask].reset_index(drop=True)

    def with_analyzed(self, sections: Iterable[str]) -> Corpus:
        """Return a new corpus that analyses the paragraphs of the given sections.

        Examples
        --------
        >>> import discourse as dc
        >>> c = dc.from_texts(["Headline here\\n\\nThe body says more than that."])
        >>> c.with_analyzed(["body", "headline"]).documents.n_words.tolist()
        [8]
        """
        sections = as_list(sections)
        unknown = sorted(set(sections) - set(self.paragraphs.section.unique()) - set(SECTIONS))
        if unknown:
            raise InputError(f"sections={unknown} are not sections of this corpus; known "
                             f"sections are {', '.join(SECTIONS)}.")
        paragraphs = self.paragraphs.assign(is_analyzed=self.paragraphs.section.isin(sections))
        documents = self.documents.copy()
        documents["n_words"] = _count_words(self.tokens, paragraphs, documents.doc_id)
        return Corpus(documents, paragraphs, self.sentences, self.tokens, self.name, self._texts)

    # -- display --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.documents)

    def summary(self) -> pd.DataFrame:
        """One row per document: paragraphs, analysed paragraphs, sentences, tokens, words."""
        d = self.documents[["doc_id"]].copy()
        cat = lambda s: s.astype(str)  # noqa: E731
        d["paragraphs"] = d.doc_id.map(cat(self.paragraphs.doc_id).value_counts()).fillna(0)
        analysed = self.paragraphs[self.paragraphs.is_analyzed]
        d["analyzed_paragraphs"] = d.doc_id.map(cat(analysed.doc_id).value_counts()).fillna(0)
        d["sentences"] = d.doc_id.map(cat(self.sentences.doc_id).value_counts()).fillna(0)
        d["tokens"] = d.doc_id.map(cat(self.tokens.doc_id).value_counts()).fillna(0)
        d["words"] = self.documents.n_words
        cols = ["paragraphs", "analyzed_paragraphs", "sentences", "tokens", "words"]
        d[cols] = d[cols].astype("int64")
        return d

    def __repr__(self) -> str:
        return (f"<Corpus {self.name!r}: {len(self.documents)} documents, "
                f"{len(self.paragraphs)} paragraphs, {len(self.sentences)} sentences, "
                f"{len(self.tokens)} tokens, {int(self.documents.n_words.sum())} analysed words>")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + self.summary().head(20).to_html(index=False)


def _in_pairs(df: pd.DataFrame, pairs: pd.DataFrame) -> np.ndarray:
    """Boolean mask: is (doc_id, para_id) of each row of ``df`` among ``pairs``?"""
    key = pd.MultiIndex.from_arrays([df.doc_id.astype(str), df.para_id.to_numpy()])
    want = pd.MultiIndex.from_arrays([pairs.doc_id.astype(str), pairs.para_id.to_numpy()])
    return key.isin(want)


def _count_words(tokens: pd.DataFrame, paragraphs: pd.DataFrame, doc_ids: pd.Series) -> np.ndarray:
    analysed = paragraphs.loc[paragraphs.is_analyzed, ["doc_id", "para_id"]]
    words = tokens[tokens.is_word.to_numpy() & _in_pairs(tokens, analysed)]
    counts = words.doc_id.astype(str).value_counts()
    return doc_ids.map(counts).fillna(0).astype("int64").to_numpy()


# -- building ----------------------------------------------------------------------------------
def _segment_document(text: str, rules: SectionRules):
    """Offsets of one document's paragraphs, sentences and tokens, as arrays."""
    paras = segment.paragraph_spans(text)
    labels = list(rules([text[s:e] for s, e in paras]))
    if len(labels) != len(paras):
        raise InputError(f"the sections function returned {len(labels)} labels for "
                         f"{len(paras)} paragraphs; it must return one (section, rule) each.")
    tok_s, tok_e, tok_p, sent_first = [], [], [], []
    n_tok = 0
    for p, (s, e) in enumerate(paras):
        ts, te = segment.token_spans(text, s, e)
        starts = segment.sentence_starts(text, s, e)
        # each Punkt start opens the sentence of the first token at or after it
        firsts = np.unique(np.searchsorted(ts, starts, side="left"))
        firsts = firsts[firsts < len(ts)]
        if len(firsts) == 0 or firsts[0] != 0:
            firsts = np.concatenate([[0], firsts])
        sent_first.append(firsts + n_tok)
        tok_s.append(ts)
        tok_e.append(te)
        tok_p.append(np.full(len(ts), p, dtype=np.int32))
        n_tok += len(ts)
    if not paras:
        empty = np.zeros(0, dtype=np.int64)
        return [], [], empty, empty, empty, empty
    tok_s, tok_e = np.concatenate(tok_s), np.concatenate(tok_e)
    tok_p = np.concatenate(tok_p)
    sent_first = np.concatenate(sent_first)
    return paras, labels, tok_s, tok_e, tok_p, sent_first


def _token_flags(categories: pd.Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """norm, is_word, is_punct of each distinct token text."""
    norms = [normalize(t) for t in categories]
    is_word = [any(ch.isalnum() for ch in t) for t in categories]
    is_punct = [all(unicodedata.category(ch).startswith("P") for ch in t) for t in categories]
    return np.array(norms, dtype=object), np.array(is_word), np.array(is_punct)


def build_corpus(documents: pd.DataFrame, *, sections: SectionRules | None = None,
                 analyze: Iterable[str] = DEFAULT_ANALYZE, name: str = "corpus") -> Corpus:
    """Build a :class:`Corpus` from a table of raw texts.

    Parameters
    ----------
    documents : DataFrame
        Columns ``doc_id`` (unique str) and ``text`` (str), then any metadata. Checked by the
        readers (:func:`discourse.from_frame` and friends), which are the usual way in.
    sections : callable, optional
        ``f(list of paragraph texts) -> list of (section, rule)`` for one document. Default:
        :func:`discourse.sections.label_sections`; :func:`discourse.sections.all_body` turns
        section detection off.
    analyze : iterable of str, default ("body",)
        Sections whose paragraphs are analysed (``is_analyzed``).
    name : str, default "corpus"
        A short name for the corpus.

    Returns
    -------
    Corpus
    """
    rules = sections or label_sections
    analyze = set(as_list(analyze))
    doc_ids = documents.doc_id.tolist()
    texts = documents.text.tolist()

    p_doc, p_s, p_e, p_sec, p_rule = [], [], [], [], []
    s_doc, s_first, s_last = [], [], []
    t_doc, t_s, t_e, t_p = [], [], [], []
    for d, text in enumerate(texts):
        paras, labels, ts, te, tp, firsts = _segment_document(text, rules)
        p_doc.append(np.full(len(paras), d, dtype=np.int32))
        p_s.extend(s for s, _ in paras)
        p_e.extend(e for _, e in paras)
        p_sec.extend(sec for sec, _ in labels)
        p_rule.extend(rule for _, rule in labels)
        s_doc.append(np.full(len(firsts), d, dtype=np.int32))
        s_first.append(firsts)
        lasts = np.append(firsts[1:], len(ts)) - 1 if len(firsts) else firsts
        s_last.append(lasts)
        t_doc.append(np.full(len(ts), d, dtype=np.int32))
        t_s.append(ts)
        t_e.append(te)
        t_p.append(tp)

    cats = pd.CategoricalDtype(doc_ids)
    doc_code = lambda parts: pd.Categorical.from_codes(np.concatenate(parts), dtype=cats)  # noqa

    # tokens
    tok_doc = np.concatenate(t_doc)
    tok_s = np.concatenate(t_s).astype(np.int32)
    tok_e = np.concatenate(t_e).astype(np.int32)
    tok_p = np.concatenate(t_p).astype(np.int32)
    # local ids: counter within each document
    doc_starts = np.concatenate([[0], np.cumsum([len(x) for x in t_s])[:-1]]).astype(np.int64)
    tok_id = (np.arange(len(tok_s)) - np.repeat(doc_starts, [len(x) for x in t_s])).astype(
        np.int32)
    sent_of_tok = np.concatenate([
        (np.searchsorted(f, np.arange(len(x)), side="right") - 1) if len(x) else
        np.zeros(0, dtype=np.int64) for f, x in zip(s_first, t_s, strict=True)
    ]).astype(np.int32)
    tok_text = [texts[d][s:e] for d, s, e in zip(tok_doc.tolist(), tok_s.tolist(),
                                                 tok_e.tolist(), strict=True)]
    text_cat = pd.Categorical(tok_text)
    norms, is_word, is_punct = _token_flags(text_cat.categories)
    codes = text_cat.codes
    norm_cat = pd.Categorical(norms[codes]) if len(codes) else pd.Categorical([])
    stop = stopwords()
    is_stop_cat = np.array([c in stop for c in norm_cat.categories], dtype=bool)
    tokens = pd.DataFrame({
        "doc_id": doc_code(t_doc),
        "para_id": tok_p,
        "sent_id": sent_of_tok,
        "tok_id": tok_id,
        "start": tok_s,
        "end": tok_e,
        "text": text_cat,
        "norm": norm_cat,
        "is_word": is_word[codes] if len(codes) else np.zeros(0, bool),
        "is_punct": is_punct[codes] if len(codes) else np.zeros(0, bool),
        "is_stop": is_stop_cat[norm_cat.codes] if len(codes) else np.zeros(0, bool),
    })

    # sentences: from their first to their last token
    sent_doc = np.concatenate(s_doc) if s_doc else np.zeros(0, np.int32)
    first_g = np.concatenate([f + o for f, o in zip(s_first, doc_starts, strict=True)])
    last_g = np.concatenate([f + o for f, o in zip(s_last, doc_starts, strict=True)])
    first_g, last_g = first_g.astype(np.int64), last_g.astype(np.int64)
    sent_counts = [len(f) for f in s_first]
    sent_offsets = np.concatenate([[0], np.cumsum(sent_counts)[:-1]]).astype(np.int64)
    sentences = pd.DataFrame({
        "doc_id": doc_code(s_doc) if s_doc else pd.Categorical([], dtype=cats),
        "para_id": tok_p[first_g],
        "sent_id": (np.arange(len(first_g)) - np.repeat(sent_offsets, sent_counts)).astype(
            np.int32),
        "start": tok_s[first_g],
        "end": tok_e[last_g],
    })
    sentences["text"] = pd.array([texts[d][s:e] for d, s, e in zip(
        sent_doc.tolist(), sentences.start.tolist(), sentences.end.tolist(), strict=True)],
        dtype="str")

    # paragraphs
    para_doc = np.concatenate(p_doc) if p_doc else np.zeros(0, np.int32)
    para_counts = [len(x) for x in p_doc]
    para_offsets = np.concatenate([[0], np.cumsum(para_counts)[:-1]]).astype(np.int64)
    section = pd.Categorical(p_sec, categories=sorted(set(SECTIONS) | set(p_sec),
                                                      key=lambda s: (s not in SECTIONS, s)))
    paragraphs = pd.DataFrame({
        "doc_id": doc_code(p_doc) if p_doc else pd.Categorical([], dtype=cats),
        "para_id": (np.arange(len(para_doc)) - np.repeat(para_offsets, para_counts)).astype(
            np.int32),
        "start": np.array(p_s, dtype=np.int32),
        "end": np.array(p_e, dtype=np.int32),
        "text": pd.array([texts[d][s:e] for d, s, e in zip(para_doc.tolist(), p_s, p_e,
                                                            strict=True)], dtype="str"),
        "section": section,
        "section_rule": pd.Categorical(p_rule),
        "is_analyzed": np.isin(np.array(p_sec, dtype=object), list(analyze)).astype(bool),
    })

    docs = documents.copy()
    meta = [c for c in docs.columns if c not in ("doc_id", "text")]
    out = pd.DataFrame({"doc_id": pd.array(doc_ids, dtype="str"),
                        "text": pd.array(texts, dtype="str")})
    out["n_chars"] = np.array([len(t) for t in texts], dtype=np.int64)
    out["n_words"] = _count_words(tokens, paragraphs, out.doc_id)
    for c in meta:
        out[c] = docs[c].to_numpy()
    return Corpus(out, paragraphs, sentences, tokens, name)
