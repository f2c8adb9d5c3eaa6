"""The :class:`Corpus`: four tidy tables (documents, paragraphs, sentences, tokens).

How they are built from a table of raw texts (``build_corpus``) lives in
:mod:`discourse.text.build`; its names are still read from here (``from discourse.text.corpus
import build_corpus`` works as before).

Every row of every table has ``start``/``end`` offsets into ``documents.text`` of its document,
so ``text[start:end] == row.text`` always holds and any number can be traced back to the words
behind it. Ids (``para_id``, ``sent_id``, ``tok_id``) are 0-based and count within a document.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._compat import REMOVAL
from .._validate import InputError, as_list
from .sections import SECTIONS
from .sentence_rules import (  # noqa: F401  (old callers import these from here)
    _CLOSING,
    _ENDS,
    _NONWORD,
    _NUMBER,
    _WIDE_END,
    sentence_starts,
    token_kinds,
)
from .stoplists import DEFAULT_STOPLIST, stoplist

DEFAULT_ANALYZE = ("body", "summary")  # a summary (bullets) is the author's own words


def stopwords() -> frozenset[str]:
    """Deprecated: the shipped English stopword list, now ``dc.stoplist("snowball")``.

    Returns the same frozenset as :func:`discourse.stoplist` ``("snowball")`` (see
    ``resources/stopwords_en.txt``), with a :class:`DeprecationWarning`.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     stopwords() == stoplist("snowball")
    True
    """
    warnings.warn(f'dc.stopwords() is now dc.stoplist("snowball"); {REMOVAL}.',
                  DeprecationWarning, stacklevel=2)
    return stoplist(DEFAULT_STOPLIST)


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
        is_analyzed`` (see :mod:`discourse.text.sections`).
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
    @functools.cached_property
    def fingerprint(self) -> str:
        """The identity of this corpus's texts: a BLAKE2b hash of every doc id and text, in
        order (computed once). Tables of positions in the texts (``dc.find_markers``) carry it
        in ``attrs["corpus_fingerprint"]``, so that markers of another corpus are refused; it
        also names a corpus in a cache.

        >>> import discourse as dc
        >>> dc.from_texts(["a b"]).fingerprint == dc.from_texts(["a b"]).fingerprint
        True
        >>> dc.from_texts(["a b"]).fingerprint == dc.from_texts(["a c"]).fingerprint
        False
        """
        h = hashlib.blake2b(digest_size=16)
        for doc_id in self.documents.doc_id.tolist():
            text = self._texts[doc_id]
            for part in (doc_id, text):
                data = part.encode("utf-8", "surrogatepass")
                h.update(len(data).to_bytes(8, "little"))
                h.update(data)
        return h.hexdigest()

    @property
    def lineage(self) -> tuple[str, ...]:
        """Fingerprints of the corpora this one was taken from, keeping some of their documents
        (:func:`discourse.comparable_corpus`): markers of those fit this corpus's texts."""
        return self.__dict__.get("_lineage", ())

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

    def analyzed(self, table: str = "tokens", *, columns=None) -> pd.DataFrame:
        """Rows of ``table`` that lie in analysed paragraphs (``is_analyzed``), RangeIndex.

        Parameters
        ----------
        table : {"tokens", "sentences", "paragraphs"} or DataFrame
            The table to filter (a DataFrame needs ``doc_id`` and ``para_id`` columns).
        columns : list of str, optional
            Only these columns: on a large corpus this saves copying the whole table.

        Examples
        --------
        >>> import discourse as dc
        >>> c = dc.from_texts(["Headline here\\n\\nThe body says more than that.\\n\\nRead More"])
        >>> c.analyzed("sentences").text.tolist()
        ['The body says more than that.']
        """
        df = self._paragraph_table(table)
        mask = None if self.paragraphs.is_analyzed.all() else self.analyzed_mask(df)
        if columns is not None:
            df = df[list(columns)]
        return df if mask is None else df[mask].reset_index(drop=True)

    def analyzed_mask(self, table: str = "tokens") -> np.ndarray:
        """Boolean array: does each row of ``table`` (a name or a DataFrame with ``doc_id`` and
        ``para_id``) lie in an analysed paragraph?"""
        df = self._paragraph_table(table)
        if self.paragraphs.is_analyzed.all():
            return np.ones(len(df), dtype=bool)
        if df is self.paragraphs:
            return df.is_analyzed.to_numpy()
        return _analyzed_mask(df, self.paragraphs)

    def _paragraph_table(self, table) -> pd.DataFrame:
        """The table ``analyzed`` filters: one with ``doc_id`` and ``para_id`` columns."""
        if isinstance(table, str) and table not in ("tokens", "sentences", "paragraphs"):
            raise InputError(
                f"analyzed({table!r}): only 'tokens', 'sentences' and 'paragraphs' lie in "
                "paragraphs; c.documents holds whole texts (is_analyzed is per paragraph: "
                "c.paragraphs.is_analyzed)")
        df = getattr(self, table) if isinstance(table, str) else table
        missing = [c for c in ("doc_id", "para_id") if c not in df.columns]
        if missing:
            raise InputError(f"analyzed() needs a table with doc_id and para_id columns; "
                             f"this one lacks {missing}")
        return df

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


