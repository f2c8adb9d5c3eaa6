"""The report's kernels: a notebook run after another in the same kernel sees what a fresh kernel
shows; the report's progress lines (issue 25, points 2 and 5)."""

import asyncio
import json
import re

import nbformat
import pytest

from discourse.report import build as build_report
from discourse.report.notebook_run import ReportKernel

pytestmark = pytest.mark.slow  # kernels: seconds each

# a notebook that changes everything a notebook may change for the next one
MESSY = [
    "import os, sys, warnings\nimport pandas as pd\n"
    "import matplotlib\nimport matplotlib.pyplot as plt",
    "left_over = 41\npd.set_option('display.max_rows', 3)\n"
    "matplotlib.rcParams['lines.linewidth'] = 9\nwarnings.simplefilter('error')\n"
    "sys.path.append('/nowhere')\nos.chdir('/')\nfig = plt.figure()",
    "warnings.simplefilter('default')\nwarnings.warn('said once per place', UserWarning)",
]
# a notebook that shows all of it (and warns from the same place as MESSY did)
PROBE = [
    "import os, sys, warnings\nimport pandas as pd\n"
    "import matplotlib\nimport matplotlib.pyplot as plt",
    "print('left_over' in dir(), pd.get_option('display.max_rows'),"
    " matplotlib.rcParams['lines.linewidth'], os.path.basename(os.getcwd()) != '',"
    " '/nowhere' in sys.path, len(plt.get_fignums()))",
    "warnings.warn('said once per place', UserWarning)",
    "1 + 1",
]


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _shown(nb) -> list:
    """What a page shows of each cell: its count and its outputs (text, without ids)."""
    out = []
    for cell in nb.cells:
        shown = []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":  # a warning names the kernel's pid
                text = re.sub(r"ipykernel_\d+", "ipykernel_N", o["text"])
                if shown and shown[-1][0] == o["name"]:  # one print may arrive in two chunks
                    shown[-1] = (o["name"], shown[-1][1] + text)  # (a flush on a busy machine)
                else:
                    shown.append((o["name"], text))
            elif "data" in o:
                shown.append(("data", o["data"].get("text/plain")))
        out.append((cell.get("execution_count"), shown))
    return out


def _run(tmp_path, *paths):
    async def go():
        kernel = ReportKernel({}, tmp_path)
        try:
            await kernel.start()
            return [await kernel.run(p) for p in paths]
        finally:
            await kernel.shutdown()

    return asyncio.run(go())


def test_a_second_notebook_in_a_kernel_sees_what_a_fresh_kernel_shows(tmp_path):
    messy = _notebook(tmp_path / "01_messy.ipynb", MESSY)
    probe = _notebook(tmp_path / "02_probe.ipynb", PROBE)
    (fresh,) = _run(tmp_path, probe)
    _, after = _run(tmp_path, messy, probe)
    # the reference: the probe alone in a kernel of its own
    assert _shown(after) == _shown(fresh)
    counts = [c for c, _ in _shown(after)]
    assert counts == [1, 2, 3, 4]  # counting starts again at 1
    printed = _shown(after)[1][1][0][1]
    assert printed.startswith("False 60 ")  # no variable left, pandas' default max_rows
    assert "said once per place" in str(_shown(after)[2][1])  # the warning is shown again


def test_the_state_probe_can_fail(tmp_path):
    """Without the reset the probe differs from a fresh kernel: the test above can fail."""
    messy = _notebook(tmp_path / "01_messy.ipynb", MESSY)
    probe = _notebook(tmp_path / "02_probe.ipynb", PROBE)

    async def go():
        kernel = ReportKernel({}, tmp_path)
        try:
            await kernel.start()
            await kernel.run(messy)
            await kernel._new_client()  # a new client, but no reset_kernel()
            kernel.used = False
            return await kernel.run(probe)
        finally:
            await kernel.shutdown()

    dirty = asyncio.run(go())
    (fresh,) = _run(tmp_path, probe)
    assert _shown(dirty) != _shown(fresh)
    assert _shown(dirty)[1][1][0][1].startswith("True 3 9")


def test_the_report_says_each_notebook_on_stderr_when_watched(tmp_path, monkeypatch, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for i in (1, 2, 3):
        _notebook(nbs / f"0{i}_n.ipynb", ["import discourse as dc",
                                           "print(dc.report_context().corpus.name)"])
    monkeypatch.setenv("DISCOURSE_PROGRESS", "1")  # as in a terminal
    executed = {}
    index = build_report.build(out=tmp_path / "out", notebooks=nbs, jobs=2, executed=executed)
    captured = capsys.readouterr()
    assert index.exists()
    for i in (1, 2, 3):
        assert f"0{i}_n.ipynb" in captured.err
        # every notebook ran on the report's corpus, also the one after another in a kernel
        assert executed[f"0{i}_n"].cells[1].outputs[0]["text"] == "example\n"
    assert "report written to" in captured.out and "report written" not in captured.err
    monkeypatch.setenv("DISCOURSE_PROGRESS", "0")
    build_report.build(out=tmp_path / "out", notebooks=nbs, jobs=2)
    captured = capsys.readouterr()
    assert "ipynb" not in captured.err and "report written to" in captured.out
    assert json.loads(json.dumps(sorted(executed))) == ["01_n", "02_n", "03_n"]


def test_a_print_cut_into_two_messages_makes_the_same_page():
    """How a kernel's output was cut into stream messages depends on the machine's load; the
    page must not: consecutive outputs of one stream are one block."""
    import nbformat

    from discourse.report.notebook_run import render_notebook

    def page(pieces):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("print('InputError: ...'); print('Café crème')")
        cell["id"] = "cell-1"  # new cells get random ids
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in pieces]
        nb.cells = [cell]
        return render_notebook(nb, title="t"), nb

    whole, nb_whole = page(["InputError: ...\nCafé crème\n"])
    cut, nb_cut = page(["InputError: ...\n", "Café crème\n"])
    assert whole == cut
    assert len(nb_cut.cells[0].outputs) == 1  # the executed notebook a test reads, too
