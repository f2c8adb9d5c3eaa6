"""A term explorer to click: every term of two sides on one plot, its context a click away.

:func:`explore` returns an :class:`Explorer`: a notebook shows it, ``.save("explorer.html")``
writes one self-contained page (no CDN, nothing fetched, a Content-Security-Policy that forbids
remote loads). The data comes from :mod:`discourse.views.explore_data`; the page is
``templates/explorer.html.j2`` with ``explorer.js`` and ``explorer.css`` written for it
(a canvas scatter with a grid index for hover: 30,000 points draw in a few milliseconds).
"""

from __future__ import annotations

import base64
import hashlib
import html
import inspect
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from .._compat import renamed, with_old_columns
from .._validate import InputError, check_int
from ..sides import PAIR, Sides, label_strings, resolve, side_masks
from ..stance.markers import find_markers
from ..stats.contrast import keyness, log_odds
from ..stats.counts import count_terms
from ..stats.keyness import OLD_COLUMNS as KEYNESS_OLD_COLUMNS
from .explore_data import explorer_payload

_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def safe_json(data) -> str:
    r"""JSON that can sit inside ``<script type="application/json">``: ``<``, ``>``, ``&``,
    U+2028/9 and lone surrogates written as ``\uXXXX`` escapes, so no corpus string can close
    the element or start markup.

    >>> safe_json({"t": "</script><img src=x>"})
    '{"t": "\\u003c/script\\u003e\\u003cimg src=x\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _asset(name: str) -> str:
    return resources.files("discourse.templates").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@dataclass(frozen=True, repr=False)
class Explorer:
    """The term explorer of one corpus: a page, and the table of its first comparison.

    Attributes
    ----------
    html : str
        The whole self-contained page.
    sides : Sides
        The comparison the page opens with.
    terms : DataFrame
        That comparison as a table: :func:`discourse.keyness` columns plus
        ``log_odds_weighted`` (and the document-level columns when keyness provides them).
    """

    html: str
    sides: Sides
    terms: pd.DataFrame

    def save(self, path) -> Path:
        """Write the page to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        # an iframe keeps the page's own CSP and scripts apart from the notebook; sandboxed
        # without same-origin, it can reach nothing of the notebook either
        return ('<iframe title="term explorer" sandbox="allow-scripts" '
                'style="box-sizing:border-box;width:100%;height:900px;border:1px solid #ddd" '
                f'srcdoc="{html.escape(self.html, quote=True)}"></iframe>')

    def __repr__(self) -> str:
        s = self.sides
        return (f"<Explorer: {s.focus} against {s.reference_label}; {len(self.terms):,} terms; "
                f"page {len(self.html.encode()) / 1e6:.1f} MB>")


def _group_counts(corpus, doc_counts: pd.DataFrame, sides: Sides) -> pd.DataFrame:
    """Counts per (label of ``sides.by``, term) of the two sides, from the counts by document."""
    docs = corpus.documents
    in_focus, in_reference = side_masks(docs[sides.by], sides)
    on_a_side = in_focus | in_reference
    label_of = dict(zip(docs.doc_id.astype(str)[on_a_side],
                        label_strings(docs[sides.by])[on_a_side], strict=True))
    side = doc_counts.doc_id.astype(str).map(label_of)
    keep = side.notna().to_numpy()
    counts = pd.DataFrame({sides.by: side.to_numpy()[keep],
                           "term": doc_counts.term.to_numpy()[keep],
                           "n": doc_counts.n.to_numpy()[keep]})
    return counts.groupby([sides.by, "term"], as_index=False, sort=True).n.sum()


def _reference(sides: Sides):
    """keyness's reference: the one group, or None ("all others") once counts hold only the
    sides, which in "rest" mode is every labelled group (cheaper than listing thousands)."""
    return sides.reference[0] if sides.mode == PAIR else None


