"""The :class:`DaskCorpus`: a corpus held as a Dask DataFrame and analysed partition by
partition (made by :func:`discourse.from_dask`, see :mod:`discourse.scale.dask` for when and
how to use it), and its registration as a backend of :mod:`discourse._backend` (at the end).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from .._validate import InputError, as_list
from ..text.build import build_corpus
from ..text.corpus import Corpus
from ._partitions import (
    _PLAIN_STR,
    _PROBE_TEXT,
    _count_part,
    _counts_table,
    _documents_part,
    _import_dask,
    _markers_part,
    _on_corpus,
    _on_partition,
    _partition_corpus,
    _plain_strings,
    _sentences_part,
)

# -- the corpus ------------------------------------------------------------------------------
_PROBES: dict = {}  # probe key -> (probe corpus, its markers per options): see DaskCorpus._probe


def _shared_probe(key):
    if key not in _PROBES and len(_PROBES) >= 16:  # a few corpora a session: keep it small
        _PROBES.clear()
    return _PROBES.get(key)


class DaskCorpus:
    """A corpus held as a Dask DataFrame, analysed partition by partition.

    Made by :func:`from_dask`. It holds no token table: :func:`discourse.count_terms`,
    :func:`discourse.find_markers`, :meth:`sentence_table` and :attr:`documents` segment each
    partition into an ordinary :class:`~discourse.Corpus` on a Dask worker, apply the pandas
    function there, and bring back one small pandas table. Every such call segments the texts
    again, so ask for what you need once and keep the tables.

    Attributes
    ----------
    frame : dask.dataframe.DataFrame
        The documents: ``doc_id``, ``text``, then the metadata columns.
    doc_ids : list of str
        The document ids in corpus order (partition by partition, rows in order), as in the
        pandas corpus of the same rows.
    documents : DataFrame
        Computed on first use (one pass over the texts): the columns of
        ``Corpus.documents`` except ``text`` (``doc_id``, ``n_chars``, ``n_words``, metadata).
    name : str

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd, discourse as dc
    >>> df = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["x", "x", "y"],
    ...                    "text": ["Wars end.", "Wars, wars!", "Peace ends wars."]})
    >>> corpus = dc.from_dask(dd.from_pandas(df, npartitions=2))
    >>> corpus
    <DaskCorpus 'corpus': 3 documents in 2 partitions>
    >>> dc.count_terms(corpus, by="group")
      group  term  n
    0     x  wars  3
    1     x   end  1
    2     y  ends  1
    3     y peace  1
    4     y  wars  1
    """

    def __init__(self, frame, *, docs: pd.DataFrame, options: dict, corpora=None):
        self.frame = frame
        self._corpora = corpora  # persisted partition corpora (see persist), or None
        self.name = options["name"]
        self._options = options
        self._docs = docs.reset_index(drop=True)  # doc_id, metadata, _part: no text
        counts = np.bincount(self._docs["_part"].to_numpy(), minlength=frame.npartitions)
        self._offsets = tuple(int(x) for x in np.concatenate([[0], np.cumsum(counts)[:-1]]))
        self._doc_ids = self._docs["doc_id"].tolist()
        self._documents = None
        self._probe_corpus = None
        self._probe_cache: dict = {}

    # -- what pandas functions read -----------------------------------------------------
    @property
    def doc_ids(self) -> list[str]:
        """The document ids, in corpus order."""
        return list(self._doc_ids)

    @property
    def npartitions(self) -> int:
        return self.frame.npartitions

    @property
    def documents(self) -> pd.DataFrame:
        """One row per document, as ``Corpus.documents`` without ``text`` (computed once)."""
        if self._documents is None:
            self._documents = self._gather(_documents_part, self._probe_result(_documents_part))
        return self._documents

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def is_persisted(self) -> bool:
        """Whether the partitions are segmented once and kept (see :meth:`persist`)."""
        return self._corpora is not None

    # -- what needs the whole corpus's tables: refused, with the way out -----------------
    def _refuse(self, what: str):
        raise InputError(
            f"a Dask corpus has no {what}: it is segmented partition by partition, so analyses "
            f"that read the tables of the whole corpus (kwic, collocations, fit_topics, "
            f"style_profile, actors, attributions, ...) do not run on it. On a Dask corpus use "
            f"dc.count_terms, dc.find_markers, dc.marker_rates and dc.compare_rates (with those "
            f"markers), corpus.documents and corpus.sentence_table(); keyness, log_odds and "
            f"tf_idf run on the counts. For the rest, get a pandas Corpus: corpus.compute() "
            f"when it fits in memory, or dc.from_frame(ddf.sample(frac=0.1).compute()) for a "
            f"sample.")

    @property
    def tokens(self):
        """Not held: see :meth:`compute`."""
        self._refuse("token table")

    @property
    def sentences(self):
        """Not held: see :meth:`sentence_table` and :meth:`compute`."""
        self._refuse("sentence table")

    @property
    def paragraphs(self):
        """Not held: see :meth:`compute`."""
        self._refuse("paragraph table")

    def analyzed(self, table: str = "tokens", **_):
        """Not offered: see :meth:`compute`."""
        self._refuse(f"{table} table" if isinstance(table, str) else "tables")

    def __repr__(self) -> str:
        return (f"<DaskCorpus {self.name!r}: {len(self)} documents in "
                f"{self.npartitions} partitions>")

    # -- the machinery ------------------------------------------------------------------
    def map_corpora(self, func: Callable, *, meta: pd.DataFrame):
        """Apply ``func(corpus, offset)`` to the pandas Corpus of each partition.

        Parameters
        ----------
        func : callable
            ``func(corpus, offset) -> DataFrame``: ``corpus`` is the partition's
            :class:`~discourse.Corpus`, ``offset`` the corpus position of its first document.
            Must return frames with the columns and dtypes of ``meta``; picklable when the
            workers are processes.
        meta : DataFrame
            An empty frame with the output's columns and dtypes.

        Returns
        -------
        dask.dataframe.DataFrame
            Lazy; ``.compute()`` gives the partitions' frames concatenated in corpus order.
        """
        dd = _import_dask()
        return dd.from_delayed(self._delayed(func, meta), meta=meta, verify_meta=False)

    def _delayed(self, func: Callable, meta: pd.DataFrame) -> list:
        """One delayed ``func(corpus, offset)`` per partition: on the kept corpora after
        :meth:`persist`, else on a corpus built from the partition's texts."""
        import dask

        if self._corpora is not None:
            return [dask.delayed(_on_corpus)(c, func, meta, off)
                    for c, off in zip(self._corpora, self._offsets, strict=True)]
        return [dask.delayed(_on_partition)(part, func, meta, self._options, i, off)
                for i, (part, off) in enumerate(zip(self.frame.to_delayed(), self._offsets,
                                                    strict=True))]

    def _gather(self, func: Callable, meta: pd.DataFrame, *, counts: bool = False) -> pd.DataFrame:
        """The partitions' results of ``func`` as one pandas frame, in corpus order.

        Each partition's table travels from its worker straight to the client, which
        concatenates them (with Dask's own ``concat``, which unions categories as
        ``.compute()`` of a Dask frame does): not first to one worker to be concatenated there
        and then on to the client, which costs a second transfer of the whole table. Counts
        (``counts=True``) come with terms as codes: :func:`_counts_table` joins them."""
        import dask
        from dask.dataframe.dispatch import concat

        parts = dask.compute(*self._delayed(func, meta))
        if counts:
            return _counts_table(list(parts), meta)
        if not parts:
            return meta.iloc[:0].copy()
        return concat(list(parts)).reset_index(drop=True)

    def persist(self) -> DaskCorpus:
        """Segment every partition once and keep its tables in the workers' memory.

        Every analysis then reuses them instead of segmenting the texts again, which is what
        makes repeated analyses as fast as on a pandas corpus; the cluster's memory must hold
        the token tables (about 30 bytes per token). Like :meth:`dask.dataframe.DataFrame.persist`,
        it returns a new corpus and starts the work in the background.

        Examples
        --------
        >>> import dask.dataframe as dd, pandas as pd, discourse as dc
        >>> df = pd.DataFrame({"text": ["Wars end.", "Peace, perhaps."]})
        >>> corpus = dc.from_dask(dd.from_pandas(df, npartitions=2)).persist()
        >>> corpus.is_persisted, dc.count_terms(corpus).term.tolist()
        (True, ['end', 'wars', 'peace', 'perhaps'])
        """
        import dask

        if self._corpora is not None:
            return self
        # one graph: each partition's texts travel to a worker once and become its corpus there;
        # the frame itself is not kept (the corpus holds the texts: a persisted frame beside it
        # would hold them twice), so text_of() and compute() read it again from its source
        corpora = [dask.delayed(_partition_corpus)(part, self._options, i)
                   for i, part in enumerate(self.frame.to_delayed())]
        return DaskCorpus(self.frame, docs=self._docs, options=self._options,
                          corpora=list(dask.persist(*corpora)))

    def _probe(self) -> Corpus:
        """A one-sentence pandas corpus with the first document's metadata: to check options
        and make the ``meta`` of each computation before any worker runs (built once, and
        shared with the other Dask corpora of the same first row and options, see
        :func:`_shared_probe`: building it and finding its markers cost 30-60 ms)."""
        if self._probe_corpus is None:
            key = self._probe_key()
            shared = _shared_probe(key) if key is not None else None
            if shared is None:
                shared = (self._make_probe(), {})
                if key is not None:
                    _PROBES[key] = shared
            self._probe_corpus, self._probe_cache = shared
        return self._probe_corpus

    def _probe_key(self):
        """What the probe corpus is made of (the first row's metadata and dtypes, the
        options), or ``None`` when that cannot be a dictionary key."""
        row = self._docs.drop(columns="_part").iloc[:1]
        o = self._options
        key = (tuple(map(str, row.columns)), tuple(map(str, row.dtypes)),
               tuple(map(repr, row.iloc[0].tolist())) if len(row) else (),
               o["sections"], tuple(o["analyze"]), self.name)
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def _make_probe(self) -> Corpus:
        row = self._docs.drop(columns="_part").iloc[:1].copy()
        row.insert(1, "text", pd.array([_PROBE_TEXT], dtype=_PLAIN_STR))
        return build_corpus(row, sections=self._options["sections"],
                            analyze=self._options["analyze"], name=self.name, n_jobs=1,
                            progress=False)

    def _probe_result(self, func: Callable) -> pd.DataFrame:
        return func(self._probe(), 0).iloc[:0]

    def _probe_meta(self, key: tuple, func: Callable) -> pd.DataFrame:
        """:meth:`_probe_result`, kept per ``key`` (the analysis and its options) with the
        probe: counting the probe costs 20-30 ms a call, paid once. (The categories of a
        metadata unit travel as codes, so its dtype does not change the empty frame.)"""
        try:
            hash(key)
        except TypeError:
            return self._probe_result(func)
        probe = self._probe()
        if key not in self._probe_cache:
            self._probe_cache[key] = func(probe, 0).iloc[:0]
        return self._probe_cache[key].copy()

    def _doc_dtype(self) -> pd.CategoricalDtype:
        return pd.CategoricalDtype(self._doc_ids)

    def _local_docs(self, df: pd.DataFrame) -> pd.DataFrame:
        df = df.reset_index(drop=True)
        df["doc_id"] = pd.Categorical.from_codes(df["doc_id"].to_numpy(), dtype=self._doc_dtype())
        return df

    # -- analyses (what dc.count_terms / dc.find_markers / rates call) -----------------------
    def count_terms(self, *, by="doc_id", term: str = "norm", ngram: int = 1,
                    drop_stop: bool = True, drop_punct: bool = True,
                    fill_zeros: bool = False, stopwords=None,
                    extra_stopwords=None) -> pd.DataFrame:
        """:func:`discourse.count_terms`, partition by partition; the same table as the
        pandas corpus of the same rows gives (use ``dc.count_terms(corpus, ...)``)."""
        from ..stats.counts import _sort, fill_zero_rows
        from ..text.stoplists import is_custom

        if drop_stop and is_custom(stopwords, extra_stopwords):
            raise InputError("stopwords=/extra_stopwords= are not supported on a dc.from_dask "
                             "corpus yet: count with drop_stop=False and drop the words from "
                             "the table.")
        by = as_list(by)
        options = dict(term=term, ngram=ngram, drop_stop=drop_stop, drop_punct=drop_punct)
        unit_dtypes = {}
        for col in by:
            if col != "doc_id" and col in self._docs.columns and col != "_part":
                # the categories count_terms gives a metadata unit: values in document order
                values = self._docs[col].to_numpy()
                missing = pd.isna(values)
                if missing.any():
                    docs = self._docs.doc_id[missing].tolist()[:5]
                    raise InputError(f"by={col!r}: documents {docs} have no {col!r} value; fill "
                                     f"that column for every document.")
                unit_dtypes[col] = pd.Categorical(values, categories=pd.unique(values)).dtype
        func = partial(_count_part, by=by, options=options, unit_dtypes=unit_dtypes)
        meta = self._probe_meta(("count_terms", tuple(by), tuple(sorted(options.items()))),
                                func)  # also raises the InputError of a bad option
        out = self._gather(func, meta, counts=True)
        meta = meta.astype({"term": "str"})
        if "doc_id" not in by:  # units across documents: sum the partitions' counts
            out = out.astype({"term": object, "n": "int64"}).groupby(
                by + ["term"], sort=False).n.sum()
            out = out.reset_index()
        out["n"] = out["n"].astype("int64")
        out["term"] = out["term"].astype(meta["term"].dtype)
        for col in by:
            if col == "doc_id":
                out = self._local_docs(out)
            elif col in unit_dtypes:
                out[col] = pd.Categorical.from_codes(out[col].to_numpy(), dtype=unit_dtypes[col])
            else:
                out[col] = out[col].astype(meta[col].dtype)
        out = out[list(meta.columns)]
        if fill_zeros:
            out = fill_zero_rows(out, by)
        elif by[0] == "doc_id":
            # each partition's table is sorted and its documents follow the previous
            # partition's: the concatenation is already in order (no sort of 5M rows at 10M)
            return out
        return _sort(out, by)

    def find_markers(self, **options) -> pd.DataFrame:
        """:func:`discourse.find_markers`, partition by partition (use
        ``dc.find_markers(corpus, ...)``): one pandas table of all hits."""
        from .._compat import with_old_columns
        from ..stance.markers import OLD_MARKER_COLUMNS

        func = partial(_markers_part, options=options)
        probe = self._probe_markers(func, options)
        out = self._local_docs(self._gather(func, probe.iloc[:0]))
        out.attrs = dict(probe.attrs)
        return with_old_columns(out, OLD_MARKER_COLUMNS)  # as the pandas path

    def _probe_markers(self, func: Callable, options: dict) -> pd.DataFrame:
        """The markers of the probe corpus (checks the options; gives the columns), kept per
        options when they are hashable: tagging the probe costs a tenth of a second."""
        key = tuple(sorted(options.items()))
        try:
            hash(key)
        except TypeError:  # a lexicon given as a table
            return func(self._probe(), 0)
        probe = self._probe()  # also the shared cache of its markers (self._probe_cache)
        if key not in self._probe_cache:
            self._probe_cache[key] = func(probe, 0)
        return self._probe_cache[key]

    def sentence_table(self) -> pd.DataFrame:
        """The analysed sentences and their word counts, as
        :func:`discourse.rates.sentence_table` gives them but without ``text``:
        ``doc_id, para_id, sent_id, n_words``, and ``n_negators`` (what the certainty score
        reads of the text). What the rate functions read."""
        meta = self._probe_result(_sentences_part)
        return self._local_docs(self._gather(_sentences_part, meta))

    def text_of(self, doc_id: str) -> str:
        """The raw text of one document (one pass over the frame to find it)."""
        if doc_id not in set(self._doc_ids):
            raise InputError(f"no document {doc_id!r} in this corpus; it has "
                             f"{', '.join(map(repr, self.doc_ids[:10]))}"
                             f"{' ...' if len(self) > 10 else ''}.")
        ids = self.frame["doc_id"].astype(str)
        return str(self.frame["text"][ids == doc_id].compute().iloc[0])

    def compute(self) -> Corpus:
        """The whole corpus as an ordinary pandas :class:`~discourse.Corpus` (small data only)."""
        from ..text.io import from_frame

        df = _plain_strings(self.frame.compute().reset_index(drop=True))
        o = self._options
        return from_frame(df, sections=o["sections"], analyze=o["analyze"], empty=o["empty"],
                          name=o["name"], max_bytes=o["max_bytes"])


# -- the Dask backend: what dc.count_terms, dc.find_markers and dc.rates.sentence_table run on a
# DaskCorpus (see discourse._backend; imported here, after the class, to register it)
def _register() -> None:
    from .._backend import register
    from ..stance import markers, rates  # noqa: F401  (they declare the dispatched analyses)
    from ..stats import counts  # noqa: F401

    register(DaskCorpus, count_terms=DaskCorpus.count_terms,
             find_markers=DaskCorpus.find_markers, sentence_table=DaskCorpus.sentence_table)


_register()
