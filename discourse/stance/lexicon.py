"""The stance lexicon: hedges, boosters, obligation, attribution, attitude, self-mention,
engagement, informal, conditions.

The lexicon is data (``discourse/resources/stance_lexicon.csv``, documented in
``discourse/resources/LEXICON.md``): one row per entry and category, with its inflected and
multiword forms, the context rules that apply to it, and the literature it comes from. A user can
read it, extend it or replace it with a file of their own (:func:`load_lexicon`).

The categories follow Hyland's (2005) interactional metadiscourse, plus a register category:

``hedge``
    withheld commitment. *Epistemic* hedges make the proposition uncertain: modals, belief and
    expectation verbs (whoever believes), epistemic adverbs, adjectives and nouns. *Scope*
    hedges (subcategories ``scope: approximator``, ``scope: frequency or generality``,
    ``scope: downtoner``, ``scope: vagueness``) limit how far a true proposition reaches
    ("about 40", "often", "partly") and do not make it uncertain.
``booster``
    certainty and emphasis: epistemic commitment ("clearly", "it must be true").
``obligation``
    deontic modality: something is required or advisable ("must", "should", "ought to",
    "need to", "have to", "it is necessary that"). Not certainty, so neither a booster nor
    part of the certainty ratio; a feature of its own in the fitted certainty score.
``attribution``
    a claim given to a source: reporting verbs with a speaker, "according to", "reportedly".
``attitude``
    the writer's (or a quoted speaker's) affect and evaluation.
``self_mention``
    first-person reference.
``engagement``
    the reader addressed: "you", questions, directives.
``informal``
    register: contractions, nonstandard forms ("ain't", "tryna", "ol'"), colloquial words and
    idioms.
``condition``
    a condition on the claim: "if", "unless", "provided that", "in the event of" (not one of
    Hyland's categories; an uncertainty marker in Vincze et al.'s 2008 BioScope sense).

Which context rules a row's ``context`` tags call up, and what each rule does, is data too
(``discourse/resources/marker_rules.json``; :data:`CONTEXT_TAGS` is read from it).
"""

from __future__ import annotations

import csv
import io
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .._validate import InputError
from ._rulebook import CONTEXT_TAGS

LEXICON_VERSION = "3.0"
LEXICON_FILE = "stance_lexicon.csv"

CATEGORIES = ("hedge", "booster", "obligation", "attribution", "attitude", "self_mention",
              "engagement", "informal", "condition")
"""The stance categories, in the order tables and plots show them."""

COLUMNS = ("entry", "category", "subcategory", "forms", "context", "source", "notes")
"""Columns of a lexicon table; ``entry`` and ``category`` are required in a user's file."""


