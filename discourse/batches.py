"""Segmenting documents in batches, in worker processes, and merging the batches.

:func:`discourse.build_corpus` hands batches of documents to worker processes. Each worker does
every step that needs only its own documents: paragraphs and their section labels, token spans,
the token texts dictionary-encoded by Arrow (codes into the batch's own list of distinct token
texts, in order of first appearance). It sends back one :class:`Batch` of flat arrays, not one
object per document, so little is pickled and the main process concatenates a few arrays.

:func:`merge_codes` then turns the batch codes into codes into one list of distinct texts for
the whole corpus. Encoding the batches' lists of distinct texts in batch order gives each text
its first appearance in the whole corpus, so the result is exactly what one encoding of all
tokens at once gives (same codes, same order of values).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import segment, token_scan
from ._validate import InputError
from .sections import label_sections

# Whitespace as str.isspace() sees it: ASCII bytes deleted at once, the rest replaced one by one
_WS_ASCII = bytes(c for c in range(128) if chr(c).isspace())
_WS_OTHER = tuple(chr(c).encode("utf-8") for c in range(128, 0x3001) if chr(c).isspace())


def byte_offsets(data: bytes, n_chars: int, positions: np.ndarray) -> np.ndarray:
    """UTF-8 byte offsets of the given character offsets of a text whose encoding is ``data``.

    Only multi-byte characters add bytes, so it looks up how many extra bytes the (usually few)
    lead bytes before each offset contribute, instead of a width for every character.

    Examples
    --------
    >>> byte_offsets("aé€b".encode(), 4, np.array([0, 2, 3, 4])).tolist()
    [0, 3, 6, 7]
    """
    if len(data) == n_chars:  # ASCII: bytes are characters
        return positions.astype(np.int64)
    u8 = np.frombuffer(data, dtype=np.uint8)
    lead = np.flatnonzero(u8 >= 0xC0)
    extra = np.cumsum(1 + (u8[lead] >= 0xE0).astype(np.int64) + (u8[lead] >= 0xF0))
    lead_char = lead - np.concatenate([[0], extra[:-1]])  # character index of each lead
    extra = np.concatenate([[0], extra])
    return positions + extra[np.searchsorted(lead_char, positions, side="left")]


def token_bytes(text: str, starts: np.ndarray, ends: np.ndarray):
    """The UTF-8 bytes of all tokens of ``text``, concatenated, and each token's byte length.

    The tokens are exactly the non-space characters of ``text``, in order, so their
    concatenation is the UTF-8 of ``text`` with the whitespace bytes removed: no Python string
    per token is made. Returns ``None`` for text that cannot be UTF-8 (lone surrogates, only
    possible from Python strings); the caller then slices token by token.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    stripped = data.translate(None, _WS_ASCII)
    if len(data) != len(text):
        for ws in _WS_OTHER:
            if ws in stripped:
                stripped = stripped.replace(ws, b"")
    lengths = byte_offsets(data, len(text), ends) - byte_offsets(data, len(text), starts)
    if len(stripped) != int(lengths.sum()):  # cannot happen: keep the slow path as a guard
        return None
    return stripped, lengths.astype(np.int32)


@dataclass
class Batch:
    """What one worker sends back for a batch of documents: flat arrays, documents in order.

    ``n_para``/``n_tok``: paragraphs and tokens per document; ``para_span`` (k, 2) and
    ``labels`` (one ``(section, rule)`` each): the paragraphs; ``tok_span`` (n, 2) and
    ``tok_para`` (paragraph within its document): the tokens; ``codes`` (int32): each token's
    position in ``values``, the batch's distinct token texts in order of first appearance (an
    Arrow string array, or a numpy object array when a text cannot be UTF-8).
    """

    n_para: np.ndarray
    n_tok: np.ndarray
    para_span: np.ndarray
    labels: list
    tok_span: np.ndarray
    tok_para: np.ndarray
    codes: np.ndarray
    values: object


def segment_batch(texts: list[str], rules) -> Batch:
    """Paragraphs, section labels, tokens and encoded token texts of a batch of documents."""
    sc = token_scan.scan(texts)
    starts, ends, n_tok, n_para = sc.tok_start, sc.tok_end, sc.n_tok, sc.n_para
    para_span = np.stack([sc.para_start, sc.para_end], axis=1)
    tok_para = _token_paragraphs(texts, n_para, sc.para_start, n_tok, starts)
    first_para = np.concatenate([[0], np.cumsum(n_para)[:-1]]).astype(np.int64)
    words = _words_per_paragraph(starts, ends, tok_para, n_tok, first_para, len(para_span))
    labels = []
    p_s, p_e = sc.para_start.tolist(), sc.para_end.tolist()
    for text, k, m in zip(texts, first_para.tolist(), n_para.tolist(), strict=True):
        pieces = [text[s:e] for s, e in zip(p_s[k:k + m], p_e[k:k + m], strict=True)]
        if rules is label_sections:  # the word counts it needs, from the tokens: no split()
            lab = label_sections(pieces, n_words=words[k:k + m])
        else:
            lab = list(rules(pieces))
        if len(lab) != m:
            raise InputError(f"the sections function returned {len(lab)} labels for "
                             f"{m} paragraphs; it must return one (section, rule) each.")
        labels.extend(lab)
    tok_span = np.stack([starts, ends], axis=1)
    codes, values = _encode(sc, texts, n_tok, tok_span)
    return Batch(n_para, n_tok, para_span, labels, tok_span, tok_para, codes, values)


