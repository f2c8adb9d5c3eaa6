"""What a person looks at: plots, HTML views and the term explorer.

``palette`` (colours of categories and sides), ``plot_terms``, ``plot_markers``,
``plot_style``, ``plot_trend`` (matplotlib, each returns its Axes), ``view_markers``,
``view_align`` (HTML from the templates in ``discourse/templates``), ``explore`` with
``explore_data`` and ``explore_snippets`` (the offline term explorer: its statistics, and the
whole sentences it shows as contexts).

May import: every analysis subpackage (``text``, ``stats``, ``stance``, ``register``,
``voices``), ``discourse.sides`` and the ground floor; never ``discourse.report``.
"""
