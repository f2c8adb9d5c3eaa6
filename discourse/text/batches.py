"""Segmenting documents in batches, in worker processes, and merging the batches.

:func:`discourse.build_corpus` hands batches of documents to worker processes. Each worker does
every step that needs only its own documents (:func:`segment_batch`): paragraphs and their
section labels, tokens, the token texts dictionary-encoded by Arrow (codes into the batch's own
list of distinct token texts, in order of first appearance), sentences (Punkt's rules, see
:mod:`discourse.text.sentence_rules`), every id, the words per document, and the texts of
paragraphs and sentences as Arrow strings. It sends back one :class:`Batch` of flat arrays,
not one object per document, so little is pickled and the main process only copies columns
into place.

:func:`merge_codes` then turns the batch codes into codes into one list of distinct texts for
the whole corpus. Encoding the batches' lists of distinct texts in batch order gives each text
its first appearance in the whole corpus, so the result is exactly what one encoding of all
tokens at once gives (same codes, same order of values).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from .._validate import InputError
from . import token_scan
from .section_hints import word_hints
from .sections import label_lines, label_sections
from .segment import _LINE_BREAK
from .sentence_rules import sentence_starts, token_kinds


@dataclass
class Batch:
    """What one worker sends back for a batch of documents: the rows of the three tables for
    those documents, as flat arrays, documents in order, ids counted within each document.

    Per document (int64): ``n_para``, ``n_sent``, ``n_tok``, ``n_words`` (word tokens in
    analysed paragraphs). Paragraphs: ``para_start``, ``para_end``, ``labels`` (one
    ``(section, rule)`` each), ``para_text``. Sentences: ``sent_para``, ``sent_start``,
    ``sent_end``, ``sent_text``. Tokens: ``tok_para``, ``tok_sent``, ``tok_id``,
    ``tok_start``, ``tok_end`` and ``codes`` (int32), each token's position in ``values``, the
    batch's distinct token texts in order of first appearance, with their ``norms`` and
    ``value_flags`` (``is_word``, ``is_punct``: see :func:`discourse.sentence_rules.token_kinds`).
    Texts are Arrow string arrays.
    """

    n_para: np.ndarray
    n_sent: np.ndarray
    n_tok: np.ndarray
    n_words: np.ndarray
    para_start: np.ndarray
    para_end: np.ndarray
    labels: list
    para_text: object
    sent_para: np.ndarray
    sent_start: np.ndarray
    sent_end: np.ndarray
    sent_text: object
    tok_para: np.ndarray
    tok_sent: np.ndarray
    tok_id: np.ndarray
    tok_start: np.ndarray
    tok_end: np.ndarray
    codes: np.ndarray
    values: object
    norms: np.ndarray
    value_flags: dict


def _firsts(counts: np.ndarray) -> np.ndarray:
    """The position of each group's first row, from the groups' sizes."""
    out = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=out[1:])
    return out


def ids_within(counts: np.ndarray) -> np.ndarray:
    """Each row's position within its group (int32), for groups of the given sizes one after
    the other: the ``tok_id``, ``sent_id`` and ``para_id`` columns.

    Examples
    --------
    >>> ids_within(np.array([2, 0, 3])).tolist()
    [0, 1, 0, 1, 2]
    """
    return (np.arange(int(counts.sum()), dtype=np.int32)
            - np.repeat(_firsts(counts).astype(np.int32), counts))


def segment_batch(texts: list[str], rules, analyze=("body", "summary")) -> Batch:
    """Paragraphs, sections, sentences and tokens of a batch of documents (see :class:`Batch`);
    ``analyze``: the sections whose word tokens ``n_words`` counts."""
    sc = token_scan.scan(texts)
    if sc.data is None:
        _no_surrogates(texts)
    n_tok, n_para = sc.n_tok, sc.n_para
    starts, ends = sc.tok_start, sc.tok_end
    tok_doc = np.repeat(np.arange(len(texts), dtype=np.int32), n_tok)
    para_first_idx = _firsts(n_para)
    tok_para = _token_paragraphs(texts, n_para, sc.para_start, n_tok, starts)
    tok_pos = para_first_idx.astype(np.int32)[tok_doc]
    tok_pos += tok_para  # each token's paragraph in the batch
    codes, values = _encode(sc)
    value_texts = values.to_numpy(zero_copy_only=False)
    labels = _labels(texts, sc, _words_per_paragraph(starts, ends, tok_pos, len(sc.para_start)),
                     rules, _paragraph_hints(value_texts, codes, tok_pos, len(sc.para_start))
                     if rules is label_sections else None)
    kinds = _memos()[0](value_texts)
    # sentences: Punkt's rules over the batch's tokens
    n = len(codes)
    para_first = np.ones(n, dtype=bool)
    para_first[1:] = tok_pos[1:] != tok_pos[:-1]
    gap_before = np.ones(n, dtype=bool)
    gap_before[1:] = starts[1:] > ends[:-1]
    gap_before |= para_first
    sent_start = sentence_starts(codes, kinds, gap_before, para_first)
    del gap_before, para_first
    first_tok = np.flatnonzero(sent_start)
    last_tok = np.append(first_tok[1:] - 1, n - 1) if len(first_tok) else first_tok
    n_sent = np.bincount(tok_doc[first_tok], minlength=len(texts)).astype(np.int64)
    tok_sent = np.cumsum(sent_start, dtype=np.int32)
    tok_sent -= 1 + _firsts(n_sent).astype(np.int32)[tok_doc]
    tok_id = ids_within(n_tok)
    # words in analysed paragraphs
    analysed = np.array([sec in analyze for sec, _ in labels], dtype=bool)
    counted = analysed[tok_pos] & kinds["is_word"][codes]
    n_words = np.bincount(tok_doc[counted], minlength=len(texts)).astype(np.int64)
    # the texts of paragraphs and sentences
    utf8 = _Utf8(texts)
    s_start, s_end = starts[first_tok], ends[last_tok]
    return Batch(
        n_para, n_sent, n_tok, n_words,
        sc.para_start, sc.para_end, labels,
        utf8.slices(np.repeat(np.arange(len(texts)), n_para), sc.para_start, sc.para_end),
        tok_para[first_tok], s_start, s_end,
        utf8.slices(tok_doc[first_tok], s_start, s_end),
        tok_para, tok_sent, tok_id, starts, ends, codes, values,
        kinds["norm"], {k: kinds[k] for k in ("is_word", "is_punct")})


class PerValueMemo:
    """A function of distinct token texts (``fn(values) -> {name: array over values}``:
    :func:`~discourse.text.sentence_rules.token_kinds`, :func:`~discourse.sections.word_hints`)
    computed once per text over the batches one process segments for one build: the batches
    of a corpus share most of their vocabulary, and the flags of a text do not depend on its
    batch.

    ``memo(values)`` gives what ``fn(values)`` gives (``values``: distinct texts);
    :meth:`clear` forgets every text (``build_corpus`` calls it before and after a build, so
    nothing is kept from one corpus to the next).

    Examples
    --------
    >>> memo = PerValueMemo(token_kinds)
    >>> memo(["Dr.", "said"])["norm"].tolist(), memo(["said", "!"])["norm"].tolist()
    (['dr.', 'said'], ['said', '!'])
    """

    def __init__(self, fn):
        self.fn = fn
        self.clear()

    def clear(self) -> None:
        self.index: dict[str, int] = {}
        self.tables: dict[str, np.ndarray] = {}
        self._first = None  # the first call's (values, tables), indexed only if one follows

    def __call__(self, values) -> dict[str, np.ndarray]:
        if self._first is None and not self.index:
            # the first batch of a build (often the only one, in one process): every text is
            # new, so nothing to look up; its texts are indexed when a second batch comes
            computed = self.fn(values)
            self._first = (values, computed)
            return dict(computed)
        if self._first is not None:
            first, self.tables = self._first
            self._first = None
            self.index = dict(zip(first, range(len(first)), strict=True))
        get = self.index.get
        rows = np.fromiter((get(v, -1) for v in values), dtype=np.int64, count=len(values))
        new = np.flatnonzero(rows < 0)
        if len(new):
            fresh = [values[i] for i in new.tolist()]
            computed = self.fn(fresh)
            first = len(self.index)
            self.tables = {k: np.concatenate([self.tables[k], v]) if self.tables else v
                           for k, v in computed.items()}
            self.index.update(zip(fresh, range(first, first + len(fresh)), strict=True))
            rows[new] = np.arange(first, first + len(fresh))
        if not self.tables:
            return self.fn(values)
        return {k: v[rows] for k, v in self.tables.items()}


# one pair per thread (several builds may run at once in threads: Dask's threaded scheduler);
# forked workers start from their parent thread's, cleared
_LOCAL = threading.local()


def _memos() -> tuple[PerValueMemo, PerValueMemo]:
    """This thread's memos of :func:`token_kinds` and :func:`word_hints`."""
    memos = getattr(_LOCAL, "memos", None)
    if memos is None:
        memos = _LOCAL.memos = (PerValueMemo(token_kinds), PerValueMemo(word_hints))
    return memos


