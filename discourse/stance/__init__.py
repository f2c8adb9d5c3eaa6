"""Stance markers: the lexicon, its context rules, rates and their comparison.

``lexicon`` (the documented lexicon as data), ``marker_rules`` with ``_rulebook``,
``_context`` and ``_match`` (the context rules read from ``resources/marker_rules.json``),
``markers`` (``find_markers``), ``rates`` (``marker_rates``), ``rate_comparison``
(``compare_rates``), ``sentences`` (``sentence_stance``, the certainty score).

May import: ``discourse.text``, ``discourse.sides`` and the ground floor.
"""
