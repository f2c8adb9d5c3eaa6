"""The Dask path's speed-ups of issue 25 (round four) change no result.

- The empty frame of a ``count_terms`` call (counting the one-sentence probe corpus, 20-30 ms)
  is kept per analysis and options: a second call gives the same table without recounting.
- A partition's table gets its global ``doc_id`` on a shallow copy: the partition's own table
  is left as it was.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import discourse as dc

dd = pytest.importorskip("dask.dataframe")

DF = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "group": ["x", "y", "x", "y"],
                   "text": ["Wars end. It may rain.", "Wars, wars! Perhaps.",
                            "Peace ends wars, clearly.", "Prices could fall, I think."]})


def test_count_terms_meta_is_kept_and_tables_unchanged(monkeypatch):
    from discourse.scale import dask_corpus
    from discourse.scale._partitions import _PROBE_TEXT

    corpus = dc.from_dask(dd.from_pandas(DF, npartitions=2))
    pandas = dc.from_frame(DF)
    first = dc.count_terms(corpus, by="doc_id")
    assert_frame_equal(first, dc.count_terms(pandas, by="doc_id"))
    assert ("count_terms", ("doc_id",), (("drop_punct", True), ("drop_stop", True),
                                         ("ngram", 1), ("term", "norm"))) in corpus._probe_cache
    calls = []  # the probe corpus counted (Dask runs the partitions in this process's threads)
    real = dask_corpus._count_part

    def counting(corpus, offset, **kw):
        if corpus.documents.text.iloc[0] == _PROBE_TEXT:
            calls.append(kw["by"])
        return real(corpus, offset, **kw)

    monkeypatch.setattr(dask_corpus, "_count_part", counting)
    assert_frame_equal(dc.count_terms(corpus, by="doc_id"), first)  # from the kept meta
    assert not calls
    group = dc.count_terms(corpus, by="group")  # other options: counted once, then kept
    assert_frame_equal(group, dc.count_terms(pandas, by="group"))
    assert len(calls) == 1
    assert_frame_equal(dc.count_terms(corpus, by="group", ngram=2),
                       dc.count_terms(pandas, by="group", ngram=2))
    with pytest.raises(dc.InputError):
        dc.count_terms(corpus, term="lemma")  # a bad option still raises, every time
    with pytest.raises(dc.InputError):
        dc.count_terms(corpus, term="lemma")


def test_global_doc_codes_leaves_the_partition_table():
    from discourse.scale._partitions import _global_doc_codes

    counts = dc.count_terms(dc.from_frame(DF), by="doc_id")
    before = counts.copy()
    out = _global_doc_codes(counts, 10)
    assert_frame_equal(counts, before)
    assert out["doc_id"].tolist() == [10 + i for i in counts["doc_id"].cat.codes.tolist()]
    assert_frame_equal(out.drop(columns="doc_id"), before.drop(columns="doc_id"))
