"""What the notebooks and ``make report`` share: which corpus to analyse, and which sides.

The notebooks never hard-code the example: they call :func:`report_corpus`, which reads the
environment variable ``DISCOURSE_CORPUS`` (set by ``make report CORPUS=...``): a folder of .txt
files or a CSV with ``doc_id`` and ``text`` columns. Unset, it is the built-in example.
:func:`report_comparisons` reads the user's choice of sides (``DISCOURSE_FOCUS``,
``DISCOURSE_REFERENCE``, ``DISCOURSE_BY``, set by ``--focus``/``--reference``) and returns
:func:`discourse.sides.comparisons`, so every page compares the same sides.
"""

from __future__ import annotations

import os
from pathlib import Path

from .._validate import InputError
from ..sides import Sides, comparisons
from ..text.corpus import Corpus
from ..text.io import load_example, read_csv, read_folder

ENV_VAR = "DISCOURSE_CORPUS"
FOCUS_VAR = "DISCOURSE_FOCUS"
REFERENCE_VAR = "DISCOURSE_REFERENCE"
BY_VAR = "DISCOURSE_BY"


def report_corpus(path: str | os.PathLike | None = None) -> Corpus:
    """The corpus a notebook analyses: ``path``, else ``$DISCOURSE_CORPUS``, else the example.

    Parameters
    ----------
    path : str or Path, optional
        A folder of .txt files or a .csv file. Default: the environment variable
        ``DISCOURSE_CORPUS``; when that is unset or empty, :func:`discourse.load_example`.

    Examples
    --------
    >>> report_corpus().name
    'example'
    """
    value = path if path is not None else os.environ.get(ENV_VAR, "")
    if not str(value).strip():
        return load_example()
    p = Path(value).expanduser()
    if p.is_dir():
        return read_folder(p)
    if p.is_file() and p.suffix.lower() in (".csv", ".tsv"):
        return read_csv(p, sep="\t" if p.suffix.lower() == ".tsv" else ",")
    where = f"{ENV_VAR}={str(value)!r}" if path is None else f"path={str(value)!r}"
    if not p.exists():
        raise InputError(f"{where} points nowhere: no such folder or file (looked from "
                         f"{Path.cwd()}). Give a folder of .txt files or a .csv file.")
    raise InputError(f"{where} is neither a folder of .txt files nor a .csv file.")


def report_choice() -> dict:
    """The user's choice of sides from the environment: ``{"by", "focus", "reference"}``.

    Unset or blank variables give ``None``.

    >>> import os
    >>> os.environ.pop(FOCUS_VAR, None), os.environ.pop(REFERENCE_VAR, None)
    (None, None)
    >>> report_choice()["focus"] is None
    True
    """
    def get(name):
        value = os.environ.get(name, "").strip()
        return value or None

    return {"by": get(BY_VAR), "focus": get(FOCUS_VAR), "reference": get(REFERENCE_VAR)}


def report_comparisons(corpus: Corpus) -> list[Sides]:
    """The comparisons every page of the report shows, from the corpus and the user's choice.

    Parameters
    ----------
    corpus : Corpus
        From :func:`report_corpus`.

    Returns
    -------
    list of Sides
        :func:`discourse.sides.comparisons` with ``by``, ``focus`` and ``reference`` read from
        ``$DISCOURSE_BY``, ``$DISCOURSE_FOCUS`` and ``$DISCOURSE_REFERENCE`` (unset: decided
        from the corpus). The first is the main comparison.

    Raises
    ------
    InputError
        Nothing to compare (one document, one group), or a chosen focus or reference that is
        not a group (the message lists the groups).

    Examples
    --------
    >>> [s.describe() for s in report_comparisons(report_corpus())]
    ['cepa_essay against news_rewrite']
    """
    return comparisons(corpus, **report_choice())
