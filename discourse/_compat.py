"""Old spellings that keep working for one round, each with a :class:`DeprecationWarning`.

The vocabulary of the package (``CONTRIBUTING.md``) was settled for version 1.0. What was
spelled otherwise before keeps working until a later version removes it:

* old **parameter names** (``n_boot=``, ``top_n=``, ``conf_level=``, ...): :func:`renamed`
  maps them to the new name and warns;
* old **output columns** (``words``, ``boot_low``, ``source_text``, ...):
  :func:`with_old_columns` returns the table with the new columns only, and reading an old name
  (``table["words"]`` or ``table.words``) gives the new column with a warning;
* the old **argument order** ``f(markers, corpus)``: :func:`corpus_then_markers` accepts it by
  the type of the arguments and warns.

Examples
--------
>>> import warnings
>>> @renamed(n_boot="n_resamples")
... def f(*, n_resamples=10):
...     return n_resamples
>>> with warnings.catch_warnings(record=True) as w:
...     warnings.simplefilter("always")
...     f(n_boot=3), str(w[0].message)
(3, 'f(n_boot=) is now f(n_resamples=); the old name goes in a later version.')
>>> t = with_old_columns(pd.DataFrame({"n_words": [5]}), {"words": "n_words"})
>>> with warnings.catch_warnings(record=True) as w:
...     warnings.simplefilter("always")
...     int(t["words"].iloc[0]), list(t.columns)
(5, ['n_words'])
"""

from __future__ import annotations

import functools
import sys
import warnings

import pandas as pd

from ._validate import InputError

REMOVAL = "the old name goes in a later version"


def _warn(message: str) -> None:
    """Warn, attributed to the first caller outside the package (a notebook cell, a script)."""
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_globals.get("__name__", "").partition(".")[0] == \
            "discourse":
        frame, level = frame.f_back, level + 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)


def renamed(**old_to_new: str):
    """Decorator: keyword arguments ``old=`` are passed on as ``new=``, with a warning.

    Giving both the old and the new name is an :class:`~discourse.InputError`.
    """
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise InputError(f"{func.__name__}() got both {old}= and {new}=; "
                                         f"{old}= is the old name of {new}=: give {new}= only.")
                    _warn(f"{func.__name__}({old}=) is now {func.__name__}({new}=); {REMOVAL}.")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__renamed__ = dict(old_to_new)
        return wrapper

    return decorate


class OldColumnsFrame(pd.DataFrame):
    """A DataFrame that still answers to the old names of its renamed columns, with a warning.

    Anything computed from it (``head()``, ``round()``, a filter) is a plain DataFrame.
    """

    _metadata = ["_old_columns"]

    @property
    def _constructor(self):
        return pd.DataFrame

    def _old(self, key):
        old = object.__getattribute__(self, "__dict__").get("_old_columns") or {}
        if isinstance(key, str) and key in old and key not in self.columns:
            _warn(f"column {key!r} is now {old[key]!r}; {REMOVAL}.")
            return old[key]
        return None

    def __getitem__(self, key):
        new = self._old(key)
        if new is not None:
            return super().__getitem__(new)
        if isinstance(key, list) and any(isinstance(k, str) for k in key):
            key = [self._old(k) or k for k in key]
        return super().__getitem__(key)

    def __getattr__(self, name):
        if not name.startswith("_"):
            new = self._old(name)
            if new is not None:
                return super().__getitem__(new)
        return super().__getattr__(name)


def with_old_columns(table: pd.DataFrame, old_to_new: dict[str, str]) -> pd.DataFrame:
    """``table`` (new column names only), answering to the old names with a warning."""
    out = OldColumnsFrame(table)
    out._old_columns = {old: new for old, new in old_to_new.items() if new in table.columns}
    out.attrs.update(table.attrs)
    return out


def _is_corpus(obj) -> bool:
    # by the class: a Dask corpus's tokens property raises (it has no token table)
    cls = type(obj)
    return hasattr(cls, "tokens") or "tokens" in getattr(cls, "__dataclass_fields__", {})


def corpus_then_markers(first, second, *, fn: str):
    """``(corpus, markers)`` from arguments given in either order (the old one warns).

    The old order was ``fn(markers, corpus)``: a DataFrame first and a corpus second.
    """
    if isinstance(first, pd.DataFrame) and second is not None and \
            not isinstance(second, pd.DataFrame) and _is_corpus(second):
        _warn(f"{fn}(markers, corpus) is now {fn}(corpus, markers): the corpus comes first; "
              f"the old order goes in a later version.")
        return second, first
    return first, second
