"""``make report``: execute every notebook and render a self-contained HTML report.

Run as ``python -m discourse.build_report [--corpus PATH] [--out reports]``. For the built-in
example the pages land in ``reports/``; for ``--corpus path/to/texts`` (a folder of .txt files or
a CSV with ``doc_id`` and ``text``) in ``reports/<corpus name>/``. The notebooks read the corpus
from the environment variable ``DISCOURSE_CORPUS`` (see :func:`discourse.report_corpus`).

Every page is offline: images are embedded, and scripts or stylesheets that the nbconvert
template would fetch from a CDN are removed. Executing is deterministic (fixed seeds, no timing
metadata), so two runs give the same pages except for the run date on the index.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ._validate import InputError
from .report import ENV_VAR, report_corpus

REPO = Path(__file__).resolve().parents[1]
_REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>\s*", re.I)
_REMOTE_LINK = re.compile(r"<link[^>]*\bhref=\"https?://[^\"]*\"[^>]*>\s*", re.I)
# MathJax configuration blocks are useless without MathJax itself
_MATHJAX_CONFIG = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->",
                             re.S)


def strip_remote(page: str) -> str:
    """Remove every ``<script src=http...>`` and ``<link href=http...>`` from an HTML page.

    Examples
    --------
    >>> strip_remote('<script src="https://cdn.x/y.js"></script><p>kept</p>')
    '<p>kept</p>'
    """
    page = _MATHJAX_CONFIG.sub("", page)
    page = _REMOTE_SCRIPT.sub("", page)
    return _REMOTE_LINK.sub("", page)


def execute_notebook(path: Path, *, corpus: str | None, timeout: int = 600):
    """Execute one notebook in its own folder; raise on the first error cell."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = corpus or ""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}},
                                record_timing=False)
        client.execute()
    finally:
        if env_before is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = env_before
    return nb


def escape_markdown_outputs(nb) -> int:
    """HTML-escape every Markdown *output* of an executed notebook; return how many.

    Findings are written as ``Markdown(f"...")`` outputs, and Markdown lets raw HTML through:
    a document containing ``<img onerror=...>`` quoted in a finding would become markup in the
    report. The notebooks escape document text themselves (:func:`discourse.escape_markdown`);
    this is the safety net. Markdown cells (written by us) are left alone.
    """
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:
                src = data["text/markdown"]
                src = "".join(src) if isinstance(src, list) else src
                # "<" alone opens a tag; entities already escaped stay as they are
                data["text/markdown"] = src.replace("<", "&lt;").replace(">", "&gt;")
                n += 1
    return n


def render_notebook(nb, *, title: str) -> str:
    """HTML of an executed notebook: the JupyterLab look, images embedded, nothing remote,
    Markdown outputs escaped (:func:`escape_markdown_outputs`)."""
    from nbconvert import HTMLExporter

    escape_markdown_outputs(nb)
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return strip_remote(body)


def _run_one(args) -> tuple[str, str, float]:
    path, corpus, out_dir = args
    t0 = time.perf_counter()
    nb = execute_notebook(Path(path), corpus=corpus)
    title = _notebook_title(nb, Path(path).stem)
    page = render_notebook(nb, title=title)
    (Path(out_dir) / (Path(path).stem + ".html")).write_text(page, encoding="utf-8")
    return Path(path).stem, title, time.perf_counter() - t0


def _notebook_title(nb, default: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return default


def build(*, corpus: str | None = None, out: str | os.PathLike = "reports",
          notebooks: str | os.PathLike | None = None, jobs: int = 2) -> Path:
    """Execute the notebooks, write their pages, the reading view and the index.

    Parameters
    ----------
    corpus : str, optional
        A folder of .txt files or a CSV; default: the built-in example.
    out : path, default "reports"
        Where pages go; a user corpus goes into ``out/<corpus name>/``.
    notebooks : path, optional
        The notebooks folder; default: ``notebooks/`` of the repository.
    jobs : int, default 2
        Notebooks executed at once.

    Returns
    -------
    Path
        The ``index.html`` written.
    """
    from .report_pages import write_site

    t0 = time.perf_counter()
    nb_dir = Path(notebooks) if notebooks else REPO / "notebooks"
    paths = sorted(nb_dir.glob("[0-9]*.ipynb"))
    if not paths:
        raise InputError(f"no numbered notebooks in {nb_dir}.")
    corpus_path = str(Path(corpus).expanduser().resolve()) if corpus else None
    loaded = report_corpus(corpus_path) if corpus_path else report_corpus("")
    out_dir = Path(out) if not corpus_path else Path(out) / _safe_name(loaded.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs, len(paths)))
    work = [(str(p), corpus_path, str(out_dir)) for p in paths]
    if jobs == 1:
        results = [_run_one(w) for w in work]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_run_one, work))
    pages = [(stem + ".html", title) for stem, title, _ in results]
    index = write_site(loaded, out_dir, pages=pages, corpus_arg=corpus)
    for stem, _, secs in results:
        print(f"  {stem}.ipynb executed and rendered in {secs:.1f} s")
    print(f"report written to {index} in {time.perf_counter() - t0:.1f} s")
    return index


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "corpus"


def main(argv=None) -> int:
    """Command line entry point (``make report``)."""
    ap = argparse.ArgumentParser(prog="python -m discourse.build_report", description=__doc__)
    ap.add_argument("--corpus", default=os.environ.get("CORPUS") or None,
                    help="a folder of .txt files or a CSV (default: the built-in example)")
    ap.add_argument("--out", default=str(REPO / "reports"), help="output folder")
    ap.add_argument("--jobs", type=int, default=2, help="notebooks executed at once")
    args = ap.parse_args(argv)
    try:
        build(corpus=args.corpus, out=args.out, jobs=args.jobs)
    except InputError as err:
        print(f"make report: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
