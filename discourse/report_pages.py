"""The pages of the report that are not notebooks: the index and the side-by-side reading view.

Every number on the index is computed here from the corpus (never typed), and every piece of
document text goes through :func:`discourse._html.escape`. Pages are self-contained: inline CSS
and a few lines of inline JavaScript, no request to any server.
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata
from pathlib import Path

import numpy as np
import pandas as pd

from . import segment
from ._html import escape, highlight
from .corpus import Corpus, stopwords

CATEGORY_COLOURS = {
    "hedge": "#fde68a",
    "booster": "#fca5a5",
    "attribution": "#93c5fd",
    "attitude": "#c4b5fd",
    "self_mention": "#86efac",
    "engagement": "#f9a8d4",
    "informal": "#fdba74",
}
MAX_READING_DOCS = 20

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:1200px;
padding:1rem 2rem;color:#1f2937;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.25rem;margin-top:2rem;
border-bottom:1px solid #e5e7eb}
table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem} th,td{border:1px solid #e5e7eb;
padding:.25rem .5rem;
text-align:left;vertical-align:top} th{background:#f9fafb} td.num{text-align:right;
font-variant-numeric:tabular-nums}
.methods{background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px;padding:.5rem 1rem;
font-size:.9rem}
.muted{color:#6b7280;font-size:.85rem} code{background:#f3f4f6;padding:0 .2rem;
border-radius:3px}
.cols{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:1.5rem}
.doc h2{margin-top:.5rem} .para{margin:.6rem 0} .para.skip{color:#9ca3af;background:#f9fafb;
font-size:.9rem}
.para .sec{font-size:.7rem;text-transform:uppercase;letter-spacing:.05em;color:#9ca3af;
margin-right:.4rem}
mark{padding:0 .1rem;border-radius:3px;cursor:pointer} mark.key{background:none;
border-bottom:2px solid #0f766e;
font-weight:600} .legend span{display:inline-block;margin:.1rem .4rem .1rem 0;padding:0 .4rem;
border-radius:3px}
#info{position:fixed;bottom:1rem;right:1rem;max-width:24rem;background:#111827;color:#f9fafb;
padding:.5rem .8rem;
border-radius:6px;font-size:.85rem;display:none}
""" + "".join(f"mark.{c}{{background:{col}}} .legend .{c}{{background:{col}}}\n"
              for c, col in CATEGORY_COLOURS.items())

_CLICK_JS = """<script>
document.addEventListener('click', function (e) {
  var m = e.target.closest('mark'), box = document.getElementById('info');
  if (!m) { box.style.display = 'none'; return; }
  box.textContent = m.getAttribute('title'); box.style.display = 'block';
});
</script>"""


def _page(title: str, body: str, *, script: str = "") -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n"
            f"{script}</body></html>\n")


