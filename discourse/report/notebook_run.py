"""Run a notebook in a fresh kernel (and turn it into a report page: :mod:`.notebook_page`).

Executing: each notebook gets its own Jupyter kernel talking over a local IPC socket (no TCP
port, so no "running over TCP without encryption" warning), with the inline matplotlib backend
whatever ``MPLBACKEND`` the caller has (``make`` exports ``Agg``, which would keep figures off
the page), and the report's own settings (``DISCOURSE_SNAPSHOT``: the run's corpus, comparisons
and markers) as the only ``DISCOURSE_*`` environment variables: none is inherited from the
caller, so a ``DISCOURSE_BY`` or ``DISCOURSE_CORPUS`` in the user's shell changes nothing.

Rendering (:mod:`discourse.report.notebook_page`, its names importable from here too):
nbconvert's JupyterLab look from our template, without remote scripts, with a
Content-Security-Policy, Markdown outputs escaped and unsafe HTML outputs shown as text.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from . import scratch
from .kernel_env import (  # noqa: F401 - importable from here, as before
    INLINE_BACKEND,
    SETTINGS_PREFIX,
    WARM_MODULES,
    kernel_env,
)
from .notebook_page import (  # noqa: F401 - importable from here, as before the split
    _EXPORTER_LOCK,
    EXPLORER_IFRAME,
    EXPLORER_NOTE,
    QUARANTINE_CHARS,
    TEMPLATES,
    _clean_html,
    _exporter,
    count_figures,
    notebook_title,
    prerender_inputs,
    quarantine_outputs,
    render_notebook,
    safe_markdown,
    unsafe_html,
)


# -- executing -----------------------------------------------------------------------------------
class NotebookFailed(Exception):
    """A notebook stopped at an error; ``str()`` is one line naming the cell and the error."""


class ReportKernel:
    """One kernel of a report: started (and warmed) early, then running notebooks one after
    another, each in a fresh namespace.

    Starting a kernel and importing pandas, matplotlib, SciPy, scikit-learn, NLTK and the
    package takes 2-3 s of CPU per kernel (6 s under load), more than most notebooks' own work;
    a report runs its notebooks in ``jobs`` kernels (2) instead of one each, forked from one
    process that imported the libraries once (``kernel_parent``, a
    :class:`~discourse.report.forked_kernels.KernelParent`; without it the kernel starts and
    imports on its own). Before each notebook after the first,
    :func:`~discourse.report.kernel_state.reset_kernel` empties the namespace (``%reset -f``),
    starts a new history session (the execution count starts at 1 again), closes the figures
    and restores what a notebook may change for the next: pandas' options, matplotlib's
    rcParams, the warning filters and the record of warnings already shown, the working folder
    and ``sys.path``. Modules stay imported.
    """

    def __init__(self, settings: dict[str, str], workdir: Path, *, kernel_parent=None):
        self.settings, self.workdir = dict(settings), Path(workdir)
        self.kernel_parent = kernel_parent  # forks the kernel (forked_kernels), if given
        self._new_process()

    def _new_process(self) -> None:
        """No kernel yet: its folder of sockets and its log."""
        self.km = self.kc = None
        self.used = False
        self.sockets = scratch.folder()  # removed in shutdown; a killed run's by scratch.sweep
        self.log = open(os.path.join(self.sockets, "kernel.log"), "wb")  # noqa: SIM115 - closed in shutdown

    async def start(self) -> ReportKernel:
        """Start the kernel (its log goes to a file, not the terminal) and warm it."""
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                     ip=os.path.join(self.sockets, "k"))
        if self.kernel_parent is not None:
            import uuid

            from .forked_provisioner import ForkedProvisioner

            self.km.kernel_id = str(uuid.uuid4())
            self.km.provisioner = ForkedProvisioner(
                kernel_id=self.km.kernel_id, kernel_spec=self.km.kernel_spec, parent=self.km)
            self.km.provisioner.kernel_parent = self.kernel_parent
        # no history database: IPython would write each cell's input into an SQLite file of
        # the run's profile, a commit (an fsync) each, and two more at each reset
        await self.km.start_kernel(env=kernel_env(self.settings), cwd=str(self.workdir),
                                   stdout=self.log, stderr=self.log,
                                   extra_arguments=["--HistoryManager.enabled=False"])
        await self._new_client()
        await self._quietly("import discourse.report.kernel_state as _r; "
                            f"_r.warm_kernel({WARM_MODULES!r}); del _r")
        return self

    async def renew(self) -> ReportKernel:
        """A fresh kernel in place of this one, forked again from the kernel parent (in a
        fraction of a second; a no-op without one, where a kernel imports everything anew).
        With many documents the report runs each notebook in a fresh kernel: a reset frees a
        notebook's tables, but the allocator keeps part of their pages (0.1-0.2 GB after a
        heavy notebook with 100,000 documents), and the next notebook's peak would stack on
        them."""
        if self.kernel_parent is None or not self.used:
            return self
        await self.shutdown()
        self._new_process()
        return await self.start()

    async def _new_client(self) -> None:
        """A client of its own for each notebook: nbclient leaves its channels' readers
        behind, which would take the next execution's messages."""
        if self.kc is not None:
            self.kc.stop_channels()
        self.kc = self.km.client()
        self.kc.start_channels()
        await wait_for_ready(self.kc, timeout=120)
        self.kc.allow_stdin = False

    async def _quietly(self, code: str) -> None:
        """Run ``code`` without a trace in any page (silent: no history, no count)."""
        await self.kc.execute_interactive(code, silent=True, store_history=False,
                                          allow_stdin=False, timeout=600,
                                          output_hook=_nothing_of)

    async def run(self, path: Path, *, timeout: int = 600):
        """Execute the notebook at ``path`` here; return the executed notebook.

        Raises
        ------
        NotebookFailed
            At the first cell that raises, with the cell number and the error's last line.
        """
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        if self.used:
            await self._new_client()
            await self._quietly("import discourse.report.kernel_state as _r; _r.reset_kernel()")
        self.used = True
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, km=self.km, timeout=timeout, record_timing=False,
                                resources={"metadata": {"path": str(self.workdir)}})
        client.kc = self.kc  # this kernel's client (an attribute, not an argument, of nbclient)
        # nbclient registers an exit hook for each client; the kernel is shut down by its
        # owner (shutdown below), so the hook does nothing
        client._cleanup_kernel = _nothing
        try:
            await client.async_execute(cleanup_kc=False)
        except CellExecutionError as err:
            raise NotebookFailed(_one_line(path, nb, err)) from None
        return nb

    async def shutdown(self) -> None:
        """Stop the kernel (also one still starting) and remove its sockets and log."""
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km is not None and self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)
        except BaseException:  # noqa: BLE001 - stopped again: the kernel exits with its parent
            pass
        finally:
            self.log.close()
            shutil.rmtree(self.sockets, ignore_errors=True)


