"""Tables of metadata: ``metadata.csv`` beside a folder of texts (:func:`read_metadata`), and
what every CSV reader keeps of what the user wrote (:func:`written_text`: ``007`` stays
``"007"``, a ``year`` of whole numbers is int64).
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import InputError
from .checks import check_metadata_columns
from .decode import decode_bytes
from .files import MAX_TABLE_BYTES, read_regular


def read_metadata(path, *, encoding: str = "utf-8") -> pd.DataFrame:
    """Read the ``metadata.csv`` of a folder of texts: one row per text file.

    Columns: ``doc_id`` (the file name without ``.txt``; read as text), then any others, whose
    types are inferred as :func:`read_csv` infers them (a ``year`` of whole numbers is int64);
    an empty cell is missing; fields are separated by commas, or by the semicolons or tabs of
    the header line. Raises :class:`InputError` naming the file and the fix when it
    cannot be decoded or parsed, is empty, has no ``doc_id`` column, a doc_id twice, or a
    column with the name of a computed one (``n_words``, ``text``, ...).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "metadata.csv"
    >>> _ = f.write_text("doc_id,group,year\\n007,a,2012\\n")
    >>> m = read_metadata(f)
    >>> m.doc_id[0], m.year.dtype.name
    ('007', 'int64')
    """
    path = Path(path)
    data = read_regular(path, max_bytes=MAX_TABLE_BYTES, what="CSV file")
    try:
        raw = decode_bytes(data, encoding=encoding, name=str(path))
    except InputError as err:
        raise InputError(f"{err} (metadata.csv is read with the encoding= of the texts; "
                         f"'Save as > CSV UTF-8' in a spreadsheet writes what is expected.)"
                         ) from None
    if not raw.strip():
        raise InputError(f"{path}: is empty. Delete it, or write a header row with a doc_id "
                         f"column (the file names without .txt) and one row per text file.")
    header = raw.split("\n", 1)[0]
    sep = next((c for c in ",;\t" if c in header), ",")  # a European spreadsheet writes ";"
    _check_header(raw, sep, where=str(path))
    try:
        meta = pd.read_csv(StringIO(raw), dtype={"doc_id": str}, keep_default_na=False,
                           na_values=[""], sep=sep)
        meta = written_text(meta, lambda cols: pd.read_csv(
            StringIO(raw), dtype=str, keep_default_na=False, na_values=[""], sep=sep,
            usecols=cols))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        msg = str(err).strip().removeprefix("Error tokenizing data. C error: ")
        raise InputError(f"{path}: not a readable CSV ({msg}). A value that contains commas, "
                         f"quotes or line breaks must be in double quotes (\"...\"); a "
                         f"spreadsheet's 'Save as CSV' does this.") from None
    if "doc_id" not in meta.columns:
        have = ", ".join(map(repr, meta.columns))
        raise InputError(f"{path}: has no doc_id column (it has {have}). Name the column that "
                         f"holds the file names without .txt 'doc_id' (e.g. rename "
                         f"{str(meta.columns[0])!r} to doc_id), so that each row can be matched "
                         f"to its text file.")
    if not isinstance(meta.index, pd.RangeIndex):
        raise InputError(f"{path}: some rows have more fields than the header "
                         f"({', '.join(map(repr, meta.columns))}). A value that contains commas "
                         f"must be in double quotes (\"...\").")
    if meta.doc_id.isna().any():
        rows = (np.flatnonzero(meta.doc_id.isna().to_numpy()) + 2).tolist()[:5]
        raise InputError(f"{path}: doc_id is empty on line(s) {rows}. Fill in the file name "
                         f"(without .txt) or delete the row.")
    meta["doc_id"] = [unicodedata.normalize("NFC", d) for d in meta.doc_id]
    if "text" in meta.columns:
        raise InputError(f"{path}: has a 'text' column, but the texts come from the text files. "
                         f"Rename the column (e.g. to 'summary') or delete it.")
    check_metadata_columns(meta.columns, where=str(path))
    dup = sorted(set(meta.doc_id[meta.doc_id.duplicated()]))
    if dup:
        raise InputError(f"{path}: doc_id {dup[:5]} has more than one row. Keep one "
                         f"row per text file.")
    return meta


def _check_header(raw: str, sep: str, *, where: str, options=None) -> None:
    """Refuse a header that names a column twice (pandas would rename the second ``x.1``)."""
    if any((options or {}).get(k) is not None for k in ("names", "header", "skiprows")):
        return
    first = next(csv.reader(StringIO(raw), delimiter=sep if len(sep) == 1 else ","), [])
    seen = Counter(n.strip() for n in first)
    dup = sorted(n for n, k in seen.items() if k > 1 and n)  # blank ones pandas numbers
    if dup:
        raise InputError(f"{where}: the header names the column {', '.join(map(repr, dup))} "
                         f"more than once; give each column its own name (only one can be "
                         f"{dup[0]!r}).")


def _as_written(value) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def written_text(inferred: pd.DataFrame, as_strings, skip=()) -> pd.DataFrame:
    """``inferred`` with every column whose inferred type changes what the user wrote read
    back as text (``as_strings(columns)`` reads those columns as str).

    A column of whole numbers such as a ``year`` stays int64; a column holding ``01``, ``1`` and
    ``02``, ``007``, ``True`` and ``true``, ``1.0`` and ``1``, or ``1e3`` stays text, so that
    labels that differ as written stay different groups.
    """
    typed = [c for c in inferred.columns if c not in skip and c != "doc_id"
             and inferred[c].dtype != object and not pd.api.types.is_string_dtype(inferred[c])]
    if not typed:
        return inferred
    text = as_strings(typed)
    lost = [c for c in typed
            if any(isinstance(w, str) and _as_written(v) != w.strip()
                   for v, w in zip(inferred[c].tolist(), text[c].tolist(), strict=True))]
    if lost:
        inferred = inferred.copy()
        for c in lost:
            inferred[c] = text[c].to_numpy(dtype=object)
    return inferred
