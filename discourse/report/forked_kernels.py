"""The report's kernels forked from one warmed process: the libraries are imported once a run.

Starting a report kernel costs 2-3 s of CPU, nearly all of it importing pandas, SciPy,
scikit-learn, matplotlib, NLTK, IPython and the package; with two kernels that was paid twice,
on two cores, while the report itself read the corpus. Here a *kernel parent* (:func:`serve`,
the first process a report starts, in the kernels' environment) imports them once, puts their
objects out of the garbage collector's sight (:func:`gc.freeze`) and forks one child per
kernel. Each child becomes the IPython kernel that ``python -m ipykernel_launcher -f FILE``
would have started, with the connection file, environment, folder and log jupyter_client gave
it, in a session (and process group) of its own; the children share the imported modules'
memory until they write to it.

jupyter_client manages such a kernel like any other, through
:class:`~discourse.report.forked_provisioner.ForkedProvisioner`: its LocalProvisioner asks
the kernel parent for a process instead of starting one, and signals the kernel's process
group. A kernel exits when the kernel parent does (ipykernel's parent poller), and the kernel
parent exits when the report closes its standard input or dies. When the kernel parent cannot
serve (it failed to start, or a kernel is asked for with another command or
environment), the kernel is started the ordinary way.

Before it forks them, the kernel parent loads the run's snapshot once (:meth:`KernelParent.hold`,
:mod:`discourse.report.snapshot`): the kernels and the writer of the index inherit the corpus's
tables and markers and share their pages, instead of each reading a copy of its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from . import scratch

_LAUNCHER = ("-m", "ipykernel_launcher")
"""How jupyter_client starts a Python kernel: ``python -m ipykernel_launcher -f FILE``."""
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
                  "ipykernel.debugger", "matplotlib.backends.backend_agg")
"""Imported by the kernel parent besides the notebooks' modules (``ipykernel.debugger``, with
debugpy, is what each kernel imported when it was made: 0.04-0.06 s). The inline backend is not:
imported where IPython runs, it connects itself to the kernel (the kernel imports it when it is
warmed, :func:`discourse.report.kernel_state.warm_kernel`)."""


# -- in the kernel parent ------------------------------------------------------------------------
def serve(modules) -> None:
    """Import ``modules`` (and :data:`KERNEL_MODULES`, which the report names on the command
    line too), then fork a kernel for each request.

    A request is one JSON line on standard input (``argv``, ``env``, ``cwd``, ``log``); the
    answer is one line on standard output, the pid of the kernel. Exits at end of input.
    """
    if sys.path and sys.path[0] in ("", os.getcwd()):  # as ipykernel_launcher does
        del sys.path[0]
    import gc
    import importlib

    # no collection while the libraries are imported (a tenth of their 1.7 s of CPU went to
    # collections that found next to nothing); one at the end, then the modules' objects are
    # put out of its sight, and the kernels forked from here collect as usual
    gc.disable()
    from .kernel_state import warm_kernel

    warm_kernel([m for m in modules if "inline" not in m])
    for name in KERNEL_MODULES:  # also when not named
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    gc.enable()
    signal.signal(signal.SIGCHLD, _reap)  # the kernels are reaped (and their CPU counted)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("kind") == "snapshot":  # held here: the processes forked next share it
            sys.stdout.write(_hold(request["path"]) + "\n")
            sys.stdout.flush()
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # never returns
            if request.get("kind") == "site":
                _write_site(request)
            _become_kernel(request)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()
    _reap(signal.SIGCHLD, None)
    os._exit(0)  # no interpreter shutdown to wait for: nothing here needs one


def _hold(path: str) -> str:
    """Load the run's snapshot once, for every kernel forked after it (``"held"``), out of
    the collector's sight like the modules; ``"not held: ..."`` when it cannot be read (each
    kernel then reads it itself, and says so)."""
    import gc

    from .snapshot import hold_snapshot

    try:
        hold_snapshot(path)
    except Exception as err:  # noqa: BLE001 - the kernels read the file themselves
        return f"not held: {type(err).__name__}: {err}".replace("\n", " ")
    gc.collect()
    gc.freeze()
    return "held"


def _reap(signum, frame) -> None:
    """Collect the exit status of every kernel that has exited."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _write_site(request: dict) -> None:
    """In a forked child: write the index, the reading view and the explorer of the run's
    snapshot into ``request["out"]``; say how it went in ``request["status"]``."""
    code, status = 1, Path(request["status"])
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # standard output is the parent's answers: nothing else goes there
            os.dup2(null, fd)
        from .context import _load_snapshot
        from .site import write_site

        write_site(_load_snapshot(), Path(request["out"]),
                   pages=[tuple(page) for page in request["pages"]])
        status.write_text("done", encoding="utf-8")
        code = 0
    except BaseException as err:  # noqa: BLE001 - handed to the report
        import traceback

        from .._validate import InputError

        kind = "InputError" if isinstance(err, InputError) else "error"
        status.write_text(f"{kind}\n{err}\n{traceback.format_exc()}", encoding="utf-8")
    finally:
        os._exit(code)


