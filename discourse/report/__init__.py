"""The report: what it says, its pages, and running the notebooks.

``context`` (what the notebooks share with the report:
:func:`~discourse.report.context.report_context` and its
:class:`~discourse.report.context.ReportContext`, the corpus, comparisons and markers a run
decides once and hands to its kernels as a snapshot; ``report_corpus``), ``snapshot`` (that
snapshot written, and held once by the process that forks the kernels), ``findings`` (with
``findings_terms`` and ``findings_stance``), ``summaries``, ``examples`` (the computed
sentences and tables of the index and the notebooks, public as ``dc.*``), ``index_page``,
``reading_page``, ``site`` (the pages that are not notebooks), ``notebook_run`` (executing a
notebook), ``notebook_page`` (rendering it), ``kernel_state`` (inside a kernel: the state each
notebook starts from), ``forked_kernels`` (one process imports the libraries and forks the
kernels), ``run_notebooks`` (the kernels' queue and thread), ``site_lock`` (one run at a
time), ``kernel_env`` (what a kernel's environment holds), ``run_start`` (a run's folder and
kernel parent, started before anything heavy is imported), ``build`` (preflight, the
all-or-nothing run).

May import: everything below it; only ``discourse.cli`` imports ``build``, and
``discourse/__init__`` re-exports the public functions.
"""
