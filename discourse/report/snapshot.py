"""The report's snapshot: its decisions written once, and held once for every forked kernel.

The report writes its :class:`~discourse.report.context.ReportContext` (the corpus, its
comparisons, its markers) into a pickle in the run's private folder (:func:`write_snapshot`);
the kernels find it through ``DISCOURSE_SNAPSHOT``. Where the kernels are forked from one
kernel parent (:mod:`discourse.report.forked_kernels`), the kernel parent loads that pickle once
(:func:`hold_snapshot`) before it forks the kernels and the writer of the index: they inherit
the loaded tables, and share their memory pages with it until one of them writes to a page.
With 100,000 documents that is one copy of the corpus's tables instead of one per process.

What a notebook receives of a held snapshot is a *view* (:func:`snapshot_view`): the same
values in new table objects (pandas' copy-on-write shallow copies), so a notebook that changes
its corpus's or markers' tables changes them for itself only, as it would with a copy of its
own; the next notebook of the same kernel starts from the snapshot as written.
"""

from __future__ import annotations

import copy
import os
import pickle
from pathlib import Path

import pandas as pd

_HELD: dict[str, object] = {}
"""In the kernel parent (and the processes it forks): the snapshot loaded, by its path."""


def write_snapshot(context, path: str | os.PathLike) -> Path:
    """Write ``context`` where the report's kernels load it (a pickle, readable by its owner
    only); return the path."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        pickle.dump(context, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def read_snapshot(path: str | os.PathLike):
    """The value of the snapshot at ``path``: the one held here (a view of it, see
    :func:`snapshot_view`), else the pickle read from the file.

    Raises
    ------
    OSError
        The file cannot be read (and no snapshot of that path is held).
    """
    held = _HELD.get(str(path))
    if held is not None:
        return snapshot_view(held)
    with open(path, "rb") as f:
        return pickle.load(f)  # noqa: S301 - written by this run's own report process


def hold_snapshot(path: str | os.PathLike) -> None:
    """In the kernel parent: load the snapshot at ``path`` once and keep it, for the processes
    forked from here (:func:`read_snapshot` hands each a view)."""
    with open(path, "rb") as f:
        _HELD[str(path)] = pickle.load(f)  # noqa: S301 - written by this run's report process


def snapshot_view(value):
    """``value`` with every table it holds (its own, its corpus's) a new shallow copy.

    A shallow copy shares the data of the table it copies until either writes to it (pandas'
    copy-on-write), so the view costs no memory, and a change made to the view's tables (a
    column added, a value set) is not seen in ``value``. A value reached twice (``compared``
    is ``corpus`` when nothing is left out) is one value in the view too. Dictionaries are
    copied one level deep; other values (strings, numbers, tuples of sides) are shared.

    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> t = pd.DataFrame({"n": [1, 2]})
    >>> v = snapshot_view(SimpleNamespace(a=t, b=t, c="x"))
    >>> v.a is v.b, v.a is t
    (True, False)
    >>> v.a.loc[0, "n"] = 9
    >>> int(t.loc[0, "n"]), int(v.b.loc[0, "n"])
    (1, 9)
    """
    return _view(value, {})


def _view(value, seen: dict):
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, pd.DataFrame | pd.Series):
        new = _table_view(value)
    elif isinstance(value, dict):
        new = dict(value)
    elif _holds_tables(value):  # the context, its corpus: new objects, the same attributes
        new = copy.copy(value)  # (cached ones too), then a view of each table and dictionary
        for name, item in vars(value).items():
            if isinstance(item, dict) or _holds_tables(item) or isinstance(
                    item, pd.DataFrame | pd.Series):
                object.__setattr__(new, name, _view(item, seen))  # frozen dataclasses too
    else:  # strings, numbers, tuples, sides: shared (so main is still comparisons[0])
        new = value
    seen[id(value)] = new
    return new


def _table_view(table):
    """A shallow copy of ``table`` of its own class (a table that answers to old column names
    stays one), with its ``attrs`` and the attributes its class keeps (``_metadata``)."""
    new = table.copy(deep=False)
    if type(new) is not type(table):  # copy() of a subclass may give its plain parent
        new = type(table)(new)
        for name in getattr(table, "_metadata", ()):
            if name in vars(table):
                object.__setattr__(new, name, vars(table)[name])
    new.attrs = dict(table.attrs)
    return new


def _holds_tables(value) -> bool:
    """Whether ``value`` is an object (not a class) with a table among its attributes, or an
    object holding such an object (the context holds its corpus)."""
    attrs = getattr(value, "__dict__", None)
    if isinstance(value, type) or not isinstance(attrs, dict):
        return False
    return any(isinstance(v, pd.DataFrame | pd.Series) for v in attrs.values()) or any(
        _holds_tables(v) for v in attrs.values() if type(v).__module__.startswith(
            ("discourse", "types")))
