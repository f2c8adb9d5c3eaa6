"""The start of a report run, made before anything heavy is imported: the run's private folder,
the kernels' settings and environment, and the kernel parent.

The kernel parent (:mod:`discourse.report.forked_kernels`) imports pandas, SciPy,
scikit-learn, matplotlib, IPython and the package (1.6 s of one core on the example), and the
kernels can start only when it is done: on a small corpus it is the report's critical path.
``discourse report`` (:func:`discourse.cli.main`) therefore makes a :class:`RunStart` first,
importing only this module (no pandas), and the kernel parent imports the libraries while the
report process imports its own and reads the corpus. :func:`discourse.report.build.build`
makes one itself when it is given none.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .kernel_env import (  # noqa: F401 - importable from here, as before
    INLINE_BACKEND,
    SETTINGS_PREFIX,
    SNAPSHOT_VAR,
    WARM_MODULES,
    kernel_env,
)


class RunStart:
    """A run's private folder (``workdir``), the path of its snapshot there, the kernels'
    ``settings``, and the kernel parent (``parent``; ``None`` where kernels are not forked),
    started at once. :meth:`close` ends the kernel parent and removes the folder (again: a
    no-op)."""

    def __init__(self):
        from . import forked_kernels

        self.workdir = Path(tempfile.mkdtemp(prefix="discourse-run-"))
        # the kernels' one setting: the run's decisions, written once (they read nothing
        # else), and an empty IPython profile of their own: the user's startup files never
        # run there
        self.snapshot = self.workdir / ".snapshot.pickle"
        (self.workdir / ".ipython").mkdir()
        self.settings = {SNAPSHOT_VAR: str(self.snapshot),
                         "IPYTHONDIR": str(self.workdir / ".ipython")}
        self.parent = None
        self.closed = False
        try:
            if forked_kernels.available():
                self.parent = forked_kernels.KernelParent(kernel_env(self.settings),
                                                          self.workdir, WARM_MODULES)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.parent is not None:
            self.parent.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
