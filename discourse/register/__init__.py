"""Register and claims: style profiles and sentence alignment between texts.

``style`` (``style_profile``), ``align`` (``align_sentences``, ``similarity_null``).

May import: ``discourse.text``, ``discourse.stats``, ``discourse.stance``,
``discourse.sides`` and the ground floor.
"""
