"""A term explorer to click: every term of two sides on one plot, its context a click away.

:func:`explore` returns an :class:`Explorer`: a notebook shows it, ``.save("explorer.html")``
writes one self-contained page (no CDN, nothing fetched, a Content-Security-Policy that forbids
remote loads). The data comes from :mod:`discourse.views.explore_data` (counts) and
:mod:`discourse.views.explore_snippets` (sentences, within a budget that keeps the page at a few
MB); the page is ``templates/explorer.html.j2`` with ``explorer.js`` and ``explorer.css`` written
for it (a canvas scatter with a grid index for hover: 30,000 points draw in a few milliseconds;
labels placed greedily, never over one another; ranked lists of each side's top terms that the
arrow keys walk; contexts as whole sentences with the documents' metadata; phrase search).
"""

from __future__ import annotations

import base64
import hashlib
import html
import inspect
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
import pandas as pd
from markupsafe import Markup

from .._compat import renamed, with_old_columns
from .._validate import InputError, check_int
from ..sides import PAIR, Sides, resolve, side_masks
from ..stance.markers import find_markers
from ..stats.contrast import keyness, log_odds
from ..stats.counts import count_terms
from ..stats.keyness import OLD_COLUMNS as KEYNESS_OLD_COLUMNS
from .explore_data import explorer_payload, labels_of

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


def _side_counts(corpus, doc_counts: pd.DataFrame, sides: Sides) -> pd.DataFrame:
    """The counts by document of the documents on a side, with their label in ``sides.by``:
    ``doc_id, <by>, term, n`` (with ``by="doc_id"`` the doc_id is the label)."""
    docs = corpus.documents
    in_focus, in_reference = side_masks(docs[sides.by], sides)
    on_a_side = in_focus | in_reference
    label_of = pd.Series(labels_of(docs[sides.by]).where(on_a_side).to_numpy(dtype=object),
                         index=docs.doc_id.astype(str).to_numpy())
    # each document's label looked up once (a count table has a row per document and term)
    codes, ids = pd.factorize(doc_counts.doc_id)
    side = label_of.reindex(pd.Index(ids).astype(str)).to_numpy(dtype=object)[codes]
    keep = pd.notna(side)
    # string terms taken as they are stored (Arrow), not as a Python string per row: with
    # 100,000 documents that was 0.25 GB more at the explorer's peak
    term = doc_counts.term
    term = term.array[keep] if isinstance(term.dtype, pd.StringDtype) else term.to_numpy()[keep]
    return pd.DataFrame({"doc_id": doc_counts.doc_id.to_numpy()[keep], sides.by: side[keep],
                         "term": term, "n": doc_counts.n.to_numpy()[keep]})  # by="doc_id": label


def _reference(sides: Sides):
    """keyness's reference: the one group, or None ("all others") once counts hold only the
    sides, which in "rest" mode is every labelled group (cheaper than listing thousands)."""
    return sides.reference[0] if sides.mode == PAIR else None


def _pair_table(corpus, sides: Sides, doc_counts: pd.DataFrame) -> pd.DataFrame:
    """keyness + weighted log-odds of the first comparison (what the page shows first)."""
    by_doc = _side_counts(corpus, doc_counts, sides)
    counts = by_doc.groupby([sides.by, "term"], as_index=False, sort=True).n.sum()
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
    return with_old_columns(table.join(_doc_level(by_doc, sides, table)), KEYNESS_OLD_COLUMNS)


def _doc_level(counts: pd.DataFrame, sides: Sides, table: pd.DataFrame) -> pd.DataFrame:
    """Document-level p-values when :func:`keyness` offers them (``docs=``), else nothing;
    ``counts`` by document (:func:`_side_counts`)."""
    cols = ["p_docs", "p_docs_adjusted", "n_docs_focus", "n_docs_reference"]
    if "docs" not in inspect.signature(keyness).parameters or sides.by == "doc_id":
        return pd.DataFrame(index=table.index)
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


def opening_sides(corpus, *, by=None, focus=None, reference=None, sides=None
                  ) -> tuple[Sides, str]:
    """The comparison the page opens with, and why: ``"asked"`` (``sides``, ``focus`` or
    ``reference`` given), ``"two"`` (the only two groups) or ``"largest"``.

    With three or more groups and nothing asked, the two groups with the most documents (ties:
    more words, then the first in the column's order), the first of them in the column's order
    as the focus. (:func:`discourse.sides.resolve` would open on the first group against the
    rest, which may be a group of two documents.)

    >>> import pandas as pd, discourse as dc
    >>> c = dc.from_frame(pd.DataFrame({"doc_id": list("abcdef"), "group": list("xyyzzz"),
    ...                                 "text": ["One storm."] * 6}))
    >>> s, why = opening_sides(c)
    >>> s.describe(), why
    ('y against z', 'largest')
    """
    asked = sides is not None or focus is not None or reference is not None
    options = resolve(corpus, sides=sides, by=by, focus=focus, reference=reference)
    if asked or len(options[0].groups) == 2:
        return options[0], "asked" if asked else "two"
    first = options[0]
    docs = corpus.documents
    labels = labels_of(docs[first.by])
    n_docs = labels.value_counts()
    n_words = docs.n_words.groupby(labels.to_numpy()).sum()
    order = {g: k for k, g in enumerate(first.groups)}
    two = sorted(first.groups, key=lambda g: (-int(n_docs.get(g, 0)),
                                              -int(n_words.get(g, 0)), order[g]))[:2]
    two.sort(key=order.get)
    return resolve(corpus, by=first.by, focus=two[0], reference=two[1])[0], "largest"