def _token_paragraphs(texts, n_para, para_starts, n_tok, starts) -> np.ndarray:
    """The paragraph (within its document) of every token: the last paragraph of the token's
    document that starts at or before it, found for all tokens at once through offsets into
    the texts laid end to end."""
    base = np.zeros(len(texts), dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts[:-1]], out=base[1:])
    para_key = para_starts + np.repeat(base, n_para)
    tok_key = starts + np.repeat(base, n_tok)
    first_para = np.concatenate([[0], np.cumsum(n_para)[:-1]]).astype(np.int64)
    tok_para = np.searchsorted(para_key, tok_key, side="right") - 1
    tok_para -= np.repeat(first_para, n_tok)
    return tok_para.astype(np.int32)


def _words_per_paragraph(starts: np.ndarray, ends: np.ndarray, tok_para: np.ndarray,
                         n_tok: np.ndarray, first_para: np.ndarray, n_para: int) -> list[int]:
    """``len(p.split())`` of every paragraph of the batch, from its tokens: tokens hold every
    character but whitespace (:mod:`discourse.segment`), so a word is a run of tokens that
    touch, and one starts at each token that opens a paragraph or follows a space."""
    para = tok_para + np.repeat(first_para, n_tok)
    opens = np.ones(len(starts), dtype=bool)
    opens[1:] = (starts[1:] > ends[:-1]) | (para[1:] != para[:-1])
    return np.bincount(para[opens], minlength=n_para).tolist()


def _batch_token_bytes(texts: list[str], starts: np.ndarray, ends: np.ndarray,
                       n_tok: np.ndarray) -> list:
    """:func:`token_bytes` of every text of the batch (one entry per text)."""
    out, i = [], 0
    for text, k in zip(texts, n_tok.tolist(), strict=True):
        out.append(token_bytes(text, starts[i:i + k], ends[i:i + k]))
        i += k
    return out


def _encode(sc, texts: list[str], n_tok: np.ndarray, tok_span: np.ndarray):
    """Codes and distinct values of the batch's token texts: Arrow cuts the token bytes at the
    token lengths and dictionary-encodes them (a Python string per token only for text that
    cannot be UTF-8)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if sc.data is None:  # slow path: a Python string per token
        tok_doc = np.repeat(np.arange(len(texts)), n_tok)
        values = np.array([texts[d][s:e] for d, (s, e) in zip(tok_doc.tolist(),
                                                               tok_span.tolist(), strict=True)],
                          dtype=object)
        codes, uniques = pd.factorize(values)
        return codes.astype(np.int32), np.asarray(uniques, dtype=object)
    data, lengths = sc.data, sc.tok_bytes
    large = len(data) >= 2**31
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64 if large else np.int32)
    np.cumsum(lengths, out=offsets[1:])
    kind = pa.large_string() if large else pa.string()
    arr = pa.Array.from_buffers(kind, len(lengths), [None, pa.py_buffer(offsets),
                                                     pa.py_buffer(data)])
    enc = pc.dictionary_encode(arr)
    return enc.indices.to_numpy(zero_copy_only=False).astype(np.int32), enc.dictionary


def merge_codes(batches: list[Batch]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of every token into the distinct token texts of all batches, and those texts
    (numpy object array) in order of first appearance in the corpus.

    Examples
    --------
    >>> import pyarrow as pa
    >>> b = [Batch(*[None] * 6, np.array([0, 1, 0], np.int32), pa.array(["a", "b"])),
    ...      Batch(*[None] * 6, np.array([0, 1], np.int32), pa.array(["c", "a"]))]
    >>> codes, values = merge_codes(b)
    >>> codes.tolist(), values.tolist()
    ([0, 1, 0, 2, 0], ['a', 'b', 'c'])
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if not batches:
        return np.zeros(0, np.int32), np.array([], dtype=object)
    sizes = [len(b.values) for b in batches]
    if all(isinstance(b.values, pa.Array) for b in batches):
        enc = pc.dictionary_encode(pa.concat_arrays(
            [b.values.cast(pa.large_string()) for b in batches]))
        remap = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32)
        values = np.array(enc.dictionary.to_pylist(), dtype=object)
    else:  # a text that is not UTF-8: Python strings
        every = np.concatenate([np.asarray(b.values.to_pylist() if isinstance(b.values, pa.Array)
                                           else b.values, dtype=object) for b in batches])
        remap, values = pd.factorize(every)
        remap, values = remap.astype(np.int32), np.asarray(values, dtype=object)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    codes = np.concatenate([remap[f:f + n][b.codes] for f, n, b in zip(first, sizes, batches,
                                                                        strict=True)])
    return codes.astype(np.int32, copy=False), values
