"""What a report kernel's environment holds: the variable that points a kernel at the run's
snapshot, the prefix of the report's own settings, the inline plotting backend and the modules a
kernel imports before any notebook runs. A leaf: it imports nothing of the report, so the start of
a run (:mod:`discourse.report.run_start`) and the kernels' side
(:mod:`discourse.report.context`) can both read it.
"""

from __future__ import annotations

import os

SNAPSHOT_VAR = "DISCOURSE_SNAPSHOT"
"""Set by the report in each notebook kernel: the path of the run's snapshot (its
:class:`~discourse.report.context.ReportContext`)."""
SETTINGS_PREFIX = "DISCOURSE_"
"""The prefix of the report's settings: a kernel inherits no variable that starts with it."""
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
WARM_MODULES = ("pandas", "numpy", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
                "IPython.display", "discourse", "nltk.tokenize.punkt", "nltk.collocations",
                "nltk.stem.porter", "pandas.io.formats.style")
"""Imported by a report kernel while the report reads the corpus, before any notebook runs (and
every public ``dc.*`` name's module): a notebook's first cell then finds them imported. The
package imports NLTK (segmenting new texts, collocations, the stemmer of the alignment) and
pandas' Styler only where they are used, and each kernel of the example used them: imported
once in the kernel parent instead (0.15-0.2 s of CPU in each kernel)."""
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""One BLAS thread in a report kernel (unless the user set these): two kernels run side by side,
each on its own core, and a BLAS pool of two threads in each spun for the other's core (the
coded example's two ``fit_stance``: 1.1-1.2 s and 1.5 s of CPU with the default pools, 0.5-0.6 s
with one thread, beside another process; the pages are byte for byte the same)."""


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
    >>> env["OPENBLAS_NUM_THREADS"] if "OPENBLAS_NUM_THREADS" not in os.environ else "1"
    '1'
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIX)}
    env.update(settings)
    env.update({"MPLBACKEND": INLINE_BACKEND, "PYTHONHASHSEED": "0"})
    for name in ONE_THREAD:
        env.setdefault(name, "1")
    env.pop("JPY_PARENT_PID", None)
    return env
