"""Run a notebook in a fresh kernel and turn it into a report page.

Executing: each notebook gets its own Jupyter kernel talking over a local IPC socket (no TCP
port, so no "running over TCP without encryption" warning), with the inline matplotlib backend
whatever ``MPLBACKEND`` the caller has (``make`` exports ``Agg``, which would keep figures off
the page), and the report's own settings (``DISCOURSE_SNAPSHOT``: the run's corpus, comparisons
and markers) as the only ``DISCOURSE_*`` environment variables: none is inherited from the
caller, so a ``DISCOURSE_BY`` or ``DISCOURSE_CORPUS`` in the user's shell changes nothing.

Rendering: nbconvert's JupyterLab look from our template
``templates/nbconvert/discourse_notebook.html.j2``, which leaves out every remote script
(require.js, MathJax, Mermaid) at the source, puts a Content-Security-Policy first in the head,
renders Markdown outputs with raw HTML escaped and without images or non-relative links, and
shows HTML outputs that carry an event handler, a script or a remote address as plain text.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

from .._html import content_security_policy, escape

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "nbconvert"
_SAFE_URL = re.compile(r"^(?:#|[\w.-]+\.html(?:#[\w.-]*)?$)")


# -- Markdown outputs ----------------------------------------------------------------------------
def _renderer():
    from nbconvert.filters.markdown_mistune import IPythonRenderer

    class SafeRenderer(IPythonRenderer):
        """Raw HTML escaped; links only to a page of the report or an anchor; no images."""

        def link(self, text, url, title=None):
            if _SAFE_URL.match(url or ""):
                return super().link(text, url, title)
            return text

        def image(self, text, url, title=None):
            return escape(text)

    return SafeRenderer(escape=True, allow_harmful_protocols=False, exclude_anchor_links=True)


def safe_markdown(source) -> str:
    """HTML of a Markdown output with nothing from it turned into markup but Markdown's own.

    Examples
    --------
    >>> safe_markdown("**b** <img src=x onerror=alert(1)> [x](javascript:alert(1))")
    '<p><strong>b</strong> &lt;img src=x onerror=alert(1)&gt; x</p>\\n'
    >>> safe_markdown("![i](http://example.com/x.png) [next](02_topics.html)")
    '<p>i <a href="02_topics.html">next</a></p>\\n'
    """
    from nbconvert.filters.markdown_mistune import MarkdownWithMath

    source = "".join(source) if isinstance(source, list) else str(source)
    return MarkdownWithMath(renderer=_renderer()).render(source)


# -- HTML outputs --------------------------------------------------------------------------------
class _Unsafe(HTMLParser):
    """Finds what may not be in a page: handlers, scripts, frames, remote or script URLs."""

    URL_ATTRS = {"src", "href", "action", "formaction", "srcset", "poster", "data", "xlink:href"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "link", "base", "form", "meta"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"{name}=")
            elif name in self.URL_ATTRS and value and not value.startswith(("data:", "#")):
                if ":" in value.split("/")[0] or value.startswith("//"):
                    self.found.append(f"{name}={value[:40]}")
            elif name == "style" and "url(" in value:
                self.found.append("style url()")

    handle_startendtag = handle_starttag


def unsafe_html(markup: str) -> list[str]:
    """What in ``markup`` could run code or load from elsewhere (empty when it is safe).

    Examples
    --------
    >>> unsafe_html('<table><tr><td class="x">&lt;b&gt;</td></tr></table>')
    []
    >>> unsafe_html('<img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>')
    ['onerror=', 'href=javascript:alert(1)']
    """
    p = _Unsafe()
    p.feed(markup)
    p.close()
    return p.found


EXPLORER_IFRAME = '<iframe title="term explorer" sandbox="allow-scripts"'
"""How :class:`discourse.views.explore.Explorer` shows itself in a notebook: a page of the
report replaces it with :data:`EXPLORER_NOTE` instead of quarantining it."""
EXPLORER_NOTE = ("The term explorer is not embedded in this page (its scripts stay on a page "
                 "of their own): open [the term explorer](explorer.html).")
QUARANTINE_CHARS = 2_000
"""Characters of a quarantined HTML output shown as text (the rest is counted, not shown)."""


def quarantine_outputs(nb) -> int:
    """Show every unsafe HTML output of an executed notebook as text; return how many.

    The package's own views and pandas tables escape their content, so this never fires on
    them; it is the net for an output that did not (a user's own ``HTML(...)`` in a notebook),
    of which the first :data:`QUARANTINE_CHARS` characters are shown. The term explorer
    (``display(dc.explore(...))``, an iframe with its own scripts) becomes a link to the
    report's ``explorer.html``. JavaScript and widget outputs are dropped the same way.
    """
    n = 0
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for mime in [m for m in data if m.startswith("application/vnd.jupyter.widget")]:
                del data[mime]
            if "text/html" in data:
                markup = data["text/html"]
                markup = "".join(markup) if isinstance(markup, list) else markup
                if markup.startswith(EXPLORER_IFRAME):  # the package's own explorer
                    del data["text/html"]
                    data["text/markdown"] = EXPLORER_NOTE
                    continue
                found = unsafe_html(markup)
                if found:
                    del data["text/html"]
                    shown = markup if len(markup) <= QUARANTINE_CHARS else (
                        f"{markup[:QUARANTINE_CHARS]}\n... ({len(markup) - QUARANTINE_CHARS:,} "
                        "more characters not shown)")
                    data["text/plain"] = (f"(an HTML output was shown as text: it contained "
                                          f"{', '.join(sorted(set(found)))})\n{shown}")
                    n += 1
    return n


def count_figures(nb) -> int:
    """How many images (PNG, JPEG, SVG) the executed notebook's outputs hold."""
    return sum(1 for cell in nb.cells for out in cell.get("outputs", [])
               for mime in out.get("data", {})
               if mime in ("image/png", "image/jpeg", "image/svg+xml"))


def render_notebook(nb, *, title: str) -> str:
    """HTML page of an executed notebook (see the module docstring)."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    # one block per stream and cell: how the kernel's prints were cut into messages depends on
    # timing (a loaded machine splits one print's lines in two), the page must not
    CoalesceStreamsPreprocessor(enabled=True).preprocess(nb, {})
    quarantine_outputs(nb)
    nb.metadata["title"] = title
    with _EXPORTER_LOCK:
        body, _ = _exporter().from_notebook_node(
            nb, resources={"discourse_csp": content_security_policy()})
    return body


_EXPORTER_LOCK = threading.Lock()


@functools.cache
def _exporter():
    """The HTML exporter, made once per process: its Jinja2 environment keeps the compiled
    templates, which a new exporter would load and compile again (a third of the time of a
    small notebook's page). Nothing of one notebook stays in it for the next."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="discourse_notebook.html.j2",
                            extra_template_paths=[str(TEMPLATES)], embed_images=True,
                            exclude_anchor_links=True)
    exporter.register_filter("safe_markdown", safe_markdown)
    return exporter


def notebook_title(nb, default: str) -> str:
    """The first ``# heading`` of a Markdown cell, else ``default``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return default


# -- executing -----------------------------------------------------------------------------------
class NotebookFailed(Exception):
    """A notebook stopped at an error; ``str()`` is one line naming the cell and the error."""


SETTINGS_PREFIX = "DISCOURSE_"
"""The prefix of the report's settings: a kernel inherits no variable that starts with it."""


def kernel_env(settings: dict[str, str]) -> dict[str, str]:
    """The environment of a report kernel: ours without any ``DISCOURSE_*`` variable, the
    inline backend, and the report's own ``settings`` (nothing else; the report's include an
    empty ``IPYTHONDIR`` of the run, so the user's IPython profile and its startup files never
    run in a report's kernel: :func:`discourse.report.build.build`).

    >>> import os
    >>> os.environ["DISCOURSE_BY"] = "doc_id"
    >>> env = kernel_env({"DISCOURSE_SNAPSHOT": "/run/x.pickle"})
    >>> sorted(k for k in env if k.startswith("DISCOURSE_"))
    ['DISCOURSE_SNAPSHOT']
    >>> del os.environ["DISCOURSE_BY"]
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIX)}
    env.update(settings)
    env.update({"MPLBACKEND": INLINE_BACKEND, "PYTHONHASHSEED": "0"})
    env.pop("JPY_PARENT_PID", None)
    return env


WARM_MODULES = ("pandas", "numpy", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
                "IPython.display", "discourse")
"""Imported by a report kernel while the report reads the corpus, before any notebook runs (and
every public ``dc.*`` name's module): a notebook's first cell then finds them imported."""


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
        self.km = self.kc = None
        self.used = False
        self.sockets = tempfile.mkdtemp(prefix="dck-")  # short: a unix socket path <= 107 bytes
        self.log = open(os.path.join(self.sockets, "kernel.log"), "wb")  # noqa: SIM115 - closed in shutdown

    async def start(self) -> ReportKernel:
        """Start the kernel (its log goes to a file, not the terminal) and warm it."""
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                     ip=os.path.join(self.sockets, "k"))
        if self.kernel_parent is not None:
            import uuid

            from .forked_kernels import ForkedProvisioner

            self.km.kernel_id = str(uuid.uuid4())
            self.km.provisioner = ForkedProvisioner(
                kernel_id=self.km.kernel_id, kernel_spec=self.km.kernel_spec, parent=self.km)
            self.km.provisioner.kernel_parent = self.kernel_parent
        await self.km.start_kernel(env=kernel_env(self.settings), cwd=str(self.workdir),
                                   stdout=self.log, stderr=self.log)
        await self._new_client()
        await self._quietly("import discourse.report.kernel_state as _r; "
                            f"_r.warm_kernel({WARM_MODULES!r}); del _r")
        return self

    async def _new_client(self) -> None:
        """A client of its own for each notebook: nbclient leaves its channels' readers
        behind, which would take the next execution's messages."""
        if self.kc is not None:
            self.kc.stop_channels()
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=120)
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
