"""The report: execute every notebook on a corpus and write a self-contained HTML site.

``discourse report [PATH]`` (:mod:`discourse.cli`), ``python -m discourse report`` and
``make report`` all call :func:`build`. The site of a corpus goes to ``<out>/<name>/``
(default ``reports/<corpus name>/``, ``reports/example/`` for the built-in example).

A run is all or nothing:

1. **Preflight**, before any notebook runs: the corpus loads and has words, the output folder
   can be written and no other run is writing the same site (a lock file
   ``<out>/.<name>.lock``), a chosen ``by`` is a column and a chosen focus or reference is one
   of its values (else the list of them). Preflight then decides, once, what every page
   shows: the comparisons and the stance markers (a
   :class:`~discourse.report.context.ReportContext`).
2. The notebooks run in fresh kernels (at most ``jobs`` at once) while the index, the reading
   view and the term explorer are written from that value, all into a temporary folder beside
   the target. Each kernel loads the same value from a snapshot in the run's private folder
   (``DISCOURSE_SNAPSHOT``, the kernel's only setting from the report: every ``DISCOURSE_*``
   variable of the caller's environment is removed), so no kernel reads the corpus or searches
   the markers again.
3. Only when every page is written does the temporary folder replace ``<out>/<name>/``. A
   failing notebook, Ctrl-C or ``kill`` leaves the previous report as it was, removes the
   temporary folder and shuts the kernels down (a kernel whose parent dies exits by itself).

Executing is deterministic (fixed seeds, no timing metadata): two runs give the same pages
except for the run date on the index.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .._validate import InputError
from ..text.corpus import Corpus
from .context import SNAPSHOT_VAR, ReportContext, build_context, report_corpus, write_snapshot

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


@dataclass(frozen=True)
class Plan:
    """What a run will do, decided by :func:`preflight` before any notebook runs.

    ``context`` is what every page shows (the corpus, its comparisons, its markers): the
    index, the reading view and the explorer receive it, and each notebook kernel loads it
    from a snapshot.
    """

    context: ReportContext
    target: Path
    notebooks: list[Path]

    @property
    def corpus(self) -> Corpus:
        """The corpus as read."""
        return self.context.corpus

    @property
    def corpus_arg(self) -> str | None:
        """The corpus' path, resolved; ``None`` for the built-in example."""
        return self.context.origin


def _choice(value) -> str | None:
    return None if value is None or not str(value).strip() else str(value).strip()