def reading_links(reading_view, doc_ids: list[str]) -> list[str | None]:
    """The URL of the page that shows each document (``None``: no page), checked.

    ``reading_view`` is a URL with ``{doc_id}`` in it (the doc_id percent-encoded into it), a
    URL of one page for every document, or a mapping of doc_id to URL (documents not in it
    have no link). Only relative, ``http``, ``https`` and ``file`` URLs are allowed.

    >>> reading_links("texts/{doc_id}.html", ["a b", "c"])
    ['texts/a%20b.html', 'texts/c.html']
    >>> reading_links({"c": "reading.html"}, ["a b", "c"])
    [None, 'reading.html']
    """
    if reading_view is None:
        return [None] * len(doc_ids)
    if isinstance(reading_view, str):
        urls = [reading_view.replace("{doc_id}", quote(d, safe="")) for d in doc_ids]
    elif isinstance(reading_view, Mapping):
        urls = [reading_view.get(d) for d in doc_ids]
    else:
        raise InputError("reading_view= is a URL (with {doc_id} where the document's id goes) "
                         "or a dict of doc_id to URL, got "
                         f"{type(reading_view).__name__}.")
    for url in dict.fromkeys(u for u in urls if u is not None):
        if not isinstance(url, str) or urlsplit(url).scheme.lower() not in _SCHEMES:
            raise InputError(f"reading_view= gives the URL {url!r}: use a relative URL (e.g. "
                             "'reading.html') or an http, https or file URL.")
    return urls


_SCHEMES = ("", "http", "https", "file")


@renamed(kwic_window="context_chars")
def explore(corpus, *, by: str | None = None, focus=None, reference=None, sides=None,
            kwic_per_term: int = 8, context_chars: int = 160, kwic_chars: int | None = None,
            markers: pd.DataFrame | None = None, title: str | None = None,
            reading_view=None) -> Explorer:
    """An interactive term explorer of two sides of a corpus, as one self-contained page.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    by, focus, reference : str, optional
        The comparison the page opens with, decided by :func:`discourse.sides.resolve`: two
        groups, the first against the second; ``focus`` alone, that group against the rest.
        Three or more groups and neither given: the two largest groups
        (:func:`opening_sides`), as the page says. The page lets the reader pick any other
        pair of groups of ``by`` (or a group against the rest).
    sides : Sides, optional
        The comparison to open with, already decided (e.g. the report's main comparison,
        ``dc.report_context().main``); not together with ``focus``/``reference``.
    kwic_per_term : int, default 8
        At most this many context sentences per term (or stance entry) and group.
    context_chars : int, default 160
        A sentence quoted for a context is shown whole, unless it runs more than this many
        characters beyond its match on one side: then it is cut to this many characters each
        side (old name ``kwic_window=``; a ``window`` in this package counts tokens).
    kwic_chars : int, optional
        Characters of embedded text in all: the sentences quoted as contexts, the documents
        phrase search reads and their metadata. Default: as many as keep the page under about
        4.5 MB. When the corpus does not fit, a third of it holds whole documents in a fixed
        random order (phrase search reads those) and the rarest terms may get no context; the
        page says how much it kept. Lower it for a smaller page, e.g. to embed in a notebook.
    markers : DataFrame, optional
        :func:`discourse.find_markers` of the corpus, if already computed.
    title : str, optional
        The page's heading. Default: "Term explorer".
    reading_view : str or dict, optional
        Where a document can be read: a URL with ``{doc_id}`` in it, one URL for all, or a
        dict of doc_id to URL (see :func:`reading_links`). Each context then links to its
        sentence there (a text fragment, ``#:~:text=start,end``, which browsers scroll to and
        highlight). Default: no links (a page on its own has no reading view; the report
        passes its own).

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
    * **Ranked lists**: beside the plot, the terms with the highest colour statistic towards
      each side (the focus's positive, the reference's negative), 25 each.
    * **Search**: a counted term (or stance entry) of exactly the words typed opens it;
      anything else (a stop word, a phrase) is searched in the embedded sentences, whole
      words, case ignored, and its sentences shown by side.
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
    reading_links(reading_view, list(reading_view) if isinstance(reading_view, Mapping)
                  else ["doc"])
    check_int(context_chars, name="context_chars", minimum=0)
    if kwic_chars is not None:
        check_int(kwic_chars, name="kwic_chars", minimum=0)
    # the page opens on one comparison: the one asked for, else the two largest groups
    sides, why = opening_sides(corpus, by=by, focus=focus, reference=reference, sides=sides)
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
    payload["opened"] = why
    payload["docs"]["urls"] = reading_links(reading_view,
                                            [row[0] for row in payload["docs"]["rows"]])
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
