"""Notebooks are stored without outputs, numbered, with learning goals first and exercises last."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS and all(p.name[:2].isdigit() for p in NOTEBOOKS)
    # the guide to one's own texts and the coding notebook (issue 26) are both there
    names = [p.name for p in NOTEBOOKS]
    assert any(n.endswith("_your_own_texts.ipynb") for n in names) or len(NOTEBOOKS) < 5
    assert "06_code_and_teach.ipynb" in names or len(NOTEBOOKS) < 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None
    first = "".join(nb["cells"][0]["source"]).lower()
    last = "".join(nb["cells"][-1]["source"]).lower()
    assert "learning goals" in first
    assert "exercise" in last
    for cell in nb["cells"]:
        assert "nltk.download" not in "".join(cell["source"])
