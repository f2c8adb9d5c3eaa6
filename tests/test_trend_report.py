"""Stance over time in the report (issue 26, part 2): --time / TIME= checked at preflight, the
index's "Over time" section computed from the texts (and absent without --time), notebook 03's
section with a time column and without one."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from helpers import fake_python_showing_argv
from nbclient import NotebookClient

import discourse as dc
from discourse import cli
from discourse.report import build as build_report
from discourse.report.context import build_context
from discourse.report.index_page import index_html, trend_context

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "03_hedging_certainty.ipynb"


def _speeches() -> pd.DataFrame:
    """Twenty speeches, 1900-1995, two parties; hedges thin out, boosters stay."""
    rows = []
    for i in range(20):
        hedges = " ".join(["Perhaps we may succeed."] * max(0, 5 - i // 4))
        rows.append({"doc_id": f"s{i:02d}", "group": "red" if i % 2 else "blue",
                     "year": 1900 + 5 * i,
                     "text": f"{hedges} We will clearly build roads. The budget grew by "
                             f"{i} percent and the council met in the hall."})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def year_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("years") / "speeches.csv"
    _speeches().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def context(year_csv):
    return build_context(dc.read_csv(year_csv), time="year", origin=str(year_csv))


# -- preflight -------------------------------------------------------------------------------
@pytest.mark.parametrize("time, match", [("decade", "time='decade' is not a column"),
                                         ("group", "not numeric")])
def test_a_bad_time_is_refused_at_preflight(year_csv, tmp_path, time, match):
    with pytest.raises(dc.InputError, match=match):
        build_report.preflight(year_csv, out=tmp_path / "out", time=time)
    assert build_report.preflight(year_csv, out=tmp_path / "out",
                                  time="year").context.time == "year"
    assert build_report.preflight(year_csv, out=tmp_path / "out").context.time is None


def test_the_command_line_refuses_a_bad_time_before_any_notebook(year_csv, tmp_path, capsys):
    assert cli.main(["report", str(year_csv), "--out", str(tmp_path), "--time", "decade"]) == 2
    err = capsys.readouterr().err
    assert "time='decade' is not a column" in err and "year" in err
    assert not (tmp_path / "speeches").exists()
    assert cli.parser().parse_args(["report", "--time", "year"]).time == "year"
    assert cli.parser().parse_args(["report"]).time is None


def test_make_argv_passes_time():
    argv = cli.make_argv({"DISCOURSE_MAKE_SET": "CORPUS TIME", "DISCOURSE_MAKE_TIME": "year",
                          "DISCOURSE_MAKE_CORPUS": "x.csv"})
    assert argv == ["report", "--time=year", "--", "x.csv"]


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_report_hands_over_time(tmp_path):
    fake = fake_python_showing_argv(tmp_path)
    env = {**os.environ, "MAKEFLAGS": "", "TIME": "from-the-environment"}
    out = subprocess.run(["make", "-s", "-o", "setup", "-o", ".venv/.done", "report",
                          f"PY={fake}", "TIME=year"], cwd=REPO, capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == ["report", "--time=year"]
    out = subprocess.run(["make", "-s", "-o", "setup", "-o", ".venv/.done", "report",
                          f"PY={fake}"], cwd=REPO, capture_output=True, text=True, env=env,
                         timeout=120)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == ["report"]


def test_report_context_by_hand_reads_discourse_time(year_csv, monkeypatch):
    monkeypatch.delenv("DISCOURSE_SNAPSHOT", raising=False)
    monkeypatch.setenv("DISCOURSE_CORPUS", str(year_csv))
    monkeypatch.setenv("DISCOURSE_TIME", "year")
    assert dc.report_context().time == "year"
    monkeypatch.setenv("DISCOURSE_TIME", "decade")
    with pytest.raises(dc.InputError, match="decade"):
        dc.report_context()
    monkeypatch.delenv("DISCOURSE_TIME")
    assert dc.report_context().time is None


def test_the_snapshot_carries_time(context, tmp_path, monkeypatch):
    from discourse.report.context import write_snapshot

    plain = build_context(context.corpus, origin=context.origin)
    monkeypatch.setenv("DISCOURSE_SNAPSHOT", str(write_snapshot(context, tmp_path / "a.pkl")))
    monkeypatch.setenv("DISCOURSE_TIME", "decade")  # never read inside a report
    assert dc.report_context().time == "year"
    monkeypatch.setenv("DISCOURSE_SNAPSHOT", str(write_snapshot(plain, tmp_path / "b.pkl")))
    assert dc.report_context().time is None
    chosen = dc.report_context(time="year")  # the same comparisons, with a time column
    assert chosen.time == "year" and chosen.main.describe() == plain.main.describe()
    with pytest.raises(dc.InputError, match="group"):
        dc.report_context(time="group")


# -- the index -------------------------------------------------------------------------------
def test_without_time_the_index_has_no_trend(year_csv):
    plain = build_context(dc.read_csv(year_csv), origin=str(year_csv))
    assert trend_context(plain) is None
    html = index_html(plain, pages=[])
    assert "Over time" not in html and 'id="over-time"' not in html


def test_the_index_shows_the_trend_computed_from_the_texts(context):
    html = index_html(context, pages=[])
    section = html[html.index('id="over-time"'):html.index("<h2>Pages</h2>")]
    assert re.search(r'<img class="figure" src="data:image/png;base64,', section)
    # the hedges of the first period, counted here from the markers and the word counts
    docs = context.compared.documents
    hedges = context.markers[context.markers.category == "hedge"].doc_id.astype(str)
    per_doc = hedges.value_counts().reindex(docs.doc_id.astype(str), fill_value=0).to_numpy()
    # 20 distinct years, 20 documents: "auto" makes max(2, 20 // 10) = 2 bins of 10
    assert "1900-1945" in section and "1950-1995" in section
    first = docs.year.to_numpy() <= 1945
    rate = 1000 * per_doc[first].sum() / docs.n_words[first].sum()
    assert f"{rate:.1f} (" in section
    # the verdict: hedges fall, more than chance would make over the documents
    tr = dc.trend(context.compared, context.markers, time="year", bins="auto")
    assert tr.test.set_index("category").loc["hedge", "is_trend"]
    assert tr.test.set_index("category").loc["hedge", "slope"] < 0
    assert tr.headline.replace("'", "&#39;") in section
    assert "falling: hedge" in tr.headline
    assert "9,999" in section  # the permutations, as run


def test_the_index_says_why_when_the_trend_cannot_be_computed(year_csv):
    frame = _speeches()
    ctx = build_context(dc.from_frame(frame.assign(year=[1900] * 19 + [1901])), time="year")
    ctx = type(ctx)(**{**ctx.__dict__, "compared": dc.from_frame(frame.assign(year=1900))})
    section = trend_context(ctx)
    assert section["why"].startswith("Not computed:") and "two periods" in section["why"]
    assert "Not computed:" in index_html(ctx, pages=[])


# -- notebook 03 -----------------------------------------------------------------------------
def _run(corpus: Path, monkeypatch, time: str | None):
    monkeypatch.setenv("DISCOURSE_CORPUS", str(corpus))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISCOURSE_SNAPSHOT", raising=False)
    if time is None:
        monkeypatch.delenv("DISCOURSE_TIME", raising=False)
    else:
        monkeypatch.setenv("DISCOURSE_TIME", time)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## 11. Stance over"))
    end = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Exercises"))
    return nb.cells[start:end]


def _texts(cells) -> str:
    parts = []
    for cell in cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", out
            parts.append(out.get("text", ""))
            parts.extend(str(v) for k, v in out.get("data", {}).items() if k.startswith("text"))
    return "\n".join(parts)


def test_notebook_03_teaches_the_trend_with_a_time_column(year_csv, monkeypatch):
    cells = _run(year_csv, monkeypatch, "year")
    text = _texts(cells)
    images = sum("image/png" in out.get("data", {}) for c in cells
                 for out in c.get("outputs", []))
    assert images == 1
    tr = dc.trend(dc.report_context(year_csv).compared, dc.report_context(year_csv).markers,
                  time="year", bins="auto")
    assert dc.escape_markdown(tr.headline) in text  # the same sentence as the index
    assert "boot_ci_low" in text and "slope_ci_low" in text
    md = dc.escape_markdown  # the keyness of the first third against the last
    assert f"**{md('1900-1930')}** against **{md('1970-1995')}**: 7 and 6 documents" in text
    assert np.isfinite(tr.test.p_value[tr.test.n > 0]).all()


def test_notebook_03_says_in_one_line_why_without_a_time_column(monkeypatch, tmp_path):
    path = tmp_path / "plain.csv"
    _speeches().drop(columns="year").to_csv(path, index=False)
    text = _texts(_run(path, monkeypatch, None))
    assert "Stance over time: not computed: no time column was chosen" in text
    assert "Words over time: not computed" in text
