"""Running the notebooks of a report: kernels, a queue, a thread of their own.

:func:`discourse.report.build.build` starts a :class:`Runner` (an event loop in a thread, so
the main thread keeps the signal handlers) before preflight: the kernels start (forked by the
kernel parent, :mod:`discourse.report.forked_kernels`) while the corpus is read, then wait for
the :class:`Work` (the plan and the site folder). Each kernel takes the next notebook of the
queue when it is free, the longest first (:func:`longest_first`), the writer of the site's own
pages among them (:func:`work_queue`); the parent renders each executed notebook into its page
as it comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .context import MANY_DOCUMENTS

if TYPE_CHECKING:
    from .context import Plan

_clock = time.perf_counter


class Work:
    """What the notebooks' thread waits for: the plan and the site folder, once preflight is
    done (:meth:`ready`), or word that there will be none (:meth:`cancel`)."""

    def __init__(self, expected=()):
        self.event = threading.Event()
        self.expected = list(expected)  # the notebooks a run expects: their inputs rendered ahead
        self.notebooks: list[Path] | None = None
        self.n_words = self.n_documents = 0
        self.site: Path | None = None
        self.writer = None
        self.written = threading.Event()  # every page is written (the kernels may still run)

    def ready(self, plan: Plan, site: Path, writer=None) -> None:
        """The plan's notebooks and corpus size (not the plan: the report lets its tables go
        once the kernels and the writer of the index have them); ``writer``, if given, a
        callable that writes the site's own pages (the index, the reading view, the
        explorer): a kernel free runs it in its turn (:func:`work_queue`) instead of a
        notebook, so that no more than ``jobs`` processes work at once (with 100,000
        documents the writer is as heavy as a notebook)."""
        self.notebooks, self.site, self.writer = list(plan.notebooks), site, writer
        self.n_words = int(plan.corpus.documents.n_words.sum())
        self.n_documents = len(plan.corpus.documents)
        self.event.set()

    def cancel(self) -> None:
        self.event.set()

    async def wait(self) -> bool:
        while not self.event.is_set():
            await asyncio.sleep(0.02)
        return self.notebooks is not None


NOTEBOOK_WORDS = (2_000, 100_000, 1_000_000)
"""The corpus sizes (analysed words) at which :data:`NOTEBOOK_SECONDS` were measured."""
NOTEBOOK_SECONDS = {"01": (0.35, 0.6, 1.8), "02": (2.75, 3.3, 18.1), "03": (1.25, 2.2, 18.7),
                    "04": (1.95, 2.0, 31.1), "05": (0.25, 0.4, 0.9), "06": (1.15, 1.8, 14.4)}
"""Seconds each notebook ran in a warm kernel on the example and on 100,000 and 1M words
(``benchmarks/report_bench.py``'s corpora, 2 cores; the example's and 100,000 words' the sum
of the cells' times in a report, December 7 2026, after the one-thread BLAS of the kernels
had cut 06 from 5 s to 1.2 s): only their order matters. Another notebook counts as 02 does."""


WRITER_SECONDS = (0.9, 1.0, 2.7)
"""Seconds the writer of the site's own pages (index, reading view, explorer) took, forked from
the kernel parent, on the corpora of :data:`NOTEBOOK_WORDS` (2 cores, December 2026)."""
# From MANY_DOCUMENTS documents (the threshold of the report's many-documents mode, defined once
# with the permutations it draws) the writer goes first: its time grows with the documents (with
# 100,000 one-paragraph documents it takes as long as a notebook), and while it runs a kernel
# holds no notebook's tables.


HEAVY = ("02", "04", "06", "writer")
"""The work whose process peaks near 1 GB with 100,000 one-paragraph documents (02 in the
explorer, 04 in the attributions and actors, 06 in the fitted labels, the writer of the site's
own pages in the reading view; the other notebooks 0.3-0.6 GB; 2 cores, December 2026): from
:data:`MANY_DOCUMENTS` documents no two of them run at once (:func:`take`). Two side by side
took the report to 2.4-2.6 GB. Another notebook counts as 02 does."""


def is_heavy(item) -> bool:
    """Whether ``item`` of the queue (a notebook's ``Path``, or the writer) is :data:`HEAVY`."""
    if not isinstance(item, Path):
        return True
    return item.stem[:2] in HEAVY or item.stem[:2] not in NOTEBOOK_SECONDS


def take(queue: list, heavy_running: bool) -> int | None:
    """Where in ``queue`` a free kernel takes its next work: the first item, or while heavy
    work (:data:`HEAVY`) runs in another kernel (``heavy_running``), the first light one.
    ``None``: only heavy work is left, wait for the other to end.

    >>> q = [Path("02_x.ipynb"), Path("04_x.ipynb"), Path("03_x.ipynb")]
    >>> take(q, False), take(q, True), take(q[:2], True)
    (0, 2, None)
    """
    if not heavy_running:
        return 0 if queue else None
    return next((i for i, item in enumerate(queue) if not is_heavy(item)), None)


def _interpolated(measured, n_words: int) -> float:
    """Seconds at ``n_words``, interpolated in ``measured`` (at :data:`NOTEBOOK_WORDS`) on the
    logarithm of the corpus size, held at the first and last sizes beyond them."""
    import numpy as np

    return float(np.interp(np.log10(max(n_words, 1)), np.log10(NOTEBOOK_WORDS), measured))


def _notebook_seconds(path: Path, n_words: int) -> float:
    return _interpolated(NOTEBOOK_SECONDS.get(path.stem[:2], NOTEBOOK_SECONDS["02"]), n_words)


def work_queue(paths: list[Path], n_words: int, writer=None, n_documents: int = 0) -> list:
    """The kernels' queue: the notebooks :func:`longest_first`, and the ``writer`` (if any)
    where its seconds (:data:`WRITER_SECONDS`) fall among theirs, or first from
    :data:`MANY_DOCUMENTS` documents. On a small corpus the writer then runs beside the last
    notebooks instead of keeping a kernel from its first one.

    >>> names = [Path(f"0{i}_x.ipynb") for i in range(1, 7)]
    >>> [str(p)[:2] for p in work_queue(names, 2_000, writer="writer")]
    ['02', '04', '03', '06', 'wr', '01', '05']
    >>> [str(p)[:2] for p in work_queue(names, 2_000, writer="writer", n_documents=10_000)]
    ['wr', '02', '04', '03', '06', '01', '05']
    """
    queue: list = longest_first(paths, n_words)
    if writer is None:
        return queue
    if n_documents >= MANY_DOCUMENTS:
        return [writer, *queue]
    secs = _interpolated(WRITER_SECONDS, n_words)
    at = next((i for i, p in enumerate(queue) if _notebook_seconds(p, n_words) < secs),
              len(queue))
    return [*queue[:at], writer, *queue[at:]]


def longest_first(paths: list[Path], n_words: int) -> list[Path]:
    """The notebooks in the order the kernels take them: the longest first, so that the
    kernels finish together (a short notebook last fills the gap).

    A notebook's seconds are interpolated in :data:`NOTEBOOK_SECONDS` on the logarithm of the
    corpus size ``n_words`` (held at the first and last sizes beyond them).

    >>> names = [Path(f"0{i}_x.ipynb") for i in range(1, 7)]
    >>> [p.name[:2] for p in longest_first(names, 2_000)]
    ['02', '04', '03', '06', '01', '05']
    >>> [p.name[:2] for p in longest_first(names, 1_000_000)]
    ['04', '03', '02', '06', '01', '05']
    """
    return sorted(paths, key=lambda p: (-_notebook_seconds(p, n_words), p.name))


async def run_notebooks(work: Work, jobs: int, workdir: Path, log,
                        executed: dict | None = None, settings: dict | None = None,
                        parent=None) -> list:
    """Start ``jobs`` kernels, then run the plan's notebooks in them, each kernel taking the
    next notebook when it is free.

    Forked by the kernel ``parent``, the kernels start once the work is ready: the parent has
    then imported the libraries and holds the run's snapshot, which they share with it
    (:mod:`discourse.report.snapshot`; forking takes a fraction of a second). Without one they
    start at once, each importing the libraries while preflight reads the corpus.
    """
    from .notebook_run import ReportKernel, count_figures, notebook_title, render_notebook

    kernels = [ReportKernel(dict(settings or {}), workdir, kernel_parent=parent)
               for _ in range(max(1, jobs))]
    starting = [] if parent is not None else [asyncio.ensure_future(k.start()) for k in kernels]
    tasks: list = []
    pages: list = []
    try:
        await asyncio.to_thread(_preload, work.expected)  # while the kernel parent imports
        if not await work.wait():
            return []
        if parent is not None:
            starting = [asyncio.ensure_future(k.start()) for k in kernels]
        site = work.site
        queue = work_queue(work.notebooks, work.n_words, work.writer, work.n_documents)
        done: dict[str, tuple] = {}

        def page(path: Path, nb, t0: float) -> None:
            """Render an executed notebook into its page (in a thread of its own)."""
            title = notebook_title(nb, path.stem)
            text = render_notebook(nb, title=title)
            if executed is not None:
                executed[path.stem] = nb
            (site / f"{path.stem}.html").write_text(text, encoding="utf-8")
            secs = _clock() - t0
            log(f"  {path.name:<32} {secs:6.1f} s  {count_figures(nb)} figure(s)")
            done[path.stem] = (path.stem, title, secs)

        schedule = Schedule(queue, spare=work.n_documents < MANY_DOCUMENTS)

        async def worker(kernel, start):
            while (path := await schedule.next()) is not None:
                if not isinstance(path, Path):  # the writer of the site's own pages
                    with schedule.running(path):
                        await asyncio.to_thread(path)
                    continue
                with schedule.running(path):  # counted from its taking
                    await start
                    if not schedule.spare:  # many documents: each notebook in a fresh kernel
                        await kernel.renew()
                    t0 = _clock()
                    nb = await kernel.run(path)
                # the kernel goes on with the next notebook while this one is rendered: the
                # event loop (every kernel's messages) is not held up by the rendering
                pages.append(asyncio.ensure_future(asyncio.to_thread(page, path, nb, t0)))

        tasks = [asyncio.ensure_future(worker(k, st))
                 for k, st in zip(kernels, starting, strict=True)]
        await asyncio.gather(*tasks)
        await asyncio.gather(*pages)
        result = [done[p.stem] for p in work.notebooks]
        work.written.set()  # the site can be swapped in while the kernels shut down
        return result
    finally:
        for t in [*tasks, *starting]:  # a notebook failed or the run was stopped
            t.cancel()
        await asyncio.gather(*tasks, *starting, return_exceptions=True)
        await asyncio.gather(*pages, return_exceptions=True)  # a thread is not stopped midway
        await asyncio.gather(*(k.shutdown() for k in kernels), return_exceptions=True)


class Schedule:
    """The kernels' queue (:func:`work_queue`), taken from by :func:`take`: from
    :data:`MANY_DOCUMENTS` documents (``spare`` false) no two heavy works (:data:`HEAVY`)
    run at once: a kernel takes a light one meanwhile, or waits.

    >>> import asyncio
    >>> s = Schedule([Path("04_x.ipynb"), Path("02_x.ipynb"), Path("05_x.ipynb")], spare=False)
    >>> async def two_kernels():
    ...     first = await s.next()
    ...     with s.running(first):
    ...         second = await s.next()  # 02 does not fit beside 04: the other kernel takes 05
    ...     return first.stem, second.stem, (await s.next()).stem
    >>> asyncio.run(two_kernels())
    ('04_x', '05_x', '02_x')
    """

    def __init__(self, queue: list, *, spare: bool):
        self.queue, self.spare = queue, spare
        self.heavy: set[int] = set()  # the ids of the heavy work running
        self.freed = asyncio.Event()  # set when one ends

    async def next(self):
        """The next item for a free kernel (waiting while only heavy work is left and some
        runs); ``None`` when the queue is empty."""
        while self.queue:
            at = take(self.queue, bool(self.heavy) and not self.spare)
            if at is not None:
                return self.queue.pop(at)
            self.freed.clear()
            await self.freed.wait()
        return None

    @contextlib.contextmanager
    def running(self, item):
        """While ``item`` (a notebook, or the writer) runs in a kernel."""
        heavy = is_heavy(item)
        if heavy:
            self.heavy.add(id(item))
        try:
            yield
        finally:
            if heavy:
                self.heavy.discard(id(item))
                self.freed.set()


def _preload(expected=()) -> None:
    """Import what runs and renders the notebooks, make the page exporter, and render the
    inputs of the ``expected`` notebooks ahead (:func:`~.notebook_run.prerender_inputs`).

    nbformat imports jsonschema, which builds a parser of the IRI grammar when the optional
    ``rfc3987_syntax`` is installed (as JupyterLab's dependencies install it): 1.2 s of CPU
    for the ``iri`` format, which no notebook schema uses. Unless jsonschema is imported
    already, it is imported here without that module (the only change: a schema of this
    process with ``"format": "iri"`` is not checked for it).
    """
    import sys

    hide = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
    if hide:
        sys.modules["rfc3987_syntax"] = None  # import fails: jsonschema goes without it
    try:
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
    finally:
        if hide and sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
    from .notebook_run import _exporter, prerender_inputs

    _exporter()
    prerender_inputs(expected)


SWITCH_INTERVAL = 0.0005
"""Seconds a thread of the report holds the interpreter while another waits for it, during a
run (Python's default: 0.005). The notebooks' event loop answers each message of the kernels
in a thread of its own, beside the threads that render the pages: with the default it waited
up to 5 ms for each, and the kernels sat idle between two cells (1.0-1.6 s on the example in
all, 0.7-1.0 s with this; 2 cores under load, issue 25)."""


class Runner(threading.Thread):
    """The notebooks' event loop in a thread, so the main thread keeps the signal handlers;
    while it runs, the interpreter switches threads every :data:`SWITCH_INTERVAL` seconds."""

    def __init__(self, coro_factory):
        super().__init__(name="discourse-notebooks", daemon=True)
        self.coro_factory, self.result, self.error = coro_factory, None, None
        self.loop = asyncio.new_event_loop()
        self.task = None

    def run(self):
        import sys

        asyncio.set_event_loop(self.loop)
        before = sys.getswitchinterval()
        sys.setswitchinterval(min(before, SWITCH_INTERVAL))
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
            sys.setswitchinterval(before)

    def stop(self):
        if self.task is not None and not self.loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(self.task.cancel)


def wait_written(work: Work, runner: Runner) -> None:
    """Wait until every page is written (:attr:`Work.written`) or the notebooks' thread has
    ended (a notebook failed, or the run was stopped): the site is complete before the kernels
    are shut down, and the report swaps it in meanwhile (:func:`stop` then waits for them)."""
    while runner.is_alive() and not work.written.wait(0.2):
        pass


def stop(work: Work, runner: Runner) -> None:
    """No more notebooks: cancel the work, stop the loop (unless every page is written: then
    the thread is only shutting the kernels down, and is let finish), wait for the thread (the
    kernels are shut down by then)."""
    work.cancel()
    if not work.written.is_set():
        runner.stop()
    while runner.is_alive():
        runner.join(0.2)
