"""Register and claims: style profiles and sentence alignment between texts.

``style`` (``style_profile``) with what it measures in ``measures`` (syllables, MTLD, the
word and sentence features); ``align`` (``align_sentences``, ``similarity_null``) with its
sentence-term matrix in ``sentence_space``.

May import: ``discourse.text``, ``discourse.stats``, ``discourse.stance``,
``discourse.sides`` and the ground floor.
"""
