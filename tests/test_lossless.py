"""Lossless text through the file readers and the markers, property-tested with hypothesis.

``tests/test_corpus_invariants.py`` checks the tables of :func:`discourse.from_texts` on random
Unicode. Here the same holds after a round trip through files: random Unicode written to disk
(UTF-8, UTF-8 with BOM, UTF-16, UTF-32; or a CSV) and read back is exactly the text written,
and every offset still slices it; and every stance marker's offsets slice its own text.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pandas as pd
from helpers import check_corpus
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import discourse as dc

# Random Unicode: any code point hypothesis draws (no surrogates), and pieces that stress the
# tokenizer, the sentence splitter and the marker rules.
PIECES = st.sampled_from([
    "a", "Z", "é", "e\u0301", "ß", "İ", "ا", "ש", "日本", "😀", "👍🏽", "👩\u200d💻", "\u200b",
    "'", "’", "“", "”", "-", "—", ".", "...", "?", "!", ",", "U.S.", "219,000", "'90s", "ol'",
    "don't", "great-power", " ", "  ", "\u00a0", "\u202f", "\t", "\n", "\r\n", "\r", "\n\n",
    "\u2028", "\u2029", "\x0c", "\x1c", "\x85", "Dr.", "A.", "http://x.org/a", "<b>", "&",
    "\ufeff", "\x01",
    # issue 15: invisible joiners, CJK, other scripts' sentence ends, RTL and bidi marks
    "\u00ad", "co\u00adop", "\u2060", "a\u2060b", "\u200d", "\u200c", "\u200e", "\u200f",
    "\u061c", "\u202b", "\u202c", "\u2067", "\u2069", "日本語", "今天。", "！", "？", "。",
    "「", "」", "コンピューター", "ひらがな", "؟", "।", "مَرْحَبًا", "தமிழ்", "ภาษาไทย", "\u200b",
    "葛\U000e0100", "☺\ufe0f", "\u0301", "a.a.b", "x@y.org",
])
MARKER_PIECES = st.sampled_from([
    "may", "May", "might", "perhaps", "I think", "we", "We", "you", "It is clear that",
    "it's clear", "certainly", "not certain", "according to", "experts say", "US", "I",
    "ain't", "gonna", "don't", "must", "could", "would", "of course", "Clearly,", ".", "?", "!",
])
TEXTS = st.one_of(
    st.text(min_size=1, max_size=120),
    st.lists(st.one_of(PIECES, MARKER_PIECES, st.just(" ")), min_size=1, max_size=50)
    .map("".join),
)
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def _expected(text: str, encoding: str) -> str:
    # A U+FEFF at the very start of a UTF-8 file is read as a byte-order mark, not text: the
    # one place where what is written and what is read differ (by design, as every editor).
    if encoding == "utf-8" and text.startswith("\ufeff"):
        text = text[1:]
    return text


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=3),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
@example(texts=["\ufeffBOM-like start.", "x"], encoding="utf-8")
@example(texts=["\ufeffBOM-like start."], encoding="utf-8-sig")
@example(texts=["\ufeffBOM-like start."], encoding="utf-16")
@example(texts=["nul\x00inside"], encoding="utf-8")
@example(texts=["nul\x00inside"], encoding="utf-16")
@example(texts=["\x000"], encoding="utf-16")  # FF FE 00 00: the UTF-32 LE mark, yet UTF-16
@example(texts=["\r\n\r\u2028 \x85x\x1c"], encoding="utf-8")
def test_read_folder_round_trips_any_unicode(texts, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, text in enumerate(texts):
            (folder / f"doc{i}.txt").write_bytes(text.encode(encoding))
        if any("\x00" in t for t in texts):  # a NUL: refused as binary, never mangled
            try:
                dc.read_folder(folder, empty="keep")
            except dc.InputError as err:
                assert "NUL" in str(err)
                return
            assert encoding in ("utf-16", "utf-32")  # wide encodings: NUL is a character
            return
        corpus = dc.read_folder(folder, empty="keep")
    assert corpus.doc_ids == [f"doc{i}" for i in range(len(texts))]
    assert corpus.documents.text.tolist() == [_expected(t, encoding) for t in texts]
    assert corpus.documents.n_chars.tolist() == [len(_expected(t, encoding)) for t in texts]
    check_corpus(corpus)


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
@example(texts=['"quoted", with commas,\r\nand lines\r', " ", "NA", "123"])
@example(texts=["\ufeffBOM-like start."])
def test_read_csv_round_trips_any_unicode(texts):
    ids = [f"d{i}" for i in range(len(texts))]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)  # how a spreadsheet writes text
            w.writerow(["doc_id", "text"])
            w.writerows(zip(ids, texts, strict=True))
        if any("\x00" in t for t in texts):
            try:
                dc.read_csv(path, empty="keep")
            except dc.InputError as err:
                assert "NUL" in str(err)
                return
            raise AssertionError("a NUL byte in a CSV must be refused")
        corpus = dc.read_csv(path, empty="keep")
    assert corpus.doc_ids == ids
    assert corpus.documents.text.tolist() == texts
    check_corpus(corpus)


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
def test_marker_offsets_slice_the_text(texts):
    corpus = dc.from_texts(texts, empty="keep")
    for analyzed_only in (True, False):
        m = dc.find_markers(corpus, analyzed_only=analyzed_only, keep_rejected=True)
        assert isinstance(m.index, pd.RangeIndex)
        for d, s, e, t in zip(m.doc_id.astype(str), m.start, m.end, m.text.astype(str),
                              strict=True):
            assert corpus.text_of(d)[s:e] == t, (d, s, e, t)
            assert s < e
        # hits lie inside their sentence, and the sentence in its paragraph
        sents = corpus.sentences.set_index(["doc_id", "sent_id"], drop=False)
        for d, sid, s, e in zip(m.doc_id.astype(str), m.sent_id, m.start, m.end, strict=True):
            row = sents.loc[(d, sid)]
            assert row.start <= s < row.end, (d, sid, s, e)


def test_marker_offsets_on_the_example(example):
    m = dc.find_markers(example)
    assert len(m) > 100
    texts = dict(zip(example.documents.doc_id, example.documents.text, strict=True))
    assert all(texts[d][s:e] == t for d, s, e, t in
               zip(m.doc_id.astype(str), m.start, m.end, m.text.astype(str), strict=True))
