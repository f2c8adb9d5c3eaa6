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

import os
import re
import shutil
import tempfile
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
    from nbconvert import HTMLExporter

    quarantine_outputs(nb)
    exporter = HTMLExporter(template_name="lab", template_file="discourse_notebook.html.j2",
                            extra_template_paths=[str(TEMPLATES)], embed_images=True,
                            exclude_anchor_links=True)
    exporter.register_filter("safe_markdown", safe_markdown)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(
        nb, resources={"discourse_csp": content_security_policy()})
    return body


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


async def execute(path: Path, *, settings: dict[str, str], workdir: Path, timeout: int = 600):
    """Execute the notebook at ``path`` in a fresh kernel; return the executed notebook.

    Raises
    ------
    NotebookFailed
        At the first cell that raises, with the cell number and the error's last line.
    """
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    sockets = tempfile.mkdtemp(prefix="dck-")  # short: a unix socket path has 107 bytes at most
    km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                            ip=os.path.join(sockets, "k"))
    client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(workdir)}})
    # nbclient registers an exit hook that it removes only after a kernel fully started; a run
    # stopped earlier would print its failure at exit. The kernel is shut down below instead.
    client._cleanup_kernel = _nothing
    # the kernel's own log (warnings, a crash while starting) goes to a file, not the terminal
    log = open(os.path.join(sockets, "kernel.log"), "wb")  # noqa: SIM115 - closed below
    try:
        await client.async_execute(cleanup_kc=True, env=kernel_env(settings), cwd=str(workdir),
                                   stdout=log, stderr=log)
    except CellExecutionError as err:
        raise NotebookFailed(_one_line(path, nb, err)) from None
    finally:
        log.close()
        try:  # also when stopped while the kernel was starting (nbclient cleans up only after)
            if km.has_kernel:
                await km.shutdown_kernel(now=True)
        except BaseException:  # noqa: BLE001 - stopped again: the kernel exits with its parent
            pass
        finally:
            shutil.rmtree(sockets, ignore_errors=True)
    return nb


def _nothing() -> None:
    """The exit hook nbclient registers for a client (see :func:`execute`)."""


def _one_line(path: Path, nb, err) -> str:
    cell = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(
        o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    ename = getattr(err, "ename", "") or "error"
    evalue = " ".join(str(getattr(err, "evalue", "") or "").split())[:300]
    where = f"cell {cell}" if cell is not None else "a cell"
    return f"{path.name} stopped at {where}: {ename}: {evalue}"
