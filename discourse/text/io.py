"""Readers: a folder of text files, a CSV, a DataFrame, a list or dict of strings, the example.

Every reader checks its input and raises :class:`discourse.InputError` naming the file, column
or document and the fix; none drops text silently. A UTF-8 byte-order mark, UTF-16/32 with a BOM,
CRLF or lone CR line ends, no-break spaces and curly quotes are ordinary input. Decoding bytes
lives in :mod:`discourse.text.decode`, the checks every reader applies to its table of documents in
:mod:`discourse.text.checks`, reading files safely in :mod:`discourse.text.files`, ``metadata.csv``
in :mod:`discourse.text.metadata` (their names are still read from here).
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from io import StringIO
from pathlib import Path

import pandas as pd

from .. import _progress
from .._validate import InputError, as_list
from .build import build_from_texts
from .checks import (
    MAX_DOC_BYTES,
    PEAK_BYTES_PER_CHAR,
    RESERVED_COLUMNS,
    check_metadata_columns,
    check_options,
    check_text_and_id_columns,
    check_texts,
    checked_texts,
    too_big,
)
from .corpus import DEFAULT_ANALYZE, Corpus
from .decode import decode_bytes
from .files import (  # noqa: F401  (MAX_TABLE_BYTES: read here by old callers)
    MAX_TABLE_BYTES,
    _check_file_names,
    _folder_hint,
    _io_call,
    _not_special,
    _os_error,
    _outside,
    _sample,
    _warn_outside,
    read_regular,
)
from .metadata import _as_written, _check_header, read_metadata, written_text  # noqa: F401
from .sections import SECTIONS, SectionRules

# the names other modules import from here
_check_texts, _check_options, _too_big = check_texts, check_options, too_big
__all__ = ["MAX_DOC_BYTES", "PEAK_BYTES_PER_CHAR", "RESERVED_COLUMNS", "check_metadata_columns",
           "check_text_and_id_columns", "decode_bytes", "example_dir", "from_frame",
           "from_texts", "load_example", "read_csv", "read_folder", "read_metadata"]


def _build(df: pd.DataFrame, *, where: str, sections, analyze, empty: str, name: str,
           max_bytes: int | None = MAX_DOC_BYTES) -> Corpus:
    check_options(empty, max_bytes)
    df, texts = checked_texts(df, where=where, empty=empty, max_bytes=max_bytes)
    cols = ["doc_id", "text"] + [c for c in df.columns if c not in ("doc_id", "text")]
    corpus = build_from_texts(df[cols], texts, sections=sections, analyze=analyze, name=name)
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
        Section rules (see :mod:`discourse.text.sections`); default: the built-in rules.
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
        Other columns of ``df`` become document metadata, with their dtypes; a ``group``
        column is the grouping that contrasts use. A metadata column may not have the name of a
        computed one (:data:`RESERVED_COLUMNS`: ``n_words``, ``n_chars``, ``start``, ...), and
        when ``text`` or ``doc_id`` name other columns, ``df`` may not also have columns
        called ``text`` or ``doc_id``: both are errors that say what to rename.

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
    if isinstance(df.columns, pd.MultiIndex):
        raise InputError("the DataFrame has MultiIndex columns (levels "
                         f"{list(df.columns.names)}); flatten them first, e.g. df.columns = "
                         "['_'.join(map(str, c)).strip('_') for c in df.columns].")
    if text not in df.columns:
        raise InputError(f"the DataFrame has no text column {text!r} (it has "
                         f"{', '.join(map(repr, df.columns)) or 'no columns'}); pass text='...'.")
    check_text_and_id_columns(df.columns, text=text, doc_id=doc_id)
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
    without suffix), in Unicode form NFC (macOS stores "é" in file names as "e" and an accent;
    ``file`` keeps the name as stored); a file name that is not valid UTF-8 is an error that
    says to rename it.
    Metadata: a ``file`` column, plus the columns of a ``metadata.csv`` in the folder (see
    :func:`read_metadata`: it needs a ``doc_id`` column; its types are inferred as
    :func:`read_csv` infers them). ``metadata.csv`` itself is never read as a document, whatever
    the ``pattern``.

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
    meta_path = folder / "metadata.csv"
    if not isinstance(pattern, str) or not pattern or Path(pattern).is_absolute() \
            or ".." in Path(pattern).parts:
        raise InputError(f"pattern={pattern!r} must be a non-empty file-name pattern inside the "
                         f"folder, such as '*.txt' or '*.md' (no absolute path, no '..'); to "
                         f"read another folder, pass that folder as path.")
    found = sorted(p for p in (folder.rglob(pattern) if recursive else folder.glob(pattern))
                   if p != meta_path)  # metadata.csv is never a document
    for p in found:  # a FIFO or a device (a link to /dev/zero) is refused, never read
        _not_special(p)
    files = [p for p in found if p.is_file()]
    files, outside = _outside(folder, files)  # a link to /etc/passwd is not a document
    _warn_outside(folder, outside)
    if not files:
        raise InputError(f"no file in {str(folder)!r} matches pattern={pattern!r}"
                         f"{_folder_hint(folder, pattern, recursive)}")
    check_options(empty, max_bytes)
    _check_file_names(folder, files)
    if max_bytes is not None:
        for f in files:
            size = _io_call(f.stat, f).st_size
            if size > max_bytes:
                raise too_big(str(f), size, max_bytes, "bytes", _sample(f, encoding))
    ids, texts, names = [], [], []
    show = _progress.wanted(_progress.seconds(len(files), "files"))
    for f in _progress.bar(files, desc=f"reading {folder.name}", unit="file", show=show):
        rel = f.relative_to(folder)
        # NFC: macOS writes file names decomposed, a metadata.csv typed by hand is composed
        ids.append(unicodedata.normalize("NFC", rel.with_suffix("").as_posix()))
        names.append(rel.as_posix())
        texts.append(decode_bytes(read_regular(f, max_bytes=max_bytes), encoding=encoding,
                                  name=str(f)))
    # object dtype: the decoded strings themselves go on to build_corpus, no Arrow copy
    df = pd.DataFrame({"doc_id": ids, "text": pd.Series(texts, dtype=object), "file": names})
    if meta_path.is_symlink() or meta_path.exists():
        _not_special(meta_path)
        meta_inside = _outside(folder, [meta_path])[0]
        _warn_outside(folder, [] if meta_inside else [meta_path])
    if (meta_path.is_symlink() or meta_path.exists()) and meta_inside:
        meta = read_metadata(meta_path, encoding=encoding)
        unknown = sorted(set(meta.doc_id) - set(df.doc_id))
        if unknown and pattern == "*.txt":
            hint = (" doc_id is the file name without its suffix ('a' for a.txt)."
                    if any(u.lower().endswith(".txt") for u in unknown) else "")
            raise InputError(f"{meta_path}: rows for {unknown[:5]} but no such text file.{hint}")
        if "file" in meta.columns:  # the file names are the corpus's; a different one is kept
            real = dict(zip(df.doc_id, df.file, strict=True))
            same = all(pd.isna(v) or str(v) == real.get(d, str(v))
                       for d, v in zip(meta.doc_id, meta.file, strict=True))
            if same:
                meta = meta.drop(columns=["file"])
            elif "file_meta" in meta.columns:
                raise InputError(f"{meta_path}: its 'file' column differs from the file names "
                                 f"and 'file_meta' is taken: rename the 'file' column.")
            else:
                warnings.warn(f"{meta_path}: its 'file' column differs from the names of the "
                              f"text files; it is kept as 'file_meta' ('file' is the name of "
                              f"each text file).", UserWarning, stacklevel=2)
                meta = meta.rename(columns={"file": "file_meta"})
        df = df.merge(meta, on="doc_id", how="left")
    return _build(df, where=str(folder), sections=sections, analyze=analyze, empty=empty,
                  name=name or folder.resolve().name, max_bytes=max_bytes)


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
    if not file.exists():
        raise InputError(f"{str(file)!r} does not exist or is not a file.")
    size = file.stat().st_size if file.is_file() else 0
    steps = _progress.bar(total=2, desc=f"reading {file.name}", unit="step",
                          show=_progress.wanted(_progress.seconds(size, "csv bytes")))
    raw = decode_bytes(read_regular(file, max_bytes=MAX_TABLE_BYTES, what="CSV file"),
                       encoding=encoding, name=str(file))
    steps.update(1)  # read and decoded; then parsed

    kwargs = dict(read_csv_kwargs)
    user_dtype = kwargs.pop("dtype", None)
    dtype = {doc_id: str, text: str} | (user_dtype if isinstance(user_dtype, Mapping) else {}) \
        if user_dtype is None or isinstance(user_dtype, Mapping) else user_dtype
    sep = kwargs.get("sep", kwargs.get("delimiter")) or ","
    if isinstance(sep, str) and kwargs.get("engine") != "python" and len(sep) == 1:
        _check_header(raw, sep, where=str(file), options=kwargs)
    try:
        df = pd.read_csv(StringIO(raw), dtype=dtype,
                         keep_default_na=False, na_values=[""], **kwargs)
        if user_dtype is None or isinstance(user_dtype, Mapping):  # groups as written
            skip = {doc_id, text, *(user_dtype or {})}
            df = written_text(df, lambda cols: pd.read_csv(
                StringIO(raw), **(kwargs | {"index_col": None, "usecols": cols}), dtype=str,
                keep_default_na=False, na_values=[""])[cols], skip=skip)
        if kwargs.get("index_col") is not None and kwargs.get("index_col") is not False:
            df = df.reset_index()  # index_col="doc_id": the ids stay the ids
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
    steps.update(1)
    steps.close()  # building the tables shows its own bar
    try:
        return from_frame(df, text=text, doc_id=doc_id, sections=sections, analyze=analyze,
                          empty=empty, name=name or file.stem, max_bytes=max_bytes)
    except InputError as err:
        raise InputError(f"{file}: {err}") from None


def example_dir() -> Path:
    """The folder of the built-in example corpus (``data/`` of the repository)."""
    here = Path(__file__).resolve().parents[1]  # discourse/
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
