"""Which two sides a comparison puts against each other: decided once, here, for every page.

Every contrast in the package (keyness, log-odds, rate comparisons, style profiles, aligned
sentences) and every page of the report compares a *focus* with a *reference*. This module is the
one place that decides, from the corpus and the user's choice, the grouping column, the focus,
the reference and their order, so that the index and every notebook compare the same sides in the
same order.

Every two-sided function of the package takes ``sides=`` (a :class:`Sides`, e.g. one of
:func:`comparisons`) or the shorthand ``by=``/``focus=``/``reference=``, and hands them to
:func:`resolve` (or :func:`one_comparison`), which only this module interprets. The same rules
hold for a corpus, its documents table and any table with a ``by`` column (a count table):

Rules (:func:`resolve`, :func:`comparisons`, :func:`resolve_sides`):

* The grouping column ``by`` is the user's; by default ``"group"`` when the documents have a
  ``group`` column with at least two distinct non-blank values, else ``"doc_id"``.
* Labels are compared as strings (``1`` and ``"1"`` are the same group; ``True`` is ``"True"``),
  as the user wrote them: the readers keep ``01`` and ``1``, ``True`` and ``true`` apart (a
  column whose numbers would merge them is read as text), and labels that differ only in their
  Unicode normalisation (``café`` composed or decomposed) are one label.
  Documents whose label is blank or missing belong to no side and are listed in ``unlabelled``.
* Groups are ordered by first appearance in ``corpus.documents`` (the order of the metadata or
  the CSV, which the user controls).
* ``focus=None`` means one thing everywhere. Two groups: the first is the focus, the second
  the reference. More than two: each group against the rest of the corpus (one :class:`Sides`
  per group). A function that shows a single comparison (``keyness``, ``distinctive_terms``,
  ``align_sentences``) takes it with :func:`one_comparison`, which refuses the ambiguous case
  and says which choices there are (the explorer instead opens on the two largest groups, and
  says so: a page the reader can switch); :func:`resolve_sides` is the first (main)
  comparison. Without groups (``by="doc_id"``) and more than :data:`MAX_DOCUMENT_COMPARISONS`
  documents of a corpus, only the first document against the rest: a page cannot show one
  comparison per document; likewise beyond :data:`MAX_GROUP_COMPARISONS` groups.
* ``focus`` given, no ``reference``: that group against the rest. Both given: that pair (or
  pooled lists of groups); the other groups are ``left_out``.
* A focus or reference that is not a group is refused with the list of groups.

Examples
--------
>>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["left", "right", "left"]})
>>> s = resolve_sides(docs)
>>> s.by, s.focus, s.reference, s.left_out
('group', 'left', ('right',), ())
>>> [c.describe() for c in comparisons(docs.assign(group=["x", "y", "z"]))]
['x against the rest (y, z)', 'y against the rest (x, z)', 'z against the rest (x, y)']
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import InputError

REST = "rest"
"""``Sides.mode`` of a group compared with all other groups pooled."""
PAIR = "pair"
"""``Sides.mode`` of one group (or document) compared with one other."""
POOLED = "pooled"
"""``Sides.mode`` of a chosen list of several reference groups (not every other group)."""
MAX_DOCUMENT_COMPARISONS = 8
"""Without groups, at most this many documents are each compared with the rest; beyond, one."""
MAX_GROUP_COMPARISONS = 100
"""At most this many groups are each compared with the rest; beyond (a column with a value per
document, 20,000 of them), only the first against the rest: one comparison per group would hold
every other label once per group, memory that grows with the square of the groups."""


@dataclass(frozen=True)
class Sides:
    """One comparison: which units are the focus and which the reference.

    Attributes
    ----------
    by : str
        The column of ``corpus.documents`` (and of count tables) holding the labels compared.
    focus : str
        The focus label (a group or a doc_id), as a string.
    reference : tuple of str
        The reference labels: one in ``"pair"`` mode, every other group in ``"rest"`` mode.
    groups : tuple of str
        Every label of ``by`` in the corpus, in order of first appearance.
    left_out : tuple of str
        Labels in neither side (a chosen pair among three or more groups).
    unlabelled : tuple of str
        doc_ids of documents with a blank or missing label (in no side).
    mode : {"pair", "rest"}
        ``"rest"`` when the reference is the rest of the corpus pooled.
    chosen : bool
        Whether the user named the focus.
    focus_pool : tuple of str
        Further labels pooled with ``focus`` into one side (``focus=["a", "b"]``); usually
        empty. :attr:`focus_labels` lists them all.
    """

    by: str
    focus: str
    reference: tuple[str, ...]
    groups: tuple[str, ...]
    left_out: tuple[str, ...] = ()
    unlabelled: tuple[str, ...] = ()
    mode: str = PAIR
    chosen: bool = False
    focus_pool: tuple[str, ...] = ()

    @property
    def focus_labels(self) -> tuple[str, ...]:
        """Every label on the focus side: ``focus`` and the labels pooled with it."""
        return (self.focus, *self.focus_pool)

    @property
    def focus_label(self) -> str:
        """A short name of the focus side: the group, or the pooled groups joined by " + "."""
        return _joined(self.focus_labels)

    @property
    def reference_label(self) -> str:
        """A short name of the reference: the group, or "the rest" in ``"rest"`` mode."""
        if self.mode == REST:
            return "the rest"
        return _joined(self.reference)

    @property
    def sides(self) -> tuple[str, ...]:
        """Every label in the comparison, focus first."""
        return (*self.focus_labels, *self.reference)

    def describe(self) -> str:
        """One line saying what is compared, e.g. ``"x against the rest (y, z)"``.

        A label written right to left, or holding a bidirectional control (U+202E), is
        isolated (U+2068 ... U+2069), so that it cannot turn the words around it."""
        if self.mode == REST:
            shown = ", ".join(map(isolated, self.reference[:8])) + (
                f", ... ({len(self.reference):,} in all)" if len(self.reference) > 8 else "")
            return f"{isolated(self.focus_label)} against the rest ({shown})"
        return f"{isolated(self.focus_label)} against {isolated(self.reference_label)}"

    def side_of(self, labels) -> pd.Series:
        """``"focus"``, ``"reference"`` or ``None`` for each label of ``labels``."""
        s = label_strings(pd.Series(labels))
        out = pd.Series([None] * len(s), index=s.index, dtype=object)
        out[s.isin(self.focus_labels)] = "focus"
        out[s.isin(self.reference)] = "reference"
        return out


_BIDI = frozenset({"R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})


def isolated(label: str) -> str:
    """``label`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it holds a
    right-to-left letter or a bidirectional control, else as it is (plain text's ``<bdi>``).

    >>> isolated("left"), isolated("evil\u202e") == "\u2068evil\u202e\u2069"
    ('left', True)
    """
    if label.isascii() or not any(unicodedata.bidirectional(ch) in _BIDI for ch in label):
        return label
    return f"\u2068{label}\u2069"


def _joined(labels: tuple[str, ...]) -> str:
    if len(labels) <= 3:
        return " + ".join(labels)
    return f"{len(labels)} groups"


def label_strings(values: pd.Series) -> pd.Series:
    """Labels as stripped strings; missing and blank labels become ``None``.

    >>> label_strings(pd.Series([1, "a ", None, " ", True, 2.0])).tolist()
    ['1', 'a', None, None, 'True', '2']
    """
    if values.dtype != object:  # one type: each distinct value is converted once
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        mapped = np.array([_label(u) for u in uniques] + [None], dtype=object)
        return pd.Series(mapped[codes], index=values.index, dtype=object)
    # mixed Python objects: 1, 1.0 and True hash alike but are different labels
    strings = [None if pd.isna(v) else _label(v) for v in values]
    return pd.Series(strings, index=values.index, dtype=object)


def _label(value) -> str | None:
    # a whole float is an integer label that a blank cell turned into a float: 1.0 -> "1"
    # (the readers keep a column whose numbers would lose what was written, "01" or "1.0",
    # as text: discourse.text.io.written_text)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # one label however its accents are stored: "café" typed (NFC) or from a Mac (NFD)
    return (text if text.isascii() else unicodedata.normalize("NFC", text)) or None


def _documents(corpus_or_documents) -> pd.DataFrame:
    docs = getattr(corpus_or_documents, "documents", corpus_or_documents)
    if not isinstance(docs, pd.DataFrame) or "doc_id" not in docs.columns:
        raise InputError("sides are decided from a Corpus or its documents table "
                         "(a DataFrame with a doc_id column).")
    return docs


def default_by(corpus_or_documents) -> str:
    """The column a comparison groups by when the user names none.

    Parameters
    ----------
    corpus_or_documents : Corpus or DataFrame
        The corpus or its documents table.

    Returns
    -------
    str
        ``"group"`` when the documents have at least two distinct group labels, else
        ``"doc_id"`` (each document is its own side).

    Examples
    --------
    >>> default_by(pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "x"]}))
    'doc_id'
    >>> default_by(pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"]}))
    'group'
    """
    docs = _documents(corpus_or_documents)
    if "group" in docs.columns and label_strings(docs["group"]).dropna().nunique() >= 2:
        return "group"
    return "doc_id"


def _labels_of(source, by: str | None) -> tuple[str, pd.Series, pd.Series | None, str]:
    """``(by, labels, doc_ids, where)`` of a corpus, a documents table, any table or a Series.

    ``doc_ids`` is the doc_id of each label for a corpus or documents table (else ``None``);
    ``where`` names the column in messages.
    """
    if isinstance(source, pd.Series):
        by = by or (str(source.name) if source.name is not None else "labels")
        return by, source, None, f"{by!r}"
    docs = getattr(source, "documents", None)
    if docs is not None or (isinstance(source, pd.DataFrame) and "doc_id" in source.columns
                            and "term" not in source.columns and (by is None or by in source)):
        docs = _documents(source)
        by = by or default_by(docs)
        if by not in docs.columns:
            raise InputError(f"by={by!r} is not a column of the documents; they have "
                             f"{', '.join(map(repr, docs.columns))}.")
        return by, docs[by], docs.doc_id, f"{by!r}"
    if not isinstance(source, pd.DataFrame):
        raise InputError("sides are decided from a Corpus, its documents table or a table with "
                         f"the labels' column, got {type(source).__name__}.")
    by = by or "doc_id"
    if by not in source.columns:
        raise InputError(f"by={by!r} is not a column of the table; it has "
                         f"{', '.join(map(repr, source.columns))}.")
    return by, source[by], None, f"counts[{by!r}]"


def _distinct(labels: pd.Series) -> tuple[str, ...]:
    """The distinct labels as strings, in the column's order (categories' order if categorical)."""
    if isinstance(labels.dtype, pd.CategoricalDtype):
        present = labels.cat.remove_unused_categories().cat.categories
        values = pd.Series(present, dtype=object)
    else:
        values = pd.Series(pd.unique(labels.dropna()), dtype=object)
    return tuple(dict.fromkeys(label_strings(values).dropna()))


def _check(name: str, value, groups: tuple[str, ...], where: str, known=None) -> str:
    value = None if value is None else _label(value)
    if value not in (known if known is not None else groups):
        shown = ", ".join(map(repr, groups[:20])) + (" ..." if len(groups) > 20 else "")
        raise InputError(f"{name}={value!r} is not a value of {where}; it has {shown}.")
    return value


def _chosen(name: str, value, groups: tuple[str, ...], where: str) -> tuple[str, ...]:
    values = list(value) if isinstance(value, list | tuple | set | pd.Index | pd.Series) \
        else [value]
    if not values:
        raise InputError(f"{name} must name at least one value of {where}.")
    known = frozenset(groups) if len(values) > 8 else None  # a long list: one set lookup each
    return tuple(dict.fromkeys(_check(name, v, groups, where, known) for v in values))


def resolve(source, *, sides=None, by: str | None = None, focus=None,
            reference=None) -> list[Sides]:
    """Every comparison a two-sided function computes: the one interpreter of sides.

    Parameters
    ----------
    source : Corpus, DataFrame or Series
        A corpus or its documents table (labels: ``documents[by]``, default :func:`default_by`),
        any table with a ``by`` column, such as a count table (default ``by="doc_id"``), or a
        Series of labels.
    sides : Sides or list of Sides, optional
        Comparisons already decided (e.g. by :func:`comparisons`): returned as they are, after
        checking that their labels are in ``source``. Not together with ``focus``/``reference``.
    by : str, optional
        The column of labels.
    focus, reference : label or list of labels, optional
        The user's choice; see the module's rules for ``None``.

    Returns
    -------
    list of Sides
        The first is the main comparison.

    Raises
    ------
    InputError
        Fewer than two labels, an unknown or repeated focus or reference, or ``sides`` together
        with ``focus``/``reference``.

    Examples
    --------
    >>> counts = pd.DataFrame({"group": ["a", "a", "b", "c"], "term": ["x", "y", "x", "y"],
    ...                        "n": [1, 2, 3, 4]})
    >>> [s.describe() for s in resolve(counts, by="group")]
    ['a against the rest (b, c)', 'b against the rest (a, c)', 'c against the rest (a, b)']
    >>> resolve(counts, by="group", focus="a", reference="c")[0].describe()
    'a against c'
    """
    if sides is not None:
        if focus is not None or reference is not None:
            raise InputError("give sides= or focus=/reference=, not both: sides= already says "
                             "which labels are compared.")
        found = [sides] if isinstance(sides, Sides) else list(sides)
        if not found or not all(isinstance(s, Sides) for s in found):
            raise InputError("sides= takes a Sides (e.g. dc.comparisons(corpus)[0]) or a list "
                             f"of them, got {type(sides).__name__}.")
        if by is not None and any(s.by != by for s in found):
            raise InputError(f"sides= compares values of {found[0].by!r}, but by={by!r}.")
        _, labels, _, where = _labels_of(source, found[0].by)
        groups = _distinct(labels)
        known = frozenset(groups)
        for s in found:
            for label in s.sides:
                _check("a side", label, groups, where, known)
        return found
    by, labels, doc_ids, where = _labels_of(source, by)
    groups = _distinct(labels)
    unlabelled = () if doc_ids is None else tuple(
        doc_ids[label_strings(labels).isna()].astype(str))
    if len(groups) < 2:
        what = "document" if by == "doc_id" else f"value of {by!r}"
        raise InputError(f"there is nothing to compare: the corpus has {len(groups)} {what}"
                         f"{'' if len(groups) == 1 else 's'} ({', '.join(groups)}). Add documents "
                         "or a group column with at least two values.")
    if focus is None and reference is not None:
        raise InputError("reference is given without focus: name the focus too.")
    if focus is not None:
        f = _chosen("focus", focus, groups, where)
        if reference is None:
            rest = tuple(g for g in groups if g not in f)
            if not rest:
                raise InputError(f"no reference: {where} has no value besides focus="
                                 f"{list(f)}. A comparison needs something else.")
            mode = PAIR if len(rest) == 1 else REST
            return [Sides(by, f[0], rest, groups, (), unlabelled, mode, True, f[1:])]
        r = _chosen("reference", reference, groups, where)
        if set(f) & set(r):
            shared = sorted(set(f) & set(r))
            if len(f) == len(r) == 1:
                raise InputError(f"focus and reference are both {f[0]!r}: choose two different "
                                 "groups.")
            raise InputError(f"focus and reference share {shared}; they must be disjoint.")
        left = tuple(g for g in groups if g not in f and g not in r)
        mode = PAIR if len(r) == 1 else (REST if not left else POOLED)
        return [Sides(by, f[0], r, groups, left, unlabelled, mode, True, f[1:])]
    if len(groups) == 2:
        return [Sides(by, groups[0], (groups[1],), groups, (), unlabelled, PAIR, False)]
    if (doc_ids is not None and by == "doc_id" and len(groups) > MAX_DOCUMENT_COMPARISONS) \
            or len(groups) > MAX_GROUP_COMPARISONS:
        return [Sides(by, groups[0], groups[1:], groups, (), unlabelled, REST, False)]
    return [Sides(by, g, tuple(o for o in groups if o != g), groups, (), unlabelled, REST, False)
            for g in groups]


def one_comparison(source, *, fn: str, sides=None, by: str | None = None, focus=None,
                   reference=None) -> Sides:
    """The single comparison a function such as ``keyness`` shows, or a clear refusal.

    With two labels and no choice, the first against the second. With more and no choice,
    :func:`resolve` gives one comparison per label (each against the rest), so ``fn`` asks for
    ``focus=`` (or one ``sides=``) rather than pick one silently.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["x", "y", "z"]})
    >>> one_comparison(docs, fn="keyness", focus="y").describe()
    'y against the rest (x, z)'
    """
    found = resolve(source, sides=sides, by=by, focus=focus, reference=reference)
    if len(found) > 1:
        first = found[0]
        shown = ", ".join(map(repr, first.groups[:10])) + (" ..." if len(first.groups) > 10
                                                           else "")
        raise InputError(f"{fn} shows one comparison, and {first.by!r} has {len(first.groups)} "
                         f"values ({shown}): without focus= that means each against the rest, "
                         f"{len(found)} comparisons. Name focus= (and reference=), or pass one "
                         f"of them, e.g. sides=dc.comparisons(...)[0].")
    return found[0]


def side_masks(labels: pd.Series, sides: Sides):
    """Boolean arrays ``(in_focus, in_reference)`` over ``labels`` (compared as label strings).

    Fast on long columns: each distinct value is converted once.

    >>> s = resolve(pd.Series(["a", "b", "c", "a"], name="g"), focus="a", reference="c")[0]
    >>> [m.tolist() for m in side_masks(pd.Series(["a", "b", "c", "a"]), s)]
    [[True, False, False, True], [False, False, True, False]]
    """
    codes, uniques = pd.factorize(pd.Series(labels).astype(object), use_na_sentinel=True)
    names = label_strings(pd.Series(uniques, dtype=object)).to_numpy(dtype=object)
    focus, reference = set(sides.focus_labels), set(sides.reference)
    f_u = np.array([n in focus for n in names] + [False], dtype=bool)
    r_u = np.array([n in reference for n in names] + [False], dtype=bool)
    return f_u[codes], r_u[codes]


def comparisons(corpus_or_documents, *, by: str | None = None, focus=None,
                reference=None, sides=None) -> list[Sides]:
    """Every comparison to show for a corpus and a user's choice (see the module's rules).

    Parameters
    ----------
    corpus_or_documents : Corpus or DataFrame
        The corpus or its documents table.
    by : str, optional
        The grouping column; default :func:`default_by`.
    focus, reference : str, optional
        The user's choice. ``reference`` without ``focus`` is refused.
    sides : Sides or list of Sides, optional
        Already decided: checked and returned.

    Returns
    -------
    list of Sides
        One comparison for two groups or a chosen focus; one per group ("each against the
        rest") for three or more groups and no choice; without groups and more than
        :data:`MAX_DOCUMENT_COMPARISONS` documents, the first document against the rest.

    Raises
    ------
    InputError
        Fewer than two labels, an unknown focus or reference, or the two the same.
    """
    _documents(corpus_or_documents)
    return resolve(corpus_or_documents, sides=sides, by=by, focus=focus, reference=reference)


def resolve_sides(corpus_or_documents, *, by: str | None = None, focus=None,
                  reference=None) -> Sides:
    """The first (main) comparison of :func:`comparisons`: what a single contrast shows."""
    return comparisons(corpus_or_documents, by=by, focus=focus, reference=reference)[0]


def comparable_corpus(corpus, sides: Sides):
    """The corpus as the comparison sees it: labels as strings, unlabelled documents left out.

    Every statistic of the package can then be asked with ``by=sides.by``,
    ``focus=sides.focus`` and ``reference=list(sides.reference)``: integer or boolean labels
    match their string form, and a document with a blank label (which belongs to no side) does
    not stop a count that needs every document labelled. The tables are filtered, not copied
    row by row; offsets and ids are unchanged.

    Parameters
    ----------
    corpus : Corpus
    sides : Sides
        From :func:`comparisons` or :func:`resolve_sides` on this corpus.

    Returns
    -------
    Corpus
        ``corpus`` itself when nothing changes, else a new corpus without the unlabelled
        documents whose ``documents[sides.by]`` holds :func:`label_strings`.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["x.", "y.", "z."],
    ...                                 "group": [1, None, 2]}))
    >>> comparable_corpus(c, resolve_sides(c)).documents.group.tolist()
    ['1', '2']
    """
    docs = corpus.documents
    labels = label_strings(docs[sides.by])
    if sides.by == "doc_id" or (not sides.unlabelled and
                                (docs[sides.by].astype(object) == labels.astype(object)).all()):
        return corpus
    keep = labels.notna().to_numpy()
    kept_ids = set(docs.doc_id[keep].astype(str))
    documents = docs[keep].reset_index(drop=True)
    documents[sides.by] = labels[keep].to_numpy()

    def only(table):
        t = table[table.doc_id.astype(str).isin(kept_ids).to_numpy()].reset_index(drop=True)
        if isinstance(t.doc_id.dtype, pd.CategoricalDtype):
            t["doc_id"] = t.doc_id.cat.remove_unused_categories()
        return t

    sub = type(corpus)(documents, only(corpus.paragraphs), only(corpus.sentences),
                       only(corpus.tokens), corpus.name)
    if hasattr(corpus, "fingerprint"):  # the same texts: markers of either fit the other
        sub.__dict__["_lineage"] = (corpus.fingerprint, *getattr(corpus, "lineage", ()))
    return sub
