"""Beyond one machine: the same analyses on a Dask DataFrame of texts, partition by partition.

:func:`from_dask` wraps a Dask DataFrame with one document per row in a :class:`DaskCorpus`.
Nothing is segmented up front: each analysis builds an ordinary pandas :class:`Corpus` for one
partition at a time, applies the pandas function to it, and returns a
small pandas table (counts aggregated over partitions, marker rows concatenated). The
statistics (:func:`discourse.keyness`, :func:`discourse.log_odds`, :func:`discourse.tf_idf`,
:func:`discourse.marker_rates`, :func:`discourse.compare_rates`) then run unchanged on those
tables, and give the same numbers as the pandas path.

When to use it
--------------
- The texts do not fit in memory as a :class:`Corpus` (the token table costs about 50 bytes
  per token), or they already live in Parquet/CSV files that Dask reads lazily.
- You have a Dask cluster: the partitions are segmented and counted on its workers.

For a corpus that fits in memory, :func:`discourse.from_frame` is simpler and as fast (it
uses both cores of a laptop already).

Segment once: ``corpus = dc.from_dask(ddf).persist()`` segments every partition once and keeps
its tables in the workers' memory; every analysis then reuses them, and runs about as fast as on
a pandas corpus of the same texts (``make bench`` measures it). Without ``persist()`` every
analysis segments the texts again, which needs no memory beyond one partition per worker.

What runs on a Dask corpus is declared in one place, :mod:`discourse._backend` (registered at
the end of this module): :func:`discourse.count_terms`, :func:`discourse.find_markers` and
:func:`discourse.rates.sentence_table` (and so the rate functions). Analyses that read the
tables of the whole corpus (:func:`discourse.text.kwic`, :func:`discourse.fit_topics`,
:func:`discourse.style_profile`, :func:`discourse.actors`, ...) refuse a Dask corpus with an
:class:`~discourse.InputError`; :meth:`DaskCorpus.compute` gives the pandas corpus.

Pointing it at a cluster
------------------------
Create a :class:`dask.distributed.Client` before calling anything; Dask then runs every
computation on that cluster::

    from dask.distributed import Client
    import dask.dataframe as dd
    import discourse as dc

    client = Client("tcp://scheduler:8786")          # or Client() for a local cluster
    ddf = dd.read_parquet("s3://bucket/articles/")   # or dd.read_csv(..., blocksize=None)
    corpus = dc.from_dask(ddf, text="body", doc_id="url").persist()  # segmented once
    counts = dc.count_terms(corpus, by="group")      # a pandas DataFrame
    dc.keyness(counts, by="group", focus="left")

Turn Dask's worker profiler off before creating the cluster
(``dask.config.set({"distributed.worker.profile.enabled": False})``): it samples each task's
Python stack every 10 ms and, on these Python-heavy tasks, makes them 1.5-2x slower.

The workers need ``discourse`` installed (``pip install discourse[dask]``) in the same version.
Read CSV files with ``dd.read_csv("articles-*.csv", blocksize=None)`` (one partition per file):
a text with line breaks inside its quotes cannot be split safely at a byte offset.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._validate import InputError, as_list
from ..text.corpus import DEFAULT_ANALYZE
from ..text.io import MAX_DOC_BYTES, _check_options, check_text_and_id_columns
from ..text.sections import SECTIONS, SectionRules
from ._partitions import (  # noqa: F401  (_count_part: read here by old callers)
    _PLAIN_STR,
    _assign_ids,
    _count_part,
    _doc_table,
    _import_dask,
)
from .dask_corpus import _PROBES, DaskCorpus, _shared_probe  # noqa: F401  (read here too)


def from_dask(ddf, *, text: str = "text", doc_id: str = "doc_id",
              sections: SectionRules | None = None, analyze: Iterable[str] = DEFAULT_ANALYZE,
              empty: str = "error", name: str = "corpus",
              max_bytes: int | None = MAX_DOC_BYTES) -> DaskCorpus:
    """A corpus from a Dask DataFrame with one document per row, analysed partition by partition.

    Use it when the texts do not fit in memory as a :class:`~discourse.Corpus`, or to run on a
    Dask cluster: create ``dask.distributed.Client("tcp://scheduler:8786")`` first, and read the
    texts lazily with ``dd.read_parquet`` or ``dd.read_csv(..., blocksize=None)``. Needs
    ``pip install discourse[dask]``.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per document.
    text : str, default "text"
        Column holding the raw text.
    doc_id : str, default "doc_id"
        Column of unique document ids (unique across all partitions: checked). Without the
        default column the ids are ``doc_0``, ``doc_1``, ... in row order, as in
        :func:`discourse.from_frame`.
    sections, analyze, empty, name, max_bytes
        As in :func:`discourse.from_frame`.

    Returns
    -------
    DaskCorpus
        Pass it to :func:`discourse.count_terms` and :func:`discourse.find_markers` (each
        returns a pandas table, equal to the pandas path's), and to
        :func:`discourse.marker_rates` / :func:`discourse.compare_rates` with those markers;
        :func:`discourse.keyness`, :func:`discourse.log_odds` and :func:`discourse.tf_idf` take
        the counts as usual. ``.compute()`` gives the pandas Corpus when it fits in memory.

    Notes
    -----
    Building the corpus reads the frame once without segmenting it: the document ids and
    metadata (not the texts) come back to check the ids and texts as
    :func:`discourse.from_frame` does. Each analysis then segments every partition again with
    the same code as the pandas path, on one core per Dask worker thread. Term counts are
    summed over partitions with a Dask group-by (units within documents need no sum), so the
    result is the pandas result exactly: same rows, order and dtypes. Tables that need a
    token table of the whole corpus (``corpus.tokens``, :func:`discourse.text.kwic`, topics) are
    not offered: compute a sample with ``ddf.sample(frac=...)`` and :func:`discourse.from_frame`.

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd, discourse as dc
    >>> df = pd.DataFrame({"text": ["It may rain.", "It will rain.", "Perhaps it snows."]})
    >>> corpus = dc.from_dask(dd.from_pandas(df, npartitions=2))
    >>> corpus.doc_ids
    ['doc_0', 'doc_1', 'doc_2']
    >>> dc.count_terms(corpus)
      doc_id     term  n
    0  doc_0      may  1
    1  doc_0     rain  1
    2  doc_1     rain  1
    3  doc_1     will  1
    4  doc_2  perhaps  1
    5  doc_2    snows  1
    """
    dd = _import_dask()
    if isinstance(ddf, pd.DataFrame):
        raise InputError("from_dask needs a Dask DataFrame; for a pandas DataFrame use "
                         "dc.from_frame(df), or wrap it: dd.from_pandas(df, npartitions=4).")
    if not isinstance(ddf, dd.DataFrame):
        raise InputError(f"from_dask needs a Dask DataFrame (dd.read_csv, dd.read_parquet, "
                         f"dd.from_pandas), got {type(ddf).__name__}.")
    _check_options(empty, max_bytes)
    cols = list(ddf.columns)
    check_text_and_id_columns(cols, text=text, doc_id=doc_id, what="the Dask DataFrame")
    if text not in cols:
        raise InputError(f"the Dask DataFrame has no text column {text!r} (it has "
                         f"{', '.join(map(repr, cols)) or 'no columns'}); pass text='...'.")
    if doc_id not in cols and doc_id != "doc_id":
        raise InputError(f"the Dask DataFrame has no doc_id column {doc_id!r} (it has "
                         f"{', '.join(map(repr, cols))}); pass doc_id='...'.")
    analyze = tuple(as_list(analyze))
    unknown = sorted(set(analyze) - set(SECTIONS))
    if unknown and sections is None:  # with custom section rules, sections are known later
        raise InputError(f"analyze={list(analyze)!r}: {', '.join(map(repr, unknown))} is not a "
                         f"section; known sections are {', '.join(SECTIONS)}.")
    frame = ddf.rename(columns={text: "text", doc_id: "doc_id"})
    if doc_id not in cols:
        sizes = frame.map_partitions(len).compute().tolist()
        offsets = tuple(int(x) for x in np.concatenate([[0], np.cumsum(sizes)[:-1]]))
        meta = _assign_ids(frame._meta, (0,), {"number": 0})
        frame = frame.map_partitions(_assign_ids, offsets, meta=meta)
    others = [c for c in frame.columns if c not in ("doc_id", "text")]
    frame = frame[["doc_id", "text", *others]]
    options = dict(sections=sections, analyze=analyze, empty=empty, name=name,
                   max_bytes=max_bytes)
    meta = _doc_table(frame._meta, options)
    meta = meta.astype({"doc_id": _PLAIN_STR})
    docs = frame.map_partitions(_doc_table, options, meta=meta).compute()
    if not len(docs):
        raise InputError("the Dask DataFrame has no documents (no rows, or only empty texts "
                         "with empty='drop').")
    ids = docs["doc_id"]
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        raise InputError(f"duplicate doc_id(s) {sorted(set(dup))[:10]} across the partitions of "
                         f"the Dask DataFrame. Each document needs its own id: rename them, or "
                         f"combine the texts first.")
    return DaskCorpus(frame, docs=docs, options=options)
