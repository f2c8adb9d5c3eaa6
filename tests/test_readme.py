"""Every Python code line of the README runs (issue 22): the ```python blocks in order, in one
namespace, and every inline code span that is a Python expression on ``dc`` or a corpus. The
Dask block (it needs ``dask`` and a cluster) and Dask's ``corpus.compute()`` are skipped."""

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

import discourse as dc

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)
SPAN = re.compile(r"(?<!`)`([^`]+)`(?!`)")
SKIPPED = ("dask", "corpus.compute()", ".persist()")


def _blocks(text: str) -> list[str]:
    return [b for b in BLOCK.findall(text) if "dask" not in b.lower()]


def _spans(text: str) -> list[str]:
    """Inline code that is Python on ``dc``, a corpus or a row (joined over line breaks); a span
    that starts with "." continues the one before it (``dc.explore(corpus)`` ``.save(...)``)."""
    prose = BLOCK.sub("", re.sub(r"```.*?```", "", text, flags=re.S))
    out = []
    for span in SPAN.findall(prose):
        span = " ".join(span.split())
        if span.startswith(".") and out:
            if not any(s in span for s in SKIPPED):
                out.append(out[-1] + span)
            continue
        if not span.startswith(("dc.", "corpus.", "row")) or any(s in span for s in SKIPPED):
            continue
        try:
            ast.parse(span)
        except SyntaxError:  # "dc.*": a pattern, not code
            continue
        out.append(span)
    return out


def _speeches(folder: Path) -> None:
    """The folder the README's examples name: speeches of two parties."""
    folder.mkdir()
    texts = {"r1": "We may win. Perhaps the economy will grow.",
             "r2": "Clearly we will win. The economy grows.",
             "d1": "It is certain that jobs matter. We will act.",
             "d2": "Jobs may return. Perhaps we act now."}
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    pd.DataFrame({"doc_id": list(texts), "group": ["Republican", "Republican", "Democratic",
                                                   "Democratic"]}).to_csv(
        folder / "metadata.csv", index=False)


def test_the_readme_has_code_to_run():
    text = README.read_text(encoding="utf-8")
    assert len(_blocks(text)) >= 2 and len(_spans(text)) >= 8


def test_every_python_line_of_the_readme_runs(tmp_path, monkeypatch):
    text = README.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCOURSE_CORPUS", raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    _speeches(tmp_path / "speeches")
    ns: dict = {}
    for block in _blocks(text):
        exec(compile(block, "README.md", "exec"), ns)  # noqa: S102 - the README's own code
    # a corpus with the README's groups ("left", "right") for the spans that name them
    ex = ns["corpus"]
    sents = ex.sentences.text.tolist()
    grouped = dc.from_frame(pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(10)],
        "group": ["left", "right"] * 5,
        "text": [" ".join(sents[i::10]) for i in range(10)]}))
    spans = _spans(text)
    for span in sorted(spans, key=lambda s: not s.startswith("row = ")):  # definitions first
        local = dict(ns, corpus=grouped if '"left"' in span else ex)
        try:
            if span.startswith("row = "):
                exec(span, local)  # noqa: S102
                ns["row"] = local["row"]
            else:
                eval(span.replace('"explorer.html"', repr(str(tmp_path / "explorer.html"))),
                     local)  # noqa: S307
        except Exception as err:  # noqa: BLE001 - name the line that failed
            pytest.fail(f"README line {span!r} fails: {type(err).__name__}: {err}")
    row = ex.sentences.iloc[3]
    assert ex.text_of(row.doc_id)[row.start:row.end] == row.text  # what the README promises
