"""Building a :class:`~discourse.text.corpus.Corpus` from a table of raw texts: the batches
of documents segmented (in one process or two, :mod:`discourse.text.batches`), their columns
put in place, and the four tables made.

:func:`build_corpus` is the usual way in, through the readers (:func:`discourse.from_frame`
and friends). Its names are also read from :mod:`discourse.text.corpus`, their former home.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from itertools import islice

import numpy as np
import pandas as pd

from .. import _progress
from .._memory import small_pages
from .._validate import as_list
from . import token_scan
from .batches import Batch, _Utf8, clear_memos, ids_within, merge_codes, segment_batch
from .corpus import DEFAULT_ANALYZE, Corpus
from .sections import SECTIONS, SectionRules, label_sections
from .stoplists import DEFAULT_STOPLIST, stoplist


def _segment_all(texts: list[str], rules: SectionRules, analyze: set, n_jobs: int,
                 progress: bool):
    """Run :func:`discourse.batches.segment_batch` over all documents, in ``n_jobs``
    processes; yield one :class:`~discourse.text.batches.Batch` per batch, in document order, as
    each arrives."""
    batch = _batch_size(len(texts), n_jobs)
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


def _batch_size(n_texts: int, n_jobs: int) -> int:
    """Documents per batch: 2,000 in one process; in several, enough batches for two each."""
    return max(1, min(2000, n_texts // (2 * n_jobs) or 1)) if n_jobs > 1 else 2000


class _Columns:
    """The token columns of the corpus, filled batch by batch as the batches arrive.

    The arrays are allocated once for the most tokens the texts can hold (one per character):
    only the pages that rows are written to take memory, and no batch is kept once copied, so
    the builder's peak is the tables plus one batch. With ``single`` (the texts are one batch)
    the columns are that batch's own arrays, not copied: fresh pages cost more than the copy
    (15 ms at 1M words).
    """

    NAMES = ("tok_para", "tok_sent", "tok_id", "tok_start", "tok_end", "codes")

    def __init__(self, bound: int, single: bool = False):
        self.bound, self.single = bound, single
        self.arrays: dict[str, np.ndarray] = {}
        self.n = 0
        self.spans: list[tuple[int, int]] = []

    def add(self, b: Batch) -> None:
        k = len(b.codes)
        if self.single and not self.spans:
            self.arrays = {name: np.asarray(getattr(b, name), dtype=np.int32)
                           for name in self.NAMES}
        else:
            if self.single:  # a second batch after all: the first goes into allocated arrays
                first, self.single = self.arrays, False
                self.arrays = {}
                self._fill(first, 0)
            self._fill({name: getattr(b, name) for name in self.NAMES}, self.n)
        self.spans.append((self.n, self.n + k))
        self.n += k

    def _fill(self, columns: dict[str, np.ndarray], at: int) -> None:
        if not self.arrays:
            self.arrays = {name: np.empty(self.bound, dtype=np.int32) for name in self.NAMES}
        for name in self.NAMES:
            self.arrays[name][at:at + len(columns[name])] = columns[name]

    def column(self, name: str) -> np.ndarray:
        if name not in self.arrays:  # no batch (no documents)
            return np.zeros(0, dtype=np.int32)
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
    cols = _Columns(total, single=n_docs <= _batch_size(n_docs, n_jobs))
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
    codes = cols.column("codes")
    if len(values) == 1:  # one batch: its distinct texts are the corpus's, its codes final
        values = np.array(values[0].to_pylist(), dtype=object)
        remaps = [np.arange(len(values), dtype=np.int32)]
    else:
        remaps, values = merge_codes(values)
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
