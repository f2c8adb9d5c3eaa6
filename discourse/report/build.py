"""The report: execute every notebook on a corpus and write a self-contained HTML site.

``discourse report [PATH]`` (:mod:`discourse.cli`), ``python -m discourse report`` and
``make report`` all call :func:`build`. The site of a corpus goes to ``<out>/<name>/``
(default ``reports/<corpus name>/``, ``reports/example/`` for the built-in example).

A run is all or nothing:

1. **Preflight**, before any notebook runs: the corpus loads and has words, the output folder
   can be written and no other run is writing the same site (a lock file
   ``<out>/.<name>.lock``), the target folder neither is, contains nor lies inside the corpus or
   the notebooks (replacing it would delete them), a chosen ``by`` is a column and a chosen
   focus or reference is one of its values (else the list of them). Preflight then decides,
   once, what every page shows: the comparisons and the stance markers (a
   :class:`~discourse.report.context.ReportContext`).
2. The notebooks run in ``jobs`` kernels (2). When the run starts (``discourse report``: before
   it imports pandas, :mod:`discourse.report.run_start`), a *kernel parent*
   (:mod:`discourse.report.forked_kernels`) imports the libraries once, while preflight reads
   the corpus; it then loads the run's snapshot (the value preflight decided, a pickle in the
   run's private folder, ``DISCOURSE_SNAPSHOT``) once and forks the kernels, which share its
   tables (:mod:`discourse.report.snapshot`), and the report process lets its own copy go.
   The writer of the index, the reading view and the term explorer (a child forked the same
   way) is an item of the kernels' queue, so that no more than ``jobs`` processes work at
   once: among the notebooks by its seconds, first with many documents; each kernel takes the
   next item when it is free, the longest notebooks first
   (:mod:`discourse.report.run_notebooks`), in a fresh namespace
   (:class:`~discourse.report.notebook_run.ReportKernel`), all into a temporary folder beside
   the target. Each notebook receives the same value (``DISCOURSE_SNAPSHOT`` is the kernel's
   only setting from the report: every ``DISCOURSE_*`` variable of the caller's environment is
   removed), so no kernel reads the corpus or searches the markers again. Kernels start with
   an empty IPython profile of the run (``IPYTHONDIR``): the user's startup files and settings
   do not run in them.
3. Only when every page is written does the temporary folder replace ``<out>/<name>/``. A
   failing notebook, Ctrl-C or ``kill`` leaves the previous report as it was, removes the
   temporary folder and shuts the kernels down (a kernel whose parent dies exits by itself).

Executing is deterministic (fixed seeds, no timing metadata): two runs give the same pages
except for the run date on the index.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from .. import _progress
from .._validate import InputError
from .context import (
    SNAPSHOT_VAR,  # noqa: F401 - importable from here, as before
    Plan,  # noqa: F401 - importable from here too
    build_context,
    report_corpus,
    write_snapshot,
)
from .run_notebooks import Runner, Work, run_notebooks, stop, wait_written
from .site_lock import LOCK_GRACE, _lock_holder, _lock_record, site_lock  # noqa: F401 - here too

_clock = time.perf_counter  # build() has an argument named time (--time)

MARKER = ".discourse-report"
"""A file in every site folder: a folder holding it may be replaced by a new run."""


class Interrupted(Exception):
    """The run was stopped by SIGINT or SIGTERM."""


def notebooks_dir() -> Path:
    """The notebooks: ``discourse/notebooks`` in a wheel, ``notebooks/`` in a checkout."""
    here = Path(__file__).resolve().parents[1]  # discourse/
    for candidate in (here / "notebooks", here.parent / "notebooks"):
        if any(candidate.glob("[0-9]*.ipynb")):
            return candidate
    raise InputError("the notebooks are missing from this installation "
                     f"(looked in {here / 'notebooks'} and {here.parent / 'notebooks'}).")


def safe_name(name: str) -> str:
    """A folder name made of ``name``: letters, digits, ``.``, ``-``, ``_`` only.

    >>> safe_name("my speeches (2012)/")
    'my_speeches_2012'
    """
    return re.sub(r"[^\w.-]+", "_", str(name)).strip("._") or "corpus"


def _choice(value) -> str | None:
    return None if value is None or not str(value).strip() else str(value).strip()


def preflight(corpus: str | os.PathLike | None = None, *, out: str | os.PathLike = "reports",
              name: str | None = None, by: str | None = None, focus: str | None = None,
              reference: str | None = None,
              notebooks: str | os.PathLike | None = None, analyze: str = "body",
              time: str | None = None) -> Plan:
    """Check everything that can be checked before a notebook runs; decide what the pages show.

    Refused (:class:`InputError`): a corpus that does not load or has no word to analyse; an
    output folder that cannot be written; a target folder that exists and is not a report; a
    ``by`` that is not a column of the documents, a ``focus`` or ``reference`` that is not one
    of its values (the error lists them), a choice that leaves nothing to compare, or a
    ``time`` (``--time``) that is not a numeric column with two values or more.

    Returns
    -------
    Plan
        With the :class:`~discourse.report.context.ReportContext` of the run: the comparisons
        (:func:`discourse.comparisons`, decided here once) and the stance markers (searched
        here once).
    """
    nb_dir = Path(notebooks) if notebooks else notebooks_dir()
    paths = sorted(nb_dir.glob("[0-9]*.ipynb"))
    if not paths:
        raise InputError(f"no numbered notebooks in {nb_dir}.")
    if corpus is not None and not str(corpus).strip():
        raise InputError("the corpus path is empty (an unset shell variable?): give a folder of "
                         ".txt files or a .csv file, or no path at all for the built-in "
                         "example.")
    corpus_arg = str(Path(corpus).expanduser().resolve()) if corpus is not None else None
    loaded = report_corpus(corpus_arg) if corpus_arg else report_corpus("")
    if analyze not in ("body", "all"):
        raise InputError(f"analyze={analyze!r}: use 'body' (set aside headlines, bylines, bios "
                         "and site furniture) or 'all' (analyse every paragraph).")
    if analyze == "all":  # --analyze all: every section counts (the labels stay visible)
        loaded = loaded.with_analyzed(loaded.paragraphs.section.astype(str).unique().tolist())
    where = corpus_arg or "the example"
    if not len(loaded.documents):
        raise InputError(f"nothing to analyse: {where} has no documents.")
    if int(loaded.tokens.is_word.sum()) == 0:
        raise InputError(f"nothing to analyse: the {len(loaded.documents)} document(s) of "
                         f"{where} contain no words (empty, or punctuation and numbers only).")
    if int(loaded.documents.n_words.sum()) == 0:
        raise InputError(f"nothing to analyse: every paragraph of {where} was set aside as "
                         "headline, byline or boilerplate, so no words are left to analyse.")
    out = Path(out).expanduser()
    target = out / safe_name(name or loaded.name)
    from ..text.io import example_dir

    _check_apart(target, [Path(corpus_arg) if corpus_arg else example_dir(), nb_dir])
    _check_writable(out)
    if target.exists() and not (target / MARKER).exists() and (
            not target.is_dir() or any(target.iterdir())):
        raise InputError(f"{target} exists and is not a discourse report: it is left alone. "
                         "Choose another --name or --out.")
    # the one decision of the run: InputError (with the groups) for a choice not in the corpus
    context = build_context(loaded, by=_choice(by), focus=_choice(focus),
                            reference=_choice(reference), origin=corpus_arg,
                            time=_choice(time))
    return Plan(context, target, paths)


def _check_apart(target: Path, read: list[Path]) -> None:
    """Refuse a target folder that is, contains or lies inside a path the run reads (the
    corpus, the notebooks): replacing the target would delete it."""
    site = target.resolve()
    for path in read:
        src = path.resolve()
        if site == src or src.is_relative_to(site) or site.is_relative_to(src):
            how = ("is" if site == src else "contains" if src.is_relative_to(site)
                   else "is inside")
            raise InputError(f"the report folder {target} {how} {path}, which this run reads: "
                             f"writing the report would replace it. Choose another --out or "
                             f"--name (or move the corpus out of the report folder).")


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as err:
        raise InputError(f"cannot write the report into {out}: {err.strerror or err}. "
                         "Choose another folder with --out.") from None


def _swap_in(tmp: Path, target: Path) -> None:
    """Replace ``target`` by ``tmp`` (two renames in one folder; the old site is removed)."""
    (tmp / MARKER).write_text("written by discourse report; the next run replaces this folder\n",
                              encoding="utf-8")
    tmp.chmod(0o755)
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, target)


# -- executing -----------------------------------------------------------------------------------
@contextlib.contextmanager
def _stop_on_signals():
    """SIGINT and SIGTERM raise :class:`Interrupted` in the main thread (then clean up)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise Interrupted(signal.Signals(signum).name)

    before = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in before.items():
            signal.signal(s, h)