def _become_kernel(request: dict) -> None:
    """In a forked child: become the kernel ``python -m ipykernel_launcher ARGV`` would start."""
    code = 1
    try:
        os.setsid()  # a process group of its own: interrupting it interrupts nothing else
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDONLY)
        log = os.open(request.get("log") or os.devnull, os.O_WRONLY | os.O_APPEND | os.O_CREAT,
                      0o600)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        os.chdir(request["cwd"])
        import importlib.util

        from ipykernel.kernelapp import IPKernelApp

        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *request["argv"]]
        app = IPKernelApp.instance()
        app.parent_handle = os.getppid()  # its default was read when the parent imported it
        app.initialize(request["argv"])
        app.start()
        code = 0
    except BaseException:  # noqa: BLE001 - said in the kernel's log; jupyter_client times out
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


# -- in the report -------------------------------------------------------------------------------
VOLATILE = ("JPY_", "PYTEST_CURRENT_TEST")
"""Variables a kernel's environment may differ in from the kernel parent's: a forked kernel gets
its own environment, but what the kernel parent imported read the parent's (matplotlib reads
``MPLBACKEND``, NumPy the thread settings, the interpreter ``PYTHONHASHSEED``), so any other
difference starts the kernel the ordinary way."""


def _same_env(a: dict, b: dict) -> bool:
    """Whether two kernel environments agree but for :data:`VOLATILE` entries."""
    def strip(env):
        return {k: v for k, v in env.items() if not k.startswith(VOLATILE)}

    return strip(a) == strip(b)


