"""Work done on one partition of a :class:`discourse.scale.dask_corpus.DaskCorpus`, on a Dask
worker.

Module-level functions, so that worker processes receive them pickled: each turns a pandas
partition of texts into an ordinary :class:`~discourse.Corpus` (or takes one kept by
``persist()``), applies a pandas analysis to it, and returns a small pandas table whose
``doc_id`` is the document's position in the whole corpus.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..text.build import build_corpus
from ..text.corpus import Corpus
from ..text.io import _check_texts

_PLAIN_STR = pd.Series(["a"]).dtype  # what pandas makes of strings: "str" (pandas 3) or object
_PROBE_TEXT = "A probe sentence."


def _import_dask():
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("discourse.from_dask needs Dask: pip install 'discourse[dask]' "
                          "(dask[dataframe] and distributed).") from None
    return dd


def _plain_strings(df: pd.DataFrame) -> pd.DataFrame:
    """Dask turns string columns into ``string[pyarrow]`` (missing = ``pd.NA``); give them the
    dtype pandas itself uses, so each partition builds the same tables as the pandas path."""
    cols = [c for c in df.columns
            if isinstance(df[c].dtype, pd.StringDtype) and df[c].dtype != _PLAIN_STR]
    if not cols:
        return df
    out = df.copy()
    for c in cols:  # Arrow to Arrow (a missing value becomes NaN): no Python strings between
        out[c] = out[c].astype(_PLAIN_STR)
    return out


# -- work done on one partition (module-level functions: picklable for worker processes) --------
def _number(partition_info) -> int:
    return partition_info["number"] if partition_info else 0


def _assign_ids(part: pd.DataFrame, offsets, partition_info=None) -> pd.DataFrame:
    """``doc_0, doc_1, ...`` numbered across partitions (what from_frame does without ids)."""
    start = offsets[_number(partition_info)]
    out = part.copy()
    out.insert(0, "doc_id", pd.array([f"doc_{i}" for i in range(start, start + len(part))],
                                     dtype=_PLAIN_STR))
    return out


def _checked(part: pd.DataFrame, options: dict, number: int) -> pd.DataFrame:
    return _check_texts(_plain_strings(part.reset_index(drop=True)),
                        where=f"Dask partition {number}", empty=options["empty"],
                        max_bytes=options["max_bytes"])


def _doc_table(part: pd.DataFrame, options: dict, partition_info=None) -> pd.DataFrame:
    """The checked documents of one partition without their text, and the partition number."""
    number = _number(partition_info)
    out = _checked(part, options, number).drop(columns="text")
    out["_part"] = np.full(len(out), number, dtype=np.int64)
    return out


def _partition_corpus(part: pd.DataFrame, options: dict, number: int) -> Corpus | None:
    df = _checked(part, options, number)
    if not len(df):
        return None
    # one process per worker thread: segmenting in a pool inside a Dask worker is not allowed
    return build_corpus(df, sections=options["sections"], analyze=options["analyze"],
                        name=options["name"], n_jobs=1, progress=False)


def _on_corpus(corpus: Corpus | None, work: Callable, empty_meta: pd.DataFrame,
               offset: int) -> pd.DataFrame:
    if corpus is None:
        return empty_meta.iloc[:0].copy()
    return work(corpus, offset)


def _on_partition(part: pd.DataFrame, work: Callable, empty_meta: pd.DataFrame, options: dict,
                  number: int, offset: int) -> pd.DataFrame:
    return _on_corpus(_partition_corpus(part, options, number), work, empty_meta, offset)


def _global_doc_codes(df: pd.DataFrame, offset: int) -> pd.DataFrame:
    """Replace the partition's categorical ``doc_id`` by its position in the whole corpus."""
    df = df.copy(deep=False)  # a new column on a shallow copy: the other columns not copied
    df["doc_id"] = df["doc_id"].cat.codes.to_numpy().astype(np.int64) + offset
    return df


def _count_part(corpus: Corpus, offset: int, *, by: list[str], options: dict,
                unit_dtypes: dict) -> pd.DataFrame:
    from ._coded_counts import count_terms_coded

    # terms as codes and one copy of each term: half the bytes to the client (decode_terms)
    out = count_terms_coded(corpus, by=by, fill_zeros=False, **options)
    for col in by:
        if col == "doc_id":
            out = _global_doc_codes(out, offset)
        elif col in unit_dtypes:  # metadata: codes into the categories of the whole corpus
            values = np.asarray(out[col], dtype=object)
            out[col] = unit_dtypes[col].categories.get_indexer(values).astype(np.int64)
    return _narrow(out)


def _counts_table(parts: list[pd.DataFrame], meta: pd.DataFrame) -> pd.DataFrame:
    """The partitions' counts end to end, their ``term`` codes into each partition's own terms
    (:func:`._coded_counts.count_terms_coded`) decoded into one string column: no
    union of the partitions' categories."""
    from ._coded_counts import decode_terms

    parts = parts or [meta.iloc[:0]]
    at = list(meta.columns).index("term")
    out = pd.concat([p.drop(columns="term") for p in parts], ignore_index=True)
    out.insert(at, "term", decode_terms(parts, at))
    return out


def _narrow(df: pd.DataFrame) -> pd.DataFrame:
    """Integer columns as int32 where their values fit: a third fewer bytes of counts to the
    client, which widens them again (``n`` int64, codes read by ``from_codes``)."""
    small = {c: np.int32 for c in df.columns if df[c].dtype == np.int64 and (
        not len(df) or (df[c].min() >= -2**31 and df[c].max() < 2**31))}
    return df.astype(small) if small else df


def _markers_part(corpus: Corpus, offset: int, *, options: dict) -> pd.DataFrame:
    from ..stance.markers import find_markers

    return _global_doc_codes(find_markers(corpus, **options), offset)


def _sentences_part(corpus: Corpus, offset: int) -> pd.DataFrame:
    from ..stance.rates import sentence_table
    from ..stance.sentences import negator_counts

    s = sentence_table(corpus)
    s["n_negators"] = negator_counts(s).astype("int64")  # the certainty score reads it
    return _global_doc_codes(s.drop(columns="text"), offset)


def _documents_part(corpus: Corpus, offset: int) -> pd.DataFrame:
    return corpus.documents.drop(columns="text")
