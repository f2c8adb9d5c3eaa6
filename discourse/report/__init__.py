"""The report: what it says, its pages, and running the notebooks.

``context`` (what the notebooks share: ``report_corpus``, ``report_comparisons``,
``report_context``), ``findings``, ``summaries``, ``examples`` (the computed sentences and
tables of the index and the notebooks), ``index_page``, ``reading_page``, ``site`` (the pages
that are not notebooks), ``notebook_run`` (executing and rendering a notebook), ``build``
(preflight, the lock, the all-or-nothing run).

May import: everything below it; only ``discourse.cli`` imports it.
"""
