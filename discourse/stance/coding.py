"""Hand coding: a stratified sample of sentences to code, written as a CSV and an offline page.

:func:`coding_sheet` draws the sample and writes it; :func:`read_codes` turns what coders wrote
("yes", "no", "1", "0", blank) into numbers for :func:`discourse.agreement` and
:func:`discourse.fit_stance`; :func:`load_coded_example` is a small sheet coded by hand that
ships with the package (so notebook 06 runs on a fresh clone).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import InputError, check_choice, check_confidence, check_int
from .lexicon import CATEGORIES

__all__ = ["CODE_COLUMNS", "CodedExample", "coding_sheet", "load_coded_example", "read_codes"]

CODE_COLUMNS = ("code_1", "code_2")
"""The columns coders fill: ``code_1`` (the first coder), ``code_2`` (a second, optional)."""

SHEET_COLUMNS = ["row", "doc_id", "sent_id", "text", "cues", "cue_spans", "code_1", "code_2",
                 "note", "category", "stratum", "n_stratum", "weight"]
"""Columns of a coding sheet, in order."""

STRATA = ("hit", "no hit")
YES = frozenset({"yes", "y", "1", "1.0", "true", "t", "x"})
NO = frozenset({"no", "n", "0", "0.0", "false", "f"})
EXAMPLE_SHEET = "coded_hedge_pj21.csv"


def check_coded_call(coded, n_resamples, random_state, confidence) -> None:
    """The arguments :func:`discourse.agreement` and :func:`discourse.fit_stance` share: a coded
    sheet (a DataFrame), a number of resamples and a seed (integers >= 0), an interval's level."""
    if not isinstance(coded, pd.DataFrame):
        raise InputError(f"coded must be a coding sheet (a DataFrame from dc.coding_sheet(...) "
                         f"or pd.read_csv of it), got {type(coded).__name__}.")
    check_int(n_resamples, name="n_resamples", minimum=0)
    check_int(random_state, name="random_state", minimum=0)
    check_confidence(confidence)


def read_codes(coded: pd.DataFrame, column: str) -> np.ndarray:
    """The codes of one column as 1.0 (yes), 0.0 (no) or NaN (not coded).

    Accepted (any case, spaces ignored): yes/y/1/true/x for yes, no/n/0/false for no, and an
    empty cell for not coded. Anything else raises :class:`~discourse.InputError` naming the
    column and the rows.

    Examples
    --------
    >>> read_codes(pd.DataFrame({"code_1": ["Yes", "no", "", None, 1, 0]}), "code_1").tolist()
    [1.0, 0.0, nan, nan, 1.0, 0.0]
    """
    if column not in coded.columns:
        raise InputError(f"coded has no column {column!r} (it has {', '.join(map(repr, coded))})."
                         f" A coding sheet from dc.coding_sheet(...) has code_1 and code_2.")
    raw = coded[column]
    text = raw.astype("string").str.strip().str.lower().fillna("")
    out = np.full(len(raw), np.nan)
    out[text.isin(YES).to_numpy()] = 1.0
    out[text.isin(NO).to_numpy()] = 0.0
    bad = (~text.isin(YES | NO | {"", "nan", "<na>"})).to_numpy()
    if bad.any():
        rows = coded.index[bad].tolist()[:5]
        values = sorted(set(raw[bad].astype(str)))[:5]
        raise InputError(f"coded[{column!r}] holds {values} at row(s) {rows}: write yes or no "
                         f"(or 1 / 0), or leave the cell empty for a sentence not coded.")
    return out


def _has_codes(path: Path) -> int:
    """How many cells of an existing sheet hold a code (any non-empty code cell)."""
    try:
        old = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        return -1
    cols = [c for c in CODE_COLUMNS if c in old.columns]
    if not cols:
        return -1
    return int(sum(old[c].str.strip().ne("").sum() for c in cols))


