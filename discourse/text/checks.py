"""What the readers check about a table of documents: ids, texts, column names, metadata values.

Every reader (:mod:`discourse.text.io`, and :func:`discourse.from_dask` per partition) passes its
table through :func:`check_texts` before building a corpus, so one input is refused with the same
message whatever the reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._validate import InputError

PEAK_BYTES_PER_CHAR = 21
"""Peak memory of building the tables, per character of text (measured; the size guard's
message quotes it, and ``tests/test_hostile_inputs.py`` checks it on a 10 MB file: 20.2-20.8
bytes per character, 19.7 before issue 16's array tokenizer)."""

PEAK_BYTES_PER_CHAR_BY_SCRIPT = {"latin": 21, "other": 53, "ideographic": 160}
"""Peak memory of building the tables per character, by script (measured with
``tests/test_hostile_inputs.py``'s fresh-interpreter measure, 1-3 million characters):
English 20.3; Cyrillic words 52.6 (2 bytes a character in UTF-8, longer words);
Chinese 97-99 on a synthetic text of 3,000 distinct ideographs and 153-159 on real Chinese text
(issue 24): each ideograph is a token of its own, so a character costs a token row. Scripts
written with ideographs, kana or hangul count as ``ideographic``; other non-Latin letters as
``other``. :func:`peak_estimate` weighs them by a sample of the text."""

_IDEOGRAPHIC = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]")
_LATIN = re.compile("[\x00-\u024f\u2000-\u206f]")


def peak_estimate(size: int, unit: str, sample: str | None = None) -> float:
    """Bytes of memory that building the tables of ``size`` bytes (or characters) of text
    needs at its peak, from the mix of scripts of ``sample`` (default: English).

    >>> round(peak_estimate(1_000_000, "characters") / 1e6)
    21
    >>> round(peak_estimate(3_000_000, "bytes", "中文的文本。" * 100) / 1e6)
    160
    """
    factor, per_char = PEAK_BYTES_PER_CHAR, 1.0
    if sample:
        n = len(sample)
        ideo = len(_IDEOGRAPHIC.findall(sample))
        latin = len(_LATIN.findall(sample))
        other = max(n - ideo - latin, 0)
        table = PEAK_BYTES_PER_CHAR_BY_SCRIPT
        factor = (latin * table["latin"] + other * table["other"]
                  + ideo * table["ideographic"]) / n
        per_char = len(sample.encode("utf-8", "surrogatepass")) / n
    chars = size if unit == "characters" else size / per_char
    return chars * factor


MAX_DOC_BYTES = 20_000_000
"""Default size limit of one document (``max_bytes`` of the readers): 20 MB.

Building the tables takes about 20 bytes of memory per character of text at its peak (19.7x
measured on a 10 MB file), so a 20 MB document needs about 0.4 GB; one text larger
than that is almost always many texts in one file (a scrape, a dump, a whole archive)."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


RESERVED_COLUMNS = ("n_chars", "n_words", "para_id", "sent_id", "tok_id", "start", "end",
                    "norm", "is_word", "is_punct", "is_stop", "section", "section_rule",
                    "is_analyzed")
"""Names a metadata column may not have: the corpus computes columns of these names
(``documents.n_chars`` and ``n_words``, and the columns of the paragraph, sentence and token
tables, which analyses join with the document metadata)."""


def check_metadata_columns(columns: Iterable, *, where: str) -> None:
    """Raise :class:`InputError` if a metadata column has the name of a computed column.

    Examples
    --------
    >>> check_metadata_columns(["doc_id", "text", "group", "year"], where="texts.csv")
    >>> check_metadata_columns(["doc_id", "text", "n_words"], where="texts.csv")
    Traceback (most recent call last):
    ...
    discourse._validate.InputError: texts.csv: the metadata column 'n_words' has the name of a \