def clear_memos() -> None:
    """Forget the token texts of this thread's last build (see :class:`PerValueMemo`)."""
    for memo in _memos():
        memo.clear()


def _no_surrogates(texts: list[str]):
    for i, text in enumerate(texts):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise InputError(
                f"text number {i + 1} of the batch contains a lone surrogate (U+"
                f"{ord(text[err.start]):04X} at character {err.start}): decode the files with "
                f"dc.read_folder or dc.from_frame, which say which document and how to fix it."
            ) from None


def _paragraph_hints(value_texts, codes, tok_pos, n_para: int) -> dict[str, list]:
    """Per paragraph of the batch: may it be a prompt, a blurb (any token flagged by
    :func:`discourse.sections.word_hints`)?"""
    out = {}
    for name, flag in _memos()[1](value_texts).items():
        out[name] = (np.bincount(tok_pos[flag[codes]], minlength=n_para) > 0).tolist()
    return out


def _labels(texts, sc, words: list[int], rules, hints=None) -> list:
    """One ``(section, rule)`` per paragraph, document by document (``hints``: see
    :func:`_paragraph_hints`, for the built-in rules)."""
    labels = []
    p_s, p_e = sc.para_start.tolist(), sc.para_end.tolist()
    k = 0
    for text, m in zip(texts, sc.n_para.tolist(), strict=True):
        pieces = [text[s:e] for s, e in zip(p_s[k:k + m], p_e[k:k + m], strict=True)]
        if rules is label_sections:  # the word counts it needs, from the tokens: no split()
            lab = label_lines(pieces, n_words=words[k:k + m],
                              may_prompt=hints["prompt"][k:k + m],
                              may_blurb=hints["blurb"][k:k + m],
                              breaks=_single_breaks(text, p_s[k:k + m], p_e[k:k + m]))
        else:
            lab = list(rules(pieces))
        if len(lab) != m:
            raise InputError(f"the sections function returned {len(lab)} labels for "
                             f"{m} paragraphs; it must return one (section, rule) each.")
        labels.extend(lab)
        k += m
    return labels


