"""Periods of a numeric time column: each value its own period, or bins of about equal documents.

:func:`time_bins` adds a ``period`` column to the documents, so that any function that takes
``by=`` (``dc.count_terms``, ``dc.keyness``, ``dc.marker_rates``, ``dc.compare_rates``) can
compare eras; :func:`discourse.trend` uses the same periods for its rates.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .._validate import InputError
from .corpus import Corpus

PERIOD = "period"
"""The column :func:`time_bins` adds to ``corpus.documents``."""


def time_values(documents: pd.DataFrame, time: str) -> np.ndarray:
    """The time of each document as floats, or an :class:`InputError` that says what to fix.

    Refused: ``time`` not a column, a column that is not numbers (a date: make a year of it,
    e.g. ``pd.to_datetime(df.date).dt.year``), a missing or infinite value, and fewer than two
    distinct values. Numbers stored as text (``"1999"``) are read as numbers.
    """
    if not isinstance(time, str) or time not in documents.columns:
        cols = [c for c in documents.columns if c not in ("text", "n_chars", "n_words")]
        raise InputError(f"time={time!r} is not a column of corpus.documents (it has "
                         f"{', '.join(map(repr, cols))}). Name a numeric column such as a "
                         f"year, e.g. time='year'.")
    col = documents[time]
    if pd.api.types.is_bool_dtype(col) or pd.api.types.is_datetime64_any_dtype(col):
        raise InputError(f"documents.{time} holds {col.dtype} values, not numbers: make a "
                         f"numeric column (a date's year: pd.to_datetime(df.{time}).dt.year) "
                         f"and pass its name as time=.")
    values = pd.to_numeric(col, errors="coerce")
    bad = col.notna() & values.isna()
    if bad.any():
        shown = sorted(set(col[bad].astype(str)))[:5]
        raise InputError(f"documents.{time} is not numeric: {shown} are not numbers. A trend "
                         f"needs numbers (e.g. years); for dates use "
                         f"pd.to_datetime(df.{time}).dt.year.")
    values = values.to_numpy(dtype=float)
    missing = ~np.isfinite(values)
    if missing.any():
        ids = documents.doc_id[missing].astype(str).tolist()
        raise InputError(f"documents.{time} is missing (or infinite) for {len(ids)} "
                         f"document(s): {ids[:5]}{' ...' if len(ids) > 5 else ''}. Give every "
                         f"document a time, or leave those out of the corpus.")
    if len(np.unique(values)) < 2:
        raise InputError(f"documents.{time} has {len(np.unique(values))} distinct value(s): a "
                         f"change over time needs at least two periods.")
    return values


def format_time(value: float) -> str:
    """A time value as written: ``1789.0`` -> ``"1789"``, ``1.5`` -> ``"1.5"``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def period_label(first: float, last: float) -> str:
    """``"1789-1840"`` (``"1789"`` when both ends are equal; ``" to "`` around a negative)."""
    if first == last:
        return format_time(first)
    sep = " to " if min(first, last) < 0 else "-"
    return f"{format_time(first)}{sep}{format_time(last)}"


def assign_periods(values: np.ndarray, bins: int | None = None) -> tuple[np.ndarray, list[str]]:
    """The period (0-based code, in time order) of each value, and the periods' labels.

    ``bins=None``: each distinct value is a period. ``bins=k``: in time order, the document at
    position ``i`` of ``N`` falls in bin ``floor(i * k / N)``; documents with the same time all
    go to the bin of the first of them (a time value is never split), and empty bins are dropped,
    so there may be fewer than ``k`` periods. A period is labelled by its first and last time.

    Examples
    --------
    >>> codes, labels = assign_periods(np.array([1990, 1980, 2000, 2010, 1980, 2020.0]), bins=3)
    >>> codes.tolist(), labels
    ([1, 0, 1, 2, 0, 2], ['1980', '1990-2000', '2010-2020'])
    """
    values = np.asarray(values, dtype=float)
    distinct, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    if bins is None:
        codes_of_value = np.arange(len(distinct))
    else:
        first_pos = np.concatenate([[0], np.cumsum(counts)[:-1]])  # documents before each value
        raw = (first_pos * bins) // len(values)
        codes_of_value = np.unique(raw, return_inverse=True)[1]  # empty bins dropped
    codes = codes_of_value[inverse].astype(np.int64)
    labels = []
    for k in range(int(codes_of_value.max()) + 1):
        inside = distinct[codes_of_value == k]
        labels.append(period_label(inside.min(), inside.max()))
    return codes, labels