def build(corpus: str | os.PathLike | None = None, *, out: str | os.PathLike = "reports",
          name: str | None = None, by: str | None = None, focus: str | None = None,
          reference: str | None = None, notebooks: str | os.PathLike | None = None,
          jobs: int = 2, log=None, executed: dict | None = None,
          analyze: str = "body", time: str | None = None, start=None) -> Path:
    """Execute the notebooks, write their pages, the reading view and the index.

    Parameters
    ----------
    corpus : str, optional
        A folder of .txt files or a CSV; default: the built-in example.
    out : path, default "reports"
        The folder that receives the site folder.
    name : str, optional
        The site folder's name; default: the corpus name (``example`` for the example).
    by : str, optional
        The column of the documents whose values are compared; default
        :func:`discourse.default_by` (``group`` when there are two groups or more).
    focus, reference : str, optional
        The sides to compare (values of ``by``); default: see :mod:`discourse.sides`.
    notebooks : path, optional
        The notebooks folder; default: :func:`notebooks_dir`.
    analyze : {"body", "all"}, default "body"
        ``"all"``: analyse every paragraph, headlines and site furniture included
        (``--analyze all``); ``"body"``: the section rules set them aside.
    time : str, optional
        A numeric column of the documents (``--time year``): the index then shows the stance
        markers over time (:func:`discourse.trend`). Default: none, and no such section.
    jobs : int, default 2
        Notebooks executed at once.
    log : callable, optional
        Receives one line per notebook (with its seconds) and one for the site. Default: the
        lines go to standard error where a person sees them (:mod:`discourse._progress`), the
        last one ("report written to ...") to standard output.
    executed : dict, optional
        If given, receives each executed notebook (``nbformat`` node, by file stem), as
        rendered; for tests and for looking into a run.
    start : RunStart, optional
        The run's folder and kernel parent, started already
        (:class:`~discourse.report.run_start.RunStart`; closed here); default: started here.

    Returns
    -------
    Path
        The ``index.html`` written.

    Raises
    ------
    InputError
        From :func:`preflight`, or a notebook that stopped at an error (the previous report is
        left as it was).
    """
    from .notebook_run import NotebookFailed
    from .run_start import RunStart

    t0 = _clock()
    # the run's folder, the kernels' settings, and one process that imports the libraries
    # while preflight reads the corpus and finds the markers, then holds the snapshot and
    # forks the kernels and the writer of the index (discourse report starts it first thing)
    start = start if start is not None else RunStart()
    workdir, snapshot, settings, parent = (start.workdir, start.snapshot, start.settings,
                                           start.parent)
    say = log if log is not None else (_progress.line if _progress.wanted() else _silent)
    nb_dir = Path(notebooks) if notebooks else notebooks_dir()
    work = Work(sorted(nb_dir.glob("[0-9]*.ipynb")))
    jobs = max(1, min(int(jobs), len(work.expected) or 1))
    runner = Runner(lambda: run_notebooks(work, jobs, workdir, say, executed, settings,
                                            parent))
    try:
        with _stop_on_signals():
            runner.start()
            plan = preflight(corpus, out=out, name=name, by=by, focus=focus,
                             reference=reference, notebooks=nb_dir, analyze=analyze, time=time)
            say(f"  read {plan.corpus.name}: {len(plan.corpus.documents):,} documents, "
                f"{len(plan.context.markers):,} stance markers ({_clock() - t0:.1f} s)")
            target = plan.target
            with site_lock(target):
                tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-",
                                            dir=target.parent))
                try:
                    write_snapshot(plan.context, snapshot)
                    work.ready(plan, tmp, _site_writer(parent, plan, tmp, snapshot))
                    del plan  # the kernels and the writer of the index have it: let it go
                    _give_back_memory()
                    wait_written(work, runner)  # the kernels shut down while it is swapped in
                    if isinstance(runner.error, NotebookFailed):
                        raise InputError(f"{runner.error}; the previous report is unchanged.")
                    if runner.error is not None:
                        raise runner.error
                    _swap_in(tmp, target)
                finally:
                    stop(work, runner)  # the kernels are down before the lock is released
                    shutil.rmtree(tmp, ignore_errors=True)
    finally:
        stop(work, runner)
        start.close()
    index = target / "index.html"
    (log or print)(f"report written to {index} in {_clock() - t0:.1f} s")
    return index


