"""Offsets are lossless: every table slices the raw text to its own text, for any Unicode."""

import numpy as np
import pandas as pd
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
])
TEXTS = st.one_of(st.lists(PIECES, min_size=1, max_size=60).map("".join),
                  st.text(min_size=1, max_size=200))


def check_corpus(corpus):
    texts = dict(zip(corpus.documents.doc_id, corpus.documents.text, strict=True))
    for table in ("paragraphs", "sentences", "tokens"):
        df = getattr(corpus, table)
        assert isinstance(df.index, pd.RangeIndex)
        for d, s, e, t in zip(df.doc_id.astype(str), df.start, df.end, df.text.astype(str),
                              strict=True):
            assert texts[d][s:e] == t, (table, s, e)
    tok = corpus.tokens
    for doc_id, text in texts.items():
        t = tok[tok.doc_id == doc_id]
        covered = np.zeros(len(text), dtype=int)
        for s, e in zip(t.start, t.end, strict=True):
            covered[s:e] += 1
        # no character in two tokens; no whitespace inside a token
        assert covered.max(initial=0) <= 1
        assert not any(text[i].isspace() for i in np.flatnonzero(covered))
        # every non-space character of every paragraph is in exactly one token
        paras = corpus.paragraphs[corpus.paragraphs.doc_id == doc_id]
        for s, e in zip(paras.start, paras.end, strict=True):
            for i in range(s, e):
                assert covered[i] == (0 if text[i].isspace() else 1), (repr(text[i]), i)
        # tokens + the whitespace between them rebuild each paragraph
        for p, s, e in zip(paras.para_id, paras.start, paras.end, strict=True):
            pt = t[t.para_id == p]
            rebuilt, pos = [], s
            for a, b in zip(pt.start, pt.end, strict=True):
                gap = text[pos:a]
                assert gap.strip() == ""
                rebuilt.append(gap + text[a:b])
                pos = b
            assert "".join(rebuilt) + text[pos:e] == text[s:e]
        # ids contiguous from 0, sentences within paragraphs
        assert t.tok_id.tolist() == list(range(len(t)))
        sents = corpus.sentences[corpus.sentences.doc_id == doc_id]
        assert sents.sent_id.tolist() == list(range(len(sents)))
        assert paras.para_id.tolist() == list(range(len(paras)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=3))
def test_offsets_round_trip_on_any_unicode(texts):
    corpus = dc.from_texts(texts, empty="keep")
    check_corpus(corpus)


def test_offsets_round_trip_on_the_example(example):
    check_corpus(example)
