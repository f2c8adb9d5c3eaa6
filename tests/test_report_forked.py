"""The report's kernels forked from one warmed process (issue 25, point 2): a forked kernel
shows what a kernel started the ordinary way shows, lives in a process group of its own, can be
interrupted, exits with its parent; the index written by a forked child is the index written
in the report's process; the kernels take the longest notebooks first."""

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest
from test_report_kernels import MESSY, PROBE, _notebook, _shown

import discourse as dc
from discourse._validate import InputError
from discourse.report.context import SNAPSHOT_VAR, build_context, write_snapshot
from discourse.report.forked_kernels import KernelParent
from discourse.report.notebook_run import WARM_MODULES, ReportKernel, kernel_env
from discourse.report.run_notebooks import longest_first

pytestmark = pytest.mark.slow  # kernels: seconds each

# what a kernel may differ in from another, shown by a notebook
SELF = [
    "import gc, os, sys, warnings\nimport matplotlib",
    "print(sys.path[0] == '', os.path.basename(os.getcwd()) == WORKDIR,"
    " sorted(k for k in os.environ if k.startswith('DISCOURSE_')),"
    " os.environ.get('PYTHONHASHSEED'), matplotlib.get_backend(),"
    " os.getpgid(0) == os.getpid(), gc.get_freeze_count() > 0)",
    "print(len(warnings.filters) > 0, 'ipykernel' in sys.modules)",
]


def _kernel_run(settings, workdir, paths, *, parent=None, also=None):
    async def go():
        kernel = ReportKernel(settings, workdir, kernel_parent=parent)
        try:
            await kernel.start()
            if also is not None:
                also(kernel)
            return [await kernel.run(p) for p in paths]
        finally:
            await kernel.shutdown()

    return asyncio.run(go())


@pytest.fixture
def parent(tmp_path):
    settings = {SNAPSHOT_VAR: str(tmp_path / ".snapshot.pickle")}
    kp = KernelParent(kernel_env(settings), tmp_path, WARM_MODULES)
    yield kp, settings
    kp.close()


def test_a_forked_kernel_shows_what_an_ordinary_kernel_shows(tmp_path, parent):
    kp, settings = parent
    self_cells = [SELF[0], f"WORKDIR = {tmp_path.name!r}", *SELF[1:]]
    probe = _notebook(tmp_path / "01_probe.ipynb", PROBE)
    messy = _notebook(tmp_path / "02_messy.ipynb", MESSY)
    itself = _notebook(tmp_path / "03_self.ipynb", self_cells)
    pids, kinds = [], []
    forked = _kernel_run(settings, tmp_path, [probe, messy, probe, itself], parent=kp,
                         also=lambda k: (pids.append(k.km.provisioner.pid),
                                         kinds.append(type(k.km.provisioner.process).__name__)))
    ordinary = _kernel_run(settings, tmp_path, [probe, itself])
    assert _shown(forked[0]) == _shown(ordinary[0])
    assert _shown(forked[2]) == _shown(ordinary[0])  # after a messy notebook, too
    assert _shown(forked[3]) == _shown(ordinary[1])
    shown = _shown(forked[3])[2][1][0][1]
    assert shown.split(" ", 1)[1] == ("True ['DISCOURSE_SNAPSHOT'] 0 "
                                      "module://matplotlib_inline.backend_inline True True\n")
    # it was forked by the kernel parent, not started by this process
    assert kinds == ["_Forked"] and pids[0] not in {p.pid for p in _children()}


def _children():
    import psutil

    return psutil.Process().children()


def test_a_forked_kernel_can_be_interrupted_and_exits_with_its_parent(tmp_path, parent):
    kp, settings = parent

    async def go():
        kernel = ReportKernel(settings, tmp_path, kernel_parent=kp)
        try:
            await kernel.start()
            msg_id = kernel.kc.execute("import time; time.sleep(60)")
            await asyncio.sleep(1.0)
            t0 = time.monotonic()
            await kernel.km.interrupt_kernel()
            while True:
                reply = await kernel.kc.get_shell_msg(timeout=20)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            interrupted = (reply["content"]["status"], reply["content"].get("ename"),
                           time.monotonic() - t0 < 15)
            pid = kernel.km.provisioner.pid
            assert type(kernel.km.provisioner.process).__name__ == "_Forked"
            assert os.getpgid(pid) == pid  # a process group of its own
            os.kill(kp.proc.pid, signal.SIGKILL)  # the kernel parent dies ...
            deadline = time.monotonic() + 15
            while kernel.km.provisioner.process.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            return interrupted, kernel.km.provisioner.process.poll() is not None
        finally:
            await kernel.shutdown()

    interrupted, exited = asyncio.run(go())
    assert interrupted == ("error", "KeyboardInterrupt", True)
    assert exited  # ... and its kernel exits by itself