def _pair_table(corpus, sides: Sides, doc_counts: pd.DataFrame) -> pd.DataFrame:
    """keyness + weighted log-odds of the first comparison (what the page shows first)."""
    counts = _group_counts(corpus, doc_counts, sides)
    table = keyness(counts, focus=sides.focus, reference=_reference(sides), by=sides.by)
    two = counts.assign(side=sides.side_of(counts[sides.by]).to_numpy())
    two = two.groupby(["side", "term"], as_index=False).n.sum()
    two = two.pivot(index="term", columns="side", values="n").fillna(0)
    two = two.reindex(columns=["focus", "reference"], fill_value=0).stack()
    two = two.rename("n").reset_index().astype({"n": "int64"})
    lo = log_odds(two, by="side")  # zero rows filled: every term has a focus value
    lo = lo[lo.side == "focus"].set_index("term").log_odds_weighted
    table["log_odds_weighted"] = lo.reindex(table.term.to_numpy()).to_numpy()
    # keyness's old column names stay readable (with a warning), as on keyness's own table
    return with_old_columns(table.join(_doc_level(corpus, sides, table)), KEYNESS_OLD_COLUMNS)


def _doc_level(corpus, sides: Sides, table: pd.DataFrame) -> pd.DataFrame:
    """Document-level p-values when :func:`keyness` offers them (``docs=``), else nothing."""
    cols = ["p_docs", "p_docs_adjusted", "n_docs_focus", "n_docs_reference"]
    if "docs" not in inspect.signature(keyness).parameters or sides.by == "doc_id":
        return pd.DataFrame(index=table.index)
    counts = count_terms(corpus, by=[sides.by, "doc_id"])
    in_focus, in_reference = side_masks(counts[sides.by], sides)
    counts = counts[in_focus | in_reference]
    counts = counts.assign(**{sides.by: label_strings(counts[sides.by])})
    try:
        kd = keyness(counts, focus=sides.focus, reference=_reference(sides), by=sides.by,
                     docs="doc_id")
    except InputError:  # too few documents for a document-level test: the page goes without
        return pd.DataFrame(index=table.index)
    have = [c for c in cols if c in kd.columns]
    return kd.set_index("term")[have].reindex(table.term.to_numpy()).set_index(table.index)


def zero_count_rule() -> str:
    """How :func:`discourse.keyness` corrects a zero count in the Log Ratio, read from it.

    ``"half"``: a zero count becomes 0.5; ``"shared"``: when a count is 0, one pseudo-count is
    shared in proportion to the sides' sizes. The page computes the Log Ratio the same way.

    >>> zero_count_rule() in ("half", "shared")
    True
    """
    # focus "f" never uses x (a = 0, N1 = 1); the reference uses it once (b = 1, N2 = 2):
    # 0.5 for the zero gives log2((0.5 / 1) / (1 / 2)) = 0; a shared pseudo-count does not
    probe = pd.DataFrame({"doc_id": ["f", "r", "r"], "term": ["y", "x", "y"], "n": [1, 1, 1]})
    lr = keyness(probe, focus="f").set_index("term").log_ratio["x"]
    return "half" if abs(lr) < 1e-12 else "shared"


def _pdocs(table: pd.DataFrame, terms: list[str]) -> dict | None:
    if "p_docs" not in table.columns:
        return None
    col = "p_docs_adjusted" if "p_docs_adjusted" in table.columns else "p_docs"
    p = table.set_index("term")[col].reindex(terms)
    return {"column": col, "p": [None if pd.isna(v) else float(f"{v:.3g}") for v in p]}


