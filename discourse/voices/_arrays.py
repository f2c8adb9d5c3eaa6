"""The token table as plain numpy arrays, converted once and shared by the voices modules.

``corpus.analyzed("tokens")`` holds Arrow-backed strings; converting a column to a numpy array
of Python strings costs about as much as the name rules themselves, and :func:`discourse.actors`
and :func:`discourse.attributions` need the same columns in five places. :func:`token_arrays`
converts them once per tokens table while a :func:`shared_arrays` block runs (one public call);
nothing is kept after it.
"""

from __future__ import annotations

import contextlib
import functools

import numpy as np
import pandas as pd

__all__ = ["TokenArrays", "shared_arrays", "token_arrays"]


class TokenArrays:
    """``doc, para, sent, start, end, text, norm, is_word, is_stop`` of a tokens table, and
    ``text_codes``, ``text_uniques``: each token's number in the distinct texts, and those."""

    def __init__(self, tok: pd.DataFrame):
        self.doc, self._doc_codes, _ = _shared_strings(tok.doc_id)
        self.para = tok.para_id.to_numpy()
        self.sent = tok.sent_id.to_numpy()
        self.start = tok.start.to_numpy().astype(np.int64)
        self.end = tok.end.to_numpy().astype(np.int64)
        self.text, self.text_codes, self.text_uniques = _shared_strings(tok.text)
        self.norm, self._norm_codes, self._norm_uniques = _shared_strings(tok.norm)
        self.is_word = tok.is_word.to_numpy()
        self.is_stop = tok.is_stop.to_numpy()

    def per_text(self, test) -> np.ndarray:
        """``test(text)`` for every token, worked out once per distinct token text."""
        per = np.empty(len(self.text_uniques), dtype=object)  # object: no fixed-width str
        per[:] = [test(u) for u in self.text_uniques]
        return per[self.text_codes]

    def norm_in(self, words) -> np.ndarray:
        """Is each token's ``norm`` one of ``words``? (Worked out once per distinct norm.)"""
        words = set(words)
        return np.array([u in words for u in self._norm_uniques], dtype=bool)[self._norm_codes]

    @functools.cached_property
    def sent_key(self) -> np.ndarray:
        """One number per sentence (equal for the tokens of one sentence of one document)."""
        doc = self._doc_codes.astype(np.int64)
        width = int(self.sent.max()) + 1 if len(self.sent) else 1
        return doc * width + self.sent.astype(np.int64)

    @functools.cached_property
    def as_lists(self) -> tuple[list, list, list]:
        """``text``, ``norm`` and :attr:`sent_key` as Python lists: for rules that step from
        token to token in Python, where a list is read several times faster than an array."""
        return self.text.tolist(), self.norm.tolist(), self.sent_key.tolist()

    @functools.cached_property
    def is_lower(self) -> np.ndarray:
        """The token's first character is a lower-case letter."""
        return self.per_text(lambda t: t[:1].islower()).astype(bool)

    @functools.cached_property
    def lower_words(self) -> frozenset:
        """Words (``norm``) the texts write in lower case more often than capitalised."""
        low = self.is_lower
        n_low = pd.Series(self.norm[low], dtype=object).value_counts()
        n_cap = pd.Series(self.text[~low], dtype=object).value_counts()
        return frozenset(w for w, n in n_low.items() if n > n_cap.get(w.capitalize(), 0))


def _shared_strings(column: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``column.astype(str)`` as an object array whose equal values share one string object
    (8 bytes a token instead of a string each), with its codes and distinct values."""
    codes, uniques = pd.factorize(column, sort=False)
    uniques = np.append(np.asarray(pd.Index(uniques).astype(str), dtype=object), "nan")
    return uniques[codes], codes, uniques  # code -1 (a missing value) reads "nan"


_CACHE: list[tuple[pd.DataFrame, TokenArrays]] = []
_DEPTH = [0]


@contextlib.contextmanager
def shared_arrays():
    """Within this block, :func:`token_arrays` converts each tokens table once."""
    _DEPTH[0] += 1
    try:
        yield
    finally:
        _DEPTH[0] -= 1
        if not _DEPTH[0]:
            _CACHE.clear()


def token_arrays(tok: pd.DataFrame) -> TokenArrays:
    """The arrays of ``tok`` (converted once per :func:`shared_arrays` block)."""
    for t, arrays in _CACHE:
        if t is tok:
            return arrays
    arrays = TokenArrays(tok)
    if _DEPTH[0]:
        _CACHE.append((tok, arrays))
    return arrays
