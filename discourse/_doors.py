"""One check at the door of every public function: the kind of value each argument must be.

:data:`DOORS` is data: for each public function of ``discourse`` that takes a corpus or a table,
what each such argument must be (a :class:`Corpus`, or a table with these columns, finite
numbers in these, no missing value in those). :func:`install` wraps the functions of the
``discourse`` namespace once, so that ``dc.keyness(None)``, ``dc.count_terms(corpus.documents)``
or ``dc.kwic(corpus.tokens, "may")`` raise an :class:`InputError` that names the argument,
says what it got and what to pass, instead of an ``AttributeError`` from deep inside.

The door also ties a markers table to its corpus: ``dc.find_markers`` writes the corpus's
:attr:`~discourse.Corpus.fingerprint` into ``markers.attrs["corpus_fingerprint"]``, and a
function given a corpus and markers refuses markers of another corpus (a table without a
fingerprint, made by hand, is accepted).

Ground floor: imports nothing of the package above :mod:`discourse._validate` at import time;
the kinds of values are recognised by their attributes and class names.
"""

from __future__ import annotations

import functools
import inspect
import sys
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import InputError

FINGERPRINT = "corpus_fingerprint"
"""The key of ``markers.attrs`` that holds the fingerprint of the corpus they were found in."""

_READERS = "dc.read_folder(...), dc.read_csv(...), dc.from_frame(...) or dc.load_example()"


@dataclass(frozen=True)
class IsCorpus:
    """A :class:`~discourse.Corpus` (a Dask corpus passes to the function, which says whether it
    takes one). ``documents_too``: its documents table is accepted as well. ``by``: the name of
    the argument holding the grouping column(s), whose values must be hashable labels."""

    optional: bool = False
    documents_too: bool = False
    by: str | None = None


@dataclass(frozen=True)
class IsTable:
    """A DataFrame: ``what`` it is and how it is made (for the message), the ``columns`` it
    needs (``"{arg}"`` is the column named by argument ``arg``, skipped when that is None),
    columns that must hold ``finite`` numbers, columns that must have no missing value
    (``keys``), whether it may have no rows (``rows``)."""

    what: str
    columns: tuple = ()
    finite: tuple = ()
    keys: tuple = ()
    rows: bool = False  # an empty table is often an answer (no term, no marker)
    optional: bool = False
    markers: bool = False


@dataclass(frozen=True)
class IsTopics:
    optional: bool = False


@dataclass(frozen=True)
class IsSides:
    """A :class:`~discourse.Sides` (``many``: a list of them, e.g. ``dc.comparisons(corpus)``)."""

    many: bool = False
    optional: bool = False


CORPUS = IsCorpus()
CORPUS_BY = IsCorpus(by="by")
MARKERS = IsTable("a markers table, from dc.find_markers(corpus)", ("doc_id", "category"),
                  finite=("start", "end"), keys=("doc_id", "category"), rows=False, markers=True)
MARKERS_OPTIONAL = IsTable(MARKERS.what, MARKERS.columns, finite=MARKERS.finite,
                           keys=MARKERS.keys, rows=False, optional=True, markers=True)
RATED = IsTable("a markers table, from dc.find_markers(corpus), or sentences labelled by a "
                "fitted model, from dc.sentence_stance(corpus, model=...)", ("doc_id",),
                finite=("start", "end"), keys=("doc_id",), rows=False, markers=True)
CODED = IsTable("a coding sheet, from dc.coding_sheet(corpus, path=...) read back with "
                "pd.read_csv(path) once coded", ("doc_id", "sent_id"), rows=True)
COUNTS = IsTable("a count table, from dc.count_terms(corpus)", ("{term}", "{n}"),
                 finite=("{n}",), keys=("{term}",), rows=False)  # keyness says why it is empty
COUNTS_BY = IsTable(COUNTS.what, ("{by}", "{term}", "{n}"), finite=("{n}",),
                    keys=("{by}", "{term}"))
COUNTS_BY_DOC = IsTable("a count table per document, from dc.count_terms(corpus, by=[column, "
                        "'doc_id'])", ("{docs}", "{term}", "{n}"), finite=("{n}",),
                        keys=("{docs}", "{term}"))

