"""Counts as a Dask partition sends them: terms as codes into the partition's own terms.

A partition's count table with ``term`` as a categorical (its codes are the ranks the integer
sorts of :func:`discourse.stats.counts.count_terms` already have) is half the bytes of the same
table with strings (10M words: 59 MB against 123 MB), and the client turns the codes of every
partition into one string column in an Arrow take, with no union of categories.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats.counts import _TERM_CODES, count_terms


def count_terms_coded(corpus, **options) -> pd.DataFrame:
    """:func:`count_terms` with ``term`` as a categorical whose categories are the distinct
    terms in code-point order, where the table is counted by its integer sorts (single terms,
    no zero rows); else with ``term`` as strings, as :func:`count_terms` gives it.

    The client turns them into strings in one Arrow take (:func:`decode_terms`): 0.07 s at
    10M words, with no hashing anywhere.
    """
    token = _TERM_CODES.set(True)
    try:
        return count_terms(corpus, **options)
    finally:
        _TERM_CODES.reset(token)


def decode_terms(parts: list[pd.DataFrame], position: int) -> pd.api.extensions.ExtensionArray:
    """The ``term`` columns of ``parts`` (categoricals of :func:`count_terms_coded`, or
    strings) end to end, as one pandas string array.

    >>> a = pd.DataFrame({"term": pd.Categorical(["b", "a", "b"])})
    >>> b = pd.DataFrame({"term": pd.array(["c"], dtype="str")})
    >>> list(decode_terms([a, b], 0))
    ['b', 'a', 'b', 'c']
    """
    import pyarrow as pa

    chunks = []
    for part in parts:
        col = part.iloc[:, position]
        if isinstance(col.dtype, pd.CategoricalDtype):
            cats = pa.array(np.asarray(col.cat.categories, dtype=object), type=pa.large_string())
            chunks.append(cats.take(pa.array(col.cat.codes.to_numpy())))
        else:
            chunks.append(pa.array(np.asarray(col, dtype=object), type=pa.large_string()))
    return pd.array(pa.chunked_array(chunks, type=pa.large_string()), dtype="str")
