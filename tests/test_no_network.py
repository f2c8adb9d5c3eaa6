"""No network at run time.

The suite runs with outbound connections blocked by pytest-socket (``addopts`` in
``pyproject.toml``: ``--allow-hosts=127.0.0.1,::1 --allow-unix-socket``; localhost stays open
for the Jupyter kernels that nbmake and the report builder talk to). These tests check that
the block is on, that no code in ``discourse/``, ``notebooks/`` or ``scripts/`` calls
``nltk.download`` or loads NLTK data, and that the whole pipeline runs in a fresh interpreter
where any connection and any NLTK data lookup raises.
"""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {("nltk", "download"), ("nltk", "data", "load"), ("nltk", "data", "find"),
             ("nltk", "downloader")}


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_outbound_connections_are_blocked():
    from pytest_socket import SocketConnectBlockedError

    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1, never routed
    with pytest.raises(SocketConnectBlockedError):
        urllib.request.urlopen("http://93.184.215.14/", timeout=1)


def test_localhost_stays_open():
    """What the Jupyter kernels of nbmake and `make report` need."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        client = socket.create_connection(server.getsockname(), timeout=2)
        client.close()
    finally:
        server.close()


def _dotted(node: ast.AST) -> tuple[str, ...] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return (node.id, *reversed(parts))
    return None


def nltk_data_calls(source: str, where: str) -> list[str]:
    """Every use of nltk.download / nltk.data.load / nltk.data.find / nltk.downloader."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            name = _dotted(node)
            if name and any(name[:len(f)] == f for f in FORBIDDEN):
                found.append(f"{where}:{node.lineno}: {'.'.join(name)}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nltk"):
            for alias in node.names:
                full = (*node.module.split("."), alias.name)
                if any(full[:len(f)] == f for f in FORBIDDEN) or (
                        node.module == "nltk.data" and alias.name in ("load", "find")):
                    found.append(f"{where}:{node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("nltk.downloader"):
                    found.append(f"{where}:{node.lineno}: import {alias.name}")
    return found


def _sources():
    for folder in ("discourse", "scripts", "benchmarks"):
        for path in sorted((REPO / folder).rglob("*.py")):
            yield path.relative_to(REPO).as_posix(), path.read_text("utf-8")
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text("utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                # IPython magics and shell escapes are not Python
                src = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                                for line in src.splitlines())
                yield f"{path.relative_to(REPO).as_posix()}[cell {i}]", src


def test_nothing_calls_nltk_download_or_loads_nltk_data():
    sources = list(_sources())
    assert any(w.startswith("discourse/") for w, _ in sources)
    assert any(w.startswith("notebooks/") for w, _ in sources)
    found = [hit for where, src in sources for hit in nltk_data_calls(src, where)]
    assert not found, found


def test_the_scanner_finds_what_it_looks_for():
    src = textwrap.dedent("""
        import nltk
        nltk.download("punkt")
        tok = nltk.data.load("tokenizers/punkt/english.pickle")
        from nltk.data import find
        from nltk import downloader
    """)
    assert len(nltk_data_calls(src, "x.py")) == 4


PIPELINE = textwrap.dedent("""
    import socket, sys
    def refuse(*args, **kwargs):
        raise RuntimeError("network or NLTK data used: " + repr(args)[:200])
    _connect = socket.socket.connect
    def connect(self, address):
        if self.family == socket.AF_UNIX or address[0] in ("127.0.0.1", "::1", "localhost"):
            return _connect(self, address)
        refuse(address)
    socket.socket.connect = connect
    socket.getaddrinfo = refuse
    import nltk, nltk.data
    nltk.download = nltk.data.load = nltk.data.find = refuse
    nltk.data.path[:] = []

    import discourse as dc
    from discourse.report import site as report_pages
    from discourse.report.context import build_context
    c = dc.load_example()
    a, b = c.doc_ids
    counts = dc.count_terms(c)
    dc.keyness(counts, focus=a, reference=b)
    dc.tf_idf(dc.count_terms(c, by=["doc_id", "para_id"]), by=["doc_id", "para_id"])
    dc.log_odds(counts)
    dc.fit_topics(c, n_topics=3)
    dc.kwic(c, "russia*")
    dc.collocations(c)
    m = dc.find_markers(c)
    dc.compare_rates(c, m, focus=a, reference=b)
    dc.sentence_stance(c)
    dc.style_profile(c)
    dc.attributions(c)
    al = dc.align_sentences(c, focus=a, reference=b)
    dc.aligned_html(al, c)
    dc.markers_html(c)
    ctx = build_context(c)
    report_pages.reading_html(ctx)
    report_pages.index_html(ctx, pages=[])
    print("ok")
""")


def test_the_pipeline_runs_with_no_network_and_no_nltk_data():
    env = {**os.environ, "MPLBACKEND": "Agg", "NLTK_DATA": str(REPO / "no-such-folder")}
    out = subprocess.run([sys.executable, "-c", PIPELINE], capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().endswith("ok")


def test_notebook_pages_load_nothing_from_the_network():
    """The nbconvert template leaves out require.js, MathJax and Mermaid at the source: a page
    of a notebook with Markdown, math and a figure names no remote address at all."""
    import re

    import nbformat

    from discourse.report.notebook_run import render_notebook

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\n\nSome $x^2$ math and a [link](02_x.html)."),
        nbformat.v4.new_code_cell("1", outputs=[nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})])])
    page = render_notebook(nb, title="t")
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page, re.I)
    assert not re.search(r"https?://(?!www\.w3\.org)", page.split("</style>")[-1])
    assert "<script" not in page
    assert "Content-Security-Policy" in page and "script-src 'none'" in page
    assert page.count('src="data:image/png;base64,') == 1
