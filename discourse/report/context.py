"""What the notebooks share with the report: the corpus, its comparisons, its markers, decided once.

A report (``discourse report``, ``make report``) decides what its pages show once, before any
notebook runs (:func:`discourse.report.build.preflight`): it reads the corpus, decides the
comparisons (:func:`discourse.comparisons` with the user's ``--by``, ``--focus`` and
``--reference``) and searches the stance markers, into one :class:`ReportContext`. The index,
the reading view and the term explorer receive that value. Each notebook kernel receives it as
a snapshot: a pickle in the run's private folder, named by ``DISCOURSE_SNAPSHOT``, the one
setting a kernel gets from the report (every other ``DISCOURSE_*`` variable of the user's
environment is removed). :func:`report_context` loads it, so a kernel neither reads the corpus
again nor searches the markers again, and every page compares the same sides.

Opened by hand (in JupyterLab, outside a report), a notebook's :func:`report_context` builds
the same value itself: from its arguments, else from the corpus named by the environment
variable ``DISCOURSE_CORPUS`` (a folder of .txt files or a CSV), else from the built-in example,
with the default comparisons (:mod:`discourse.sides`), and its time column from
``DISCOURSE_TIME`` (the report's ``--time``; unset: none).
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .._compat import with_old_columns
from .._validate import InputError
from ..sides import Sides, comparable_corpus, comparisons, default_by
from ..text.corpus import Corpus
from ..text.io import load_example, read_csv, read_folder
from .kernel_env import SNAPSHOT_VAR  # the path of the run's ReportContext, in each kernel
from .snapshot import read_snapshot, write_snapshot  # noqa: F401 - write_snapshot: here too

ENV_VAR = "DISCOURSE_CORPUS"
"""The corpus of a notebook opened by hand (outside a report): a folder or a CSV."""
TIME_VAR = "DISCOURSE_TIME"
"""The time column of a notebook opened by hand (a report passes ``--time`` in its snapshot)."""
MAX_COLWIDTH = 90
"""pandas' ``display.max_colwidth`` that :func:`report_context` sets (characters per cell)."""
GLYPH_WARNING = "Glyph .* missing from font"
"""Matplotlib's warning for each character the plot font lacks, silenced by
:func:`report_context` (a script such as Chinese or Arabic then shows as boxes)."""


# -- the corpus ------------------------------------------------------------------------------------
def report_corpus(path: str | os.PathLike | None = None) -> Corpus:
    """The corpus a notebook analyses: ``path``, else the report's, else ``$DISCOURSE_CORPUS``,
    else the example.

    Parameters
    ----------
    path : str or Path, optional
        A folder of .txt files or a .csv (or .tsv) file. Default: in a report's notebook, the
        report's corpus (as read when the report started); opened by hand, the environment
        variable ``DISCOURSE_CORPUS``; when that is unset or empty,
        :func:`discourse.load_example`.

    Returns
    -------
    Corpus

    Raises
    ------
    InputError
        A path that points nowhere, or to something that is neither a folder nor a CSV.

    Examples
    --------
    >>> report_corpus().name
    'example'
    """
    if path is None and os.environ.get(SNAPSHOT_VAR, "").strip():
        return _load_snapshot().corpus
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


# -- the context -----------------------------------------------------------------------------------
#: Permutations of a report's rate comparisons (``compare_rates``' default), and from
#: :data:`MANY_DOCUMENTS` documents on, fewer: each permutation deals every document or
#: sentence anew, so its cost grows with the corpus (at 100,000 documents the 9,999 permutations
#: of three comparisons took about a minute of a report's two); the p-values then resolve to
#: 1/1,000 instead of 1/10,000, and the pages say so. MANY_DOCUMENTS is also where the report
#: runs its memory-heavy works one at a time (:mod:`discourse.report.run_notebooks`).
PERMUTATIONS, PERMUTATIONS_MANY, MANY_DOCUMENTS = 9_999, 999, 10_000


