"""Counting and contrasting: counts, TF-IDF, log-odds, keyness, dispersion, topics.

``counts`` (``count_terms``), ``contrast`` (``tf_idf``, ``log_odds``), ``keyness`` (pooled G²
and Log Ratio, and the document-level columns), ``dispersion`` (the tests over documents),
``distinctive`` (which test ranks the key terms), ``topics`` (NMF).

May import: ``discourse.text``, ``discourse.sides`` and the ground floor.
"""
