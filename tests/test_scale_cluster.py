"""The cluster example of discourse/scale/__init__.py, run as written against worker processes.

The block is taken from the package docstring itself (so the documentation is what is tested)
and run with ``SCHEDULER`` set to the address of a LocalCluster of two worker processes, reached
through ``Client(address)`` as a scheduler on another machine is. Every table must equal the
pandas path's; the partitions' corpora must live on the workers (other processes), and what
comes back to the client must be tables of counts, markers and sentences, never a token table.
"""

import os
import re

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import discourse as dc
import discourse.scale
from discourse._validate import InputError
from discourse.scale.dask import DaskCorpus

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

pytestmark = pytest.mark.slow  # worker processes take 5-12 s to start on 2 cores


def example_code() -> str:
    """The indented block after "Then, on the client::" in the package docstring."""
    doc = discourse.scale.__doc__
    block = doc.split("Then, on the client::\n", 1)[1]
    lines = []
    for line in block.splitlines()[1:]:
        if line and not line.startswith("    "):
            break
        lines.append(line[4:])
    return "\n".join(lines).strip() + "\n"


def frame() -> pd.DataFrame:
    ex = dc.load_example().documents
    rows = [{"doc_id": d, "text": t, "group": g}
            for d, t, g in zip(ex.doc_id, ex.text, ["left", "right"], strict=True)]
    sents = dc.load_example().sentences.text.tolist()
    for i in range(12):
        chunk = sents[(i * 7) % len(sents):][:9]
        rows.append({"doc_id": f"s{i:02d}", "group": ["left", "right"][i % 2],
                     "text": "\n\n".join(" ".join(chunk[j:j + 3]) for j in range(0, 9, 3))})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def cluster():
    import dask

    with dask.config.set({"distributed.worker.profile.enabled": False}):
        # host: pytest-socket allows this machine only (no probe for the machine's address)
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address=None,
                                           silence_logs=50)
    yield cluster
    cluster.close()


def test_the_block_is_the_documented_one():
    code = example_code()
    assert code.startswith("import dask.dataframe as dd\n")
    assert "client = Client(SCHEDULER)" in code
    assert re.search(r"dc\.from_dask\(texts\)\.persist\(\)", code)


def test_example_runs_on_worker_processes_and_equals_pandas(cluster, tmp_path, monkeypatch):
    df = frame()
    files = tmp_path / "texts"
    dd.from_pandas(df, npartitions=3, sort=False).to_parquet(files, write_index=False)
    gathered = []
    original = DaskCorpus._gather

    def spy(self, func, meta, **options):
        out = original(self, func, meta, **options)
        gathered.append((list(out.columns), len(out)))
        return out

    monkeypatch.setattr(DaskCorpus, "_gather", spy)
    ns = {"SCHEDULER": cluster.scheduler_address, "FILES": str(files), "FOCUS": "left"}
    try:
        exec(compile(example_code(), "discourse/scale/__init__.py", "exec"), ns)  # noqa: S102
        client, corpus = ns["client"], ns["corpus"]
        # the partitions' corpora are held by the workers, which are other processes
        holders = client.who_has(list(corpus._corpora))
        assert {w for ws in holders.values() for w in ws} == set(client.scheduler_info()
                                                                 ["workers"])
        assert os.getpid() not in set(client.run(os.getpid).values())
    finally:
        if "client" in ns:
            ns["client"].close()

    pandas_corpus = dc.from_frame(df)
    assert_frame_equal(ns["counts"], dc.count_terms(pandas_corpus, by="doc_id"))
    assert_frame_equal(ns["markers"], dc.find_markers(pandas_corpus))
    assert_frame_equal(ns["key"], dc.keyness(dc.count_terms(pandas_corpus, by="group"),
                                             by="group", focus="left"))
    assert_frame_equal(ns["rates"], dc.marker_rates(pandas_corpus, dc.find_markers(pandas_corpus),
                                                    by="group"))
    # what came back: counts, marker hits and sentences (no text), never the token table
    n_tokens = len(pandas_corpus.tokens)
    assert len(gathered) >= 5  # documents, counts twice, markers, sentences
    for columns, rows in gathered:
        assert not {"is_word", "is_punct", "is_stop"} & set(columns)
        assert rows < n_tokens / 2
    assert "text" not in corpus._docs.columns
    with pytest.raises(InputError, match="token table"):
        corpus.tokens  # noqa: B018