def _site_writer(parent, plan: Plan, folder: Path, snapshot: Path):
    """What writes the index, the reading view and the explorer into ``folder``: a callable
    for the kernels' queue (:class:`~.run_notebooks.Work`). With a kernel parent, it forks the
    writer there and waits for it; the kernel parent is asked to hold the snapshot first (the
    libraries and the tables are there already, shared with the kernels forked next). Without
    one, it writes the pages in this process, from ``plan``'s context."""
    pages = [(p.stem + ".html", _title_of(p)) for p in plan.notebooks]
    if parent is None:
        context = plan.context

        def write_here() -> None:
            from .site import write_site  # SciPy, matplotlib: imported here only when needed

            write_site(context, folder, pages=pages)

        return write_here
    parent.hold(snapshot)  # False: the writer and each kernel read the file themselves

    def write() -> None:
        writer = parent.start_site(folder, pages)
        if writer is not None:
            parent.finish_site(writer)
            return
        from .site import write_site
        from .snapshot import read_snapshot

        write_site(read_snapshot(snapshot), folder, pages=pages)  # the kernel parent is gone

    return write


def _give_back_memory() -> None:
    """The preflight's tables freed, their pages handed back to the system (glibc and Arrow
    keep freed pages otherwise): with 100,000 documents the report process would go on
    holding a corpus' worth of memory that only the kernels use."""
    from .kernel_state import _give_back_memory as give_back

    give_back()
    import sys

    pa = sys.modules.get("pyarrow")
    if pa is not None:
        with contextlib.suppress(Exception):
            pa.default_memory_pool().release_unused()


def _silent(line: str) -> None:
    """Progress lines nobody sees (see :mod:`discourse._progress`)."""


def _title_of(path: Path) -> str:
    """The title of the notebook at ``path`` (:func:`~.notebook_run.notebook_title`), read as
    plain JSON: the index is written before nbformat is needed (importing it takes a second,
    most of it jsonschema's grammar of IRIs), and that import then runs beside it."""
    from types import SimpleNamespace

    from .notebook_run import notebook_title

    nb = json.loads(path.read_text(encoding="utf-8"))
    if nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        import nbformat

        return notebook_title(nbformat.read(path, as_version=4), path.stem)
    cells = [SimpleNamespace(cell_type=c.get("cell_type"),
                             source="".join(c.get("source") or ""))
             for c in nb["cells"]]
    return notebook_title(SimpleNamespace(cells=cells), path.stem)