def preflight(corpus: str | os.PathLike | None = None, *, out: str | os.PathLike = "reports",
              name: str | None = None, by: str | None = None, focus: str | None = None,
              reference: str | None = None,
              notebooks: str | os.PathLike | None = None) -> Plan:
    """Check everything that can be checked before a notebook runs; decide what the pages show.

    Refused (:class:`InputError`): a corpus that does not load or has no word to analyse; an
    output folder that cannot be written; a target folder that exists and is not a report; a
    ``by`` that is not a column of the documents, a ``focus`` or ``reference`` that is not one
    of its values (the error lists them), or a choice that leaves nothing to compare.

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
    corpus_arg = str(Path(corpus).expanduser().resolve()) if corpus else None
    loaded = report_corpus(corpus_arg) if corpus_arg else report_corpus("")
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
    _check_writable(out)
    if target.exists() and not (target / MARKER).exists() and (
            not target.is_dir() or any(target.iterdir())):
        raise InputError(f"{target} exists and is not a discourse report: it is left alone. "
                         "Choose another --name or --out.")
    # the one decision of the run: InputError (with the groups) for a choice not in the corpus
    context = build_context(loaded, by=_choice(by), focus=_choice(focus),
                            reference=_choice(reference), origin=corpus_arg)
    return Plan(context, target, paths)


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as err:
        raise InputError(f"cannot write the report into {out}: {err.strerror or err}. "
                         "Choose another folder with --out.") from None


@contextlib.contextmanager
def site_lock(target: Path):
    """Hold ``<out>/.<name>.lock`` while a run writes ``target``; refuse a second run."""
    lock = target.parent / f".{target.name}.lock"
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            pid = _pid_in(lock)
            if pid and _alive(pid):
                raise InputError(f"another report is being written to {target} (process "
                                 f"{pid}); wait for it to finish, or give this one another "
                                 "--name.") from None
            lock.unlink(missing_ok=True)  # left by a run that was killed
    else:
        raise InputError(f"cannot take the lock {lock}; remove it if no report is running.")
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        for stale in target.parent.glob(f".{target.name}.building-*"):
            shutil.rmtree(stale, ignore_errors=True)  # from killed runs (we hold the lock)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _pid_in(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip() or 0) or None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
async def _run_notebooks(plan: Plan, site: Path, jobs: int, workdir: Path, log,
                         executed: dict | None = None, settings: dict | None = None) -> list:
    from .notebook_run import count_figures, execute, notebook_title, render_notebook

    gate = asyncio.Semaphore(jobs)
    settings = dict(settings or {})

    async def one(path: Path):
        async with gate:
            t0 = time.perf_counter()
            nb = await execute(path, settings=settings, workdir=workdir)
        title = notebook_title(nb, path.stem)
        page = render_notebook(nb, title=title)
        if executed is not None:
            executed[path.stem] = nb
        (site / f"{path.stem}.html").write_text(page, encoding="utf-8")
        secs = time.perf_counter() - t0
        log(f"  {path.name:<32} {secs:6.1f} s  {count_figures(nb)} figure(s)")
        return path.stem, title, secs

    tasks = [asyncio.ensure_future(one(p)) for p in plan.notebooks]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for t in tasks:  # one notebook failed or the run was stopped: stop the others' kernels
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class _Runner(threading.Thread):
    """The notebooks' event loop in a thread, so the main thread keeps the signal handlers."""

    def __init__(self, coro_factory):
        super().__init__(name="discourse-notebooks", daemon=True)
        self.coro_factory, self.result, self.error = coro_factory, None, None
        self.loop = asyncio.new_event_loop()
        self.task = None

    def run(self):
        asyncio.set_event_loop(self.loop)
        try:
            self.task = self.loop.create_task(self.coro_factory())
            self.result = self.loop.run_until_complete(self.task)
        except BaseException as err:  # noqa: BLE001 - handed to the main thread
            self.error = err
        finally:
            pending = asyncio.all_tasks(self.loop)  # e.g. nbclient's kernel-alive polls
            for t in pending:
                t.cancel()
            with contextlib.suppress(BaseException):
                self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.close()

    def stop(self):
        if self.task is not None and not self.loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(self.task.cancel)


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
          jobs: int = 2, log=print, executed: dict | None = None) -> Path:
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
    jobs : int, default 2
        Notebooks executed at once.
    log : callable, default print
        Receives one line per notebook and one for the site.
    executed : dict, optional
        If given, receives each executed notebook (``nbformat`` node, by file stem), as
        rendered; for tests and for looking into a run.

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
    from .site import write_site

    t0 = time.perf_counter()
    plan = preflight(corpus, out=out, name=name, by=by, focus=focus, reference=reference,
                     notebooks=notebooks)
    jobs = max(1, min(int(jobs), len(plan.notebooks)))
    target = plan.target
    with _stop_on_signals(), site_lock(target):
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
        workdir = Path(tempfile.mkdtemp(prefix="discourse-run-"))
        # the kernels' one setting: the run's decisions, written once (they read nothing else)
        snapshot = write_snapshot(plan.context, workdir / ".snapshot.pickle")
        settings = {SNAPSHOT_VAR: str(snapshot)}
        runner = _Runner(lambda: _run_notebooks(plan, tmp, jobs, workdir, log, executed,
                                                settings))
        try:
            runner.start()
            write_site(plan.context, tmp, pages=[(p.stem + ".html", _title_of(p))
                                                 for p in plan.notebooks])
            while runner.is_alive():
                runner.join(0.2)
            if isinstance(runner.error, NotebookFailed):
                raise InputError(f"{runner.error}; the previous report is unchanged.")
            if runner.error is not None:
                raise runner.error
            _swap_in(tmp, target)
        finally:
            runner.stop()
            while runner.is_alive():
                runner.join(0.2)
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(workdir, ignore_errors=True)
    index = target / "index.html"
    log(f"report written to {index} in {time.perf_counter() - t0:.1f} s")
    return index


def _title_of(path: Path) -> str:
    import nbformat

    from .notebook_run import notebook_title

    return notebook_title(nbformat.read(path, as_version=4), path.stem)