def report_permutations(corpus: Corpus) -> int:
    """The permutations a report's rate comparisons draw for ``corpus``: :data:`PERMUTATIONS`,
    or :data:`PERMUTATIONS_MANY` from :data:`MANY_DOCUMENTS` documents on.

    >>> import discourse as dc
    >>> report_permutations(dc.from_texts(["One.", "Two."]))
    9999
    """
    return PERMUTATIONS if len(corpus.documents) < MANY_DOCUMENTS else PERMUTATIONS_MANY


def permutations_note(corpus: Corpus) -> str:
    """What a page says under a table of permutation p-values when the report drew fewer of
    them (:func:`report_permutations`); "" otherwise."""
    n = report_permutations(corpus)
    if n == PERMUTATIONS:
        return ""
    return (f"Permutation p-values from {n:,} permutations: the corpus has "
            f"{len(corpus.documents):,} documents, and from {MANY_DOCUMENTS:,} on the report "
            f"draws {n:,} instead of {PERMUTATIONS:,} (each deals every document anew), so they "
            f"resolve to 1/{n + 1:,}. dc.compare_rates(..., n_resamples=9999) draws them all.")


@dataclass(frozen=True, eq=False, repr=False)
class ReportContext:
    """What every page of a report shares: the corpus, its comparisons, its stance markers.

    Made by :func:`report_context` (or, in a report, once by the report itself). Frozen: the
    comparisons are decided; compute anything else from these values.

    Attributes
    ----------
    corpus : Corpus
        The corpus as read.
    markers : DataFrame
        The stance markers of ``compared``: ``dc.find_markers(compared)``.
    matches : DataFrame
        Every lexicon match of ``compared``: the markers and the matches a context rule
        rejected (``is_rejected``), ``dc.find_markers(compared, keep_rejected=True)``.
    comparisons : tuple of Sides
        Every comparison the report shows (:func:`discourse.comparisons`); empty when there is
        nothing to compare (one document, one group).
    main : Sides or None
        The main comparison, ``comparisons[0]``: what a page that shows one contrast shows.
    compared : Corpus
        The corpus as the comparisons see it (:func:`discourse.comparable_corpus`: labels as
        strings, documents without a label left out); ``corpus`` when nothing is compared.
    by : str
        The column of labels compared (``"doc_id"`` when the documents have no groups).
    focus : str or None
        The main comparison's focus.
    reference : tuple of str
        The main comparison's reference labels (every other group in "each against the rest").
    reference_label : str or None
        A short name of the reference: the group, or "the rest".
    can_compare : bool
        Whether there is a comparison at all.
    why : str
        Why nothing is compared (the error :func:`discourse.comparisons` gave); "" otherwise.
    origin : str or None
        Where the corpus came from (a path), ``None`` for the built-in example.
    time : str or None
        The numeric column of the documents that orders them in time (``--time``), checked
        when the context was made; ``None`` when none was chosen.
    """

    corpus: Corpus
    markers: pd.DataFrame
    matches: pd.DataFrame
    comparisons: tuple
    main: Sides | None
    compared: Corpus
    by: str
    focus: str | None
    reference: tuple
    reference_label: str | None
    can_compare: bool
    why: str = ""
    origin: str | None = None
    time: str | None = None

    @property
    def n_resamples(self) -> int:
        """The permutations of this report's rate comparisons (:func:`report_permutations`)."""
        return report_permutations(self.compared)

    @property
    def permutations_note(self) -> str:
        """What a page says of the permutations when it draws fewer (:func:`permutations_note`;
        "" below :data:`MANY_DOCUMENTS` documents)."""
        return permutations_note(self.compared)

    def __repr__(self) -> str:
        what = self.main.describe() if self.main is not None else f"nothing ({self.why})"
        more = f" and {len(self.comparisons) - 1} more" if len(self.comparisons) > 1 else ""
        return (f"<ReportContext {self.corpus.name!r}: {len(self.corpus.documents):,} documents;"
                f" compared ({self.by}): {what}{more}; {len(self.markers):,} stance markers>")



