"""Beyond one machine: the Dask corpus (``from_dask``).

``dask`` (:class:`DaskCorpus`), ``_partitions`` (what runs on each partition). Dask itself is
imported only when used (``pip install "discourse[dask]"``).

May import: ``discourse.text``, ``discourse.stats``, ``discourse.stance`` and the ground floor.
"""
