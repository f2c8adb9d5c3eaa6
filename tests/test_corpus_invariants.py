"""Offsets are lossless: every table slices the raw text to its own text, for any Unicode."""

from helpers import check_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import discourse as dc

# Text made of pieces that stress the tokenizer: letters of several scripts, combining marks,
# emoji, quotes, dashes, no-break spaces, line breaks of every kind.
PIECES = st.sampled_from([
    "a", "Z", "é", "e\u0301", "ß", "İ", "ا", "ש", "日本", "😀", "👍🏽", "👩\u200d💻", "\u200b",
    "'", "’", "“", "”", "-", "—", ".", "...", "?", "!", ",", "U.S.", "219,000", "'90s", "ol'",
    "don't", "great-power", " ", "  ", "\u00a0", "\u202f", "\t", "\n", "\r\n", "\r", "\n\n",
    "\u2028", "\u2029", "\x0c", "Dr.", "A.", "http://x.org/a", "<b>", "&", "\ufeff", "\x01",
    # issue 15: invisible joiners, CJK, other scripts' sentence ends, RTL and bidi marks
    "\u00ad", "co\u00adop", "\u2060", "a\u2060b", "\u200d", "\u200c", "\u200e", "\u200f",
    "\u061c", "\u202b", "\u202c", "\u2067", "\u2069", "日本語", "今天。", "！", "？", "。",
    "「", "」", "コンピューター", "ひらがな", "؟", "।", "مَرْحَبًا", "தமிழ்", "ภาษาไทย", "\u200b",
    "葛\U000e0100", "☺\ufe0f", "\u0301", "a.a.b", "x@y.org",
])
TEXTS = st.one_of(st.lists(PIECES, min_size=1, max_size=60).map("".join),
                  st.text(min_size=1, max_size=200))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=3))
def test_offsets_round_trip_on_any_unicode(texts):
    corpus = dc.from_texts(texts, empty="keep")
    check_corpus(corpus)


def test_offsets_round_trip_on_the_example(example):
    check_corpus(example)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_the_fast_branch_changes_no_token(text):
    # the tokenizer tries plain letter runs first; without that branch it cuts the same tokens
    import re

    from discourse.text import segment

    slow = re.compile(f"{segment._URL}|{segment._EMAIL}|{segment._CORE}")
    assert [m.span() for m in segment.TOKEN_RE.finditer(text)] == \
        [m.span() for m in slow.finditer(text)]
    assert [m.span() for m in segment._TOKEN_RE_PLAIN.finditer(text)] == \
        [m.span() for m in re.compile(segment._CORE).finditer(text)]