@dataclass(frozen=True)
class Plan:
    """What a run will do, decided by :func:`preflight` before any notebook runs.

    ``context`` is what every page shows (the corpus, its comparisons, its markers): the
    index, the reading view and the explorer receive it, and each notebook kernel loads it
    from a snapshot.
    """

    context: ReportContext
    target: Path
    notebooks: list[Path]

    @property
    def corpus(self) -> Corpus:
        """The corpus as read."""
        return self.context.corpus

    @property
    def corpus_arg(self) -> str | None:
        """The corpus' path, resolved; ``None`` for the built-in example."""
        return self.context.origin


def build_context(corpus: Corpus, *, by: str | None = None, focus=None, reference=None,
                  origin: str | None = None, time: str | None = None) -> ReportContext:
    """Decide the comparisons of ``corpus`` and search its markers, once: a :class:`ReportContext`.

    Without a choice (``by``, ``focus``, ``reference`` all ``None``), a corpus with nothing
    to compare gives a context without comparisons (``can_compare`` is False, ``why`` says
    why); a choice that cannot be made is refused.

    Raises
    ------
    InputError
        An unknown column ``by``, a focus or reference that is not a value of it (the message
        lists them), nothing to compare when a choice was made, or a ``time`` that is not a
        numeric column with two values or more (:func:`discourse.time_bins`).
    """
    from .._doors import stamp
    from ..stance.markers import OLD_MARKER_COLUMNS, find_markers
    from ..text.periods import time_values

    if time is not None:  # checked before anything is computed: --time fails early
        time_values(corpus.documents, time)

    try:
        found = tuple(comparisons(corpus, by=by, focus=focus, reference=reference))
        why = ""
    except InputError as err:
        if by is not None or focus is not None or reference is not None:
            raise
        found, why = (), str(err)
    main = found[0] if found else None
    compared = comparable_corpus(corpus, main) if main is not None else corpus
    # one search: the markers are the matches that no rule rejected (the same rows, in the
    # same order, as find_markers(compared) gives; tests/test_report_context.py checks it)
    matches = stamp(find_markers(compared, keep_rejected=True), compared)  # their corpus
    kept = matches[~matches["is_rejected"].to_numpy(dtype=bool)]
    kept = pd.DataFrame(kept.drop(columns="is_rejected").reset_index(drop=True))
    kept.attrs = dict(matches.attrs)
    markers = with_old_columns(kept, OLD_MARKER_COLUMNS)
    return ReportContext(
        corpus=corpus, markers=markers, matches=matches, comparisons=found, main=main,
        compared=compared, by=main.by if main is not None else (by or default_by(corpus)),
        focus=main.focus if main is not None else None,
        reference=tuple(main.reference) if main is not None else (),
        reference_label=main.reference_label if main is not None else None,
        can_compare=main is not None, why=why, origin=origin, time=time)


