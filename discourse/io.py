"""Readers: a folder of text files, a CSV, a DataFrame, a list or dict of strings, the example.

Every reader checks its input and raises :class:`discourse.InputError` naming the file, column
or document and the fix; none drops text silently. A UTF-8 byte-order mark, UTF-16/32 with a BOM,
CRLF or lone CR line ends, no-break spaces and curly quotes are ordinary input.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ._validate import InputError, as_list
from .corpus import DEFAULT_ANALYZE, Corpus, build_corpus
from .sections import SECTIONS, SectionRules

_BOMS = [  # longest first: UTF-32 LE starts with the UTF-16 LE BOM
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# The first bytes of files that students save as .txt or .csv by mistake.
_SIGNATURES = [
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx, .odt, .pptx or .epub file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file (.doc, .xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip-compressed file"),
]

PEAK_BYTES_PER_CHAR = 20
"""Peak memory of building the tables, per character of text (measured; the size guard's
message quotes it, and ``tests/test_hostile_inputs.py`` checks it on a 10 MB file)."""

MAX_DOC_BYTES = 20_000_000
"""Default size limit of one document (``max_bytes`` of the readers): 20 MB.

Building the tables takes about 20 bytes of memory per character of text at its peak (19.7x
measured on a 10 MB file), so a 20 MB document needs about 0.4 GB; one text larger
than that is almost always many texts in one file (a scrape, a dump, a whole archive)."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def _too_big(name: str, size: int, max_bytes: int, unit: str) -> InputError:
    return InputError(
        f"{name}: {size / 1e6:.1f} MB of text in one document is over max_bytes={max_bytes:,} "
        f"({unit}). Building its tables would need about "
        f"{PEAK_BYTES_PER_CHAR * size / 1e9:.1f} GB of memory. "
        f"Split it into one file (or row) per article, chapter or speech; a corpus too large "
        f"for this machine can be read in partitions with dc.from_dask (pip install "
        f"'discourse[dask]'); or pass max_bytes=None to load it anyway."
    )


def _binary_kind(data: bytes, encoding: str) -> str | None:
    """What ``data`` looks like when it is not text in an ASCII-based encoding, else None."""
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    if wide:
        return None  # NUL bytes are part of these encodings
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 text (it starts with a UTF-16 byte-order mark): pass encoding='utf-16'"
    head = data[:4096]
    if b"\x00" not in head:
        return None if b"\x00" not in data else "binary data (it contains NUL bytes)"
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "UTF-16 text without a byte-order mark (little-endian): pass encoding='utf-16-le'"
    if len(head) >= 4 and even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "UTF-16 text without a byte-order mark (big-endian): pass encoding='utf-16-be'"
    return "binary data (it contains NUL bytes)"


