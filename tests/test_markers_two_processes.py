"""find_markers decides the second half of the documents in a forked process on large corpora
(discourse/stance/markers.py, _decided_hits): the table must be the one process's, row for row."""

import multiprocessing as mp

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import discourse as dc
from discourse.stance import markers as markers_module
from discourse.text import build as corpus_module

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(),
                                reason="the second process is forked")


def _markers(corpus, monkeypatch, jobs, **options):
    monkeypatch.setattr(corpus_module, "_default_jobs", lambda n_chars: jobs)
    monkeypatch.setattr(markers_module, "TWO_PROCESSES_FROM", 1)
    return dc.find_markers(corpus, **options)


@pytest.mark.parametrize("options", [{}, {"keep_rejected": True},
                                     {"categories": ["hedge", "condition"]}])
def test_two_processes_give_the_one_process_table(monkeypatch, options):
    corpus = dc.load_example()
    one = _markers(corpus, monkeypatch, 1, **options)
    two = _markers(corpus, monkeypatch, 2, **options)
    assert len(one) > 20
    assert_frame_equal(one, two)
    assert one.attrs == two.attrs


def test_the_cut_falls_between_documents():
    corpus = dc.from_texts({"a": "It may rain. " * 3, "b": "Perhaps. " * 2, "c": "No."})
    cut = markers_module._halves(corpus.tokens)
    doc = corpus.tokens.doc_id.astype(str).to_numpy()
    assert 0 < cut < len(doc) and doc[cut] != doc[cut - 1]
    # the first new document at or after the middle row
    middle = len(doc) // 2
    assert cut >= middle and (doc[middle:cut] == doc[middle - 1]).all()


def test_one_document_is_not_cut():
    corpus = dc.from_texts(["It may rain, perhaps. " * 20])
    assert markers_module._halves(corpus.tokens) == 0


def test_no_second_process_inside_a_pool_worker(monkeypatch):
    monkeypatch.setattr(corpus_module, "_default_jobs", lambda n_chars: 2)
    assert markers_module._two_processes(10**7)
    monkeypatch.setattr(mp, "parent_process", lambda: object())
    assert not markers_module._two_processes(10**7)


def test_string_columns_as_astype_str_makes_them():
    values = np.array(["b", "a", np.nan, "b", None], dtype=object)
    codes, uniques = markers_module._factorized(values)
    assert uniques[codes].tolist() == values.astype(str).tolist()
    assert markers_module._ranks(np.array(["b", "a", "B"], dtype=object)).tolist() == [2, 1, 0]


@pytest.mark.parametrize("part", [1, 50, 400])
def test_parts_of_one_process_give_the_whole_table(monkeypatch, part):
    """In one process the token table is decided a part at a time (PART_TOKENS rows, cut
    between documents); the table is the one of a single part, row for row."""
    corpus = dc.from_texts({f"d{i}": text for i, text in enumerate(
        dc.load_example().sentences.text.astype(str).tolist())})
    monkeypatch.setattr(corpus_module, "_default_jobs", lambda n_chars: 1)
    whole = dc.find_markers(corpus, keep_rejected=True)
    monkeypatch.setattr(markers_module, "PART_TOKENS", part)
    assert len(markers_module._cuts(corpus.tokens)) >= len(corpus.tokens) // (part + 60)
    assert_frame_equal(dc.find_markers(corpus, keep_rejected=True), whole)


def test_parts_begin_with_a_document():
    corpus = dc.from_texts({"a": "It may rain. " * 3, "b": "Perhaps. " * 2, "c": "No."})
    doc = corpus.tokens.doc_id.astype(str).to_numpy()
    cuts = markers_module._cuts(corpus.tokens, size=2)
    assert cuts and all(doc[c] != doc[c - 1] for c in cuts)
    assert markers_module._cuts(corpus.tokens, size=len(doc)) == []


@pytest.mark.parametrize("size", [1, 7, 300, 20_000, 70_000])
def test_cuts_read_in_blocks_equal_a_scan_of_the_rest(size):
    # the next document's first row is looked for a block at a time (_next_change): the same
    # rows as scanning the whole rest of the table, with long documents and short ones
    rng = np.random.default_rng(size)
    codes = np.repeat(np.arange(40), rng.integers(1, 9000, 40))
    tokens = pd.DataFrame({"doc_id": pd.Categorical.from_codes(codes, categories=range(40))})
    want, at = [], size
    while at < len(codes):
        change = np.flatnonzero(codes[at:] != codes[at - 1])
        if not len(change):
            break
        want.append(at + int(change[0]))
        at = want[-1] + size
    assert markers_module._cuts(tokens, size=size) == want
