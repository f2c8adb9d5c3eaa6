"""from_dask: on a two-worker dask.distributed LocalCluster, every table equals the pandas path's.

The reference is the ordinary pandas corpus of the same rows (dc.from_frame): the Dask path must
give the same rows, in the same order, with the same dtypes (assert_frame_equal, no sorting
needed because both return sorted tables). The corpus spans four partitions, with documents of
three groups spread over them, so group counts must be summed across partitions to match.
"""

import json
import pickle
import subprocess
import sys
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import discourse as dc
from discourse._validate import InputError

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "certainty_sentences_dev.jsonl"
GROUPS = ["left", "right", "centre"]


def _frame() -> pd.DataFrame:
    """The two example documents (with headline, bio and boilerplate paragraphs) and 20 short
    documents of real sentences, 4 paragraphs of 3 sentences each; three groups, a year."""
    ex = dc.load_example().documents
    rows = [{"doc_id": d, "text": t, "group": g, "year": 2025}
            for d, t, g in zip(ex.doc_id, ex.text, ["left", "right"], strict=True)]
    if EVAL.exists():
        sents = [json.loads(line)["text"] for line in EVAL.read_text("utf-8").splitlines()][:240]
    else:  # the shared folder is not part of a clone: fall back on the example's sentences
        sents = (dc.load_example().sentences.text.tolist() * 3)[:240]  # 108 sentences, cycled
    for i in range(20):
        chunk = sents[i * 12:(i + 1) * 12]
        text = "\n\n".join(" ".join(chunk[j:j + 3]) for j in range(0, 12, 3))
        rows.append({"doc_id": f"s{i:02d}", "text": text, "group": GROUPS[i % 3],
                     "year": 2000 + i})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def client():
    # threads in one process: starts in about a second on 2 cores (worker processes take 5-12 s);
    # that the work is picklable for worker processes is checked in test_graph_pickles
    # host: pytest-socket allows localhost only (else the scheduler probes 8.8.8.8 for its IP)
    # tcp: tasks and results travel serialised between client, scheduler and workers
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                       protocol="tcp://", host="127.0.0.1",
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def pdf():
    return _frame()


@pytest.fixture(scope="module")
def pandas_corpus(pdf):
    return dc.from_frame(pdf)


@pytest.fixture(scope="module")
def dask_corpus(client, pdf):
    return dc.from_dask(dd.from_pandas(pdf, npartitions=4))


def test_corpus_spans_partitions_with_every_group_in_several(dask_corpus):
    assert dask_corpus.npartitions == 4
    assert repr(dask_corpus) == "<DaskCorpus 'corpus': 22 documents in 4 partitions>"
    parts = dask_corpus._docs.groupby("group")["_part"].nunique()
    assert (parts >= 2).all()  # so group counts really are sums over partitions


def test_documents_and_ids_as_pandas(dask_corpus, pandas_corpus):
    assert dask_corpus.doc_ids == pandas_corpus.doc_ids
    assert len(dask_corpus) == 22
    assert_frame_equal(dask_corpus.documents, pandas_corpus.documents.drop(columns="text"))


@pytest.mark.parametrize("options", [
    {},
    {"by": "group"},
    {"by": ["doc_id", "para_id"]},
    {"by": ["group", "year"], "drop_stop": False},
    {"by": "group", "ngram": 2, "fill_zeros": True},
    {"by": "doc_id", "term": "text", "drop_punct": False},
])
def test_counts_equal_pandas_path(client, dask_corpus, pandas_corpus, options):
    expected = dc.count_terms(pandas_corpus, **options)
    with distributed.get_task_stream(client) as stream:
        got = dc.count_terms(dask_corpus, **options)
    assert len({task["worker"] for task in stream.data}) == 2  # both workers did work
    assert len(expected) > 50
    assert_frame_equal(got, expected)


def test_group_counts_are_sums_over_documents(dask_corpus, pdf):
    # independent check: group totals summed with pandas from the per-document counts
    by_doc = dc.count_terms(dask_corpus)
    group_of = dict(zip(pdf.doc_id, pdf.group, strict=True))
    want = (by_doc.assign(group=by_doc.doc_id.astype(str).map(group_of))
            .groupby(["group", "term"]).n.sum())
    got = dc.count_terms(dask_corpus, by="group").set_index(["group", "term"]).n
    assert got.sort_index().to_dict() == {(str(g), t): n for (g, t), n in want.items()}


def test_statistics_run_unchanged_on_the_counts(dask_corpus, pandas_corpus):
    for corpus_counts in [(dc.count_terms(dask_corpus, by="group"),
                           dc.count_terms(pandas_corpus, by="group"))]:
        got, expected = corpus_counts
        assert_frame_equal(dc.keyness(got, by="group", focus="left"),
                           dc.keyness(expected, by="group", focus="left"))
        assert_frame_equal(dc.log_odds(got, by="group"), dc.log_odds(expected, by="group"))
    assert_frame_equal(dc.tf_idf(dc.count_terms(dask_corpus)),
                       dc.tf_idf(dc.count_terms(pandas_corpus)))