DOORS: dict[str, dict[str, object]] = {
    # text
    "kwic": {"corpus": CORPUS},
    "collocations": {"corpus": CORPUS},
    "comparable_corpus": {"sides": IsSides(), "corpus": CORPUS},
    "comparisons": {"corpus_or_documents": IsCorpus(documents_too=True, by="by")},
    "resolve_sides": {"corpus_or_documents": IsCorpus(documents_too=True, by="by")},
    "default_by": {"corpus_or_documents": IsCorpus(documents_too=True)},
    # stats
    "count_terms": {"corpus": CORPUS_BY},
    "keyness": {"counts": COUNTS},
    "log_odds": {"counts": COUNTS_BY},
    "tf_idf": {"counts": COUNTS_BY},
    "distinctive_terms": {"counts_by_doc": COUNTS_BY_DOC},
    "tf_idf_by_side": {"counts_by_doc": COUNTS_BY_DOC},
    "fit_topics": {"corpus": CORPUS},
    # stance
    "find_markers": {"corpus": CORPUS},
    "marker_rates": {"corpus": CORPUS_BY, "markers": RATED},
    "compare_rates": {"corpus": CORPUS_BY, "markers": RATED},
    "trend": {"corpus": CORPUS, "markers": MARKERS},
    "time_bins": {"corpus": CORPUS},
    "sentence_stance": {"corpus": CORPUS, "markers": MARKERS_OPTIONAL},
    "rule_counts": {"markers": MARKERS},
    "coding_sheet": {"corpus": CORPUS, "markers": MARKERS_OPTIONAL},
    "agreement": {"coded": CODED, "markers": MARKERS_OPTIONAL},
    "fit_stance": {"coded": CODED, "corpus": IsCorpus(optional=True)},
    # voices
    "find_names": {"corpus": CORPUS},
    "actors": {"corpus": CORPUS},
    "actor_mentions": {"corpus": CORPUS},
    "attributions": {"corpus": CORPUS, "markers": MARKERS_OPTIONAL},
    "cited_sources": {"corpus": CORPUS, "markers": MARKERS_OPTIONAL,
                      "attributions_table": IsTable("an attributions table, from "
                                                    "dc.attributions(corpus)", ("doc_id",),
                                                    rows=False, optional=True)},
    # register
    "style_profile": {"corpus": CORPUS_BY},
    "align_sentences": {"corpus": CORPUS, "markers": MARKERS_OPTIONAL},
    "similarity_null": {"corpus": CORPUS, "markers": MARKERS_OPTIONAL},
    # views
    "explore": {"corpus": CORPUS_BY, "markers": MARKERS_OPTIONAL},
    "markers_html": {"corpus": CORPUS, "markers": MARKERS_OPTIONAL},
    "aligned_html": {"corpus": CORPUS, "markers": MARKERS_OPTIONAL,
                     "aligned": IsTable("a table of aligned sentences, from "
                                        "dc.align_sentences(corpus)",
                                        ("focus_doc_id", "reference_doc_id"), rows=False)},
    "plot_marker_dispersion": {"corpus": CORPUS, "markers": MARKERS},
    "plot_keyness": {"keyness": IsTable("a keyness table, from dc.keyness(counts, ...)",
                                        ("term", "{stat}"), finite=("{stat}",),
                                        keys=("term",))},
    "plot_log_odds": {"log_odds": IsTable("a log-odds table, from dc.log_odds(counts)",
                                          ("{by}", "{term}", "log_odds_weighted"),
                                          keys=("{term}",))},
    "plot_tf_idf": {"tf_idf": IsTable("a TF-IDF table, from dc.tf_idf(counts)",
                                      ("{by}", "{term}", "{stat}"), finite=("{stat}",),
                                      keys=("{term}",))},
    "plot_marker_rates": {"rates": IsTable("a rates table, from dc.marker_rates(corpus, "
                                           "markers)", ("category", "rate"),
                                           keys=("category",))},  # NaN: a unit without words
    "plot_style_profile": {"profile": IsTable("a style profile, from dc.style_profile(corpus)",
                                              ("n_words",))},
    "plot_topic_shares": {"topics": IsTopics()},
    # report helpers
    "group_overview": {"corpus": CORPUS_BY, "markers": MARKERS_OPTIONAL},
    "key_terms": {"corpus": CORPUS, "comparisons": IsSides(many=True),
                  "counts": IsTable(COUNTS_BY_DOC.what, ("doc_id", "term", "n"),
                                    finite=("n",), keys=("doc_id", "term"), optional=True)},
    "typical_documents": {"sides": IsSides(), "corpus": CORPUS},
    "alignment_pair": {"sides": IsSides(), "corpus": CORPUS},
    "sentence_lengths": {"corpus": CORPUS_BY},
    "tf_idf_summary": {"corpus": CORPUS_BY},
    "topic_shares_by": {"topics": IsTopics(), "corpus": CORPUS_BY},
    "report_comparisons": {"corpus": CORPUS},
    "length_summary": {"lengths": IsTable("a table of sentence lengths, from "
                                          "dc.sentence_lengths(corpus)", ("{by}", "n_words"),
                                          finite=("n_words",))},
    "alignment_threshold": {"null": IsTable("a null table, from dc.similarity_null(corpus)",
                                            ("similarity",))},
    "sources_by_document": {"attributions": IsTable("an attributions table, from "
                                                    "dc.attributions(corpus)",
                                                    ("doc_id", "source"), rows=False)},
    "stance_findings": {"comparison": IsTable("a rate comparison, from dc.compare_rates(corpus, "
                                              "markers)", ("category",), rows=False)},
    "style_differences": {"profile": IsTable("a style profile, from dc.style_profile(corpus)",
                                             ("{by}",))},
    "stance_headline": {"findings": IsTable("stance findings, from dc.stance_findings(...)",
                                            ("category", "is_different"), rows=False)},
    "key_terms_table": {"terms": IsTable("key terms, from dc.key_terms(corpus, comparisons)",
                                         ("comparison", "side", "term"), rows=False),
                        "comparisons": IsSides(many=True, optional=True)},
    "examples_note": {"typical": IsTable("typical documents, from dc.typical_documents(corpus, "
                                         "sides)", ("side", "doc_id"), rows=False),
                      "sides": IsSides()},
    "describe_comparisons": {"comparisons": IsSides(many=True)},
    "build_corpus": {"documents": IsTable("a table of documents with doc_id and text columns "
                                          "(the readers make it: " + _READERS + ")",
                                          ("doc_id", "text"))},
}
"""What each argument of each public function must be (see the module docstring)."""