def decode_bytes(data: bytes, *, encoding: str = "utf-8", name: str = "input") -> str:
    """Decode ``data``; a byte-order mark picks the encoding and is not part of the text.

    Raises :class:`InputError` naming ``name`` and the byte offset when the bytes do not decode,
    and when they look binary: the signature of a PDF, ZIP (.docx, .xlsx), old Office or image
    file, or a NUL byte in an ASCII-based encoding (NULs at every other byte are UTF-16 without
    a BOM: the message names the ``encoding=`` to pass).

    Examples
    --------
    >>> decode_bytes(b"\\xef\\xbb\\xbfhi\\r\\n")
    'hi\\r\\n'
    >>> decode_bytes("hé".encode("utf-16"))
    'hé'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-8-sig" or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
                encoding = enc
            break
    try:
        kind = _binary_kind(data, encoding)
    except LookupError:
        raise InputError(f"encoding={encoding!r} is not an encoding Python knows.") from None
    if kind is not None and kind.startswith("UTF-16"):
        raise InputError(f"{name}: looks like {kind}.")
    if kind is not None:
        nul = data.find(b"\x00")
        what = (f"contains a NUL byte (at byte {nul}): it is binary data, " if nul >= 0 else
                "is binary data, ") + ("not text" if kind.startswith("binary") else
                                       f"apparently {kind}")
        fmt = "CSV (UTF-8)" if str(name).lower().endswith(".csv") else ".txt in UTF-8"
        raise InputError(f"{name}: {what}. Convert it to plain text first (save or export it "
                         f"as {fmt}, or copy the text out), then read that.")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: the bytes at offset {err.start} ({data[err.start:err.start + 4]!r}) are not "
            f"valid {encoding}. If the file uses another encoding, pass it, e.g. "
            f"encoding='latin-1' or encoding='cp1252'."
        ) from None
    except LookupError:
        raise InputError(f"encoding={encoding!r} is not an encoding Python knows.") from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            f"{name}: contains a NUL character (at character {nul}): it looks like a binary file "
            f"(PDF, Word, image) or text in another encoding such as UTF-16 without a BOM. "
            f"Convert it to plain text first, or pass the right encoding=."
        )
    return text


def _what(value) -> str:
    """How an error message names a value that is not text."""
    if value is None or (isinstance(value, float) and value != value):
        return "missing (NaN/None)"
    if isinstance(value, bytes | bytearray):
        return "bytes, not text (decode them first, e.g. value.decode('utf-8'))"
    return f"a {type(value).__name__}, not text"


def _check_texts(df: pd.DataFrame, *, where: str, empty: str,
                 max_bytes: int | None = MAX_DOC_BYTES) -> pd.DataFrame:
    """Check doc ids and texts of a documents table; return it with str columns."""
    ids = df["doc_id"]
    if ids.isna().any():
        rows = ids.index[ids.isna()].tolist()[:5]
        raise InputError(f"{where}: doc_id is missing at row(s) {rows}. Every document needs an "
                         f"id.")
    ids = ids.astype(str)
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        raise InputError(f"{where}: duplicate doc_id(s) {sorted(set(dup))[:10]}. Each document "
                         f"needs its own id: rename them, or combine the texts first.")
    bad = [(i, v) for i, v in zip(ids, df["text"], strict=True) if not isinstance(v, str)]
    if bad:
        i, v = bad[0]
        raise InputError(f"{where}: the text of document {i!r} is {_what(v)}"
                         f"{f' (and {len(bad) - 1} more)' if len(bad) > 1 else ''}. Drop those "
                         f"rows or fill them with strings first (e.g. df.dropna(subset=['text'])).")
    for i, t in zip(ids, df["text"], strict=True):
        if max_bytes is not None and len(t) > max_bytes:
            raise _too_big(f"{where}: document {i!r}", len(t), max_bytes, "characters")
        m = None if t.isascii() else _SURROGATE.search(t)
        if m is not None:
            raise InputError(
                f"{where}: the text of document {i!r} contains a lone surrogate "
                f"(U+{ord(m.group()):04X} at character {m.start()}), which is not a Unicode "
                f"character and cannot be stored or written out. It comes from decoding bytes "
                f"with errors='surrogateescape' (or a broken JSON \\u escape): decode them with "
                f"the right encoding, or replace it, e.g. "
                f"text.encode('utf-8', 'replace').decode('utf-8').")
    blank = [i for i, t in zip(ids, df["text"], strict=True) if not t.strip()]
    if blank and empty == "error":
        raise InputError(f"{where}: document(s) {blank[:10]} are empty or whitespace only. Remove "
                         f"them, or pass empty='keep' to keep them as documents with no rows.")
    out = df.copy()
    out["doc_id"] = ids.to_numpy()
    if blank and empty == "drop":
        out = out[~out.doc_id.isin(blank)]
    return out.reset_index(drop=True)


def _check_options(empty: str, max_bytes) -> None:
    if empty not in ("error", "keep", "drop"):
        raise InputError(f"empty={empty!r} is not one of 'error', 'keep', 'drop'.")
    if max_bytes is not None and (not isinstance(max_bytes, int | np.integer)
                                  or isinstance(max_bytes, bool) or max_bytes < 1):
        raise InputError(f"max_bytes={max_bytes!r} must be a positive integer or None (no "
                         f"limit).")


def _build(df: pd.DataFrame, *, where: str, sections, analyze, empty: str, name: str,
           max_bytes: int | None = MAX_DOC_BYTES) -> Corpus:
    _check_options(empty, max_bytes)
    df = _check_texts(df, where=where, empty=empty, max_bytes=max_bytes)
    cols = ["doc_id", "text"] + [c for c in df.columns if c not in ("doc_id", "text")]
    corpus = build_corpus(df[cols], sections=sections, analyze=analyze, name=name)
    analyze = as_list(analyze)
    unknown = sorted(set(analyze) - set(SECTIONS) - set(corpus.paragraphs.section.unique()))
    if unknown:  # a typo would otherwise analyse nothing, silently
        raise InputError(f"analyze={analyze!r}: {', '.join(map(repr, unknown))} is not a "
                         f"section; known sections are {', '.join(SECTIONS)}.")
    return corpus


def from_frame(df: pd.DataFrame, *, text: str = "text", doc_id: str = "doc_id",
               sections: SectionRules | None = None, analyze: Iterable[str] = DEFAULT_ANALYZE,
               empty: str = "error", name: str = "corpus",
               max_bytes: int | None = MAX_DOC_BYTES) -> Corpus:
    """Build a corpus from a DataFrame with one document per row.

    Parameters
    ----------
    df : DataFrame
        One row per document.
    text : str, default "text"
        Column holding the raw text (str; NaN or non-string values are an error).
    doc_id : str, default "doc_id"
        Column holding unique document ids. If the default column is absent, ids are ``doc_0``,
        ``doc_1``, ... in row order; a named column that is absent is an error.
    sections : callable, optional
        Section rules (see :mod:`discourse.sections`); default: the built-in rules.
    analyze : iterable of str, default ("body", "summary")
        Sections to analyse.
    empty : {"error", "keep", "drop"}, default "error"
        What to do with empty or whitespace-only documents.
    name : str, default "corpus"
    max_bytes : int or None, default :data:`MAX_DOC_BYTES` (20 MB)
        Largest document accepted (characters of a text; bytes of a file for
        :func:`read_folder`): a larger one is an error that says how to split it, because its
        tables would need about 25 times its size in memory. None: no limit.

    Returns
    -------
    Corpus
        Other columns of ``df`` become document metadata; a ``group`` column is the grouping
        that contrasts use.

    Examples
    --------
    >>> import pandas as pd, discourse as dc
    >>> df = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One text.", "Another."],
    ...                    "group": ["x", "y"]})
    >>> dc.from_frame(df).documents[["doc_id", "n_words", "group"]]
      doc_id  n_words group
    0      a        2     x
    1      b        1     y
    """
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"from_frame needs a pandas DataFrame, got {type(df).__name__}; for a "
                         f"list or dict of strings use dc.from_texts.")
    if text not in df.columns:
        raise InputError(f"the DataFrame has no text column {text!r} (it has "
                         f"{', '.join(map(repr, df.columns)) or 'no columns'}); pass text='...'.")
    frame = df.copy()
    if doc_id not in frame.columns:
        if doc_id != "doc_id":
            raise InputError(f"the DataFrame has no doc_id column {doc_id!r} (it has "
                             f"{', '.join(map(repr, df.columns))}); pass doc_id='...'.")
        frame["doc_id"] = [f"doc_{i}" for i in range(len(frame))]
    frame = frame.rename(columns={text: "text", doc_id: "doc_id"})
    if len(frame) == 0:
        raise InputError("the DataFrame has no rows: there is no document to read.")
    return _build(frame, where="DataFrame", sections=sections, analyze=analyze, empty=empty,
                  name=name, max_bytes=max_bytes)


def from_texts(texts: Mapping[str, str] | Iterable[str], *, sections: SectionRules | None = None,
               analyze: Iterable[str] = DEFAULT_ANALYZE, empty: str = "error",
               name: str = "corpus", max_bytes: int | None = MAX_DOC_BYTES) -> Corpus:
    """Build a corpus from a dict ``{doc_id: text}`` or a list of texts (ids ``doc_0``, ...).

    Options as in :func:`from_frame`.

    Examples
    --------
    >>> import discourse as dc
    >>> dc.from_texts({"a": "Hello there.", "b": "Bye."}).documents.doc_id.tolist()
    ['a', 'b']
    >>> dc.from_texts(["x y", "z"]).documents.doc_id.tolist()
    ['doc_0', 'doc_1']
    """
    if isinstance(texts, str):
        raise InputError("from_texts takes a list or dict of texts, not one string; wrap it: "
                         "dc.from_texts([text]).")
    if isinstance(texts, Mapping):
        ids, values = list(texts.keys()), list(texts.values())
    elif isinstance(texts, pd.Series):
        ids, values = [str(i) for i in texts.index], texts.tolist()
    else:
        values = list(texts)
        ids = [f"doc_{i}" for i in range(len(values))]
    if not values:
        raise InputError("from_texts got no texts.")
    df = pd.DataFrame({"doc_id": pd.Series(ids, dtype=object),
                       "text": pd.Series(values, dtype=object)})
    return _build(df, where="texts", sections=sections, analyze=analyze, empty=empty, name=name,
                  max_bytes=max_bytes)


def read_folder(path, *, pattern: str = "*.txt", encoding: str = "utf-8", recursive: bool = False,
                sections: SectionRules | None = None, analyze: Iterable[str] = DEFAULT_ANALYZE,
                empty: str = "error", name: str | None = None,
                max_bytes: int | None = MAX_DOC_BYTES) -> Corpus:
    """Read every file matching ``pattern`` in a folder, one document per file.

    ``doc_id`` is the file name without its suffix (with ``recursive=True``, the relative path
    without suffix). Metadata: a ``file`` column, plus the columns of a ``metadata.csv`` in the
    folder when it has a ``doc_id`` column (its ``file`` column, if any, must name the files).

    Parameters
    ----------
    path : str or Path
        The folder.
    pattern : str, default "*.txt"
        Glob pattern of the files to read.
    encoding : str, default "utf-8"
        Text encoding; a byte-order mark (UTF-8, UTF-16, UTF-32) overrides it.
    recursive : bool, default False
        Also read matching files in subfolders.
    sections, analyze, empty, name, max_bytes
        As in :func:`from_frame`; ``name`` defaults to the folder's name; ``max_bytes`` is
        checked on the file sizes before anything is read.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import discourse as dc, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("First text.")
    >>> dc.read_folder(d).documents[["doc_id", "file", "n_words"]]
      doc_id   file  n_words
    0      a  a.txt        2
    """
    folder = Path(path)
    if not folder.exists():
        raise InputError(f"{str(folder)!r} does not exist (looked from {Path.cwd()}).")
    if not folder.is_dir():
        raise InputError(f"{str(folder)!r} is a file, not a folder: use dc.read_csv for a CSV, or "
                         f"pass the folder that holds the text files.")
    files = sorted(p for p in (folder.rglob(pattern) if recursive else folder.glob(pattern))
                   if p.is_file())
    if not files:
        raise InputError(f"no file in {str(folder)!r} matches pattern={pattern!r}"
                         f"{_folder_hint(folder, pattern, recursive)}")
    _check_options(empty, max_bytes)
    if max_bytes is not None:
        for f in files:
            size = f.stat().st_size
            if size > max_bytes:
                raise _too_big(str(f), size, max_bytes, "bytes")
    ids, texts, names = [], [], []
    for f in files:
        rel = f.relative_to(folder)
        ids.append(rel.with_suffix("").as_posix())
        names.append(rel.as_posix())
        texts.append(decode_bytes(f.read_bytes(), encoding=encoding, name=str(f)))
    # object dtype: the decoded strings themselves go on to build_corpus, no Arrow copy
    df = pd.DataFrame({"doc_id": ids, "text": pd.Series(texts, dtype=object), "file": names})
    meta_path = folder / "metadata.csv"
    if meta_path.exists():
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False)
        if "doc_id" in meta.columns:
            meta = meta.drop(columns=[c for c in ("text",) if c in meta.columns])
            dup = sorted(set(meta.doc_id[meta.doc_id.duplicated()]))
            if dup:
                raise InputError(f"{meta_path}: doc_id {dup[:5]} has more than one row. Keep one "
                                 f"row per text file.")
            unknown = sorted(set(meta.doc_id) - set(df.doc_id))
            if unknown and pattern == "*.txt":
                raise InputError(f"{meta_path}: rows for {unknown[:5]} but no such text file.")
            extra = meta.drop(columns=[c for c in ("file",) if c in meta.columns])
            df = df.merge(extra, on="doc_id", how="left")
    return _build(df, where=str(folder), sections=sections, analyze=analyze, empty=empty,
                  name=name or folder.resolve().name, max_bytes=max_bytes)


def _folder_hint(folder: Path, pattern: str, recursive: bool) -> str:
    """Why nothing matched: what the folder holds, and the option that would find it."""
    entries = sorted(folder.iterdir())
    files = [p.name for p in entries if p.is_file()]
    subdirs = [p.name for p in entries if p.is_dir()]
    if not entries:
        return ": the folder is empty."
    hints = []
    folded = [f for f in files if Path(f.lower()).match(pattern.lower())]
    if folded:
        suffix = Path(folded[0]).suffix
        hints.append(f"File names are case-sensitive: pass pattern='*{suffix}' for "
                     f"{folded[0]!r}")
    if subdirs and not recursive and any(p.is_file() for d in subdirs
                                         for p in (folder / d).rglob(pattern)):
        hints.append(f"Matching files are in subfolders ({', '.join(subdirs[:5])}): pass "
                     f"recursive=True")
    shown = ", ".join(files[:8]) + (" ..." if len(files) > 8 else "")
    have = (f" (it has {len(files)} file(s): {shown}" if files else " (it has no files")
    have += f", and {len(subdirs)} subfolder(s))" if subdirs else ")"
    return have + (". " + ". ".join(hints) + "." if hints else ".")


def read_csv(path, *, text: str = "text", doc_id: str = "doc_id", encoding: str = "utf-8",
             sections: SectionRules | None = None, analyze: Iterable[str] = DEFAULT_ANALYZE,
             empty: str = "error", name: str | None = None,
             max_bytes: int | None = MAX_DOC_BYTES, **read_csv_kwargs) -> Corpus:
    """Read a CSV file with one document per row (see :func:`from_frame`).

    The ``doc_id`` and ``text`` columns are read as strings: a text ``123`` or ``NA`` is the
    text "123" or "NA"; an empty cell is missing (an error). Extra keyword arguments go to
    :func:`pandas.read_csv` (e.g. ``sep=";"``).

    Examples
    --------
    >>> import discourse as dc, tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = f.write_text('doc_id,text\\na,"One, two."\\n')
    >>> dc.read_csv(f).documents.text.tolist()
    ['One, two.']
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{str(file)!r} does not exist or is not a file.")
    raw = decode_bytes(file.read_bytes(), encoding=encoding, name=str(file))
    import io as _io

    kwargs = dict(read_csv_kwargs)
    dtype = kwargs.pop("dtype", None)
    dtype = {doc_id: str, text: str} | (dtype if isinstance(dtype, Mapping) else {}) \
        if dtype is None or isinstance(dtype, Mapping) else dtype
    try:
        df = pd.read_csv(_io.StringIO(raw), dtype=dtype,
                         keep_default_na=False, na_values=[""], **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        msg = str(err).strip().removeprefix("Error tokenizing data. C error: ")
        raise InputError(f"{file}: not a readable CSV ({msg}). A text that contains commas, "
                         f"quotes or line breaks must be in double quotes (\"...\"), with "
                         f"inner quotes doubled; a spreadsheet's 'Save as CSV' does "
                         f"this.") from None
    if (len(df.columns) == 1 and text not in df.columns and "sep" not in kwargs
            and "delimiter" not in kwargs):
        header = str(df.columns[0])
        for sep, what in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")):
            if sep in header:
                raise InputError(f"{file}: the header {header!r} is one column: the fields are "
                                 f"separated by {what}, not commas. Pass sep={sep!r}.")
    if "index_col" not in kwargs and not isinstance(df.index, pd.RangeIndex):
        raise InputError(f"{file}: some rows have more fields than the header "
                         f"({', '.join(map(repr, df.columns))}), e.g. the row of "
                         f"{df.index[0]!r}. A text that contains commas must be in double "
                         f"quotes (\"...\"); a spreadsheet's 'Save as CSV' does this.")
    try:
        return from_frame(df, text=text, doc_id=doc_id, sections=sections, analyze=analyze,
                          empty=empty, name=name or file.stem, max_bytes=max_bytes)
    except InputError as err:
        raise InputError(f"{file}: {err}") from None


def example_dir() -> Path:
    """The folder of the built-in example corpus (``data/`` of the repository)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):  # installed wheel, then checkout
        if (candidate / "metadata.csv").exists():
            return candidate
    raise InputError("the example corpus is missing from this installation "
                     f"(looked in {here / 'data'} and {here.parent / 'data'}).")


def load_example(**kwargs) -> Corpus:
    """The built-in pair: a CEPA think-tank essay and a colloquial news rewrite on one subject.

    ``doc_id`` is ``cepa_essay`` or ``news_rewrite``; metadata (title, genre, source, author,
    notes) come from ``data/metadata.csv``. Copyright in both texts stays with their authors and
    publishers; they are included for research and teaching.

    Examples
    --------
    >>> import discourse as dc
    >>> dc.load_example().doc_ids
    ['cepa_essay', 'news_rewrite']
    """
    kwargs.setdefault("name", "example")
    return read_folder(example_dir(), **kwargs)