def test_sections_and_analyze_pass_through(client, pdf):
    pdf = pdf.iloc[[0, 1, 2, 3]]
    options = dict(sections=dc.all_body)
    expected = dc.from_frame(pdf, **options)
    got = dc.from_dask(dd.from_pandas(pdf, npartitions=2), **options)
    assert_frame_equal(got.documents, expected.documents.drop(columns="text"))
    assert_frame_equal(dc.count_terms(got), dc.count_terms(expected))
    # analysing the headline too changes the example's word counts
    wider_sections = ["body", "summary", "headline"]  # the default is body and summary
    wider = dc.from_dask(dd.from_pandas(pdf, npartitions=2), analyze=wider_sections)
    assert (wider.documents.n_words.to_numpy()
            >= dc.from_frame(pdf).documents.n_words.to_numpy()).all()
    assert_frame_equal(wider.documents, dc.from_frame(pdf, analyze=wider_sections)
                       .documents.drop(columns="text"))


def test_compute_gives_the_pandas_corpus(dask_corpus, pandas_corpus):
    c = dask_corpus.compute()
    assert isinstance(c, dc.Corpus)
    assert_frame_equal(c.tokens, pandas_corpus.tokens)
    assert_frame_equal(c.documents, pandas_corpus.documents)
    assert dask_corpus.text_of("s03") == pandas_corpus.text_of("s03")


def test_ids_made_across_partitions_and_other_column_names(client):
    # ids doc_0.. count rows over all partitions, as from_frame does (not 0.. per partition)
    df = pd.DataFrame({"body": ["One war.", "Two wars.", "Three peaces.", "Four."]})
    got = dc.from_dask(dd.from_pandas(df, npartitions=2), text="body")
    assert got.doc_ids == ["doc_0", "doc_1", "doc_2", "doc_3"]
    assert_frame_equal(dc.count_terms(got), dc.count_terms(dc.from_frame(df, text="body")))
    df = pd.DataFrame({"url": ["u1", "u2"], "body": ["A war.", "A peace."]})
    got = dc.from_dask(dd.from_pandas(df, npartitions=2), text="body", doc_id="url")
    assert got.doc_ids == ["u1", "u2"]


def test_empty_documents_dropped_or_refused(client):
    df = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "text": ["War.", "  ", "Peace.", "Wars."]})
    ddf = dd.from_pandas(df, npartitions=2)
    with pytest.raises(InputError, match="empty or whitespace"):
        dc.from_dask(ddf)
    got = dc.from_dask(ddf, empty="drop")
    assert got.doc_ids == ["a", "c", "d"]
    assert_frame_equal(dc.count_terms(got), dc.count_terms(dc.from_frame(df, empty="drop")))
    # a partition with nothing left in it
    got = dc.from_dask(dd.from_pandas(df.iloc[[1, 0]], npartitions=2, sort=False), empty="drop")
    assert got.doc_ids == ["a"] and dc.count_terms(got).term.tolist() == ["war"]


def test_bad_input_names_the_fix(client, dask_corpus):
    df = pd.DataFrame({"doc_id": ["a", "b", "a"], "text": ["War.", "Peace.", "Wars."]})
    with pytest.raises(InputError, match=r"duplicate doc_id.*\['a'\]"):
        dc.from_dask(dd.from_pandas(df, npartitions=2))
    with pytest.raises(InputError, match="dc.from_frame"):
        dc.from_dask(df)
    with pytest.raises(InputError, match="no text column 'body'"):
        dc.from_dask(dd.from_pandas(df, npartitions=1), text="body")
    with pytest.raises(InputError, match="analyze="):
        dc.from_dask(dd.from_pandas(df.iloc[:2], npartitions=1), analyze=["bdy"])
    with pytest.raises(InputError, match="by='genre'"):
        dc.count_terms(dask_corpus, by="genre")
    with pytest.raises(InputError, match="ngram"):
        dc.count_terms(dask_corpus, ngram=0)
    nan_group = pd.DataFrame({"doc_id": ["a", "b"], "text": ["War.", "Peace."],
                              "group": ["x", None]})
    with pytest.raises(InputError, match="no 'group' value"):
        dc.count_terms(dc.from_dask(dd.from_pandas(nan_group, npartitions=1)), by="group")
    with pytest.raises(InputError, match="drop_stop=False"):
        dc.count_terms(dask_corpus, extra_stopwords=["war"])
    with pytest.raises(InputError, match="no document 'zz'"):
        dask_corpus.text_of("zz")


def test_graph_pickles_for_worker_processes(dask_corpus):
    # worker processes receive the tasks pickled: the work must be module-level functions
    from discourse.scale.dask import _count_part

    func = partial(_count_part, by=["group"], options={}, unit_dtypes={})
    parts = dask_corpus.map_corpora(func, meta=dask_corpus._probe_result(func))
    graph = dict(parts.__dask_graph__())
    assert len(pickle.loads(pickle.dumps(graph))) == len(graph)