column the corpus computes (n_chars, n_words, ...), which would be overwritten or mixed up with \
it. Rename it, e.g. df.rename(columns={'n_words': 'n_words_meta'}) or edit the header (or \
drop it, if it comes from a corpus's own tables: it is computed again).
    """
    for c in columns:
        if c in RESERVED_COLUMNS:
            raise InputError(
                f"{where}: the metadata column {c!r} has the name of a column the corpus "
                f"computes ({', '.join(RESERVED_COLUMNS[:2])}, ...), which would be overwritten "
                f"or mixed up with it. Rename it, e.g. df.rename(columns={{{c!r}: "
                f"{c + '_meta'!r}}}) or edit the header (or drop it, if it comes from a "
                f"corpus's own tables: it is computed again).")
        if not isinstance(c, str):
            continue
        m = _SURROGATE.search(c)
        if m is not None:
            raise InputError(f"{where}: the column name {c!r} contains a lone surrogate "
                             f"(U+{ord(m.group()):04X}), which is not a Unicode character: "
                             f"rename the column.")


def _check_ids(ids: pd.Series, *, where: str) -> None:
    """Doc ids (already str) must be non-blank text without lone surrogates."""
    blank = [i for i, d in enumerate(ids) if not d.strip()]
    if blank:
        raise InputError(f"{where}: doc_id is empty or blank at row(s) {blank[:5]}. Every "
                         f"document needs an id: fill them in, or drop the doc_id column to "
                         f"number the documents doc_0, doc_1, ...")
    ctrl = [d for d in ids if _CONTROL.search(d)]
    if ctrl:
        c = _CONTROL.search(ctrl[0]).group()
        raise InputError(f"{where}: the doc_id {ctrl[0]!r} contains a control character "
                         f"(U+{ord(c):04X}); ids name documents in tables, pages and file "
                         f"names: remove it (e.g. with str.split() and ' '.join).")
    for d in ids:
        m = None if d.isascii() else _SURROGATE.search(d)
        if m is not None:
            raise InputError(
                f"{where}: the doc_id {d!r} contains a lone surrogate (U+{ord(m.group()):04X}), "
                f"which is not a Unicode character and cannot be written out. It comes from a "
                f"file name that is not UTF-8 or from bytes decoded with "
                f"errors='surrogateescape': rename the file (or fix the id), e.g. "
                f"doc_id.encode('utf-8', 'replace').decode('utf-8').")


def _check_metadata_values(df: pd.DataFrame, *, where: str) -> None:
    """Metadata text must be Unicode: a lone surrogate cannot be stored or written out."""
    for c in df.columns:
        if c in ("doc_id", "text") or df[c].dtype != object:  # str dtype cannot hold them
            continue
        for d, v in zip(df["doc_id"], df[c], strict=True):
            m = _SURROGATE.search(v) if isinstance(v, str) and not v.isascii() else None
            if m is not None:
                raise InputError(
                    f"{where}: the {c!r} value of document {d!r} contains a lone surrogate "
                    f"(U+{ord(m.group()):04X} at character {m.start()}), which is not a "
                    f"Unicode character: decode the bytes with the right encoding, or replace "
                    f"it, e.g. value.encode('utf-8', 'replace').decode('utf-8').")


def too_big(name: str, size: int, max_bytes: int, unit: str,
            sample: str | None = None) -> InputError:
    """The size guard's error; the memory it quotes is estimated for the scripts of
    ``sample`` (the start of the text; default English): :func:`peak_estimate`."""
    return InputError(
        f"{name}: {size / 1e6:.1f} MB of text in one document is over max_bytes={max_bytes:,} "
        f"({unit}). Building its tables would need about "
        f"{peak_estimate(size, unit, sample) / 1e9:.1f} GB of memory. "
        f"Split it into one file (or row) per article, chapter or speech; a corpus too large "
        f"for this machine can be read in partitions with dc.from_dask (pip install "
        f"'discourse[dask]'); or pass max_bytes=None to load it anyway."
    )


def _what(value) -> str:
    """How an error message names a value that is not text."""
    if value is None or (isinstance(value, float) and value != value):
        return "missing (NaN/None)"
    if isinstance(value, bytes | bytearray):
        return "bytes, not text (decode them first, e.g. value.decode('utf-8'))"
    return f"a {type(value).__name__}, not text"


def check_texts(df: pd.DataFrame, *, where: str, empty: str,
                 max_bytes: int | None = MAX_DOC_BYTES) -> pd.DataFrame:
    """Check doc ids and texts of a documents table; return it with str columns."""
    return checked_texts(df, where=where, empty=empty, max_bytes=max_bytes)[0]


def checked_texts(df: pd.DataFrame, *, where: str, empty: str,
                  max_bytes: int | None = MAX_DOC_BYTES) -> tuple[pd.DataFrame, list]:
    """:func:`check_texts`, and the texts of the table it returns as a list of Python strings
    (the table builder needs them too: read once, not twice, 0.04-0.3 s at 1-10M words)."""
    ids = df["doc_id"]
    if ids.isna().any():
        rows = ids.index[ids.isna()].tolist()[:5]
        raise InputError(f"{where}: doc_id is missing at row(s) {rows}. Every document needs an "
                         f"id.")
    # str() one by one: astype(str) goes through Arrow, which fails on a lone surrogate
    ids = pd.Series([v if isinstance(v, str) else str(v) for v in ids], dtype=object)
    _check_ids(ids, where=where)
    check_metadata_columns(df.columns, where=where)
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        raise InputError(f"{where}: duplicate doc_id(s) {sorted(set(dup))[:10]}. Each document "
                         f"needs its own id: rename them, or combine the texts first.")
    # the texts as Python strings once: each pass over an Arrow-backed column in Python costs
    # as much as converting it (50 ms a pass at 1M words)
    texts = df["text"].tolist()
    bad = [(i, v) for i, v in zip(ids, texts, strict=True) if not isinstance(v, str)]
    if bad:
        i, v = bad[0]
        raise InputError(f"{where}: the text of document {i!r} is {_what(v)}"
                         f"{f' (and {len(bad) - 1} more)' if len(bad) > 1 else ''}. Drop those "
                         f"rows or fill them with strings first (e.g. df.dropna(subset=['text'])).")
    # an Arrow string column is UTF-8 and so holds no lone surrogate; Python strings are asked
    # by the UTF-8 encoder (10x faster than the regex, which then only says where)
    unicode_only = _is_arrow_text(df["text"])
    for i, t in zip(ids, texts, strict=True):
        if max_bytes is not None and len(t) > max_bytes:
            raise too_big(f"{where}: document {i!r}", len(t), max_bytes, "characters",
                          t[:65536])
        if unicode_only or t.isascii() or _encodes(t):
            continue
        m = _SURROGATE.search(t)
        raise InputError(
            f"{where}: the text of document {i!r} contains a lone surrogate "
            f"(U+{ord(m.group()):04X} at character {m.start()}), which is not a Unicode "
            f"character and cannot be stored or written out. It comes from decoding bytes "
            f"with errors='surrogateescape' (or a broken JSON \\u escape): decode them with "
            f"the right encoding, or replace it, e.g. "
            f"text.encode('utf-8', 'replace').decode('utf-8').")
    # "not t.strip()", without copying every text
    blank = [i for i, t in zip(ids, texts, strict=True) if not t or t.isspace()]
    if blank and empty == "error":
        raise InputError(f"{where}: document(s) {blank[:10]} are empty or whitespace only. Remove "
                         f"them, or pass empty='keep' to keep them as documents with no rows.")
    out = df.copy()
    out["doc_id"] = ids.to_numpy()
    _check_metadata_values(out, where=where)
    if blank and empty == "drop":
        kept = ~out.doc_id.isin(blank)
        out = out[kept]
        texts = [t for t, k in zip(texts, kept.tolist(), strict=True) if k]
    return out.reset_index(drop=True), texts


def _is_arrow_text(column: pd.Series) -> bool:
    """Is the column held by Arrow as strings (valid UTF-8)?"""
    import pyarrow as pa

    data = getattr(column.array, "_pa_array", None)
    return data is not None and (pa.types.is_string(data.type)
                                 or pa.types.is_large_string(data.type))


def _encodes(text: str) -> bool:
    """Can the text be UTF-8 (no lone surrogate)?"""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_options(empty: str, max_bytes) -> None:
    if empty not in ("error", "keep", "drop"):
        raise InputError(f"empty={empty!r} is not one of 'error', 'keep', 'drop'.")
    if max_bytes is not None and (not isinstance(max_bytes, int | np.integer)
                                  or isinstance(max_bytes, bool) or max_bytes < 1):
        raise InputError(f"max_bytes={max_bytes!r} must be a positive integer or None (no "
                         f"limit).")


def check_text_and_id_columns(columns: Iterable, *, text: str, doc_id: str,
                              what: str = "the DataFrame") -> None:
    """Raise :class:`InputError` unless ``text=`` and ``doc_id=`` name two different columns
    that can become ``text`` and ``doc_id`` without clashing with other columns.

    The chosen columns win; a second column named ``text`` (or ``doc_id``) beside them is
    refused, not renamed or dropped behind the user's back.

    Examples
    --------
    >>> check_text_and_id_columns(["url", "body", "group"], text="body", doc_id="url")
    >>> check_text_and_id_columns(["body", "text"], text="body", doc_id="doc_id")
    Traceback (most recent call last):
    ...
    discourse._validate.InputError: the DataFrame has a column 'text' besides the text column \
text='body'. Drop or rename it first, e.g. df.drop(columns=['text']) or \
df.rename(columns={'text': 'text_original'}).
    """
    columns = list(columns)
    dup = sorted({str(c) for c in columns if columns.count(c) > 1})
    if dup:
        raise InputError(f"{what} has more than one column named {', '.join(map(repr, dup))}. "
                         f"Give each column its own name first.")
    if text == doc_id:
        raise InputError(f"text={text!r} and doc_id={doc_id!r} name the same column: pass the "
                         f"column of ids as doc_id='...' (or leave it out to number the "
                         f"documents).")
    for chosen, role in ((text, "text"), (doc_id, "doc_id")):
        if chosen != role and role in columns and chosen in columns:
            raise InputError(
                f"{what} has a column {role!r} besides the {role} column {role}={chosen!r}. "
                f"Drop or rename it first, e.g. df.drop(columns=[{role!r}]) or "
                f"df.rename(columns={{{role!r}: {role + '_original'!r}}}).")
