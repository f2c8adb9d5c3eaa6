"""The report's temporary folders: named after their maker, swept when it is gone (issue 25)."""

import os
import subprocess
import sys

from discourse.report import scratch


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_sweep_removes_only_report_folders_of_gone_processes(tmp_path):
    dead, live = _dead_pid(), os.getpid()
    for name in (f"dck-{dead}-ab", f"dck-parent-{dead}-cd", f"dck-{live}-ef",
                 f"dck-parent-{live}-gh", "dck-x1y2", f"other-{dead}-ij"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "kernel.log").write_text("log")
    (tmp_path / f"dck-{dead}-file").write_text("a file, not a folder")
    assert scratch.sweep(tmp_path) == [f"dck-{dead}-ab", f"dck-parent-{dead}-cd"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"dck-{live}-ef", f"dck-parent-{live}-gh", "dck-x1y2", f"other-{dead}-ij",
         f"dck-{dead}-file"])


def test_folder_names_its_maker():
    f = scratch.folder()
    try:
        assert os.path.basename(f).startswith(f"dck-{os.getpid()}-")
        assert scratch.sweep(os.path.dirname(f)).count(os.path.basename(f)) == 0
        assert os.path.isdir(f)
    finally:
        os.rmdir(f)
