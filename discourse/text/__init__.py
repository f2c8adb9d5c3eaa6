"""Text -> tables: reading files, segmenting, the Corpus and its four tables.

Readers (``io``: folders, CSV, frames, the example; ``files``: reading files safely;
``metadata``: ``metadata.csv``; ``decode``, ``checks``: encodings and the size guard),
segmenting (``segment``, ``token_scan`` and ``paragraph_scan``, ``sentence_rules``,
``normalize``, ``sections``: the section rules, ``section_hints``: the builder's shortcut for
them, ``batches``: the worker side of the table builder),
``corpus`` (:class:`~discourse.text.corpus.Corpus`), ``build`` (``build_corpus``: the tables
from raw texts), the word lists of
general English ``stoplists`` and ``source_nouns`` (which nouns can say something: read by the
voices and by the stance markers),
``kwic`` (concordances over the token table) and ``periods`` (``time_bins``: periods of a
numeric time column).

May import: the package's ground floor (``discourse._validate``, ``_memory``, ``_backend``)
and nothing else of the package.
"""
