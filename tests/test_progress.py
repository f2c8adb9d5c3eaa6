"""Progress a person can see, and only then (issue 25, point 5): discourse/_progress.py."""

import pandas as pd
import pytest

from discourse import _progress
from discourse.report.notebook_run import kernel_env
from discourse.text.build import build_corpus


@pytest.fixture
def watched(monkeypatch):
    """As in a terminal: no pytest marker, standard error a TTY."""
    monkeypatch.setattr(_progress, "_in_tests", lambda: False)
    monkeypatch.delenv("DISCOURSE_PROGRESS", raising=False)
    monkeypatch.delenv("DISCOURSE_SNAPSHOT", raising=False)
    monkeypatch.setattr(_progress, "_terminal", lambda: True)


def test_silent_in_tests():
    assert not _progress.visible()
    assert not _progress.wanted(100.0)


def test_shown_in_a_terminal_for_long_work_only(watched):
    assert _progress.visible()
    assert _progress.wanted(None) and _progress.wanted(_progress.SECONDS + 0.1)
    assert not _progress.wanted(_progress.SECONDS - 0.1)
    assert not _progress.wanted(100.0, progress=False)  # the caller's choice wins


def test_silent_when_stderr_is_not_a_terminal(watched, monkeypatch):
    monkeypatch.setattr(_progress, "_terminal", lambda: False)
    assert not _progress.visible()
    monkeypatch.setenv("DISCOURSE_PROGRESS", "1")
    assert _progress.visible()


def test_silent_in_a_report_kernel(watched, monkeypatch):
    # a report kernel has DISCOURSE_SNAPSHOT and no DISCOURSE_PROGRESS of the caller
    monkeypatch.setenv("DISCOURSE_PROGRESS", "1")
    env = kernel_env({"DISCOURSE_SNAPSHOT": "/run/x.pickle"})
    assert "DISCOURSE_PROGRESS" not in env
    monkeypatch.delenv("DISCOURSE_PROGRESS")
    monkeypatch.setenv("DISCOURSE_SNAPSHOT", env["DISCOURSE_SNAPSHOT"])
    assert not _progress.visible()


def test_estimates_are_rates():
    assert _progress.seconds(20_000_000, "characters") == pytest.approx(
        20_000_000 / _progress.RATES["characters"])


def _docs(n=50):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)],
                         "text": ["Perhaps this is clear. It may rain."] * n})


def test_building_tables_shows_a_bar_only_when_long_and_watched(watched, monkeypatch, capsys):
    build_corpus(_docs(), n_jobs=1)  # small: well under two seconds
    assert "building tables" not in capsys.readouterr().err
    monkeypatch.setitem(_progress.RATES, "characters", 100)  # now "long"
    build_corpus(_docs(), n_jobs=1)
    assert "building tables" in capsys.readouterr().err
    build_corpus(_docs(), n_jobs=1, progress=False)
    assert "building tables" not in capsys.readouterr().err


def test_reading_a_folder_shows_a_bar_when_long(watched, monkeypatch, capsys, tmp_path):
    import discourse as dc

    for i in range(5):
        (tmp_path / f"t{i}.txt").write_text("It may rain.", encoding="utf-8")
    dc.read_folder(tmp_path)
    assert "reading" not in capsys.readouterr().err
    monkeypatch.setitem(_progress.RATES, "files", 1)
    corpus = dc.read_folder(tmp_path)
    assert "reading" in capsys.readouterr().err
    assert len(corpus.documents) == 5


def test_reading_a_csv_shows_a_bar_when_long(watched, monkeypatch, capsys, tmp_path):
    import discourse as dc

    f = tmp_path / "c.csv"
    _docs(5).to_csv(f, index=False)
    monkeypatch.setitem(_progress.RATES, "csv bytes", 1)
    assert len(dc.read_csv(f).documents) == 5
    assert "reading c.csv" in capsys.readouterr().err


def test_nothing_under_pytest_even_when_long(monkeypatch, capsys):
    monkeypatch.setitem(_progress.RATES, "characters", 100)
    build_corpus(_docs(), n_jobs=1)
    assert capsys.readouterr().err == ""