def _single_breaks(text: str, starts: list, ends: list) -> list[bool]:
    """Per paragraph: does it follow the previous one after a single line break (the next line
    of the same block, so that a hard-wrapped block can be read whole)?"""
    out = [False] * len(starts)
    for i in range(1, len(starts)):
        gap = text[ends[i - 1]:starts[i]]
        out[i] = len(_LINE_BREAK.findall(gap)) == 1
    return out


def _token_paragraphs(texts, n_para, para_starts, n_tok, starts) -> np.ndarray:
    """The paragraph (within its document) of every token: the last paragraph of the token's
    document that starts at or before it, found for all tokens at once through offsets into
    the texts laid end to end (int32 when they fit: these arrays are as long as the tokens)."""
    base = np.zeros(len(texts), dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts[:-1]], out=base[1:])
    if len(texts) and base[-1] + len(texts[-1]) < 2**31:
        base = base.astype(np.int32)
    para_key = para_starts + np.repeat(base, n_para)
    tok_key = starts + np.repeat(base, n_tok)
    # the paragraphs that start at or before each token: the token keys increase strictly, so
    # paragraph j starts at or before token i exactly when i >= first[j], the number of tokens
    # before paragraph j's start; a running count of those, not a binary search per token
    first = np.searchsorted(tok_key, para_key, side="left")
    del tok_key
    tok_para = np.bincount(first, minlength=len(starts) + 1)[:len(starts)].astype(np.int32)
    np.cumsum(tok_para, out=tok_para)
    tok_para -= 1 + np.repeat(_firsts(n_para).astype(np.int32), n_tok)
    return tok_para


def _words_per_paragraph(starts: np.ndarray, ends: np.ndarray, para: np.ndarray,
                         n_para: int) -> list[int]:
    """``len(p.split())`` of every paragraph, from its tokens (``para``: each token's
    paragraph, counted over all the texts): tokens hold every character but whitespace
    (:mod:`discourse.text.segment`), so a word is a run of tokens that touch, and one starts at each
    token that opens a paragraph or follows a space."""
    opens = np.ones(len(starts), dtype=bool)
    opens[1:] = (starts[1:] > ends[:-1]) | (para[1:] != para[:-1])
    return np.bincount(para[opens], minlength=n_para).tolist()