def _table(df: pd.DataFrame, *, numeric: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in df.columns)
    rows = []
    for rec in df.itertuples(index=False):
        cells = []
        for col, val in zip(df.columns, rec, strict=True):
            cls = ' class="num"' if col in numeric else ""
            cells.append(f"<td{cls}>{escape(val)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def contrast_units(corpus: Corpus) -> tuple[str, str, str]:
    """``(by, a, b)``: the two groups (``group`` column) or else the first two documents."""
    docs = corpus.documents
    if "group" in docs.columns and docs.group.nunique() >= 2:
        groups = list(dict.fromkeys(docs.group.astype(str)))
        return "group", groups[0], groups[1]
    if len(docs) < 2:
        return "doc_id", docs.doc_id[0], ""
    return "doc_id", docs.doc_id[0], docs.doc_id[1]


def key_terms(corpus: Corpus, *, top: int = 15) -> pd.DataFrame:
    """The most over-used terms of each side (G2 > 0), ``top`` per side: side, term, g2, ..."""
    import discourse as dc

    by, a, b = contrast_units(corpus)
    if not b:
        return pd.DataFrame(columns=["side", "term", "n_focus", "n_reference", "g2", "log_ratio"])
    counts = dc.count_terms(corpus, by=by)
    key = dc.keyness(counts, focus=a, reference=b, by=by)
    cols = ["term", "n_focus", "n_reference", "g2", "log_ratio", "p_adjusted"]
    over_a = key[key.g2 > 0].nlargest(top, "g2")[cols].assign(side=a)
    over_b = key[key.g2 < 0].nsmallest(top, "g2")[cols].assign(side=b)
    return pd.concat([over_a, over_b], ignore_index=True)


def findings(corpus: Corpus, *, markers: pd.DataFrame | None = None,
             key: pd.DataFrame | None = None) -> dict:
    """Numbers for the index, all computed from the corpus (``markers`` and ``key``, the
    output of :func:`discourse.find_markers` and :func:`key_terms`, when already at hand)."""
    import discourse as dc

    by, a, b = contrast_units(corpus)
    out: dict = {"by": by, "a": a, "b": b}
    words = corpus.analyzed("tokens")
    words = words[words.is_word]
    per_sent = words.groupby(["doc_id", "sent_id"], observed=True).size().rename("n").reset_index()
    per_sent["doc_id"] = per_sent.doc_id.astype(str)
    summary = corpus.summary()
    summary["mean_sentence_words"] = summary.doc_id.map(per_sent.groupby("doc_id").n.mean())
    out["summary"] = summary
    key = key_terms(corpus, top=10) if key is None else key
    out["key"] = key.groupby("side", sort=False).head(10)
    markers = dc.find_markers(corpus) if markers is None else markers
    out["markers"] = markers
    rates = dc.marker_rates(markers, corpus, by=by, per=1000)
    out["rates"] = rates
    if b:
        out["compare"] = dc.compare_rates(markers, corpus, by=by, a=a, b=b)
    return out


def _findings_html(f: dict) -> str:
    parts = []
    s = f["summary"]
    lines = []
    for r in s.itertuples(index=False):
        msl = "" if pd.isna(r.mean_sentence_words) else (
            f", {r.mean_sentence_words:.1f} words per sentence on average")
        lines.append(f"<li><b>{escape(r.doc_id)}</b>: {r.words:,} analysed words in "
                     f"{r.analyzed_paragraphs} of {r.paragraphs} paragraphs{escape(msl)}.</li>")
    parts.append("<ul>" + "".join(lines[:20]) + "</ul>")
    if len(lines) > 20:
        parts.append(f"<p class=muted>... and {len(lines) - 20} more documents.</p>")
    key = f["key"]
    if len(key):
        parts.append(f"<h3>Most distinctive words (G&sup2;, {escape(f['a'])} vs "
                     f"{escape(f['b'])})</h3><div class=cols>")
        for side in (f["a"], f["b"]):
            k = key[key.side == side].copy()
            k["g2"] = k.g2.abs().map("{:.1f}".format)
            k["log_ratio"] = k.log_ratio.map("{:+.2f}".format)
            k["p_adjusted"] = k.p_adjusted.map("{:.3g}".format)
            parts.append(f"<div><p>Over-used in <b>{escape(side)}</b></p>"
                         + _table(k.drop(columns="side"), numeric=("n_focus", "n_reference",
                                                                   "g2", "log_ratio",
                                                                   "p_adjusted")) + "</div>")
        parts.append("</div>")
    rates = f["rates"]
    if len(rates):
        r = rates.copy()
        r["rate (95% CI)"] = [f"{x:.1f} ({lo:.1f}-{hi:.1f})"
                              for x, lo, hi in zip(r.rate, r.ci_low, r.ci_high, strict=True)]
        wide = r.pivot(index="category", columns=f["by"], values="rate (95% CI)")
        wide = wide[[c for c in dict.fromkeys(rates[f["by"]].astype(str)) if c in wide.columns]
                    [:6]]
        parts.append("<h3>Stance markers per 1,000 words (exact Poisson 95% interval)</h3>")
        parts.append(_table(wide.reset_index(), numeric=tuple(wide.columns)))
    if "compare" in f and len(f["compare"]):
        c = f["compare"]
        rows, clear = [], []
        for r in c.itertuples(index=False):
            if r.count_a + r.count_b == 0:
                ratio = "no hits in either"
            else:
                ratio = f"{r.rate_ratio:.2f} ({r.ci_low:.2f}-{r.ci_high:.2f})"
            rows.append({"category": r.category, "hits": f"{r.count_a} vs {r.count_b}",
                         f"rate ratio {f['a']} / {f['b']} (95% CI)": ratio,
                         "p (exact)": f"{r.p_value:.3g}", "p (Holm)": f"{r.p_adjusted:.3g}"})
            if r.p_adjusted < 0.05 and np.isfinite(r.rate_ratio) and r.rate_ratio > 0:
                more, times = ((f["a"], r.rate_ratio) if r.rate_ratio >= 1
                               else (f["b"], 1 / r.rate_ratio))
                clear.append(f"<li><b>{escape(r.category)}</b>: {escape(more)} uses them "
                             f"{times:.1f} times as often (Holm-adjusted p = "
                             f"{r.p_adjusted:.2g}).</li>")
        if clear:
            parts.append("<p>Differences in stance larger than chance would make:</p><ul>"
                         + "".join(clear) + "</ul>")
        else:
            parts.append("<p>No stance category differs more than chance would make.</p>")
        parts.append(_table(pd.DataFrame(rows)))
    return "\n".join(parts)


def _versions() -> str:
    names = ["discourse", "pandas", "numpy", "scipy", "scikit-learn", "nltk", "matplotlib",
             "nbconvert", "nbclient"]
    vals = []
    for n in names:
        try:
            vals.append(f"{n} {importlib.metadata.version(n)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    return ", ".join(vals)


def _lexicon_version() -> str:
    try:
        from . import lexicon

        return str(getattr(lexicon, "LEXICON_VERSION", "unknown"))
    except Exception:  # noqa: BLE001 - the methods box must render regardless
        return "unknown"


def methods_html() -> str:
    """The methods box: tokenizer, splitter, stopwords, formulas, versions, run date."""
    items = [
        ("Paragraphs and sections", "each non-blank line is a paragraph (hard-wrapped blocks are "
         "joined); readable rules label headline, byline, bio, summary and boilerplate "
         "(newsletter prompts, link lists, publication blurbs); only <i>body</i> is analysed and "
         "nothing is deleted (<code>discourse/sections.py</code>)."),
        ("Sentences", f"NLTK Punkt (Kiss &amp; Strunk 2006), untrained, with "
         f"{len(segment.abbreviations())} abbreviations and initials shipped as package data; no "
         f"downloaded model."),
        ("Tokens", "one regular expression: URLs, dotted initialisms (U.S.), numbers with "
         "separators, words with inner apostrophes and hyphens (<i>Putin's</i>, "
         "<i>great-power</i>), any other non-space character. <code>norm</code> = casefold with "
         "curly quotes made straight."),
        ("Stopwords", f"Snowball English list ({len(stopwords())} words), "
         f"<code>discourse/resources/stopwords_en.txt</code>."),
        ("Keyness", "four-cell log-likelihood G&sup2; = 2&sum;O ln(O/E) over the 2&times;2 table "
         "(Rayson &amp; Garside 2000), signed by direction, p from &chi;&sup2;(1), "
         "Benjamini-Hochberg adjusted; Log Ratio = log&#8322; of the ratio of relative "
         "frequencies (Hardie 2014); where one count is 0, N1/(N1+N2) is added to the focus count "
         "and N2/(N1+N2) to the reference count, the same rate on both sides, so the sign "
         "always follows the difference."),
        ("TF-IDF", "tf = n / words of the unit; idf = ln(units / units containing the term) "
         "(tidytext's bind_tf_idf)."),
        ("Weighted log-odds", "Monroe, Colaresi &amp; Quinn (2008) with an informative Dirichlet "
         "prior from the pooled counts (tidylo's bind_log_odds)."),
        ("Topics", "scikit-learn TfidfVectorizer + NMF on paragraphs, random_state=0."),
        ("Stance markers", f"lexicon version {escape(_lexicon_version())} with context rules "
         f"(Hyland 2005 categories); rates per 1,000 words with exact Poisson 95% intervals; "
         f"rate ratios with the exact conditional (binomial) test."),
        ("Software", escape(_versions())),
        ("Run", f"rendered on {_dt.datetime.now(_dt.UTC).date().isoformat()} (UTC)."),
    ]
    rows = "".join(f"<dt><b>{k}</b></dt><dd>{v}</dd>" for k, v in items)
    return f"<div class=methods><h2>Methods</h2><dl>{rows}</dl></div>"


def index_html(corpus: Corpus, *, pages: list[tuple[str, str]], corpus_arg: str | None,
               markers: pd.DataFrame | None = None, key: pd.DataFrame | None = None) -> str:
    """The report's front page (``markers`` and ``key`` as in :func:`findings`)."""
    docs = corpus.documents
    show = ["doc_id"] + [c for c in ("title", "genre", "source", "author", "group", "file")
                         if c in docs.columns]
    overview = docs[show].copy()
    summ = corpus.summary().set_index("doc_id")
    overview["words"] = overview.doc_id.map(summ.words)
    overview["sentences"] = overview.doc_id.map(summ.sentences)
    origin = ("the built-in example (two texts on one subject; copyright stays with their "
              "authors and publishers)" if not corpus_arg else escape(corpus_arg))
    links = "".join(f'<li><a href="{escape(href)}">{escape(title)}</a></li>'
                    for href, title in pages)
    f = findings(corpus, markers=markers, key=key)
    body = f"""<h1>discourse report: {escape(corpus.name)}</h1>
<p class=muted>{len(docs)} documents from {origin}. Every number below is computed from the
texts when the report is built; the notebooks show how.</p>
<h2>What was compared</h2>
{_table(overview.head(50), numeric=("words", "sentences"))}
<h2>Key findings</h2>
{_findings_html(f)}
<h2>Pages</h2>
<ul><li><a href="reading.html">Reading view: the texts side by side, stance markers and
distinctive words highlighted</a></li>{links}</ul>
{methods_html()}"""
    return _page(f"discourse report: {corpus.name}", body)


def reading_html(corpus: Corpus, *, markers: pd.DataFrame | None = None,
                 key: pd.DataFrame | None = None) -> str:
    """The texts side by side, markers coloured by category, distinctive words underlined,
    non-analysed sections greyed out. Hover or click a highlight for its category and rule."""
    import discourse as dc

    if markers is None:
        markers = dc.find_markers(corpus)
    if key is None:
        key = key_terms(corpus, top=15)
    by, _, _ = contrast_units(corpus)
    legend = "".join(f'<span class="{c}">{c.replace("_", " ")}</span>'
                     for c in CATEGORY_COLOURS)
    legend += '<span><mark class="key">distinctive word</mark></span>'
    docs = corpus.documents.head(MAX_READING_DOCS)
    columns = []
    tok = corpus.tokens
    for doc in docs.itertuples(index=False):
        d = doc.doc_id
        text = corpus.text_of(d)
        m = markers[markers.doc_id.astype(str) == d]
        spans = pd.DataFrame({
            "start": m.start.to_numpy(), "end": m.end.to_numpy(),
            "css_class": m.category.astype(str).to_numpy(),
            "title": [f"{c} · {s} · entry '{e}' · rule {r}" for c, s, e, r in
                      zip(m.category, m.subcategory, m.entry, m.rule, strict=True)],
        })
        side = getattr(doc, by) if by in docs.columns else d
        terms = set(key.term[key.side.astype(str) == str(side)]) if len(key) else set()
        t = tok[(tok.doc_id == d) & tok.norm.isin(terms)]
        ks = pd.DataFrame({"start": t.start.to_numpy(), "end": t.end.to_numpy()})
        if len(ks) and len(spans):
            overlaps = [((spans.start < e) & (spans.end > s)).any()
                        for s, e in zip(ks.start, ks.end, strict=True)]
            ks = ks[~pd.Series(overlaps, dtype=bool).to_numpy()]
        ks = ks.assign(css_class="key", title="distinctive word of this side (keyness G²)")
        all_spans = pd.concat([spans, ks], ignore_index=True) if len(ks) else spans
        paras = corpus.paragraphs[corpus.paragraphs.doc_id == d]
        html_paras = []
        for p in paras.itertuples(index=False):
            inside = all_spans[(all_spans.start >= p.start) & (all_spans.end <= p.end)]
            body = highlight(text[p.start:p.end], inside, base=p.start)
            cls = "para" if p.is_analyzed else "para skip"
            html_paras.append(f'<p class="{cls}"><span class=sec>{escape(p.section)}</span>'
                              f"{body}</p>")
        title = getattr(doc, "title", "") if "title" in docs.columns else ""
        columns.append(f'<section class=doc><h2>{escape(d)}</h2><p class=muted>'
                       f'{escape(title)}</p>{"".join(html_paras)}</section>')
    more = (f"<p class=muted>Showing the first {MAX_READING_DOCS} of {len(corpus.documents)} "
            f"documents.</p>" if len(corpus.documents) > MAX_READING_DOCS else "")
    body = (f"<h1>Reading view: {escape(corpus.name)}</h1><p><a href=\"index.html\">&larr; "
            f"report</a></p><p class=legend>{legend}</p><p class=muted>Grey paragraphs are not "
            f"analysed (their section is shown). Hover or click a highlighted word for its "
            f"category, lexicon entry and rule.</p>{more}<div class=cols>{''.join(columns)}"
            f"</div><div id=info></div>")
    return _page(f"Reading view: {corpus.name}", body, script=_CLICK_JS)


def write_site(corpus: Corpus, out_dir: Path, *, pages: list[tuple[str, str]],
               corpus_arg: str | None = None) -> Path:
    """Write ``index.html`` and ``reading.html`` into ``out_dir``; return the index path."""
    import discourse as dc

    out_dir = Path(out_dir)
    # tagged and contrasted once, for both pages
    markers, key = dc.find_markers(corpus), key_terms(corpus, top=15)
    (out_dir / "reading.html").write_text(reading_html(corpus, markers=markers, key=key),
                                          encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(index_html(corpus, pages=pages, corpus_arg=corpus_arg, markers=markers,
                                key=key), encoding="utf-8")
    return index
