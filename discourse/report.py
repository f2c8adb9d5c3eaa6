"""What the notebooks and ``make report`` share: which corpus to analyse.

The notebooks never hard-code the example: they call :func:`report_corpus`, which reads the
environment variable ``DISCOURSE_CORPUS`` (set by ``make report CORPUS=...``): a folder of .txt
files or a CSV with ``doc_id`` and ``text`` columns. Unset, it is the built-in example.
"""

from __future__ import annotations

import os
from pathlib import Path

from ._validate import InputError
from .corpus import Corpus
from .io import load_example, read_csv, read_folder

ENV_VAR = "DISCOURSE_CORPUS"


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