def report_context(corpus: Corpus | str | os.PathLike | None = None, *, by: str | None = None,
                   focus=None, reference=None, time: str | None = None) -> ReportContext:
    """What a notebook of the report works on: the corpus, the comparisons, the markers.

    In a report's notebook (``discourse report``, ``make report``), the value the report
    decided before any notebook ran: the corpus as read then, the comparisons of its
    ``--by``/``--focus``/``--reference``, the markers it found. Opened by hand, the same value
    computed here. Also sets the notebooks' display options: pandas'
    ``display.max_colwidth`` to :data:`MAX_COLWIDTH`, and no warning for each character the
    plot font lacks.

    Parameters
    ----------
    corpus : Corpus, str or Path, optional
        A corpus, or the path of a folder of .txt files or a CSV (:func:`report_corpus`).
        Default: in a report, the report's context; opened by hand, the corpus named by the
        environment variable ``DISCOURSE_CORPUS``, else the built-in example.
    by : str, optional
        The column of labels to compare (default :func:`discourse.default_by`).
    focus, reference : str or list of str, optional
        The sides to compare (default: see :mod:`discourse.sides`).
    time : str, optional
        A numeric column of the documents (e.g. ``"year"``) for the changes over time
        (:func:`discourse.trend`). Default: in a report, its ``--time``; opened by hand, the
        environment variable ``DISCOURSE_TIME``, else none.

    Returns
    -------
    ReportContext
        ``corpus``, ``markers``, ``matches``, ``comparisons``, ``main``, ``compared``, ``by``,
        ``focus``, ``reference``, ``reference_label``, ``can_compare``, ``why``, ``origin``,
        ``time``.

    Raises
    ------
    InputError
        A corpus that cannot be read, or a choice of sides that is not in the corpus (the
        message lists the groups).

    See Also
    --------
    discourse.comparisons : the rules that decide the sides.

    Examples
    --------
    >>> import discourse as dc
    >>> ctx = dc.report_context()
    >>> ctx.corpus.name, ctx.by, ctx.can_compare
    ('example', 'doc_id', True)
    >>> ctx.main.describe(), ctx.reference_label
    ('cepa_essay against news_rewrite', 'news_rewrite')
    >>> len(ctx.markers) == len(dc.find_markers(ctx.compared))
    True
    >>> dc.report_context(focus="news_rewrite").main.describe()
    'news_rewrite against cepa_essay'
    >>> pd.reset_option("display.max_colwidth")  # report_context set it to 90
    """
    _display_options()
    chosen = by is not None or focus is not None or reference is not None
    if corpus is None and os.environ.get(SNAPSHOT_VAR, "").strip():  # in a report's notebook
        snapshot = _load_snapshot()
        if not chosen:
            return snapshot if time is None else _with_time(snapshot, time)
        return build_context(snapshot.corpus, by=by, focus=focus, reference=reference,
                             origin=snapshot.origin, time=time or snapshot.time)
    if time is None:
        time = os.environ.get(TIME_VAR, "").strip() or None
    origin = None
    if not isinstance(corpus, Corpus):
        given = str(corpus if corpus is not None else os.environ.get(ENV_VAR, ""))
        origin = given if given.strip() else None
        corpus = report_corpus(corpus)
    return build_context(corpus, by=by, focus=focus, reference=reference, origin=origin,
                         time=time)


def _with_time(context: ReportContext, time: str) -> ReportContext:
    from ..text.periods import time_values

    time_values(context.corpus.documents, time)
    return dataclasses.replace(context, time=time)


def _display_options() -> None:
    pd.set_option("display.max_colwidth", MAX_COLWIDTH)
    warnings.filterwarnings("ignore", message=GLYPH_WARNING)


# -- the snapshot ----------------------------------------------------------------------------------
def _load_snapshot() -> ReportContext:
    """The report's context in one of its kernels (:mod:`discourse.report.snapshot`)."""
    path = Path(os.environ[SNAPSHOT_VAR])
    try:
        context = read_snapshot(path)
    except OSError as err:
        raise InputError(f"{SNAPSHOT_VAR}={str(path)!r}: the report's snapshot cannot be read "
                         f"({err.strerror or err}). It exists only while a report runs; "
                         f"unset {SNAPSHOT_VAR} to open a notebook by hand.") from None
    if not isinstance(context, ReportContext):
        raise InputError(f"{SNAPSHOT_VAR}={str(path)!r} is not a report's snapshot.")
    return context


# -- old spelling ----------------------------------------------------------------------------------
def report_comparisons(corpus: Corpus) -> list[Sides]:
    """Deprecated: ``dc.report_context().comparisons``.

    The sides are no longer read from ``DISCOURSE_FOCUS``, ``DISCOURSE_REFERENCE`` or
    ``DISCOURSE_BY``: the report hands its comparisons to its notebooks.

    Parameters
    ----------
    corpus : Corpus
        Used outside a report.

    Returns
    -------
    list of Sides
        In a report's notebook, the report's comparisons; opened by hand,
        :func:`discourse.comparisons` of ``corpus``.
    """
    warnings.warn("dc.report_comparisons(corpus) is now dc.report_context().comparisons; the "
                  "old name goes in a later version.", DeprecationWarning, stacklevel=2)
    if os.environ.get(SNAPSHOT_VAR, "").strip():
        return list(_load_snapshot().comparisons)
    return comparisons(corpus)
