"""Backends: the one place that decides whether an analysis runs on a pandas corpus or on
another kind of corpus (today: :class:`discourse.scale.dask_corpus.DaskCorpus`).

An analysis that runs on several backends is declared with :func:`dispatch` where it is
defined; its body is the pandas implementation, run for a :class:`discourse.Corpus` and for
anything no backend claims. A backend registers its own implementations in one call of
:func:`register`, next to its corpus class (see the end of :mod:`discourse.scale.dask_corpus`), so
:data:`BACKENDS` lists every analysis each backend runs. Dispatch is on the type of the first
argument (:func:`functools.singledispatch`).

Analyses not declared here read the corpus tables directly; a corpus without them (a Dask
corpus) refuses with an :class:`~discourse.InputError` that says what it offers instead.

Examples
--------
>>> @dispatch
... def n_documents(corpus):
...     return len(corpus.documents)
>>> class Listed:
...     def __init__(self, ids):
...         self.ids = ids
>>> register(Listed, n_documents=lambda corpus: len(corpus.ids))
>>> n_documents(Listed(["a", "b"]))
2
>>> sorted(BACKENDS[Listed])
['n_documents']
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import singledispatch

#: The analyses declared with :func:`dispatch`, by name.
DISPATCHED: dict[str, Callable] = {}
#: For each registered corpus type, the analyses it runs with its own implementation.
BACKENDS: dict[type, dict[str, Callable]] = {}


def dispatch(func: Callable) -> Callable:
    """Declare ``func`` (the pandas implementation) as an analysis other backends may run."""
    dispatched = singledispatch(func)
    DISPATCHED[func.__name__] = dispatched
    # a public analysis gets its door now (``discourse`` imports its names lazily)
    hook = getattr(sys.modules.get("discourse"), "__dict__", {}).get("_on_dispatch")
    if hook is not None and func.__module__.startswith("discourse."):
        hook(func.__name__, dispatched)
    return dispatched


def register(corpus_type: type, **implementations: Callable) -> None:
    """Run the named analyses with these implementations for corpora of ``corpus_type``.

    Each implementation takes the corpus and the analysis' own arguments.
    """
    unknown = sorted(set(implementations) - set(DISPATCHED))
    if unknown:
        raise ValueError(f"{unknown} are not analyses declared with dispatch; declared: "
                         f"{sorted(DISPATCHED)}.")
    for name, impl in implementations.items():
        DISPATCHED[name].register(corpus_type)(impl)
    BACKENDS.setdefault(corpus_type, {}).update(implementations)
