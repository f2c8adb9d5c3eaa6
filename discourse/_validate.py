"""One error style for the whole package: name the input, the problem and the fix."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


class InputError(ValueError):
    """Bad input to a ``discourse`` function.

    The message names the input (file, column, document or parameter), says what is wrong with it
    and suggests a fix. It subclasses :class:`ValueError`, so ``except ValueError`` catches it.
    """


def require_columns(df: pd.DataFrame, columns: Iterable[str], *, name: str, hint: str = "") -> None:
    """Raise :class:`InputError` unless every column in ``columns`` is in ``df``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"], name="counts")
    """
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{name} must be a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(repr, df.columns)) or "no columns"
        msg = f"{name} has no column {', '.join(map(repr, missing))} (it has {have})."
        raise InputError(msg + (" " + hint if hint else ""))


def check_choice(value, options: Iterable, *, name: str):
    """Return ``value`` if it is one of ``options``, else raise :class:`InputError`.

    Examples
    --------
    >>> check_choice("l2", ["l1", "l2"], name="norm")
    'l2'
    """
    options = list(options)
    if value not in options:
        raise InputError(f"{name}={value!r} is not one of {', '.join(map(repr, options))}.")
    return value


def check_int(value, *, name: str, minimum: int, hint: str = "") -> None:
    """Raise :class:`InputError` unless ``value`` is an integer (not a bool) >= ``minimum``.

    Examples
    --------
    >>> check_int(2, name="ngram", minimum=1)
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise InputError(f"{name}={value!r} must be an integer of at least {minimum}"
                         f"{' ' + hint if hint else ''}.")


def check_confidence(confidence) -> None:
    """Raise :class:`InputError` unless ``confidence`` (an interval's level) lies in (0, 1).

    Examples
    --------
    >>> check_confidence(0.95)
    """
    if isinstance(confidence, bool) or not isinstance(confidence, int | float | np.floating) \
            or not 0 < confidence < 1:
        raise InputError(f"confidence={confidence!r} must lie between 0 and 1, e.g. 0.95.")


def as_list(value) -> list:
    """Return ``value`` as a list: a string or scalar becomes a one-element list."""
    if value is None:
        return []
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return [value]
    return list(value)