def _encode(sc):
    """Codes and distinct values of the batch's token texts: Arrow cuts the token bytes at the
    token lengths and dictionary-encodes them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data, lengths = sc.data, sc.tok_bytes
    large = len(data) >= 2**31
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64 if large else np.int32)
    np.cumsum(lengths, out=offsets[1:])
    kind = pa.large_string() if large else pa.string()
    arr = pa.Array.from_buffers(kind, len(lengths), [None, pa.py_buffer(offsets),
                                                     pa.py_buffer(data)])
    enc = pc.dictionary_encode(arr)
    return enc.indices.to_numpy(zero_copy_only=False).astype(np.int32), enc.dictionary


class _Utf8:
    """Texts UTF-8 encoded and laid end to end, to cut pieces of them as Arrow strings."""

    def __init__(self, texts: list[str]):
        self.data = b"".join([t.encode("utf-8") for t in texts])
        self.char_off = _firsts(np.array([len(t) for t in texts] + [0], dtype=np.int64))
        n_chars = int(self.char_off[-1]) if len(texts) else 0
        self.ascii = len(self.data) == n_chars
        if not self.ascii:
            u8 = np.frombuffer(self.data, dtype=np.uint8)
            lead = np.flatnonzero(u8 >= 0xC0)
            extra = np.cumsum(1 + (u8[lead] >= 0xE0).astype(np.int64) + (u8[lead] >= 0xF0))
            self.lead_char = lead - np.concatenate([[0], extra[:-1]])
            self.extra = np.concatenate([[0], extra])

    def byte_offsets(self, positions: np.ndarray) -> np.ndarray:
        if self.ascii:
            return positions.astype(np.int64)
        return positions + self.extra[np.searchsorted(self.lead_char, positions, side="left")]

    def whole(self):
        """Each text as an Arrow string array (no copy of the bytes)."""
        import pyarrow as pa

        offsets = self.byte_offsets(self.char_off)
        kind, width = ((pa.large_string(), np.int64) if len(self.data) >= 2**31
                       else (pa.string(), np.int32))
        return pa.Array.from_buffers(kind, len(offsets) - 1, [
            None, pa.py_buffer(offsets.astype(width)), pa.py_buffer(self.data)])

    def slices(self, doc: np.ndarray, starts: np.ndarray, ends: np.ndarray):
        """``texts[doc][start:end]`` for every row (rows grouped by document, in order, not
        overlapping) as an Arrow string array: the rows' byte offsets, with the gaps between
        rows as elements in between, then every other element kept."""
        import pyarrow as pa

        k = len(doc)
        if not k:
            return pa.array([], type=pa.string())
        offsets = np.empty(2 * k, dtype=np.int64)
        offsets[0::2] = self.byte_offsets(starts + self.char_off[doc])
        offsets[1::2] = self.byte_offsets(ends + self.char_off[doc])
        kind, width = ((pa.large_string(), np.int64) if len(self.data) >= 2**31
                       else (pa.string(), np.int32))
        rows_and_gaps = pa.Array.from_buffers(kind, 2 * k - 1, [
            None, pa.py_buffer(offsets.astype(width)), pa.py_buffer(self.data)])
        return rows_and_gaps.take(pa.array(np.arange(0, 2 * k - 1, 2)))


def merge_codes(batches: list[Batch]) -> tuple[list[np.ndarray], np.ndarray]:
    """For each batch, the array that turns its codes into codes into the distinct token texts
    of all batches, and those texts (numpy object array) in order of first appearance in the
    corpus.

    Examples
    --------
    >>> import pyarrow as pa
    >>> b = [pa.array(["a", "b"]), pa.array(["c", "a"])]
    >>> remaps, values = merge_codes(b)
    >>> [r.tolist() for r in remaps], values.tolist()
    ([[0, 1], [2, 0]], ['a', 'b', 'c'])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not batches:
        return [], np.array([], dtype=object)
    enc = pc.dictionary_encode(pa.concat_arrays([v.cast(pa.large_string()) for v in batches]))
    remap = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    values = np.array(enc.dictionary.to_pylist(), dtype=object)
    bounds = np.cumsum([0] + [len(v) for v in batches])
    return [remap[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)], values