# -- describing what was given ---------------------------------------------------------------
def _got(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, pd.DataFrame):
        cols = [str(c) for c in value.columns[:6]]
        more = " ..." if len(value.columns) > 6 else ""
        return (f"a DataFrame of {len(value):,} row(s) with columns "
                f"{', '.join(cols) + more if cols else '(none)'}")
    if isinstance(value, pd.Series):
        return f"a Series ({value.name!r})"
    return f"a {type(value).__name__}"


def _is_corpus(value) -> bool:
    """A pandas :class:`~discourse.Corpus` (or a corpus-like object with its tables)."""
    if value is None or isinstance(value, pd.DataFrame | pd.Series) or _is_dask(value):
        return False
    try:
        return hasattr(value, "documents") and hasattr(value, "tokens")
    except Exception:  # noqa: BLE001 - a property that refuses: not a pandas corpus
        return False


def _is_dask(value) -> bool:
    return type(value).__name__ == "DaskCorpus"


def _resolve(names: tuple, args: dict) -> list[str]:
    """Column names of a spec: ``"{arg}"`` becomes the column(s) that argument names."""
    out = []
    for name in names:
        if name.startswith("{") and name.endswith("}"):
            value = args.get(name[1:-1])
            if value is None:
                continue
            out += [v for v in (value if isinstance(value, list | tuple) else [value])
                    if isinstance(v, str)]
        else:
            out.append(name)
    return list(dict.fromkeys(out))


# -- the checks ---------------------------------------------------------------------------------
def _check_corpus(fn: str, arg: str, value, spec: IsCorpus, args: dict) -> None:
    if value is None and spec.optional:
        return
    if _is_dask(value):
        return  # the function says whether it takes a Dask corpus
    if spec.documents_too and isinstance(value, pd.DataFrame) and "doc_id" in value.columns:
        docs = value
    elif _is_corpus(value):
        docs = value.documents
    else:
        hint = (" Pass the corpus itself, not one of its tables (corpus.documents, "
                "corpus.tokens, ...)." if isinstance(value, pd.DataFrame) else "")
        also = " (or its documents table)" if spec.documents_too else ""
        raise InputError(f"{fn}: {arg} must be a discourse Corpus{also}, from {_READERS}; "
                         f"got {_got(value)}.{hint}")
    if spec.by is not None:
        by = args.get(spec.by)
        for col in (by if isinstance(by, list | tuple) else [by]):
            if isinstance(col, str) and col in docs.columns and docs[col].dtype == object:
                bad = next((v for v in docs[col] if isinstance(v, dict | list | set | tuple
                                                                | np.ndarray)), None)
                if bad is not None:
                    raise InputError(
                        f"{fn}: by={col!r} holds {type(bad).__name__} values (e.g. "
                        f"{str(bad)[:40]!r}), not labels: a column to group by must hold "
                        f"text or numbers. Make a column of labels first, e.g. "
                        f"df[{col!r}].astype(str), or pass another by=.")


