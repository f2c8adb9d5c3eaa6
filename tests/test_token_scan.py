"""The array tokenizer cuts exactly the tokens of the regex tokenizer, text by text.

``discourse.text.token_scan.token_spans_many`` is compared with
``discourse.text.segment.token_spans``
(the reference: one regex, tried left to right) on random Unicode, on random text from an
alphabet of the characters every rule is about, on every code point below U+2E80 in a dozen
contexts, and on the example texts.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import discourse as dc
from discourse.text import segment, token_scan


def reference(texts: list[str]) -> list[list[tuple[int, int]]]:
    out = []
    for text in texts:
        s, e = segment.token_spans(text)
        out.append(list(zip(s.tolist(), e.tolist(), strict=True)))
    return out


def scanned(texts: list[str]) -> list[list[tuple[int, int]]]:
    starts, ends, counts = token_scan.token_spans_many(texts)
    assert starts.dtype == ends.dtype == np.int32
    assert counts.sum() == len(starts) == len(ends)
    out, i = [], 0
    for c in counts.tolist():
        out.append(list(zip(starts[i:i + c].tolist(), ends[i:i + c].tolist(), strict=True)))
        i += c
    return out


def assert_same(texts: list[str]) -> None:
    got, want = scanned(texts), reference(texts)
    for text, g, w in zip(texts, got, want, strict=True):
        if g != w:
            pairs = zip(g + [None], w + [None], strict=False)
            k = next(i for i, (a, b) in enumerate(pairs) if a != b)
            raise AssertionError(
                f"{text!r}: scan {[text[a:b] for a, b in g[max(0, k - 2):k + 3]]} "
                f"regex {[text[a:b] for a, b in w[max(0, k - 2):k + 3]]}")


# the characters the token rules are about, and pieces that trigger the regex's own branches
ALPHABET = list("aAzZé09_ .,;:/'’‘-‐‑@!?\"()[]…—\n\t\r\u00a0\u2028\u200b\u00ad\u200c\u200d"
                "\u0301\u093e\u0e31東ひカー👍🏽🇪\ufeff\ud800") + [
    "www.", "http://", "https://x", "in'", "ol'", "goin’", "U.S.", "e.g.", "'90s", "‘90s",
    "3.5", "2,000", "10:30", "1/2", "a@b.co", "--", "...", "?!", "rock-'n'-roll", " ", " "]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join), min_size=1,
                max_size=6))
@example(["www.—.", "a.b.c", "x'-y", "rock 'n' roll", "", ""])
@example(["\ud800abc def", "end."])
def test_same_tokens_on_rule_characters(texts):
    assert_same(texts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_same_tokens_on_any_unicode(texts):
    assert_same(texts)


def _contexts(ch: str) -> list[str]:
    return [ch, ch * 3, f"a{ch}b", f"a{ch}", f"{ch}a", f"1{ch}2", f"{ch}1", f"a{ch}{ch}b",
            f"'{ch}'", f".{ch}.", f"ab{ch} cd", f"in{ch}", f"w{ch}w"]


@pytest.mark.parametrize("block", range(0, token_scan.LIMIT, 0x400))
def test_every_code_point_below_the_limit_in_context(block):
    texts = [t for cp in range(block, min(block + 0x400, token_scan.LIMIT))
             if not 0xD800 <= cp < 0xE000 for t in _contexts(chr(cp))]
    assert_same(texts)


def test_the_example_and_long_texts():
    texts = dc.load_example().documents.text.tolist()
    assert_same(texts)
    rng = random.Random(0)
    sents = dc.load_example().sentences.text.tolist()
    long = [" ".join(rng.choice(sents) for _ in range(3000)) for _ in range(3)]
    assert sum(map(len, long)) > 3 * token_scan.CHUNK  # groups of texts and single long texts
    assert_same(long + texts)


def test_no_texts_and_empty_texts():
    starts, ends, counts = token_scan.token_spans_many([])
    assert len(starts) == len(ends) == len(counts) == 0
    assert scanned(["", "a", ""]) == [[], [(0, 1)], []]


def test_classes_agree_with_the_regex():
    table = token_scan.char_classes()
    assert table[ord(" ")] == token_scan.SPACE and table[ord("\u00a0")] == token_scan.SPACE
    assert table[ord("é")] == token_scan.WORD and table[ord("٣")] == token_scan.DIGIT
    assert table[0x301] == token_scan.COMPLEX and table[0x00AD] == token_scan.COMPLEX
    assert table[token_scan.LIMIT] == token_scan.COMPLEX


# -- paragraphs and token bytes -----------------------------------------------------------------
LINES = ["", " ", "\t", "Short line.", "x" * 39, "y " * 20,
         "a line of forty-five characters, not ending a",
         "z" * 100, "w" * 101, "ends here.", "ends here:", "she said”", "why?", "東京", "é" * 50,
         "\u3000wide space\u3000", "  padded line of text that is long enough to wrap  "]
BREAKS = ["\n", "\r\n", "\r", "\n\n", "\r\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c",
          "\x85", "\n \n"]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(BREAKS)),
                         max_size=12).map(lambda ls: "".join(a + b for a, b in ls)),
                min_size=1, max_size=5),
       st.booleans())
def test_paragraphs_as_segment_cuts_them(texts, trim):
    texts = [t.rstrip("\n") if trim else t for t in texts]
    sc = token_scan.scan(texts)
    i = 0
    for text, k in zip(texts, sc.n_para.tolist(), strict=True):
        got = list(zip(sc.para_start[i:i + k].tolist(), sc.para_end[i:i + k].tolist(),
                       strict=True))
        assert got == segment.paragraph_spans(text), text
        i += k


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(ALPHABET + BREAKS), max_size=40).map("".join),
                min_size=1, max_size=5))
def test_token_bytes_are_the_tokens_in_utf8(texts):
    sc = token_scan.scan(texts)
    tokens = [t[a:b] for t, (s, e) in zip(texts, _per_text(sc), strict=True)
              for a, b in zip(s, e, strict=True)]
    if any("\ud800" in t for t in texts):
        assert sc.data is None and sc.tok_bytes is None
        return
    want = [t.encode("utf-8") for t in tokens]
    assert sc.tok_bytes.tolist() == [len(w) for w in want]
    assert sc.data == b"".join(want)


def _per_text(sc):
    i = 0
    for k in sc.n_tok.tolist():
        yield sc.tok_start[i:i + k].tolist(), sc.tok_end[i:i + k].tolist()
        i += k


def test_paragraphs_of_the_example():
    texts = dc.load_example().documents.text.tolist()
    sc = token_scan.scan(texts)
    want = [s for t in texts for s in segment.paragraph_spans(t)]
    assert list(zip(sc.para_start.tolist(), sc.para_end.tolist(), strict=True)) == want


def test_a_long_text_cut_into_pieces_after_blank_lines():
    rng = random.Random(1)
    sents = dc.load_example().sentences.text.tolist()
    paras = ["\n".join(" ".join(rng.choice(sents) for _ in range(rng.randint(1, 6)))
                       for _ in range(rng.randint(1, 3))) for _ in range(2500)]
    seps = ["\n\n", "\r\n\r\n", "\n \n", "\r\n\n", "\n\n\n"]
    long = "".join(p + rng.choice(seps) for p in paras)
    assert len(long) > 6 * token_scan.CHUNK
    texts = ["short one.", long, "U.S. e-mail a@b.co", long[:3 * token_scan.CHUNK]]
    assert_same(texts)
    sc = token_scan.scan(texts)
    want = [s for t in texts for s in segment.paragraph_spans(t)]
    assert list(zip(sc.para_start.tolist(), sc.para_end.tolist(), strict=True)) == want
    assert sc.data == b"".join(t[a:b].encode() for t, (s, e) in zip(texts, _per_text(sc),
                                                                     strict=True)
                               for a, b in zip(s, e, strict=True))
