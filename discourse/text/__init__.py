"""Text -> tables: reading files, segmenting, the Corpus and its four tables.

Readers (``io``: folders, CSV, frames, the example; ``decode``, ``checks``: encodings and the
size guard), segmenting (``segment``, ``token_scan``, ``sentence_rules``, ``normalize``,
``sections``: the section rules, ``batches``: the worker side of the table builder),
``corpus`` (:class:`~discourse.text.corpus.Corpus` and ``build_corpus``), the word lists of
general English ``stoplists`` and ``source_nouns`` (which nouns can say something: read by the
voices and by the stance markers),
``kwic`` (concordances over the token table) and ``periods`` (``time_bins``: periods of a
numeric time column).

May import: the package's ground floor (``discourse._validate``, ``_memory``, ``_backend``)
and nothing else of the package.
"""