def _check_table(fn: str, arg: str, value, spec: IsTable, args: dict) -> None:
    if value is None and spec.optional:
        return
    if not isinstance(value, pd.DataFrame):
        hint = (" That is a Corpus: pass the table made from it." if _is_corpus(value) else "")
        raise InputError(f"{fn}: {arg}= must be {spec.what}; got {_got(value)}.{hint}")
    if isinstance(value.columns, pd.MultiIndex):
        raise InputError(f"{fn}: {arg}= has MultiIndex columns; flatten them first, e.g. "
                         f"{arg}.columns = ['_'.join(map(str, c)) for c in {arg}.columns].")
    need = _resolve(spec.columns, args)
    missing = [c for c in need if c not in value.columns]
    if missing:
        have = ", ".join(map(str, value.columns[:8])) + (" ..." if len(value.columns) > 8
                                                         else "") or "no columns"
        raise InputError(f"{fn}: {arg} has no column {', '.join(map(repr, missing))} (it has "
                         f"{have}); it must be {spec.what}.")
    if spec.rows and not len(value):
        raise InputError(f"{fn}: {arg}= has no rows; it must be {spec.what}, with at least "
                         f"one row.")
    for col in _resolve(spec.finite, args):
        if col not in value.columns:
            continue
        column = value[col]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            continue  # not numbers at all: the function's own check says what it needs
        numbers = column.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(numbers)
        if bad.any():
            rows = value.index[bad].tolist()[:5]
            what = "missing (NaN)" if np.isnan(numbers[bad]).any() else "infinite"
            raise InputError(f"{fn}: {arg}[{col!r}] is {what} at {int(bad.sum())} row(s), e.g. "
                             f"{rows}; it must hold finite numbers. Fix or drop those rows, "
                             f"e.g. {arg}[np.isfinite({arg}[{col!r}])].")
    for col in _resolve(spec.keys, args):
        if col not in value.columns:
            continue
        missing_rows = value[col].isna().to_numpy()
        if missing_rows.any():
            rows = value.index[missing_rows].tolist()[:5]
            raise InputError(f"{fn}: {arg}[{col!r}] is missing (NaN) at "
                             f"{int(missing_rows.sum())} row(s), e.g. {rows}. Fill them in or "
                             f"drop them first: {arg}.dropna(subset=[{col!r}]).")
    if spec.markers:
        _check_fingerprint(fn, arg, value, args)


LINEAGE = "corpus_lineage"
"""The key of ``markers.attrs`` that holds the fingerprints of the corpora their corpus was
taken from (:func:`discourse.comparable_corpus` keeps the documents of a corpus that have a
label: the same texts)."""


def identities(corpus) -> set[str]:
    """The fingerprints a corpus answers to: its own and those of the corpora it comes from."""
    return {corpus.fingerprint, *getattr(corpus, "lineage", ())}


def stamp(table: pd.DataFrame, corpus) -> pd.DataFrame:
    """Write ``corpus``'s identity into ``table.attrs`` (a table of positions in its texts)."""
    if _is_corpus(corpus) and hasattr(corpus, "fingerprint"):
        table.attrs[FINGERPRINT] = corpus.fingerprint
        table.attrs[LINEAGE] = tuple(getattr(corpus, "lineage", ()))
    return table


def _check_fingerprint(fn: str, arg: str, markers: pd.DataFrame, args: dict) -> None:
    """Markers found in another corpus are refused (hand-made ones, without a print, pass)."""
    theirs = markers.attrs.get(FINGERPRINT)
    corpus = args.get("corpus")
    if theirs is None or not _is_corpus(corpus) or not hasattr(corpus, "fingerprint"):
        return
    if not ({theirs, *markers.attrs.get(LINEAGE, ())} & identities(corpus)):
        raise InputError(f"{fn}: {arg}= were found in another corpus than corpus= (their "
                         f"corpus fingerprint {theirs[:12]} is not this corpus's "
                         f"{corpus.fingerprint[:12]}): offsets and ids would point at the wrong "
                         f"text. Find them in this corpus: dc.find_markers(corpus).")


