"""Which two sides a comparison puts against each other: decided once, here, for every page.

Every contrast in the package (keyness, log-odds, rate comparisons, style profiles, aligned
sentences) and every page of the report compares a *focus* with a *reference*. This module is the
one place that decides, from the corpus and the user's choice, the grouping column, the focus,
the reference and their order, so that the index and every notebook compare the same sides in the
same order.

Rules (:func:`resolve_sides` and :func:`comparisons`):

* The grouping column ``by`` is the user's; by default ``"group"`` when the documents have a
  ``group`` column with at least two distinct non-blank values, else ``"doc_id"``.
* Labels are compared as strings (``1`` and ``"1"`` are the same group; ``True`` is ``"True"``).
  Documents whose label is blank or missing belong to no side and are listed in ``unlabelled``.
* Groups are ordered by first appearance in ``corpus.documents`` (the order of the metadata or
  the CSV, which the user controls).
* Two groups and no choice: the first is the focus, the second the reference.
* More than two groups and no choice: each group against the rest of the corpus
  (:func:`comparisons` returns one :class:`Sides` per group; :func:`resolve_sides` the first).
  Without groups (``by="doc_id"``) and more than :data:`MAX_DOCUMENT_COMPARISONS` documents,
  only the first document against the rest: a page cannot show one comparison per document.
* ``focus`` given, no ``reference``: that group against the rest. Both given: that pair; the
  other groups are ``left_out``.
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

from dataclasses import dataclass

import pandas as pd

from ._validate import InputError

REST = "rest"
"""``Sides.mode`` of a group compared with all other groups pooled."""
PAIR = "pair"
"""``Sides.mode`` of one group (or document) compared with one other."""
MAX_DOCUMENT_COMPARISONS = 8
"""Without groups, at most this many documents are each compared with the rest; beyond, one."""


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
    """

    by: str
    focus: str
    reference: tuple[str, ...]
    groups: tuple[str, ...]
    left_out: tuple[str, ...] = ()
    unlabelled: tuple[str, ...] = ()
    mode: str = PAIR
    chosen: bool = False

    @property
    def reference_label(self) -> str:
        """A short name of the reference: the group, or "the rest" in ``"rest"`` mode."""
        return self.reference[0] if self.mode == PAIR else "the rest"

    @property
    def sides(self) -> tuple[str, ...]:
        """Every label in the comparison, focus first."""
        return (self.focus, *self.reference)

    def describe(self) -> str:
        """One line saying what is compared, e.g. ``"x against the rest (y, z)"``."""
        if self.mode == REST:
            return f"{self.focus} against the rest ({', '.join(self.reference)})"
        return f"{self.focus} against {self.reference[0]}"

    def side_of(self, labels) -> pd.Series:
        """``"focus"``, ``"reference"`` or ``None`` for each label of ``labels``."""
        s = label_strings(pd.Series(labels))
        out = pd.Series([None] * len(s), index=s.index, dtype=object)
        out[s == self.focus] = "focus"
        out[s.isin(self.reference)] = "reference"
        return out


def label_strings(values: pd.Series) -> pd.Series:
    """Labels as stripped strings; missing and blank labels become ``None``.

    >>> label_strings(pd.Series([1, "a ", None, " ", True, 2.0])).tolist()
    ['1', 'a', None, None, 'True', '2']
    """
    strings = [None if pd.isna(v) else _label(v) for v in values.astype(object)]
    return pd.Series(strings, index=values.index, dtype=object)


def _label(value) -> str | None:
    # a whole float is an integer label that a blank cell turned into a float: 1.0 -> "1"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _documents(corpus_or_documents) -> pd.DataFrame:
    docs = getattr(corpus_or_documents, "documents", corpus_or_documents)
    if not isinstance(docs, pd.DataFrame) or "doc_id" not in docs.columns:
        raise InputError("sides are decided from a Corpus or its documents table "
                         "(a DataFrame with a doc_id column).")
    return docs


def default_by(corpus_or_documents) -> str:
    """``"group"`` when the documents have at least two distinct group labels, else ``"doc_id"``."""
    docs = _documents(corpus_or_documents)
    if "group" in docs.columns and label_strings(docs["group"]).dropna().nunique() >= 2:
        return "group"
    return "doc_id"


def _groups(docs: pd.DataFrame, by: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if by not in docs.columns:
        raise InputError(f"by={by!r} is not a column of the documents; they have "
                         f"{', '.join(map(repr, docs.columns))}.")
    labels = label_strings(docs[by])
    unlabelled = tuple(docs.doc_id[labels.isna()].astype(str))
    groups = tuple(dict.fromkeys(labels.dropna()))
    return groups, unlabelled


def _check(name: str, value, groups: tuple[str, ...], by: str) -> str:
    value = None if value is None else str(value).strip()
    if value not in groups:
        shown = ", ".join(map(repr, groups[:20])) + (" ..." if len(groups) > 20 else "")
        raise InputError(f"{name}={value!r} is not a value of {by!r}; the corpus has {shown}.")
    return value


def comparisons(corpus_or_documents, *, by: str | None = None, focus=None,
                reference=None) -> list[Sides]:
    """Every comparison to show for a corpus and a user's choice (see the module's rules).

    Parameters
    ----------
    corpus_or_documents : Corpus or DataFrame
        The corpus or its documents table.
    by : str, optional
        The grouping column; default :func:`default_by`.
    focus, reference : str, optional
        The user's choice. ``reference`` without ``focus`` is refused.

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
    docs = _documents(corpus_or_documents)
    by = by or default_by(docs)
    groups, unlabelled = _groups(docs, by)
    if len(groups) < 2:
        what = "document" if by == "doc_id" else f"value of {by!r}"
        raise InputError(f"there is nothing to compare: the corpus has {len(groups)} {what}"
                         f"{'' if len(groups) == 1 else 's'} ({', '.join(groups)}). Add documents "
                         "or a group column with at least two values.")
    if focus is None and reference is not None:
        raise InputError("reference is given without focus: name the focus too.")
    if focus is not None:
        f = _check("focus", focus, groups, by)
        if reference is None:
            rest = tuple(g for g in groups if g != f)
            mode = PAIR if len(rest) == 1 else REST
            return [Sides(by, f, rest, groups, (), unlabelled, mode, True)]
        r = _check("reference", reference, groups, by)
        if r == f:
            raise InputError(f"focus and reference are both {f!r}: choose two different groups.")
        left = tuple(g for g in groups if g not in (f, r))
        return [Sides(by, f, (r,), groups, left, unlabelled, PAIR, True)]
    if len(groups) == 2:
        return [Sides(by, groups[0], (groups[1],), groups, (), unlabelled, PAIR, False)]
    if by == "doc_id" and len(groups) > MAX_DOCUMENT_COMPARISONS:
        return [Sides(by, groups[0], groups[1:], groups, (), unlabelled, REST, False)]
    return [Sides(by, g, tuple(o for o in groups if o != g), groups, (), unlabelled, REST, False)
            for g in groups]


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

    return type(corpus)(documents, only(corpus.paragraphs), only(corpus.sentences),
                        only(corpus.tokens), corpus.name)