def _analyzed_mask(df: pd.DataFrame, paragraphs: pd.DataFrame) -> np.ndarray:
    """Boolean mask: does each row of ``df`` (``doc_id``, ``para_id``) lie in an analysed
    paragraph? One array lookup through the paragraphs' positions, no join."""
    doc_ids = paragraphs.doc_id.cat.categories
    para_doc = paragraphs.doc_id.cat.codes.to_numpy()
    n_para = np.bincount(para_doc, minlength=len(doc_ids))
    first = np.concatenate([[0], np.cumsum(n_para)[:-1]])
    if isinstance(df.doc_id.dtype, pd.CategoricalDtype) and df.doc_id.cat.categories.equals(
            doc_ids):
        codes = df.doc_id.cat.codes.to_numpy()
    else:
        codes = pd.Categorical(df.doc_id.astype(str), categories=doc_ids).codes
    para = df.para_id.to_numpy()
    mask = np.zeros(len(df), dtype=bool)
    flags = paragraphs.is_analyzed.to_numpy()
    step = 1 << 20  # a million rows at a time: the temporaries stay a few MB, not 50 B a row
    for a in range(0, len(df), step):
        c, p = codes[a:a + step], para[a:a + step]
        if c.min() >= 0 and p.min() >= 0 and (p < n_para[c]).all():  # our own tables
            mask[a:a + step] = flags[first[c] + p]
            continue
        ok = (c >= 0) & (p >= 0)
        ok[ok] = p[ok] < n_para[c[ok]]
        mask[a:a + step][ok] = flags[first[c[ok]] + p[ok]]
    return mask


def _count_words(tokens: pd.DataFrame, paragraphs: pd.DataFrame, doc_ids: pd.Series) -> np.ndarray:
    keep = tokens.is_word.to_numpy() & _analyzed_mask(tokens, paragraphs)
    counts = np.bincount(tokens.doc_id.cat.codes.to_numpy()[keep],
                         minlength=len(tokens.doc_id.cat.categories))
    per_doc = pd.Series(counts, index=tokens.doc_id.cat.categories)
    return doc_ids.map(per_doc).fillna(0).astype("int64").to_numpy()


def __getattr__(name: str):
    """The builder's names (``build_corpus``, ``build_from_texts``, ``TWO_JOBS_FROM``,
    ``_default_jobs``, ...), read from :mod:`discourse.text.build`, their home since the module
    was split: old imports keep working. (Read on use: ``build`` imports this module.)"""
    if not name.startswith("__"):
        build = importlib.import_module(f"{__package__}.build")
        if name in vars(build):
            return vars(build)[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