def _check_topics(fn: str, arg: str, value, spec: IsTopics, args: dict) -> None:
    """Topics: :func:`dc.fit_topics`'s result (or its ``documents`` table, or a look-alike)."""
    if value is None and spec.optional:
        return
    if isinstance(value, pd.DataFrame):
        _check_table(fn, arg, value, IsTable("the result of dc.fit_topics(corpus) or its "
                                             "documents table", ("doc_id",)), args)
        return
    if value is None or _is_corpus(value) or isinstance(value, str | bytes | int | float
                                                           | pd.Series):
        raise InputError(f"{fn}: {arg}= must be the result of dc.fit_topics(corpus); got "
                         f"{_got(value)}.")


def _check_sides(fn: str, arg: str, value, spec: IsSides, args: dict) -> None:
    from .sides import Sides

    if value is None and spec.optional:
        return
    how = "dc.comparisons(corpus)" if spec.many else "dc.comparisons(corpus)[0]"
    what = "a list of comparisons (Sides)" if spec.many else "one comparison (a dc.Sides)"
    ok = (isinstance(value, list | tuple) and all(isinstance(v, Sides) for v in value)
          if spec.many else isinstance(value, Sides))
    if not ok:
        raise InputError(f"{fn}: {arg} must be {what}, e.g. {how}; got {_got(value)}.")


_CHECKS = {IsCorpus: _check_corpus, IsTable: _check_table, IsTopics: _check_topics,
           IsSides: _check_sides}


def check_arguments(fn: str, bound: dict) -> None:
    """Apply :data:`DOORS` ``[fn]`` to the arguments ``bound`` (name -> value)."""
    for arg, spec in DOORS.get(fn, {}).items():
        if arg in bound:
            _CHECKS[type(spec)](fn, arg, bound[arg], spec, bound)


def _old_order(bound: dict) -> bool:
    """``f(markers, corpus)``: the old argument order, which the function itself takes (with a
    warning); the door then checks nothing."""
    return isinstance(bound.get("corpus"), pd.DataFrame) and _is_corpus(bound.get("markers"))


def _warn_again(caught) -> None:
    """The function's warnings, as if the door were not there: one that named the door as
    its place (``stacklevel=2`` in the function) now names the door's caller, the student's
    line; the caller's filters apply as they would have."""
    for w in caught:
        if w.filename == __file__:
            warnings.warn(w.message, w.category, stacklevel=3)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno,
                                   source=w.source)


def guard(fn_name: str, func):
    """``func`` behind its door (``DOORS[fn_name]``); ``find_markers`` also stamps its result
    with the corpus's fingerprint."""
    sig = inspect.signature(func)
    module, name = sys.modules.get(getattr(func, "__module__", "")), func.__name__

    @functools.wraps(func)
    def door(*args, **kwargs):
        try:
            bound = sig.bind_partial(*args, **kwargs)
        except TypeError:  # an old keyword (with its warning) or a wrong call: the function says
            bound = None
        if bound is not None:
            bound.apply_defaults()
            values = dict(bound.arguments)
            values.update(values.pop("kwargs", None) or {})
            if not _old_order(values):
                check_arguments(fn_name, values)
        # the module's function as it is now (a test or a notebook may have replaced it)
        current = getattr(module, name, func) if module is not None else func
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = (func if getattr(current, "__discourse_door__", False) else current)(
                *args, **kwargs)
        _warn_again(caught)
        if fn_name == "find_markers" and isinstance(result, pd.DataFrame) and bound is not None:
            stamp(result, bound.arguments.get("corpus"))
        return result

    door.__discourse_door__ = True
    for attr in ("register", "dispatch", "registry"):  # an analysis with backends stays one
        if hasattr(func, attr):
            setattr(door, attr, getattr(func, attr))
    return door


def door(name: str, func):
    """``func`` (the public ``discourse.<name>``) behind its door if :data:`DOORS` lists
    ``name``; an analysis declared with :func:`discourse._backend.dispatch` is then dispatched
    through its door too (one function, whatever the backend). Anything else is returned as
    it is. ``discourse`` calls this for each public name when it is first resolved."""
    from . import _backend

    if name not in DOORS or func is None or getattr(func, "__discourse_door__", False):
        return func
    wrapped = guard(name, func)
    if _backend.DISPATCHED.get(name) is func:
        _backend.DISPATCHED[name] = wrapped
    return wrapped


def install(namespace: dict) -> None:
    """Put every function of :data:`DOORS` in ``namespace`` behind its door (:func:`door`)."""
    for name in DOORS:
        if namespace.get(name) is not None:
            namespace[name] = door(name, namespace[name])