def _check_path(path) -> tuple[Path, Path]:
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise InputError(f"path={str(path)!r} must end in .csv (the page is written beside it, "
                         f"as .html), e.g. path='coding_hedge.csv'.")
    if path.exists():
        n = _has_codes(path) if path.is_file() else -1
        if n != 0:
            what = (f"already holds {n} code(s)" if n > 0 else
                    "exists and is not an empty coding sheet")
            raise InputError(f"path={str(path)!r} {what}; coding_sheet never overwrites it. "
                             f"Read the codes with pd.read_csv({str(path)!r}), or pass another "
                             f"path= for a new sheet (move the old file away first if you "
                             f"really mean to start again).")
    if not path.parent.is_dir():
        raise InputError(f"path={str(path)!r}: the folder {str(path.parent)!r} does not exist; "
                         f"create it first.")
    return path, path.with_suffix(".html")


def _draw(n_hit: int, n_none: int, size: int) -> tuple[int, int]:
    """How many sentences to draw from each stratum: half each, the rest from the other."""
    take_hit = min(n_hit, size // 2 + size % 2)
    take_none = min(n_none, size - take_hit)
    take_hit = min(n_hit, size - take_none)
    return take_hit, take_none


def coding_sheet(corpus, *, category: str = "hedge", size: int = 200, random_state: int = 0,
                 path=None, markers: pd.DataFrame | None = None) -> pd.DataFrame:
    """A stratified sample of sentences to code by hand, written as a CSV and an HTML page.

    Parameters
    ----------
    corpus : Corpus
        The corpus to sample from (its analysed sentences).
    category : str, default "hedge"
        The stance category to code (one of
        :data:`~discourse.stance.lexicon.CATEGORIES`).
    size : int, default 200
        Sentences in the sample (fewer when the corpus has fewer).
    random_state : int, default 0
        Seed of the draw and of the order of the rows (fixed by default, so the sheet repeats).
    path : str or Path, optional
        Where to write the sheet: a ``.csv`` file, and beside it the page (same name,
        ``.html``). Never overwrites a sheet that holds codes (:class:`~discourse.InputError`).
        Default: nothing written.
    markers : DataFrame, optional
        ``dc.find_markers(corpus)``; default: found here.

    Returns
    -------
    DataFrame
        One row per sampled sentence, in a shuffled order (so that the strata are mixed):
        ``row`` (1, 2, ...), ``doc_id``, ``sent_id``, ``text`` (the sentence), ``cues`` (the
        tagger's hits of ``category`` in it, joined by "; "), ``cue_spans`` (their offsets
        into ``text``, "start:end; ..."), ``code_1``, ``code_2`` (empty: the coders write yes
        or no; a second coder is optional), ``note`` (empty, for comments), ``category``,
        ``stratum`` ("hit": the tagger found ``category`` in the sentence; "no hit"),
        ``n_stratum`` (sentences of the stratum in the corpus), ``weight`` (``n_stratum /``
        sentences drawn from it: how many corpus sentences each coded one stands for).

    Notes
    -----
    **Strata.** The analysed sentences are split into those with at least one hit of
    ``category`` and those without. Half the sample (rounded up) is drawn at random without
    replacement from the first, half from the second; when a stratum has too few sentences,
    all of it is taken and the rest is drawn from the other. Coding both strata measures both
    kinds of error: hits that are not the category (precision) and sentences of the category
    the tagger missed (recall). Because the strata are drawn equally, not in proportion, a rate
    over the sheet is not a rate of the corpus: weight each coded sentence by ``weight`` for
    that (:func:`discourse.fit_stance` does).

    The page shows each sentence with its cues highlighted, offline (no network, no script).

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It may rain. Cats sleep. Perhaps so. Dogs bark."])
    >>> s = coding_sheet(c, size=2)
    >>> s[["text", "cues", "cue_spans", "stratum", "n_stratum", "weight"]]
              text     cues cue_spans stratum  n_stratum  weight
    0  Perhaps so.  Perhaps       0:7     hit          2     2.0
    1   Dogs bark.                     no hit          2     2.0
    """
    check_choice(category, CATEGORIES, name="category")
    check_int(size, name="size", minimum=1, hint="(the number of sentences to code)")
    check_int(random_state, name="random_state", minimum=0)
    files = _check_path(path) if path is not None else None
    if markers is None:
        from .markers import find_markers

        markers = find_markers(corpus, categories=category)
    from .rates import sentence_table

    sentences = sentence_table(corpus)
    if not len(sentences):
        raise InputError("corpus has no analysed sentence to sample (corpus.sentences of the "
                         "analysed paragraphs is empty): check what was read, e.g. "
                         "corpus.documents and corpus.paragraphs.is_analyzed.")
    hits = markers[markers["category"].astype(str).to_numpy() == category]
    if "is_rejected" in hits:
        hits = hits[~hits["is_rejected"].to_numpy(dtype=bool)]
    key = pd.MultiIndex.from_arrays([sentences["doc_id"].astype(str), sentences["sent_id"]])
    hkey = pd.MultiIndex.from_arrays([hits["doc_id"].astype(str), hits["sent_id"]])
    has_hit = key.isin(hkey)
    pools = [np.flatnonzero(has_hit), np.flatnonzero(~has_hit)]
    takes = _draw(len(pools[0]), len(pools[1]), size)
    rng = np.random.default_rng(random_state)
    chosen, stratum, n_stratum, weight = [], [], [], []
    for name, pool, take in zip(STRATA, pools, takes, strict=True):
        picked = np.sort(rng.choice(pool, size=take, replace=False)) if take else pool[:0]
        chosen.append(picked)
        stratum += [name] * take
        n_stratum += [len(pool)] * take
        weight += [len(pool) / take] * take if take else []
    idx = np.concatenate(chosen)
    order = rng.permutation(len(idx))
    sheet = _rows(corpus, sentences.iloc[idx], hits, category)
    sheet["stratum"] = stratum
    sheet["n_stratum"] = np.array(n_stratum, dtype=np.int64)
    sheet["weight"] = np.array(weight, dtype=float)
    sheet = sheet.iloc[order].reset_index(drop=True)
    sheet.insert(0, "row", np.arange(1, len(sheet) + 1))
    sheet = sheet[SHEET_COLUMNS]
    if files is not None:
        _write(sheet, *files, corpus_name=getattr(corpus, "name", None) or "corpus")
    return sheet


def _rows(corpus, picked: pd.DataFrame, hits: pd.DataFrame, category: str) -> pd.DataFrame:
    """The sheet's columns for the sentences ``picked``, cues with sentence offsets."""
    sents = corpus.sentences
    skey = pd.MultiIndex.from_arrays([sents["doc_id"].astype(str), sents["sent_id"]])
    where = skey.get_indexer(pd.MultiIndex.from_arrays([picked["doc_id"].astype(str),
                                                        picked["sent_id"]]))
    starts = sents["start"].to_numpy()[where]
    # only the hits of the picked sentences are grouped (not one group per sentence with a hit)
    pkey = pd.MultiIndex.from_arrays([picked["doc_id"].astype(str), picked["sent_id"]])
    hits = hits[pd.MultiIndex.from_arrays([hits["doc_id"].astype(str),
                                           hits["sent_id"]]).isin(pkey)]
    by_sentence = {k: g for k, g in hits.groupby([hits["doc_id"].astype(str), "sent_id"],
                                                  sort=False, observed=True)}
    cues, spans = [], []
    for doc, sid, base in zip(picked["doc_id"].astype(str), picked["sent_id"], starts,
                              strict=True):
        g = by_sentence.get((doc, sid))
        if g is None:
            cues.append("")
            spans.append("")
            continue
        g = g.sort_values("start", kind="stable")
        cues.append("; ".join(g["text"].astype(str)))
        spans.append("; ".join(f"{s - base}:{e - base}" for s, e in zip(g["start"], g["end"],
                                                                         strict=True)))
    return pd.DataFrame({
        "doc_id": picked["doc_id"].astype(str).to_numpy(),
        "sent_id": picked["sent_id"].to_numpy(dtype=np.int64),
        "text": picked["text"].astype(str).to_numpy(),
        "cues": cues, "cue_spans": spans, "code_1": "", "code_2": "", "note": "",
        "category": category,
    })


def spans_of(cue_spans: str) -> list[tuple[int, int]]:
    """``"3:6; 10:17"`` -> ``[(3, 6), (10, 17)]`` (the sheet's ``cue_spans``).

    >>> spans_of("3:6; 10:17"), spans_of("")
    ([(3, 6), (10, 17)], [])
    """
    out = []
    for part in str(cue_spans or "").split(";"):
        if ":" in part:
            s, e = part.split(":", 1)
            out.append((int(s), int(e)))
    return out


def _write(sheet: pd.DataFrame, csv: Path, page: Path, *, corpus_name: str) -> None:
    from .._html import render, segments

    rows = []
    for r in sheet.itertuples(index=False):
        spans = pd.DataFrame(spans_of(r.cue_spans), columns=["start", "end"])
        spans["css_class"] = "cue"
        spans["title"] = f"candidate {r.category} cue"
        rows.append({"row": r.row, "doc_id": r.doc_id, "sent_id": r.sent_id,
                     "segments": segments(r.text, spans), "stratum": r.stratum})
    strata = (sheet.groupby("stratum", sort=False)
              .agg(drawn=("row", "size"), n_stratum=("n_stratum", "first")).reset_index())
    category = str(sheet["category"].iloc[0]) if len(sheet) else ""
    html = render("coding.html.j2", title=f"Coding sheet: {category}", category=category,
                  rows=rows,
                  csv_name=csv.name, corpus_name=corpus_name,
                  strata=strata.to_dict("records"), scripts=())
    sheet.to_csv(csv, index=False)
    page.write_text(html, encoding="utf-8")


@dataclass(frozen=True)
class CodedExample:
    """A coded sheet and the corpus of its sentences (:func:`load_coded_example`)."""

    coded: pd.DataFrame
    corpus: object


def load_coded_example() -> CodedExample:
    """A small coding sheet coded by hand, and the corpus of its sentences (one document each).

    The sentences are science findings as reported in news and abstracts, from Pei & Jurgens
    (2021, MIT licence; see ``discourse/resources/CODED.md``). ``code_1``: "yes" when the
    study's annotators rated the sentence's certainty below 4 on their 1-6 scale (their mean
    rating), else "no". ``code_2``: coded for hedging (Hyland 2005: does the writer withhold
    full commitment to the proposition?) by the maintainers, reading each sentence alone. So
    the two coders code related but different things, as two students often do.

    Returns
    -------
    CodedExample
        ``coded`` (a coding sheet, columns as :func:`coding_sheet`'s, category "hedge"),
        ``corpus`` (one document per sentence, ``doc_id`` as in the sheet).

    Examples
    --------
    >>> ex = load_coded_example()
    >>> len(ex.coded) == len(ex.corpus.doc_ids), ex.coded.category.iloc[0]
    (True, 'hedge')
    """
    from ..text.io import from_frame

    text = resources.files("discourse.resources").joinpath(EXAMPLE_SHEET).read_text("utf-8")
    from io import StringIO

    coded = pd.read_csv(StringIO(text), dtype={"doc_id": str, "code_1": str, "code_2": str,
                                               "note": str, "cues": str, "cue_spans": str},
                        keep_default_na=False)
    corpus = from_frame(coded[["doc_id", "text"]])
    return CodedExample(coded=coded, corpus=corpus)