def test_package_imports_without_dask():
    code = ("import sys; sys.modules['dask'] = None; sys.modules['dask.dataframe'] = None\n"
            "import discourse as dc\n"
            "try:\n    dc.from_dask(None)\nexcept ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'discourse[dask]'" in out.stdout


@pytest.fixture(scope="module")
def markers(dask_corpus, pandas_corpus):
    return dc.find_markers(dask_corpus), dc.find_markers(pandas_corpus)


def test_markers_equal_pandas_path(markers, dask_corpus, pandas_corpus):
    got, expected = markers
    assert len(expected) > 100 and expected.doc_id.nunique() == 22
    assert_frame_equal(got, expected)
    # a pandas corpus's markers also carry its fingerprint (issue 24); a Dask corpus has none
    assert got.attrs == {k: v for k, v in expected.attrs.items() if not k.startswith("corpus_")}
    hedges = dict(categories="hedge", keep_rejected=True)
    assert_frame_equal(dc.find_markers(dask_corpus, **hedges),
                       dc.find_markers(pandas_corpus, **hedges))


def test_sentence_table_is_the_pandas_one_without_text(dask_corpus, pandas_corpus):
    from discourse.stance.rates import sentence_table
    from discourse.stance.sentences import negator_counts

    got, want = sentence_table(dask_corpus), sentence_table(pandas_corpus)
    # the negators the certainty score reads are counted where the text is (the partitions)
    assert got["n_negators"].tolist() == negator_counts(want).astype(int).tolist()
    assert_frame_equal(got.drop(columns="n_negators"), want.drop(columns="text"))


@pytest.mark.parametrize("by", ["doc_id", "group"])
def test_rates_run_unchanged_on_the_dask_corpus(markers, dask_corpus, pandas_corpus, by):
    got, expected = markers
    assert_frame_equal(dc.marker_rates(dask_corpus, got, by=by),
                       dc.marker_rates(pandas_corpus, expected, by=by))
    options = dict(by=by, focus="left", reference=["right", "centre"]) if by == "group" else {}
    assert_frame_equal(dc.compare_rates(dask_corpus, got, n_resamples=200, **options),
                       dc.compare_rates(pandas_corpus, expected, n_resamples=200, **options))
    # the renamed columns, as on the pandas path
    assert "is_epistemic" in got.columns and "n_words_focus" in dc.compare_rates(
        dask_corpus, got, n_resamples=0, **options).columns


@pytest.fixture(scope="module")
def persisted(dask_corpus):
    return dask_corpus.persist()


def test_persisted_corpus_gives_the_same_tables(client, persisted, dask_corpus, pandas_corpus):
    assert persisted.is_persisted and not dask_corpus.is_persisted
    assert persisted.persist() is persisted
    for options in [{}, {"by": "group"}, {"by": ["group", "year"], "ngram": 2}]:
        with distributed.get_task_stream(client) as stream:
            got = dc.count_terms(persisted, **options)
        assert len({task["worker"] for task in stream.data}) == 2
        assert_frame_equal(got, dc.count_terms(pandas_corpus, **options))
    assert_frame_equal(dc.find_markers(persisted), dc.find_markers(pandas_corpus))
    assert_frame_equal(persisted.documents, pandas_corpus.documents.drop(columns="text"))


def test_persisted_corpus_is_not_segmented_again(client, persisted):
    # the analyses of a persisted corpus run on the kept corpora: no task builds one
    dc.count_terms(persisted)
    with distributed.get_task_stream(client) as stream:
        dc.count_terms(persisted, by="group")
        dc.find_markers(persisted)
    names = {str(task["key"][0] if isinstance(task["key"], tuple) else task["key"])
             for task in stream.data}
    assert any(n.startswith("_on_corpus") for n in names)
    assert not any(n.startswith(("_partition_corpus", "_on_partition")) for n in names), names


@pytest.mark.parametrize("call", [
    lambda c: dc.kwic(c, "war"),
    lambda c: dc.fit_topics(c, n_topics=2),
    lambda c: dc.style_profile(c),
    lambda c: dc.actors(c),
    lambda c: dc.attributions(c),
    lambda c: c.tokens,
    lambda c: c.analyzed("sentences"),
])
def test_whole_corpus_analyses_refused_with_the_way_out(dask_corpus, call):
    with pytest.raises(InputError, match=r"corpus\.compute\(\)") as err:
        call(dask_corpus)
    assert "dc.count_terms" in str(err.value) and "dc.find_markers" in str(err.value)


def test_one_dispatch_point_lists_the_dask_analyses():
    from discourse._backend import BACKENDS, DISPATCHED
    from discourse.scale.dask import DaskCorpus

    assert sorted(BACKENDS[DaskCorpus]) == ["count_terms", "find_markers", "sentence_table"]
    assert DISPATCHED["count_terms"] is dc.count_terms
    assert DISPATCHED["find_markers"] is dc.find_markers
