"""Stance markers: the lexicon, its context rules, rates and their comparison.

``lexicon`` (the documented lexicon as data), ``marker_rules`` with ``_rulebook``,
``_context``, ``_match``, ``_engine`` and ``_speakers`` (the context rules read from
``resources/marker_rules.json``; ``_speakers``: who says or believes it),
``markers`` (``find_markers``), ``rates`` (``marker_rates``), ``rate_comparison``
(``compare_rates``), ``_resample``, ``_permutation_tests`` and ``_slope_resampling`` (the
resampling loops: bootstrap and permutation over documents, the same draws as a plain loop),
``sentences`` (``sentence_stance``, the certainty score), ``trend`` (``trend``: rates per
period and a trend test over documents), and the student's own coding:
``coding`` (``coding_sheet``), ``agreement`` (``agreement``: kappa and alpha with intervals),
``fit`` with ``_features`` (``fit_stance``: a classifier fitted on the student's codes, with the
rule hits as features).

May import: ``discourse.text`` (``text.source_nouns``: which nouns can say something, the same
list the voices use for sources), ``discourse.sides`` and the ground floor.
"""
