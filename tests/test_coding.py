"""dc.coding_sheet: the stratified sample, its files, and never overwriting codes (issue 26)."""

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

import discourse as dc
from discourse.stance.coding import SHEET_COLUMNS, read_codes, spans_of

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_code_and_teach.ipynb"

HITS = ["It may rain.", "Perhaps so.", "We might go.", "It could be.", "Possibly not."]
PLAIN = ["Cats sleep.", "Dogs bark.", "Birds sing.", "Fish swim.", "Cows graze.", "Bees hum.",
         "Owls hoot.", "Ants dig."]


@pytest.fixture(scope="module")
def corpus():
    return dc.from_texts({"d1": " ".join(HITS[:3] + PLAIN[:4]),
                          "d2": " ".join(HITS[3:] + PLAIN[4:])})


def test_strata_are_drawn_half_and_half_and_weights_add_up(corpus):
    s = dc.coding_sheet(corpus, size=6)
    assert list(s.columns) == SHEET_COLUMNS
    assert s.stratum.value_counts().to_dict() == {"hit": 3, "no hit": 3}
    # 5 sentences with a hedge hit, 8 without (counted by hand from HITS and PLAIN)
    assert s.groupby("stratum").n_stratum.first().to_dict() == {"hit": 5, "no hit": 8}
    assert s.groupby("stratum").weight.sum().round(9).to_dict() == {"hit": 5.0, "no hit": 8.0}
    assert s.row.tolist() == list(range(1, 7))
    assert (s.stratum == "hit").eq(s.cues != "").all()
    assert set(s.text[s.stratum == "hit"]) <= set(HITS)
    assert set(s.text[s.stratum == "no hit"]) <= set(PLAIN)
    assert (s.code_1 == "").all() and (s.code_2 == "").all()


def test_a_small_stratum_is_taken_whole_and_the_rest_comes_from_the_other(corpus):
    s = dc.coding_sheet(corpus, size=11)
    assert s.stratum.value_counts().to_dict() == {"hit": 5, "no hit": 6}
    assert len(dc.coding_sheet(corpus, size=100)) == 13  # the whole corpus, no repeats
    assert not dc.coding_sheet(corpus, size=100).duplicated(["doc_id", "sent_id"]).any()


def test_cue_offsets_point_into_the_sentence(corpus):
    s = dc.coding_sheet(corpus, size=13)
    for text, cues, spans in zip(s.text, s.cues, s.cue_spans, strict=True):
        got = [text[a:b] for a, b in spans_of(spans)]
        assert got == ([c for c in cues.split("; ")] if cues else [])


def test_same_seed_same_sheet_other_seed_other_sheet(corpus):
    a = dc.coding_sheet(corpus, size=6, random_state=1)
    assert a.equals(dc.coding_sheet(corpus, size=6, random_state=1))
    others = [dc.coding_sheet(corpus, size=6, random_state=k).text.tolist() for k in range(2, 6)]
    assert any(o != a.text.tolist() for o in others)


def test_files_written_and_never_overwritten_once_coded(corpus, tmp_path):
    path = tmp_path / "sheet.csv"
    s = dc.coding_sheet(corpus, size=6, path=path)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back.text.tolist() == s.text.tolist()
    page = (tmp_path / "sheet.html").read_text("utf-8")
    assert page.count("title=\"candidate hedge cue\"") == (s.cues != "").sum()
    assert "http" not in page.replace("http-equiv", "")  # nothing from the network
    dc.coding_sheet(corpus, size=6, path=path)  # no codes yet: written again
    back.loc[2, "code_1"] = "yes"
    back.to_csv(path, index=False)
    with pytest.raises(dc.InputError, match=r"already holds 1 code.*never overwrites"):
        dc.coding_sheet(corpus, size=6, path=path)
    assert pd.read_csv(path, dtype=str, keep_default_na=False).code_1[2] == "yes"
    other = tmp_path / "notes.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(dc.InputError, match="not an empty coding sheet"):
        dc.coding_sheet(corpus, path=other)
    with pytest.raises(dc.InputError, match=r"\.csv"):
        dc.coding_sheet(corpus, path=tmp_path / "sheet.xlsx")


def test_the_page_escapes_the_text(tmp_path):
    c = dc.from_texts(["<script>alert(1)</script> It may rain.", "Plain <b>words</b> here."])
    dc.coding_sheet(c, size=2, path=tmp_path / "s.csv")
    page = (tmp_path / "s.html").read_text("utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>words" not in page


@pytest.mark.parametrize("bad, match", [({"category": "hedges"}, "category"),
                                        ({"size": 0}, "size"), ({"size": 2.5}, "size")])
def test_bad_arguments_name_themselves(corpus, bad, match):
    with pytest.raises(dc.InputError, match=match):
        dc.coding_sheet(corpus, **bad)


def test_codes_are_read_leniently_and_errors_name_the_cells():
    t = pd.DataFrame({"code_1": ["YES", " no ", "1", "0", "", None, "x", "False"]})
    assert np.array_equal(read_codes(t, "code_1"), [1, 0, 1, 0, np.nan, np.nan, 1, 0],
                          equal_nan=True)
    with pytest.raises(dc.InputError, match=r"code_1.*maybe.*row\(s\) \[1\]"):
        read_codes(pd.DataFrame({"code_1": ["yes", "maybe"]}), "code_1")


def test_the_shipped_sheet_is_a_sheet_of_its_corpus():
    ex = dc.load_coded_example()
    assert list(ex.coded.columns) == SHEET_COLUMNS
    assert len(ex.coded) == 120 and ex.coded.category.eq("hedge").all()
    assert set(ex.coded.code_1) == {"yes", "no"} and set(ex.coded.code_2) == {"yes", "no"}
    sents = ex.corpus.sentences
    assert len(sents) == len(ex.coded)  # one sentence per document
    assert sents.text.tolist() == ex.coded.text.tolist()
    assert (sents.sent_id == 0).all()


# -- notebook 06 on odd corpora (as tests/test_notebooks_any_corpus.py does for 02-04) ---------
ODD = {
    "odd_labels": pd.DataFrame({"doc_id": ["a", "b", "c"], "group": [1, 2, None],
                                "text": ["Perhaps it may rain.", "Cats sleep.", "Dogs bark."]}),
    "punctuation": pd.DataFrame({"doc_id": ["a", "b"], "text": ["... !!!", "--- ???"]}),
    "one": pd.DataFrame({"doc_id": ["only"], "text": ["It may rain. We will see. " * 5]}),
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_notebook_06_runs_on_an_odd_corpus(name, tmp_path, monkeypatch):
    path = tmp_path / f"{name}.csv"
    ODD[name].to_csv(path, index=False)
    monkeypatch.setenv("DISCOURSE_CORPUS", str(path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISCOURSE_SNAPSHOT", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not list(tmp_path.glob("coding_*"))  # the run's files go to a temporary folder


def test_an_empty_stratum_and_an_empty_corpus():
    c = dc.from_texts({"a": "Cats sleep.", "b": "Dogs bark."})
    s = dc.coding_sheet(c, size=5)
    assert s.stratum.tolist() == ["no hit", "no hit"] and s.weight.tolist() == [1.0, 1.0]
    with pytest.raises(dc.InputError, match="no analysed sentence"):
        dc.coding_sheet(dc.from_texts({"a": "", "b": ""}, empty="keep"))