@renamed(kwic_window="context_chars")
def explore(corpus, *, by: str | None = None, focus=None, reference=None, sides=None,
            kwic_per_term: int = 8, context_chars: int = 40, kwic_chars: int | None = None,
            markers: pd.DataFrame | None = None, title: str | None = None) -> Explorer:
    """An interactive term explorer of two sides of a corpus, as one self-contained page.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    by, focus, reference : str, optional
        The comparison the page opens with, decided by :func:`discourse.sides.resolve`: two
        groups, the first against the second; three or more and no ``focus``, the first
        comparison of :func:`discourse.comparisons` (the first group against the rest), as
        the page says. ``focus`` names one group. The page lets the reader pick any other
        pair of groups of ``by``.
    sides : Sides, optional
        The comparison to open with, already decided (e.g. ``dc.comparisons(corpus)[0]``);
        not together with ``focus``/``reference``.
    kwic_per_term : int, default 8
        At most this many KWIC lines per term (or stance entry) and group.
    context_chars : int, default 40
        Characters of context each side of a KWIC match (old name ``kwic_window=``; a
        ``window`` in this package counts tokens).
    kwic_chars : int, optional
        Characters of KWIC lines in all. Default: as many as keep the page under about 4.5 MB
        (on a corpus of millions of words the rarest terms then get no line; the page says how
        many lines it kept). Lower it for a smaller page, e.g. to embed in a notebook.
    markers : DataFrame, optional
        :func:`discourse.find_markers` of the corpus, if already computed.
    title : str, optional
        The page's heading. Default: "Term explorer".

    Returns
    -------
    Explorer
        Shown by Jupyter (an iframe); ``.save(path)`` writes the page; ``.terms`` holds the
        first comparison as a table.

    Raises
    ------
    InputError
        Nothing to compare (one group, one document), an unknown focus or reference, a focus
        of several groups, or no counted words on a side.

    Notes
    -----
    Points and axes, with ``a`` and ``b`` a term's counts in focus and reference, ``N1`` and
    ``N2`` the sides' counted words (stop words and punctuation dropped; for stance entries,
    all word tokens):

    * **rank axes** (default): ``y = rank(a) / max rank`` where ``rank`` is the dense rank of
      the count among the distinct counts of that side (0 is rank 0), so 0 means absent and 1
      the side's most frequent term; ``x`` likewise for ``b``. Equal counts share a position.
    * **log axes**: ``y = log10(10000 a' / N1)``, ``x = log10(10000 b' / N2)``: the rate per
      10,000 words, ``a'`` and ``b'`` the counts with the zero-count correction of
      :func:`discourse.keyness`'s Log Ratio (read from it: a zero count taken as 0.5, or one
      pseudo-count shared in proportion to the sides' sizes), so a point's distance from the
      diagonal is its Log Ratio (in log10 units).
    * Colour: ``log_odds_weighted`` (Monroe et al.'s weighted log-odds of the focus against
      the reference, informative prior, :func:`discourse.log_odds` on the two-side table with
      zero rows), signed ``g2`` or ``log_ratio`` (:func:`discourse.keyness`), or the
      document-level p-value where keyness provides one (first comparison only).
      The page recomputes all three in JavaScript for whatever pair the reader picks, with the
      same formulas; ``Explorer.terms`` has the first comparison as Python computes it.

    Examples
    --------
    >>> import discourse as dc
    >>> ex = dc.explore(dc.load_example())
    >>> ex.sides.describe()
    'cepa_essay against news_rewrite'
    >>> "Content-Security-Policy" in ex.html and "<script src" not in ex.html
    True
    """
    check_int(kwic_per_term, name="kwic_per_term", minimum=0)
    check_int(context_chars, name="context_chars", minimum=0)
    if kwic_chars is not None:
        check_int(kwic_chars, name="kwic_chars", minimum=0)
    # the page opens on one comparison: the first (main) one, as the index and report say
    sides = resolve(corpus, sides=sides, by=by, focus=focus, reference=reference)[0]
    if sides.focus_pool:
        raise InputError(f"explore opens on one group against another (or the rest), but "
                         f"focus={list(sides.focus_labels)} pools several: name one value of "
                         f"{sides.by!r} as focus= (the page then lets you pick any pair).")
    doc_counts = count_terms(corpus, by="doc_id")
    table = _pair_table(corpus, sides, doc_counts)
    if markers is None:
        markers = find_markers(corpus)
    payload = explorer_payload(corpus, sides, markers, doc_counts, per_term=kwic_per_term,
                               context_chars=context_chars, budget=kwic_chars)
    payload["pdocs"] = _pdocs(table, payload["terms"])
    payload["zero_rule"] = zero_count_rule()
    payload["title"] = title or "Term explorer"
    return Explorer(render_page(payload), sides, table)


def render_page(payload: dict) -> str:
    """The page: template, script and style inlined, data as escaped JSON, a CSP with hashes."""
    script, style = _asset("explorer.js"), _asset("explorer.css")
    env = jinja2.Environment(loader=jinja2.PackageLoader("discourse", "templates"),
                             autoescape=True, keep_trailing_newline=True)
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
           "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; "
           "form-action 'none'")
    return env.get_template("explorer.html.j2").render(
        csp=csp, title=payload["title"], data=Markup(safe_json(payload)),
        script=Markup(script), style=Markup(style))