def _read_rows(text: str, where: str) -> tuple[list[dict], list[int]]:
    """Rows of a CSV text as dicts, with the line number where each row starts."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{where} is empty: a lexicon needs a header line with at least the "
                         f"columns 'entry' and 'category'.") from None
    header = [h.strip().lstrip("\ufeff").lower() for h in header]
    missing = [c for c in ("entry", "category") if c not in header]
    if missing:
        cols = ", ".join(map(repr, missing))
        raise InputError(f"{where}, line 1: the header has no column {cols}"
                         f" (it has {', '.join(map(repr, header))}). A lexicon needs 'entry' and "
                         f"'category'; optional: {', '.join(COLUMNS[2:])}.")
    rows, lines = [], []
    line = reader.line_num + 1
    try:
        for values in reader:
            if any(v.strip() for v in values):
                if len(values) != len(header):
                    raise InputError(f"{where}, line {line}: {len(values)} fields where the header "
                                     f"has {len(header)}. Quote fields that contain commas.")
                rows.append(dict(zip(header, values, strict=True)))
                lines.append(line)
            line = reader.line_num + 1
    except csv.Error as err:
        raise InputError(f"{where}, line {line}: not valid CSV ({err}).") from None
    return rows, lines


def check_lexicon(lexicon: pd.DataFrame, *, where: str = "lexicon",
                  labels: list[str] | None = None) -> pd.DataFrame:
    """Validate a lexicon table and return it with the standard columns, as str.

    Parameters
    ----------
    lexicon : DataFrame
        At least ``entry`` and ``category``; optional ``subcategory``, ``forms`` (``|``-separated;
        empty means the entry itself), ``context`` (space-separated tags of
        :data:`CONTEXT_TAGS`), ``source``, ``notes``.
    where : str
        How to name the input in error messages (a file name).
    labels : list of str, optional
        Where each row comes from, for error messages (``"mine.csv, line 7"``); default
        ``"<where>, row i"``.

    Returns
    -------
    DataFrame
        The columns of :data:`COLUMNS` in that order, stripped str values, RangeIndex.

    Raises
    ------
    InputError
        Naming the file, the line and the problem: an empty entry, an unknown category or
        context tag, a form that is empty or a bad wildcard, or the same form twice in one
        category (it would count every hit twice).
    """
    if not isinstance(lexicon, pd.DataFrame):
        raise InputError(f"lexicon must be a path or a DataFrame, got {type(lexicon).__name__}.")
    missing = [c for c in ("entry", "category") if c not in lexicon.columns]
    if missing:
        raise InputError(f"{where} has no column {', '.join(map(repr, missing))} (it has "
                         f"{', '.join(map(repr, map(str, lexicon.columns)))}).")
    df = pd.DataFrame({c: (lexicon[c] if c in lexicon.columns else "") for c in COLUMNS})
    df = df.fillna("").astype(str).apply(lambda s: s.str.strip()).reset_index(drop=True)
    df["category"] = df["category"].str.lower()
    where_row = (lambda i: labels[i]) if labels else (lambda i: f"{where}, row {i}")
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(df.itertuples(index=False)):
        if not row.entry:
            raise InputError(f"{where_row(i)}: the entry is empty. Every row needs an entry.")
        if row.category not in CATEGORIES:
            raise InputError(f"{where_row(i)}: unknown category {row.category!r} for entry "
                             f"{row.entry!r}. Use one of {', '.join(CATEGORIES)}.")
        for tag in row.context.split():
            if tag not in CONTEXT_TAGS:
                raise InputError(f"{where_row(i)}: unknown context tag {tag!r} for entry "
                                 f"{row.entry!r}. Known tags: {', '.join(CONTEXT_TAGS)} "
                                 f"(or leave the context empty).")
        for form in split_forms(row.forms or row.entry):
            if not form:
                raise InputError(f"{where_row(i)}: entry {row.entry!r} has an empty form "
                                 f"(two '|' in a row, or a trailing '|').")
            if form.startswith("*") and (len(form) < 2 or " " in form or "*" in form[1:]):
                raise InputError(f"{where_row(i)}: the wildcard form {form!r} must be one token "
                                 f"ending pattern such as \"*in'\" (a '*' then a suffix).")
            key = (row.category, " ".join(form_tokens(form)))
            if not key[1]:
                raise InputError(f"{where_row(i)}: the form {form!r} of entry {row.entry!r} "
                                 f"has no word in it.")
            if key in seen:
                j = seen[key]
                raise InputError(f"{where_row(i)}: the form {form!r} of category {row.category!r} "
                                 f"is already listed ({where_row(j)}, entry "
                                 f"{df.entry[j]!r}); each hit would count twice. Keep one.")
            seen[key] = i
    return df


def split_forms(forms: str) -> list[str]:
    """The forms of a ``forms`` cell: ``|``-separated, stripped.

    Examples
    --------
    >>> split_forms("suggest|suggests | suggested")
    ['suggest', 'suggests', 'suggested']
    """
    return [f.strip() for f in str(forms).split("|")]


def form_tokens(form: str) -> tuple[str, ...]:
    """The ``norm`` tokens of one form, tokenized like the corpus (a wildcard stays whole).

    Examples
    --------
    >>> form_tokens("It’s clear that")
    ("it's", 'clear', 'that')
    >>> form_tokens("*in'")
    ("*in'",)
    """
    from ..text import segment
    from ..text.normalize import normalize

    form = " ".join(form.split())
    if form.startswith("*"):
        return (normalize(form),)
    starts, ends = segment.token_spans(form)
    return tuple(normalize(form[s:e]) for s, e in zip(starts.tolist(), ends.tolist(),
                                                      strict=True))


@lru_cache(maxsize=1)
def _default_lexicon() -> pd.DataFrame:
    text = resources.files("discourse.resources").joinpath(LEXICON_FILE).read_text("utf-8")
    rows, lines = _read_rows(text, LEXICON_FILE)
    return check_lexicon(pd.DataFrame(rows), where=LEXICON_FILE,
                         labels=[f"{LEXICON_FILE}, line {n}" for n in lines])


def load_lexicon(path: str | os.PathLike | None = None, *, extend: bool = False) -> pd.DataFrame:
    """Load the stance lexicon: the shipped one, a file of your own, or both.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file (UTF-8) with a header line and at least the columns ``entry`` and
        ``category``; optional ``subcategory``, ``forms``, ``context``, ``source``, ``notes``
        (see ``discourse/resources/LEXICON.md``). Default: the shipped lexicon.
    extend : bool, default False
        With ``path``: add the file's rows to the shipped lexicon instead of replacing it.

    Returns
    -------
    DataFrame
        One row per entry and category: ``entry``, ``category`` (one of :data:`CATEGORIES`),
        ``subcategory``, ``forms`` (``|``-separated inflections and multiword forms; each form
        is tokenized like the corpus and matched on ``norm``, so case and curly quotes do not
        matter; ``*suffix`` matches any single token ending in the suffix), ``context``
        (space-separated tags naming the context rules that apply, :data:`CONTEXT_TAGS`),
        ``source`` (the literature), ``notes``. RangeIndex. A copy: changing it changes nothing
        else.

    Raises
    ------
    InputError
        When the file is missing or a row is bad: the message names the file, the line and
        the problem (an unknown category, an unknown context tag, an empty or duplicate form).

    Examples
    --------
    >>> lex = load_lexicon()
    >>> sorted(lex.category.unique()) == sorted(CATEGORIES)
    True
    >>> lex.loc[lex.entry == "suggest", ["category", "subcategory", "forms"]].values.tolist()
    [['hedge', 'epistemic verb', 'suggest|suggests|suggested|suggesting']]
    """
    if path is None:
        if extend:
            raise InputError("extend=True needs a path: the file whose rows extend the shipped "
                             "lexicon.")
        return _default_lexicon().copy()
    p = Path(path).expanduser()
    if not p.is_file():
        raise InputError(f"lexicon file {str(path)!r} not found (looked from {Path.cwd()}). "
                         f"Give the path of a CSV file with columns entry, category, forms, ...")
    try:
        text = p.read_text("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{p.name}: not UTF-8 text (byte {err.start}). Save the lexicon as "
                         f"UTF-8 CSV.") from None
    rows, lines = _read_rows(text, p.name)
    labels = [f"{p.name}, line {n}" for n in lines]
    own = check_lexicon(pd.DataFrame(rows, columns=list(rows[0]) if rows else list(COLUMNS)),
                        where=p.name, labels=labels)
    if not extend:
        return own
    base_text = resources.files("discourse.resources").joinpath(LEXICON_FILE).read_text("utf-8")
    _, base_lines = _read_rows(base_text, LEXICON_FILE)
    both = pd.concat([_default_lexicon(), own], ignore_index=True)
    return check_lexicon(both, where=f"{LEXICON_FILE} + {p.name}",
                         labels=[f"{LEXICON_FILE}, line {n}" for n in base_lines] + labels)


def searched_categories(markers) -> list[str]:
    """The categories a markers table was searched for, in :data:`CATEGORIES` order.

    They are the categories of its ``category`` column (a Categorical, so a category without a
    hit is still there), plus any other label the column holds; tables made before that
    column was categorical fall back on ``markers.attrs["categories"]``, then every category.

    >>> import pandas as pd
    >>> searched_categories(pd.DataFrame({"category": pd.Categorical(
    ...     ["hedge"], categories=["booster", "hedge"])}))
    ['hedge', 'booster']
    """
    column = markers["category"]
    if isinstance(column.dtype, pd.CategoricalDtype):  # searched categories carried by the data
        base = set(map(str, column.cat.categories))  # (its values are among them)
    else:  # older markers tables: DataFrame.attrs, lost by merges and concatenations
        base = set(markers.attrs.get("categories", CATEGORIES))
        base |= set(column.dropna().astype(str).unique())
    return [c for c in CATEGORIES if c in base] + sorted(base - set(CATEGORIES))