def test_without_a_kernel_parent_the_kernel_starts_the_ordinary_way(tmp_path, parent):
    kp, settings = parent
    kp.close()  # gone: asked for a kernel, it cannot fork one
    probe = _notebook(tmp_path / "01_probe.ipynb", ["print(6 * 7)"])
    kinds = []
    (nb,) = _kernel_run(settings, tmp_path, [probe], parent=kp,
                        also=lambda k: kinds.append(type(k.km.provisioner.process).__name__))
    assert kinds == ["Popen"] and nb.cells[0].outputs[0]["text"] == "42\n"


def test_the_index_written_by_a_forked_child_is_the_one_written_here(tmp_path, parent):
    from discourse.report.site import write_site

    kp, settings = parent
    context = build_context(dc.load_example())
    write_snapshot(context, settings[SNAPSHOT_VAR])
    pages = [("01_a.html", "01 · A"), ("02_b.html", "02 · B")]
    (tmp_path / "forked").mkdir()
    (tmp_path / "here").mkdir()
    assert kp.write_site(tmp_path / "forked", pages) is True
    write_site(context, tmp_path / "here", pages=pages)
    names = sorted(p.name for p in (tmp_path / "here").iterdir())
    assert names == ["explorer.html", "index.html", "reading.html"]
    assert sorted(p.name for p in (tmp_path / "forked").iterdir()) == names
    for name in names:
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


def test_an_error_of_the_forked_child_reaches_the_report(tmp_path, parent):
    kp, _ = parent  # no snapshot was written: the child cannot load it
    with pytest.raises(InputError, match="snapshot cannot be read"):
        kp.write_site(tmp_path, [])
    assert not list(tmp_path.glob("*.html"))


def test_the_kernels_take_the_longest_notebook_first():
    paths = [Path(f"{n}_x.ipynb") for n in ("01", "02", "03", "04", "05", "06", "07")]
    # seconds by hand from NOTEBOOK_SECONDS (07: unknown, counted as 02); 100,000 words are
    # a measured size: 01 0.6, 02 3.3, 03 2.2, 04 2.0, 05 0.4, 06 1.8, 07 3.3
    assert [p.stem[:2] for p in longest_first(paths, 100_000)] == [
        "02", "07", "03", "04", "06", "01", "05"]
    # 10 million words: held at 1M's; 01 1.8, 02 18.1, 03 18.7, 04 31.1, 05 0.9, 06 14.4
    assert [p.stem[:2] for p in longest_first(paths, 10_000_000)] == [
        "04", "03", "02", "07", "06", "01", "05"]
    # halfway between 2,000 and 100,000 words on a log scale (about 14,142): the means, 03
    # (1.25 + 2.2) / 2 = 1.725 and 04 (1.95 + 2.0) / 2 = 1.975 swap places against 100,000's
    halfway = round(10 ** ((3.30103 + 5) / 2))
    assert [p.stem[:2] for p in longest_first(paths, halfway)] == [
        "02", "07", "04", "03", "06", "01", "05"]


def test_a_report_without_forked_kernels_has_the_same_pages(tmp_path, monkeypatch):
    from discourse.report import build as build_report
    from discourse.report import forked_kernels

    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "01_a.ipynb", ["import discourse as dc\nctx = dc.report_context()",
                                   "print(ctx.corpus.name, len(ctx.markers))",
                                   "dc.marker_rates(ctx.compared, ctx.markers).head(3)"])
    _notebook(nbs / "02_b.ipynb", ["import os\nprint(sorted(k for k in os.environ "
                                   "if k.startswith('DISCOURSE_')))"])
    forked = build_report.build(out=tmp_path / "forked", notebooks=nbs).parent
    monkeypatch.setattr(forked_kernels, "available", lambda: False)
    ordinary = build_report.build(out=tmp_path / "ordinary", notebooks=nbs).parent
    names = sorted(p.name for p in ordinary.glob("*.html"))
    assert names == ["01_a.html", "02_b.html", "explorer.html", "index.html", "reading.html"]
    for name in names:
        assert (forked / name).read_bytes() == (ordinary / name).read_bytes(), name
