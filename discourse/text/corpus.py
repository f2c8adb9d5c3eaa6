"""The :class:`Corpus`: four tidy tables (documents, paragraphs, sentences, tokens) and how they
are built from a table of raw texts.

Every row of every table has ``start``/``end`` offsets into ``documents.text`` of its document,
so ``text[start:end] == row.text`` always holds and any number can be traced back to the words
behind it. Ids (``para_id``, ``sent_id``, ``tok_id``) are 0-based and count within a document.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import warnings
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

import numpy as np
import pandas as pd

from .. import _progress
from .._compat import REMOVAL
from .._memory import small_pages
from .._validate import InputError, as_list
from . import token_scan
from .batches import Batch, _Utf8, clear_memos, ids_within, merge_codes, segment_batch
from .sections import SECTIONS, SectionRules, label_sections
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
        df = getattr(self, table) if isinstance(table, str) else table
        mask = None if self.paragraphs.is_analyzed.all() else self.analyzed_mask(df)
        if columns is not None:
            df = df[list(columns)]
        return df if mask is None else df[mask].reset_index(drop=True)

    def analyzed_mask(self, table: str = "tokens") -> np.ndarray:
        """Boolean array: does each row of ``table`` (a name or a DataFrame with ``doc_id`` and
        ``para_id``) lie in an analysed paragraph?"""
        df = getattr(self, table) if isinstance(table, str) else table
        if self.paragraphs.is_analyzed.all():
            return np.ones(len(df), dtype=bool)
        if df is self.paragraphs:
            return df.is_analyzed.to_numpy()
        return _analyzed_mask(df, self.paragraphs)

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


# -- building ----------------------------------------------------------------------------------
def _segment_all(texts: list[str], rules: SectionRules, analyze: set, n_jobs: int,
                 progress: bool):
    """Run :func:`discourse.batches.segment_batch` over all documents, in ``n_jobs``
    processes; yield one :class:`~discourse.text.batches.Batch` per batch, in document order, as
    each arrives."""
    batch = max(1, min(2000, len(texts) // (2 * n_jobs) or 1))
    token_scan.char_classes()  # built once here, before the workers fork, not in each
    chunks = [texts[i:i + batch] for i in range(0, len(texts), batch)]
    bar = _progress.bar(total=len(texts), desc="building tables", unit="doc", show=progress)
    try:
        if n_jobs > 1 and len(chunks) > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
            with ProcessPoolExecutor(max_workers=n_jobs, mp_context=ctx) as pool:
                # at most one batch more than the workers in flight: finished batches wait here
                # until their turn, and a window bounds how many (all of them, 60-80 MB each at
                # 10M words, when the workers ran ahead of the merging)
                todo = iter(chunks)
                window = deque((c, pool.submit(segment_batch, c, rules, analyze))
                               for c in islice(todo, n_jobs + 1))
                while window:
                    chunk, future = window.popleft()
                    res = future.result()
                    nxt = next(todo, None)
                    if nxt is not None:
                        window.append((nxt, pool.submit(segment_batch, nxt, rules, analyze)))
                    bar.update(len(chunk))
                    yield res
                    del res
        else:
            for chunk in chunks:
                res = segment_batch(chunk, rules, analyze)
                bar.update(len(chunk))
                yield res
    finally:
        bar.close()


class _Columns:
    """The token columns of the corpus, filled batch by batch as the batches arrive.

    The arrays are allocated once for the most tokens the texts can hold (one per character):
    only the pages that rows are written to take memory, and no batch is kept once copied, so
    the builder's peak is the tables plus one batch.
    """

    NAMES = ("tok_para", "tok_sent", "tok_id", "tok_start", "tok_end", "codes")

    def __init__(self, bound: int):
        self.arrays = {name: np.empty(bound, dtype=np.int32) for name in self.NAMES}
        self.n = 0
        self.spans: list[tuple[int, int]] = []

    def add(self, b: Batch) -> None:
        k = len(b.codes)
        for name in self.NAMES:
            self.arrays[name][self.n:self.n + k] = getattr(b, name)
        self.spans.append((self.n, self.n + k))
        self.n += k

    def column(self, name: str) -> np.ndarray:
        return self.arrays[name][:self.n]


def _merge_kinds(n_values: int, remaps, norms, flags) -> dict[str, np.ndarray]:
    """``norm``, ``is_word``, ``is_punct`` and ``is_stop`` of every distinct token text of the
    corpus, from what the batches computed for their own (the same text has the same kinds in
    every batch)."""
    out = {"norm": np.empty(n_values, dtype=object), "is_word": np.zeros(n_values, bool),
           "is_punct": np.zeros(n_values, bool)}
    for remap, norm, flag in zip(remaps, norms, flags, strict=True):
        out["norm"][remap] = norm
        out["is_word"][remap] = flag["is_word"]
        out["is_punct"][remap] = flag["is_punct"]
    stop = stoplist(DEFAULT_STOPLIST)
    out["is_stop"] = np.array([n in stop for n in out["norm"]], dtype=bool)
    return out


def _categorical_codes_dtype(n_categories: int):
    return pd.Categorical.from_codes(np.zeros(0, np.int64),
                                     categories=pd.RangeIndex(n_categories)).codes.dtype


TWO_JOBS_FROM = 20_000_000
"""Characters from which :func:`build_corpus` segments in two processes (a core idle)."""


def _default_jobs(n_chars: int) -> int:
    """Two processes for :data:`TWO_JOBS_FROM` characters or more (about 3.5M words), when a
    second core is idle: the load average of the last minute (this process's own work
    included) below the number of cores less a half, 1.5 on two cores. Below that, starting
    the workers and moving the batches cost what the second core saves (measured on 2 cores
    at load 1.1-1.3, December 2026: 1M words, 5.5M characters, 0.39 s in one process and
    0.52 s in two; 3M words, 20M characters, 1.05 s and 1.07 s; 10M words 2.9 s in two, 1.0x
    the regex floor against 1.14x in one). A busy machine has no core to give, and there the
    second process only adds its transfers (measured at load 8: 3M words 1.8-2.7 s with one
    process against 2.8-3.7 s with two)."""
    cores = os.cpu_count() or 1
    if n_chars < TWO_JOBS_FROM or cores < 2:
        return 1
    try:
        idle = os.getloadavg()[0] < cores - 0.5
    except OSError:  # pragma: no cover - no load average on this system
        idle = True
    return 2 if idle else 1


def _text_column(column: pd.Series, texts: list[str]):
    """The texts as a pandas string array: the input column itself when it already is one
    held by Arrow (its UTF-8 is the texts', nothing to encode: 0.3-0.6 s at 10M words), else
    the texts encoded and laid end to end."""
    data = getattr(column.array, "_pa_array", None)
    if column.dtype == "str" and data is not None and not data.null_count:
        return pd.array(data, dtype="str")  # a new array over the same (immutable) buffers
    return pd.array(_Utf8(texts).whole(), dtype="str")


def build_corpus(documents: pd.DataFrame, *, sections: SectionRules | None = None,
                 analyze: Iterable[str] = DEFAULT_ANALYZE, name: str = "corpus",
                 n_jobs: int | None = None, progress: bool | None = None) -> Corpus:
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
    analyze : iterable of str, default ("body", "summary")
        Sections whose paragraphs are analysed (``is_analyzed``).
    name : str, default "corpus"
        A short name for the corpus.
    n_jobs : int, optional
        Processes for segmenting (the tables are the same for any number). Default: 2 for
        corpora of 20 million characters or more when a second core is idle, else 1 (see
        :func:`_default_jobs`).
    progress : bool, optional
        Show a progress bar. Default: when building takes over about 2 seconds and a person
        sees standard error (:mod:`discourse._progress`).

    Returns
    -------
    Corpus
    """
    return build_from_texts(documents, documents.text.tolist(), sections=sections,
                            analyze=analyze, name=name, n_jobs=n_jobs, progress=progress)


@small_pages
def build_from_texts(documents: pd.DataFrame, texts: list[str], *,
                     sections: SectionRules | None = None,
                     analyze: Iterable[str] = DEFAULT_ANALYZE, name: str = "corpus",
                     n_jobs: int | None = None, progress: bool | None = None) -> Corpus:
    """:func:`build_corpus` with ``documents.text`` already read as a list of Python strings
    (``texts``, one per row: the readers have it from their checks)."""
    rules = sections or label_sections
    analyze = set(as_list(analyze))
    doc_ids = [str(d) for d in documents.doc_id.tolist()]
    doc_len = np.array([len(t) for t in texts], dtype=np.int64)
    total = int(doc_len.sum())
    if n_jobs is None:
        n_jobs = _default_jobs(total)
    progress = _progress.wanted(_progress.seconds(total, "characters"), progress)
    clear_memos()  # the token texts' flags, computed once per build (and per worker)
    try:
        return _build_tables(documents, texts, doc_ids, doc_len, rules, analyze, name, n_jobs,
                             progress)
    finally:
        clear_memos()


def _build_tables(documents, texts, doc_ids, doc_len, rules, analyze, name, n_jobs, progress):
    """:func:`build_corpus` once its arguments are read."""
    total, n_docs = int(doc_len.sum()), len(texts)
    cols = _Columns(total)
    per_doc: dict[str, list] = {k: [] for k in ("n_para", "n_sent", "n_tok", "n_words")}
    para: dict[str, list] = {k: [] for k in ("para_start", "para_end", "labels", "para_text")}
    sent: dict[str, list] = {k: [] for k in ("sent_para", "sent_start", "sent_end", "sent_text")}
    values, norms, flags = [], [], []
    for b in _segment_all(texts, rules, analyze, n_jobs, progress):
        cols.add(b)
        for group in (per_doc, para, sent):
            for k, lst in group.items():
                lst.append(getattr(b, k))
        values.append(b.values)
        norms.append(b.norms)
        flags.append(b.value_flags)
        del b
    n_para, n_sent, n_tok, n_words = (np.concatenate(per_doc[k] + [np.zeros(0, np.int64)])
                                      for k in ("n_para", "n_sent", "n_tok", "n_words"))
    remaps, values = merge_codes(values)
    codes = cols.column("codes")
    for (a, z), remap in zip(cols.spans, remaps, strict=True):
        codes[a:z] = remap[codes[a:z]]
    kinds = _merge_kinds(len(values), remaps, norms, flags)

    cats = pd.CategoricalDtype(doc_ids)
    code_dtype = _categorical_codes_dtype(n_docs)

    def doc_col(counts):
        return pd.Categorical.from_codes(np.repeat(np.arange(n_docs, dtype=code_dtype), counts),
                                         dtype=cats)

    def strings(chunks):
        import pyarrow as pa

        return pd.array(pa.chunked_array(chunks, type=pa.string()) if chunks
                        else pa.array([], type=pa.string()), dtype="str")

    text_cat = pd.Categorical.from_codes(codes, categories=pd.Index(values, dtype=object))
    norm_codes, norm_values = pd.factorize(kinds["norm"])
    tokens = pd.DataFrame({
        "doc_id": doc_col(n_tok),
        "para_id": cols.column("tok_para"),
        "sent_id": cols.column("tok_sent"),
        "tok_id": cols.column("tok_id"),
        "start": cols.column("tok_start"),
        "end": cols.column("tok_end"),
        "text": text_cat,
        "norm": pd.Categorical.from_codes(norm_codes.astype(np.int32)[codes],
                                          categories=pd.Index(norm_values, dtype=object)),
        "is_word": kinds["is_word"][codes],
        "is_punct": kinds["is_punct"][codes],
        "is_stop": kinds["is_stop"][codes],
    }, copy=False)  # the arrays are ours: no consolidating copy (hundreds of MB at 10M rows)

    sentences = pd.DataFrame({
        "doc_id": doc_col(n_sent),
        "para_id": np.concatenate(sent["sent_para"] + [np.zeros(0, np.int32)]),
        "sent_id": ids_within(n_sent),
        "start": np.concatenate(sent["sent_start"] + [np.zeros(0, np.int32)]),
        "end": np.concatenate(sent["sent_end"] + [np.zeros(0, np.int32)]),
        "text": strings(sent["sent_text"]),
    })

    labels = [lab for chunk in para["labels"] for lab in chunk]
    p_sec = [sec for sec, _ in labels]
    section = pd.Categorical(p_sec, categories=sorted(set(SECTIONS) | set(p_sec),
                                                      key=lambda s: (s not in SECTIONS, s)))
    paragraphs = pd.DataFrame({
        "doc_id": doc_col(n_para),
        "para_id": ids_within(n_para),
        "start": np.concatenate(para["para_start"] + [np.zeros(0, np.int32)]),
        "end": np.concatenate(para["para_end"] + [np.zeros(0, np.int32)]),
        "text": strings(para["para_text"]),
        "section": section,
        "section_rule": pd.Categorical([rule for _, rule in labels]),
        "is_analyzed": np.isin(np.array(p_sec, dtype=object), list(analyze)).astype(bool),
    })

    out = pd.DataFrame({"doc_id": pd.array(doc_ids, dtype="str"),
                        "text": _text_column(documents["text"], texts)})
    out["n_chars"] = doc_len
    out["n_words"] = n_words
    meta = [c for c in documents.columns if c not in ("doc_id", "text")]
    if meta:  # in one concat: a column at a time is quadratic (4,000 columns took 10 s)
        extra = pd.DataFrame({i: documents[c].to_numpy() for i, c in enumerate(meta)},
                             index=out.index)
        extra.columns = meta
        out = pd.concat([out, extra], axis=1)
    # the texts as Python strings, shared with text_of(): no second copy
    return Corpus(out, paragraphs, sentences, tokens, name, dict(zip(doc_ids, texts, strict=True)))