def available() -> bool:
    """Whether kernels are forked here: on Linux (macOS forbids forking a process that may have
    started its system frameworks; Windows has no fork). Elsewhere each kernel starts on its
    own."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class KernelParent:
    """The report's side of the kernel parent: start it, ask it for kernels, close it."""

    def __init__(self, env: dict[str, str], cwd: Path, modules):
        self.env, self.cwd = dict(env), str(cwd)
        self.lock = threading.Lock()
        self.folder = scratch.folder("parent-")  # its log, apart from the kernels
        with open(os.path.join(self.folder, "parent.log"), "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", "import sys, discourse.report.forked_kernels as f; "
                                       "f.serve(sys.argv[1:])", *modules, *KERNEL_MODULES],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=self.env,
                cwd=self.cwd, start_new_session=True, text=True, bufsize=1)

    def serves(self, cmd: list[str], env: dict, cwd) -> bool:
        """Whether a kernel of this command, environment and folder can be forked here."""
        return (self.proc.poll() is None and len(cmd) >= 3 and cmd[0] == sys.executable
                and tuple(cmd[1:3]) == _LAUNCHER and _same_env(env, self.env)
                and str(cwd) == self.cwd)

    def _fork(self, request: dict) -> int:
        with self.lock:
            if self.proc.poll() is not None:
                raise OSError("the kernel parent has exited")
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
        if not answer.strip().isdigit():
            raise OSError(f"the kernel parent did not start a kernel (it answered {answer!r})")
        return int(answer)

    def hold(self, snapshot: Path) -> bool:
        """Have the kernel parent load the run's snapshot once (waits while it still imports
        the libraries): the kernels and the writer of the index forked after it share its
        tables (:mod:`discourse.report.snapshot`). ``False`` when it cannot (each kernel then
        reads the file)."""
        with self.lock:
            try:
                if self.proc.poll() is not None:
                    return False
                self.proc.stdin.write(json.dumps({"kind": "snapshot",
                                                  "path": str(snapshot)}) + "\n")
                self.proc.stdin.flush()
                return self.proc.stdout.readline().strip() == "held"
            except (OSError, ValueError):
                return False

    def write_site(self, out: Path, pages: list[tuple[str, str]]) -> bool:
        """Write the site's own pages into ``out`` in a forked child (the libraries and the
        snapshot's corpus are read there already); wait for it. ``False`` when the kernel
        parent cannot (then the caller writes them itself).

        Raises
        ------
        InputError
            What :func:`~discourse.report.site.write_site` raised, or RuntimeError for an
            error that is not the user's.
        """
        writer = self.start_site(out, pages)
        if writer is None:
            return False
        self.finish_site(writer)
        return True

    def start_site(self, out: Path, pages: list[tuple[str, str]]) -> _Forked | None:
        """Fork the writer of the site's own pages (see :meth:`write_site`) and return at
        once: the writer, for :meth:`finish_site`, or ``None`` when it cannot be forked."""
        status = Path(self.folder) / "site.status"
        status.unlink(missing_ok=True)
        try:
            return _Forked(self._fork({"kind": "site", "out": str(Path(out).resolve()),
                                       "pages": pages, "status": str(status)}))
        except (OSError, ValueError):
            return None

    def finish_site(self, writer: _Forked) -> None:
        """Wait for the writer of :meth:`start_site`; raise what it raised (see
        :meth:`write_site`)."""
        import time

        from .._validate import InputError

        status = Path(self.folder) / "site.status"
        while writer.poll() is None:
            time.sleep(0.02)
        said = status.read_text(encoding="utf-8") if status.exists() else "error\n(no word)"
        if said == "done":
            return
        kind, message, *details = said.split("\n", 2)
        if kind == "InputError":
            raise InputError(message)
        raise RuntimeError(f"writing the index failed: {message}\n{''.join(details)}")

    async def fork(self, cmd: list[str], *, env: dict, cwd, log: str | None) -> int:
        """The pid of a new kernel ``cmd`` (waits while the parent still imports)."""
        import asyncio

        request = {"argv": list(cmd[3:]), "env": dict(env), "cwd": str(cwd), "log": log}
        return await asyncio.get_running_loop().run_in_executor(None, self._fork, request)

    def close(self) -> None:
        """End the kernel parent and a writer of the index still running (a run that was
        stopped); its kernels, if any are left, exit by themselves (their own sessions)."""
        with contextlib.suppress(OSError, ValueError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError):  # its process group: the parent and such a writer
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ValueError):
            self.proc.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class _Forked:
    """What jupyter_client's LocalProvisioner needs of a ``Popen`` for a forked kernel (not
    this process's child: it is asked with signals, and /proc tells a zombie)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
                state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                if state in ("Z", "X"):
                    self.returncode = -signal.SIGKILL
            except ProcessLookupError:
                self.returncode = -signal.SIGKILL  # its exit status went to its parent
            except (OSError, IndexError):
                pass  # no /proc: alive as far as kill(0) tells
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)
