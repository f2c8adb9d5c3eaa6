"""`discourse report`: refusals before any notebook runs, one line, exit 2; complete or untouched.

Every refusal is checked in a subprocess, as a student sees it: one line on stderr, exit status
2, no traceback, and no site folder created. The kill tests start a real build, stop it while
its kernels run, and check that the previous report is untouched and no process is left.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from discourse.report import build as build_report

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args, env=None, cwd=None, timeout=300):
    env = {**os.environ, "MPLBACKEND": "Agg", **(env or {})}
    for name in ("CORPUS", "BY", "FOCUS", "REFERENCE", "OUT", "NAME"):
        env.setdefault(name, "")
    return subprocess.run([sys.executable, "-m", "discourse", "report", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd or REPO,
                          timeout=timeout)


def assert_one_line_error(out, *needles):
    assert out.returncode == 2, (out.returncode, out.stdout[-500:], out.stderr[-2000:])
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    assert lines[0].startswith("discourse report: ")
    for n in needles:
        assert n in lines[0], (n, lines[0])
    assert "ipynb" not in out.stdout  # no notebook ran
    return lines[0]


@pytest.fixture()
def groups_csv(tmp_path):
    p = tmp_path / "speeches.csv"
    p.write_text("doc_id,group,text\n"
                 "a,Republican,We will certainly cut taxes.\n"
                 "b,Democratic,It may perhaps help families.\n"
                 "c,Green,Trees are good.\n", encoding="utf-8")
    return p


def test_unknown_focus_is_refused_with_the_groups(groups_csv, tmp_path):
    out = run_cli(groups_csv, "--focus", "Republicans", "--out", tmp_path / "site")
    line = assert_one_line_error(out, "'Republicans'", "'Republican'", "'Democratic'", "'Green'")
    assert "focus" in line
    assert not (tmp_path / "site" / "speeches").exists()
    out = run_cli(groups_csv, "--focus", "Green", "--reference", "Blue", "--out", tmp_path)
    assert_one_line_error(out, "reference", "'Blue'")


def test_unknown_by_is_refused_with_the_columns(groups_csv, tmp_path):
    out = run_cli(groups_csv, "--by", "party", "--out", tmp_path / "site")
    assert_one_line_error(out, "by='party'", "'group'", "'doc_id'")
    assert not (tmp_path / "site" / "speeches").exists()
    # a value that is not in the chosen column
    out = run_cli(groups_csv, "--by", "doc_id", "--focus", "Green", "--out", tmp_path / "site")
    assert_one_line_error(out, "focus", "'Green'", "'a'")


@pytest.mark.parametrize(("text", "says"), [("", "empty"), ("... !!! ???", "nothing to analyse"),
                                            ("-- ... -- !", "nothing to analyse")])
def test_nothing_to_analyse_is_one_line(tmp_path, text, says):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    out = run_cli(folder, "--out", tmp_path / "site")
    assert_one_line_error(out, says)
    assert not (tmp_path / "site" / "empty").exists()


def test_unreadable_corpus_is_one_line(tmp_path):
    out = run_cli(tmp_path / "nowhere", "--out", tmp_path / "site")
    assert_one_line_error(out, "points nowhere")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"doc_id,text\n\xff\xfe\x00bad")
    assert_one_line_error(run_cli(bad, "--out", tmp_path / "site"))


def test_unwritable_output_is_refused(tmp_path, groups_csv):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    out = run_cli(groups_csv, "--out", blocker / "reports")
    assert_one_line_error(out, "cannot write the report into")


def test_a_folder_that_is_not_a_report_is_left_alone(tmp_path, groups_csv):
    precious = tmp_path / "out" / "speeches"
    precious.mkdir(parents=True)
    (precious / "thesis.docx").write_text("my thesis")
    out = run_cli(groups_csv, "--out", tmp_path / "out")
    assert_one_line_error(out, "is not a discourse report")
    assert (precious / "thesis.docx").read_text() == "my thesis"


def test_a_second_run_on_the_same_folder_is_refused(tmp_path, groups_csv):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    lock = out_dir / ".speeches.lock"
    lock.write_text(json.dumps(build_report._lock_record(os.getpid())))  # a live process
    out = run_cli(groups_csv, "--out", out_dir)
    # the message names the process, the lock file and how to remove it
    assert_one_line_error(out, "another report is being written", str(os.getpid()), str(lock),
                          "rm ")
    # a lock left by a dead process is taken over (preflight only: the lock is released)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock.write_text(str(dead.pid))
    with build_report.site_lock(out_dir / "speeches"):
        record = json.loads(lock.read_text())
        assert record["pid"] == os.getpid() and record["host"] and record["started"]
    assert not lock.exists()


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_report_hands_the_path_over_unchanged(tmp_path):
    if not (REPO / ".venv" / ".done").exists():
        pytest.skip("make report needs the repository's .venv (make setup)")
    pwned = tmp_path / "pwned"
    weird = f'{tmp_path}/my "texts" $HOME `touch {pwned}1` $(shell touch {pwned}2) \'q\''
    env = {**os.environ, "MAKEFLAGS": ""}
    out = subprocess.run(["make", "-s", "report", f"CORPUS={weird}", "FOCUS=x"], cwd=REPO,
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode != 0
    assert not list(tmp_path.glob("pwned*")), "the shell ran code from the path"
    # the program got the path as it was typed (quotes, $HOME and backticks unexpanded)
    assert repr(weird) in out.stderr, out.stderr


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_report_hands_by_over_unchanged(tmp_path, groups_csv):
    if not (REPO / ".venv" / ".done").exists():
        pytest.skip("make report needs the repository's .venv (make setup)")
    pwned = tmp_path / "pwned"
    weird = f'my "col" $HOME `touch {pwned}1` $(shell touch {pwned}2)'
    env = {**os.environ, "MAKEFLAGS": "", "BY": "", "FOCUS": "", "REFERENCE": ""}
    out = subprocess.run(["make", "-s", "report", f"CORPUS={groups_csv}", f"BY={weird}",
                          f"OUT={tmp_path / 'site'}"], cwd=REPO, capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode != 0
    assert not list(tmp_path.glob("pwned*")), "the shell ran code from BY"
    assert f"by={weird!r} is not a column" in out.stderr, out.stderr


# -- complete or untouched ------------------------------------------------------------------------
@pytest.fixture()
def old_report(tmp_path):
    """A finished report of an earlier run in out/example/."""
    site = tmp_path / "out" / "example"
    site.mkdir(parents=True)
    (site / build_report.MARKER).write_text("earlier run\n")
    (site / "index.html").write_text("<p>the old report</p>")
    return site


def _start_build(out: Path):
    env = {**os.environ, "MPLBACKEND": "Agg", "CORPUS": "", "BY": "", "FOCUS": "",
           "REFERENCE": ""}
    return subprocess.Popen([sys.executable, "-m", "discourse", "report", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=REPO)


def _wait_for_kernels(proc, n=1, timeout=120) -> list[psutil.Process]:
    """The build's descendants once at least ``n`` kernels run."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = parent.children(recursive=True)
        kernels = [k for k in kids if "ipykernel" in " ".join(_cmdline(k))]
        if len(kernels) >= n:
            time.sleep(1.0)  # let them start executing
            return parent.children(recursive=True)
        time.sleep(0.2)
    raise AssertionError("no kernel started")


