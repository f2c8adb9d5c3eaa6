"""Readers: own texts in, clear errors for bad input, nothing silently lost."""

import pandas as pd
import pytest

import discourse as dc


def test_read_folder_reads_every_file_with_metadata(tmp_path):
    (tmp_path / "b.txt").write_text("Second text. It has two sentences.", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes("\ufeffFirst text, with CRLF.\r\nA second line.\r\n".encode())
    (tmp_path / "notes.md").write_text("not read")
    (tmp_path / "metadata.csv").write_text("doc_id,group\na,x\nb,y\n")
    c = dc.read_folder(tmp_path)
    assert c.doc_ids == ["a", "b"]
    # the BOM is not text; CRLF is kept as it was
    assert c.documents.text[0] == "First text, with CRLF.\r\nA second line.\r\n"
    assert c.documents.group.tolist() == ["x", "y"]
    assert c.documents.file.tolist() == ["a.txt", "b.txt"]
    assert c.documents.n_words.tolist() == [7, 6]
    assert c.name == tmp_path.name


def test_utf16_with_bom_is_read(tmp_path):
    (tmp_path / "u.txt").write_bytes("Grüße aus Wien.".encode("utf-16"))
    assert dc.read_folder(tmp_path).documents.text[0] == "Grüße aus Wien."


def test_undecodable_bytes_name_the_file_and_offset(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(dc.InputError, match=r"latin\.txt.*offset 3.*encoding="):
        dc.read_folder(tmp_path)
    c = dc.read_folder(tmp_path, encoding="latin-1")
    assert c.documents.text[0] == "Café au lait"


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(dc.InputError, match="does not exist"):
        dc.read_folder(tmp_path / "nope")
    with pytest.raises(dc.InputError, match=r"no file .* matches pattern='\*\.txt'"):
        dc.read_folder(tmp_path)


def test_binary_file_is_refused(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"%PDF-1.4\x00\x01\x02")
    with pytest.raises(dc.InputError, match=r"x\.txt.*NUL.*binary"):
        dc.read_folder(tmp_path)


def test_empty_document_is_an_error_or_kept(tmp_path):
    (tmp_path / "a.txt").write_text("Some text.")
    (tmp_path / "blank.txt").write_text(" \n\u00a0\n")
    with pytest.raises(dc.InputError, match=r"\['blank'\].*empty='keep'"):
        dc.read_folder(tmp_path)
    c = dc.read_folder(tmp_path, empty="keep")
    assert c.doc_ids == ["a", "blank"] and c.documents.n_words.tolist() == [2, 0]
    assert dc.read_folder(tmp_path, empty="drop").doc_ids == ["a"]


def test_from_frame_keeps_metadata_and_group():
    df = pd.DataFrame({"id": ["s1", "s2"], "body": ["Yes we can.", "No you cannot."],
                       "group": ["A", "B"], "year": [2008, 2012]})
    c = dc.from_frame(df, text="body", doc_id="id")
    assert list(c.documents.columns) == ["doc_id", "text", "n_chars", "n_words", "group", "year"]
    assert c.documents.year.tolist() == [2008, 2012]
    assert df.columns.tolist() == ["id", "body", "group", "year"]  # input unchanged


@pytest.mark.parametrize("df, kwargs, message", [
    (pd.DataFrame({"txt": ["a"]}), {}, r"no text column 'text' \(it has 'txt'\)"),
    (pd.DataFrame({"text": ["a"]}), {"doc_id": "key"}, r"no doc_id column 'key'"),
    (pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}), {}, r"duplicate doc_id.*'a'"),
    (pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", None]}), {}, r"document 'b' is missing"),
    (pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", float("nan")]}), {}, "missing"),
    (pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", 3]}), {}, r"'b' is a int, not text"),
    (pd.DataFrame({"doc_id": [], "text": []}), {}, "no rows"),
])
def test_from_frame_errors_name_the_problem(df, kwargs, message):
    with pytest.raises(dc.InputError, match=message):
        dc.from_frame(df, **kwargs)


def test_from_frame_without_ids_numbers_the_rows():
    c = dc.from_frame(pd.DataFrame({"text": ["One.", "Two."]}))
    assert c.doc_ids == ["doc_0", "doc_1"]


def test_from_texts_forms():
    assert dc.from_texts({"x": "A b.", "y": "C d."}).doc_ids == ["x", "y"]
    assert dc.from_texts(["A b.", "C d."]).doc_ids == ["doc_0", "doc_1"]
    with pytest.raises(dc.InputError, match="not one string"):
        dc.from_texts("A b.")
    with pytest.raises(dc.InputError, match="no texts"):
        dc.from_texts([])


def test_read_csv(tmp_path):
    f = tmp_path / "speeches.csv"
    f.write_text('doc_id,text,party\n1,"We will win, together.",R\n2,"Hope, again.",D\n')
    c = dc.read_csv(f)
    assert c.doc_ids == ["1", "2"] and c.documents.party.tolist() == ["R", "D"]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,words\n1,hello\n")
    with pytest.raises(dc.InputError, match=r"bad\.csv.*no text column 'text'"):
        dc.read_csv(bad)


def test_report_corpus_reads_the_environment(tmp_path, monkeypatch):
    (tmp_path / "one.txt").write_text("One text here.")
    monkeypatch.setenv("DISCOURSE_CORPUS", str(tmp_path))
    assert dc.report_corpus().doc_ids == ["one"]
    monkeypatch.setenv("DISCOURSE_CORPUS", str(tmp_path / "missing"))
    with pytest.raises(dc.InputError, match="DISCOURSE_CORPUS=.*points nowhere"):
        dc.report_corpus()
    monkeypatch.delenv("DISCOURSE_CORPUS")
    assert dc.report_corpus().doc_ids == ["cepa_essay", "news_rewrite"]
