"""The report: what it says, its pages, and running the notebooks.

``context`` (what the notebooks share with the report:
:func:`~discourse.report.context.report_context` and its
:class:`~discourse.report.context.ReportContext`, the corpus, comparisons and markers a run
decides once and hands to its kernels as a snapshot; ``report_corpus``), ``findings``,
``summaries``, ``examples`` (the computed sentences and tables of the index and the notebooks,
public as ``dc.*``), ``index_page``, ``reading_page``, ``site`` (the pages that are not
notebooks), ``notebook_run`` (executing and rendering a notebook), ``kernel_state`` (inside a
kernel: the state each notebook starts from), ``forked_kernels`` (one process imports the
libraries and forks the kernels), ``run_notebooks`` (the kernels' queue and thread),
``site_lock`` (one run at a time), ``build`` (preflight, the all-or-nothing run).

May import: everything below it; only ``discourse.cli`` imports ``build``, and
``discourse/__init__`` re-exports the public functions.
"""
