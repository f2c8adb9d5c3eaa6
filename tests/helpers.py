"""Checks and fixtures-by-hand shared by several test files."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]

MARKER_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "text", "category",
                  "subcategory", "entry", "rule"]


def hand_markers(corpus, cues, *, subcategory=""):
    """A markers table written by hand: one row per (doc_id, cue, category), the cue's first
    occurrence in the document found with str.find; the row's sentence from the offsets."""
    rows = []
    for doc_id, cue, category in cues:
        text = corpus.text_of(doc_id)
        start = text.find(cue)
        assert start >= 0, cue
        s = corpus.sentences[(corpus.sentences.doc_id == doc_id)
                             & (corpus.sentences.start <= start)
                             & (corpus.sentences.end > start)].iloc[0]
        rows.append({"doc_id": doc_id, "para_id": s.para_id, "sent_id": s.sent_id,
                     "start": start, "end": start + len(cue), "text": cue, "category": category,
                     "subcategory": subcategory, "entry": cue.lower(), "rule": "test"})
    return pd.DataFrame(rows, columns=MARKER_COLUMNS)


def check_corpus(corpus) -> None:
    """Offsets slice the raw text to each row's text; tokens never overlap and never hold
    whitespace; every other character of a paragraph is in exactly one token; tokens and the
    whitespace between them rebuild each paragraph; ids count from 0 without gaps."""
    texts = dict(zip(corpus.documents.doc_id, corpus.documents.text, strict=True))
    for table in ("paragraphs", "sentences", "tokens"):
        df = getattr(corpus, table)
        assert isinstance(df.index, pd.RangeIndex)
        for d, s, e, t in zip(df.doc_id.astype(str), df.start, df.end, df.text.astype(str),
                              strict=True):
            assert texts[d][s:e] == t, (table, d, s, e)
    tok = corpus.tokens
    for doc_id, text in texts.items():
        t = tok[tok.doc_id == doc_id]
        covered = np.zeros(len(text), dtype=int)
        for s, e in zip(t.start, t.end, strict=True):
            covered[s:e] += 1
        assert covered.max(initial=0) <= 1
        assert not any(text[i].isspace() for i in np.flatnonzero(covered))
        paras = corpus.paragraphs[corpus.paragraphs.doc_id == doc_id]
        for s, e in zip(paras.start, paras.end, strict=True):
            for i in range(s, e):
                assert covered[i] == (0 if text[i].isspace() else 1), (repr(text[i]), i)
        for p, s, e in zip(paras.para_id, paras.start, paras.end, strict=True):
            pt = t[t.para_id == p]
            rebuilt, pos = [], s
            for a, b in zip(pt.start, pt.end, strict=True):
                gap = text[pos:a]
                assert gap.strip() == ""
                rebuilt.append(gap + text[a:b])
                pos = b
            assert "".join(rebuilt) + text[pos:e] == text[s:e]
        assert t.tok_id.tolist() == list(range(len(t)))
        sents = corpus.sentences[corpus.sentences.doc_id == doc_id]
        assert sents.sent_id.tolist() == list(range(len(sents)))
        assert paras.para_id.tolist() == list(range(len(paras)))


def fake_python_showing_argv(tmp_path: Path) -> Path:
    """A stand-in for make's ``PY``: prints, as JSON, the arguments ``discourse.cli.make_argv``
    makes of its environment (what `make report` would hand to the program)."""
    show = tmp_path / "show.py"
    show.write_text(f"import json, os, sys\nsys.path.insert(0, {str(REPO)!r})\n"
                    "import discourse.cli as c\nprint(json.dumps(c.make_argv(os.environ)))\n")
    fake = tmp_path / "fakepy"
    fake.write_text(f"#!/bin/sh\nexec {sys.executable} {show}\n")
    fake.chmod(0o755)
    return fake
