"""Stance markers: the lexicon, its context rules, rates and their comparison.

``lexicon`` (the documented lexicon as data), ``marker_rules`` with ``_rulebook``,
``_context`` and ``_match`` (the context rules read from ``resources/marker_rules.json``),
``markers`` (``find_markers``), ``rates`` (``marker_rates``), ``rate_comparison``
(``compare_rates``), ``sentences`` (``sentence_stance``, the certainty score), ``trend``
(``trend``: rates per period and a trend test over documents), and the student's own coding:
``coding`` (``coding_sheet``), ``agreement`` (``agreement``: kappa and alpha with intervals),
``fit`` with ``_features`` (``fit_stance``: a classifier fitted on the student's codes, with the
rule hits as features).

May import: ``discourse.text``, ``discourse.sides`` and the ground floor.
"""