async def wait_for_ready(kc, *, timeout: float = 120) -> None:
    """Wait until the kernel of the client ``kc`` (of an ``AsyncKernelManager``) answers and
    ``kc`` receives the kernel's IOPub messages.

    jupyter_client's ``wait_for_ready`` without its last step, which listens on IOPub until
    nothing has come for 0.2 s: a fifth of a second of every kernel's time before each
    notebook. Here a ``kernel_info`` request is sent, its reply awaited on the shell channel,
    then IOPub read until the request's own ``idle`` status: the kernel's last message for it
    (it handles requests in order, so nothing of an earlier one follows). When that status
    does not come within 0.2 s (ZeroMQ connects a subscription a moment after the socket),
    the request is sent again, as jupyter_client does. A message of another request left on
    IOPub is read past; nbclient reads only those of the cells it executes.

    Raises
    ------
    RuntimeError
        The kernel died, or did not answer within ``timeout`` seconds.
    """
    import inspect
    import time
    from queue import Empty

    async def get(channel, wait: float):
        msg = channel.get_msg(timeout=wait)
        return await msg if inspect.isawaitable(msg) else msg

    deadline = time.monotonic() + timeout
    while True:
        msg_id = kc.kernel_info()
        reply = None
        try:
            while reply is None:  # a reply to an earlier request of this loop: read past
                msg = await get(kc.shell_channel, 1)
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg
        except Empty:
            pass
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:
                while True:
                    msg = await get(kc.iopub_channel, 0.2)
                    if (msg["parent_header"].get("msg_id") == msg_id
                            and msg["msg_type"] == "status"
                            and msg["content"].get("execution_state") == "idle"):
                        kc._handle_kernel_info_reply(reply)
                        return
            except Empty:
                pass
        if not await kc.parent.is_alive():
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


def _nothing_of(msg) -> None:
    """Output of a quiet execution: dropped."""


async def execute(path: Path, *, settings: dict[str, str], workdir: Path, timeout: int = 600):
    """Execute the notebook at ``path`` in a fresh kernel of its own; return the executed
    notebook (the report runs several in one :class:`ReportKernel`).

    Raises
    ------
    NotebookFailed
        At the first cell that raises, with the cell number and the error's last line.
    """
    kernel = ReportKernel(settings, workdir)
    try:
        await kernel.start()
        return await kernel.run(path, timeout=timeout)
    finally:
        await kernel.shutdown()


def _nothing() -> None:
    """The exit hook nbclient registers for a client (see :func:`execute`)."""


def _one_line(path: Path, nb, err) -> str:
    cell = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(
        o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    ename = getattr(err, "ename", "") or "error"
    evalue = " ".join(str(getattr(err, "evalue", "") or "").split())[:300]
    where = f"cell {cell}" if cell is not None else "a cell"
    return f"{path.name} stopped at {where}: {ename}: {evalue}"
