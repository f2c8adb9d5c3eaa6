"""The table builder's shortcuts (issue 25, round three) give what the plain computations give:
per-text memos across batches (discourse/text/batches.py, PerValueMemo), the paragraph of each
token by a running count, the text checks that read each text once."""

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse import InputError
from discourse.text import batches
from discourse.text.checks import check_texts
from discourse.text.sections import word_hints
from discourse.text.sentence_rules import token_kinds

WORDS = ["Dr.", "said", "U.S.", "«", "—", "Subscribe", "café", "...", "it's", "MAY", "2,000",
         "”", "?", "Blogs", "e.g.", "naïve", "!", "(", "x"]


@pytest.mark.parametrize("fn", [token_kinds, word_hints])
def test_memo_gives_what_the_function_gives(fn):
    rng = np.random.default_rng(0)
    memo = batches.PerValueMemo(fn)
    for _ in range(6):  # batches sharing part of their vocabulary, in varying order
        values = list(rng.choice(WORDS, size=int(rng.integers(0, len(WORDS))), replace=False))
        got, want = memo(values), fn(values)
        assert got.keys() == want.keys()
        for k in want:
            assert got[k].tolist() == want[k].tolist(), k
    memo.clear()
    assert memo.index == {} and memo.tables == {}


def test_a_build_leaves_no_memo_behind():
    dc.from_texts(["It may rain.", "Subscribe now."])
    assert all(memo.index == {} for memo in batches._memos())


def test_builds_in_threads_at_once_keep_their_own_memos():
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Text {i}: it may rain, Dr. Smith said. Subscribe! " * (5 + i % 7) + f"w{i}"
             for i in range(40)]
    want = [dc.from_texts(texts[i:i + 4]).tokens for i in range(0, 40, 4)]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda i: dc.from_texts(texts[i:i + 4]).tokens, range(0, 40, 4)))
    for g, w in zip(got, want, strict=True):
        pd.testing.assert_frame_equal(g, w)


def test_token_paragraphs_by_running_count():
    rng = np.random.default_rng(1)
    texts = ["x" * int(n) for n in rng.integers(5, 60, size=8)]
    n_para = rng.integers(1, 4, size=8)
    para_starts, n_tok, starts = [], [], []
    for t, m in zip(texts, n_para, strict=True):
        p = np.sort(rng.choice(len(t), size=m, replace=False))
        p[0] = 0
        para_starts.append(p)
        s = np.sort(rng.choice(len(t), size=int(rng.integers(0, len(t))), replace=False))
        starts.append(s)
        n_tok.append(len(s))
    para_starts, starts = np.concatenate(para_starts), np.concatenate(starts)
    got = batches._token_paragraphs(texts, n_para, para_starts.astype(np.int32),
                                    np.array(n_tok), starts.astype(np.int32))
    # the plain way: the last paragraph of the token's text that starts at or before it
    want, k, j = [], 0, 0
    for m, n in zip(n_para, n_tok, strict=True):
        ps = para_starts[k:k + m]
        want += [int(np.searchsorted(ps, s, side="right")) - 1 for s in starts[j:j + n]]
        k, j = k + m, j + n
    assert got.tolist() == want


def _frame(texts, dtype):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "text": pd.Series(texts, dtype=dtype)})


@pytest.mark.parametrize("dtype", ["str", object])
def test_blank_texts_found_without_copying_them(dtype):
    texts = ["Some text.", " \n\t", "\u3000\xa0", "", "x"]
    out = check_texts(_frame(texts, dtype), where="t", empty="drop")
    assert out.doc_id.tolist() == ["d0", "d4"]
    with pytest.raises(InputError, match=r"\['d1', 'd2', 'd3'\]"):
        check_texts(_frame(texts, dtype), where="t", empty="error")


def test_a_lone_surrogate_is_still_refused_and_located():
    texts = ["Fine text, naïve café.", "Broken \udce9 byte."]
    with pytest.raises(InputError, match=r"document 'd1' contains a lone surrogate \(U\+DCE9 "
                                         r"at character 7\)"):
        check_texts(_frame(texts, object), where="t", empty="error")