AUTO_MAX_VALUES = 10
"""``bins="auto"``: up to this many distinct times, each is a period."""
AUTO_MAX_BINS = 8
"""``bins="auto"``: with more distinct times, at most this many bins (and about ten documents
or more in each)."""


def check_bins(bins) -> None:
    """``bins`` is None, ``"auto"`` or an integer of at least 2."""
    if bins is None or (isinstance(bins, str) and bins == "auto"):
        return
    if isinstance(bins, bool) or not isinstance(bins, int | np.integer) or bins < 2:
        raise InputError(f"bins={bins!r}: give a whole number of periods of about equal numbers "
                         f"of documents, at least 2 (e.g. bins=4), 'auto', or None for one "
                         f"period per value of the time column.")


def resolve_bins(values: np.ndarray, bins) -> int | None:
    """``bins`` as :func:`assign_periods` takes it: ``"auto"`` becomes None (each time its own
    period) for at most :data:`AUTO_MAX_VALUES` distinct times, else ``min(8, max(2, N //
    10))`` bins for ``N`` documents.

    >>> resolve_bins(np.arange(5), "auto"), resolve_bins(np.arange(249), "auto")
    (None, 8)
    """
    check_bins(bins)
    if not (isinstance(bins, str) and bins == "auto"):
        return bins
    if len(np.unique(values)) <= AUTO_MAX_VALUES:
        return None
    return int(min(AUTO_MAX_BINS, max(2, len(values) // 10)))


def time_bins(corpus, *, time: str = "year", bins: int | None = None):
    """The corpus with a ``period`` column in its documents: each time value, or ``bins`` eras
    of about equal numbers of documents.

    Parameters
    ----------
    corpus : Corpus
        A corpus whose documents have a numeric time column.
    time : str, default "year"
        The column of ``corpus.documents`` holding each document's time (numbers).
    bins : int or "auto", optional
        How many periods of about equal numbers of documents; default one period per distinct
        value of ``time``. ``"auto"``: each value when there are at most ten, else
        ``min(8, max(2, N // 10))`` bins for ``N`` documents (what the report uses).

    Returns
    -------
    Corpus
        The same texts and tables (so markers found in ``corpus`` fit it), with
        ``documents.period``: an ordered categorical of labels such as ``"1789-1840"`` (first
        and last time of the period), in time order. Use it as ``by="period"``.

    Raises
    ------
    InputError
        ``time`` not a column, not numeric, missing for a document; fewer than two periods;
        ``bins`` not an integer of at least 2; a documents table that already has a
        ``period`` column.

    Notes
    -----
    Edges: documents are put in time order; the document at position ``i`` (0-based) of ``N``
    falls in bin ``floor(i * bins / N)``, and documents with the same time go with the first of
    them, so no time value is split between two periods (many documents of one year can make a
    period larger, or leave fewer than ``bins`` periods).

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": list("abcd"), "year": [1990, 2001, 1995, 2010],
    ...                                 "text": ["It may rain."] * 4}))
    >>> time_bins(c, bins=2).documents[["doc_id", "year", "period"]]
      doc_id  year     period
    0      a  1990  1990-1995
    1      b  2001  2001-2010
    2      c  1995  1990-1995
    3      d  2010  2001-2010
    """
    check_bins(bins)
    if not isinstance(corpus, Corpus):
        raise InputError(f"time_bins needs an in-memory Corpus, not a {type(corpus).__name__}: "
                         f"for a Dask corpus, take corpus.compute() first.")
    docs = corpus.documents
    if PERIOD in docs.columns:
        raise InputError(f"corpus.documents already has a {PERIOD!r} column: use it as "
                         f"by={PERIOD!r}, or drop it before making periods again.")
    values = time_values(docs, time)
    codes, labels = assign_periods(values, resolve_bins(values, bins))
    if len(labels) < 2:
        raise InputError(f"bins={bins} leaves one period (the documents share too few times); "
                         f"a change over time needs at least two.")
    documents = docs.copy()
    documents[PERIOD] = pd.Categorical.from_codes(codes, categories=labels, ordered=True)
    out = dataclasses.replace(corpus, documents=documents)
    if corpus.lineage:
        object.__setattr__(out, "_lineage", corpus.lineage)
    return out