def _cmdline(p):
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def _gone(procs, timeout=15) -> list:
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    return [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_run_leaves_the_old_report_and_no_process(old_report, sig):
    out = old_report.parent
    proc = _start_build(out)
    kids = _wait_for_kernels(proc, n=2)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, (proc.returncode, stderr[-2000:])
    assert "Traceback" not in stderr and "stopped" in stderr
    assert (old_report / "index.html").read_text() == "<p>the old report</p>"
    assert sorted(p.name for p in out.iterdir()) == ["example"]  # no temp folder, no lock
    assert _gone(kids) == [], [(p.pid, _cmdline(p)) for p in kids if p.is_running()]


def test_a_killed_run_leaves_the_old_report_and_its_kernels_exit(old_report):
    out = old_report.parent
    proc = _start_build(out)
    kids = _wait_for_kernels(proc, n=1)
    tmp = Path(tempfile.gettempdir())
    made = list(tmp.glob(f"dck-{proc.pid}-*")) + list(tmp.glob(f"dck-parent-{proc.pid}-*"))
    assert made, "the run's kernel folders are named after it"
    proc.kill()  # SIGKILL: no clean-up code runs at all
    proc.communicate(timeout=60)
    assert (old_report / "index.html").read_text() == "<p>the old report</p>"
    # kernels notice that their parent is gone and exit by themselves
    assert _gone(kids, timeout=30) == [], [(p.pid, _cmdline(p)) for p in kids if p.is_running()]
    # the next run cleans up what the killed one left (lock, temporary folder)
    assert build_report.preflight(None, out=out).target == old_report
    with build_report.site_lock(old_report):
        pass
    assert sorted(p.name for p in out.iterdir()) == ["example"]
    # and its kernels' folders in the temporary folder (named after the killed process)
    assert [p for p in made if p.exists()] == []


def test_a_failing_notebook_leaves_the_old_report(old_report, tmp_path):
    import nbformat

    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Good"),
                                           nbformat.v4.new_code_cell("1 + 1")])
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                          nbformat.v4.new_code_cell("raise ValueError('no')")])
    nbformat.write(good, nbs / "01_good.ipynb")
    nbformat.write(bad, nbs / "02_bad.ipynb")
    with pytest.raises(build_report.InputError, match=r"02_bad.ipynb stopped at cell 1: "
                                                      r"ValueError: no; the previous report"):
        build_report.build(out=old_report.parent, notebooks=nbs, log=lambda line: None)
    assert (old_report / "index.html").read_text() == "<p>the old report</p>"
    assert sorted(p.name for p in old_report.parent.iterdir()) == ["example"]
    # and with both notebooks fine, the site is replaced as a whole
    nbformat.write(good, nbs / "02_bad.ipynb")
    index = build_report.build(out=old_report.parent, notebooks=nbs, log=lambda line: None)
    assert index == old_report / "index.html"
    assert {p.name for p in old_report.iterdir()} == {
        "index.html", "reading.html", "explorer.html", "01_good.html", "02_bad.html",
        build_report.MARKER}


def test_a_stop_wrapped_by_a_library_is_still_a_stop():
    """A signal that arrives inside a library which wraps it in its own error (lark's
    VisitError keeps it as ``orig_exc``) ends the run as stopped (130), not as failed (2)."""
    from discourse.cli import _was_stopped
    from discourse.report.build import Interrupted

    class VisitError(Exception):
        def __init__(self, orig):
            super().__init__("Error trying to process rule")
            self.orig_exc = orig

    kinds = (Interrupted, KeyboardInterrupt)
    assert _was_stopped(VisitError(Interrupted("SIGINT")), kinds)
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ValueError("while parsing") from None
    except ValueError as err:
        assert _was_stopped(err, kinds)  # still the context, even with "from None"
    assert not _was_stopped(ValueError("a real failure"), kinds)
