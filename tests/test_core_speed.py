"""The speed-ups of issue 25 (round four) change no result.

- ``TokenContext.valid`` / ``has`` read at positions clipped into the table instead of through
  boolean selections: checked against a loop over the positions, including positions before
  the first token, past the last and across sentence boundaries.
- ``find_markers`` computes ``is_epistemic`` from the distinct categories and subcategories:
  checked against :func:`is_epistemic` on the table's own columns.
- ``build_corpus`` in one process segments up to 2,000 documents in one batch (it cut a 1M-word
  corpus in three): tables equal to those of batches of other sizes (two processes).
- ``count_terms`` compacts its sorted keys in place (less memory at its peak).
- The split modules keep every old import path, as the same objects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import discourse as dc
from discourse.stance._context import TokenContext
from discourse.stance.markers import is_epistemic

TEXTS = [
    "It may rain. Perhaps not! We clearly know that it is certain, if you ask me.",
    "They suggest that prices could fall. I think so. Unless wages rise, it is likely.",
    "One. Two words. About three of them, roughly.",
]


def _slow_valid(sid, n, p, ref):
    return np.array([0 <= a < n and sid[a] == sid[r] for a, r in zip(p.tolist(), ref.tolist(),
                                                                      strict=True)], dtype=bool)


def test_valid_and_has_equal_a_loop():
    tk = TokenContext(dc.from_texts(TEXTS).tokens)
    rng = np.random.default_rng(0)
    ref = rng.integers(0, tk.n, size=500)
    ref[:5] = [0, 1, tk.n - 1, tk.n - 2, 0]  # in the first and the last sentence
    flags = rng.random(len(tk.cats)) < 0.3
    for shift in (-6, -2, -1, 0, 1, 3, 7):
        p = ref + shift
        p[:5] = [-3, -1, tk.n, tk.n + 4, 0]  # before the first token and past the last
        want = _slow_valid(tk.sid, tk.n, p, ref)
        assert tk.valid(p, ref).tolist() == want.tolist()
        want_has = [bool(w and flags[tk.codes[a]]) for a, w in zip(p.tolist(), want.tolist(),
                                                                   strict=True)]
        assert tk.has(p, ref, flags).tolist() == want_has
    assert tk.valid(np.zeros(0, np.int64), np.zeros(0, np.int64)).dtype == bool


def test_is_epistemic_column_equals_the_function():
    c = dc.from_texts(TEXTS * 3)
    m = dc.find_markers(c, keep_rejected=True)
    assert {"hedge", "condition", "booster"} <= set(m.category.astype(str))
    assert any(s.startswith("scope") for s in m.subcategory.astype(str))  # a scope hedge
    want = is_epistemic(m.category.astype(str).to_numpy(), m.subcategory.astype(str).to_numpy())
    assert m.is_epistemic.dtype == bool
    assert m.is_epistemic.tolist() == want.tolist()
    empty = dc.find_markers(dc.from_texts(["Nothing here."]))
    assert len(empty) == 0 and empty.is_epistemic.dtype == bool


def test_one_batch_equals_other_batches():
    """2,100 short documents: one process cuts batches of 2,000 and 100, two processes four of
    525; both equal the tables built document by document (batches of one)."""
    from discourse.text import build

    rng = np.random.default_rng(1)
    words = ["It", "may", "rain", "Dr.", "Smith", "said", "U.S.", "troops", "1990s", "—", "’"]
    texts = [" ".join(rng.choice(words, size=rng.integers(3, 30))) + "." for _ in range(2100)]
    df = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    one = build.build_corpus(df, n_jobs=1)
    two = build.build_corpus(df, n_jobs=2)
    for name in ("documents", "paragraphs", "sentences", "tokens"):
        assert_frame_equal(getattr(one, name), getattr(two, name))
    for i in (0, 7, 2099):
        alone = build.build_corpus(df.iloc[i:i + 1], n_jobs=1).tokens
        got = one.tokens[one.tokens.doc_id == f"d{i}"]
        for col in ("text", "norm"):
            assert got[col].astype(str).tolist() == alone[col].astype(str).tolist()
        for col in ("start", "end", "sent_id", "is_word", "is_stop"):
            assert got[col].tolist() == alone[col].tolist()


@pytest.mark.parametrize(("old", "new", "names"), [
    ("discourse.text.corpus", "discourse.text.build",
     ["build_corpus", "build_from_texts", "TWO_JOBS_FROM", "_default_jobs", "_segment_all"]),
    ("discourse.text.io", "discourse.text.files",
     ["read_regular", "MAX_TABLE_BYTES", "_not_special", "_folder_hint"]),
    ("discourse.text.io", "discourse.text.metadata",
     ["read_metadata", "written_text", "_check_header"]),
    ("discourse.text.sections", "discourse.text.section_hints",
     ["word_hints", "PROMPT_WORDS", "BLURB_WORDS"]),
    ("discourse.text.token_scan", "discourse.text.paragraph_scan",
     ["_paragraphs", "_line_break_table", "_wrap_end_table"]),
    ("discourse.scale.dask", "discourse.scale.dask_corpus", ["DaskCorpus", "_shared_probe"]),
])
def test_old_module_paths(old, new, names):
    import importlib

    a, b = importlib.import_module(old), importlib.import_module(new)
    for name in names:
        assert getattr(a, name) is getattr(b, name), name
    with pytest.raises(AttributeError):
        a.no_such_name  # noqa: B018


def test_split_modules_are_short():
    from pathlib import Path

    root = Path(dc.__file__).parent
    for rel in ("text/io.py", "text/corpus.py", "text/build.py", "text/sections.py",
                "text/token_scan.py", "text/files.py", "text/metadata.py", "scale/dask.py",
                "scale/dask_corpus.py"):
        n = len((root / rel).read_text(encoding="utf-8").splitlines())
        assert n <= 410, (rel, n)


def test_compact_equals_fancy_indexing():
    """count_terms' in-place ``values[at]`` over several blocks of a million."""
    from discourse.stats.counts import _compact

    rng = np.random.default_rng(2)
    values = rng.integers(0, 1 << 40, size=3_000_000)
    at = np.flatnonzero(rng.random(len(values)) < 0.8)
    want = values[at].copy()
    assert np.array_equal(_compact(values.copy(), at), want)
    assert _compact(values.copy(), np.arange(len(values))).tolist()[:5] == values[:5].tolist()
    assert len(_compact(values.copy(), np.zeros(0, np.int64))) == 0
