"""The report's front page: what was compared, an overview of every group, the key findings.

Every number comes from the package's functions (:mod:`discourse.sides`,
:mod:`discourse.report.findings`, :func:`discourse.compare_rates`), never typed, on the run's
:class:`~discourse.report.context.ReportContext` (the comparisons decided and the markers found
once); the page is rendered from ``templates/index.html.j2`` with autoescaping, so a group name
or doc_id is text.
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata

import numpy as np
import pandas as pd

from .._html import render
from .._validate import InputError
from ..sides import REST, Sides
from ..text.periods import format_time
from ..views.palette import CATEGORY_COLORS, tint
from ..views.plot_index import figure_data_uri, plot_key_terms, plot_rate_ratios
from .context import ReportContext, permutations_note, report_permutations

MAX_COMPARISONS = 6
"""Comparisons shown with their findings on the index (five groups each against the rest fit)."""
KEY_TERMS_SHOWN = 8
"""Key terms per side in the index's lists and figure."""
MAX_OVERVIEW_ROWS = 50
"""Rows of the overview table (groups, or documents when there are no groups)."""


def page_categories() -> list[dict]:
    """The stance categories with their palette colours, for the pages' CSS and legend."""
    return [{"name": c, "label": c.replace("_", " "), "color": col, "tint": tint(col)}
            for c, col in CATEGORY_COLORS.items()]


def compared(context: ReportContext) -> dict:
    """What the "What was compared" section says about the context's comparisons."""
    comps = list(context.comparisons)
    if not comps:
        why = context.why
        return {"can_compare": False, "why": why[:1].upper() + why[1:], "by": None, "chosen": False,
                "lines": [], "groups": [], "left_out": [], "unlabelled": "", "rule": ""}
    first = comps[0]
    lines = [c.describe() for c in comps[:MAX_COMPARISONS]]
    if len(comps) > MAX_COMPARISONS:
        lines.append(f"... and {len(comps) - MAX_COMPARISONS} more comparisons of the same kind "
                     "(not shown here; choose a pair with --focus and --reference).")
    unlabelled = ""
    if first.unlabelled:
        ids = list(first.unlabelled)
        unlabelled = (f"{len(ids)} document(s) without a {first.by} label belong to no side: "
                      f"{', '.join(ids[:10])}{' ...' if len(ids) > 10 else ''}.")
    rule = ""
    if first.mode == REST and not first.chosen:
        rule = ("With three or more groups and no choice, each group is compared with the rest "
                "of the corpus pooled. To compare two groups, choose them: discourse report "
                "PATH --focus A --reference B (make report CORPUS=PATH FOCUS=A REFERENCE=B).")
    return {"can_compare": True, "why": "", "by": first.by, "chosen": first.chosen,
            "lines": lines, "groups": list(first.groups) if first.by != "doc_id" else [],
            "left_out": list(first.left_out), "unlabelled": unlabelled, "rule": rule}


def _interval(rate, low, high) -> str:
    if not np.isfinite(rate):
        return "\u2013"
    return f"{rate:.1f} ({low:.1f}\u2013{high:.1f})"


def overview_table(corpus, markers: pd.DataFrame, *, by: str) -> dict:
    """Documents, words, sentences and hedge/booster rates with intervals, one row per group."""
    from .findings import group_overview

    ov = group_overview(corpus, markers, by=by)
    unit = "group" if by != "doc_id" else "document"
    table = pd.DataFrame({unit if by == "doc_id" else by: ov[by].astype(str)})
    if by != "doc_id":
        table["documents"] = ov.n_docs.map("{:,}".format)
    table["analysed words"] = ov.n_words.map("{:,}".format)
    table["sentences"] = ov.n_sentences.map("{:,}".format)
    table["words per sentence"] = [("\u2013" if not np.isfinite(x) else f"{x:.1f}")
                                   for x in ov.words_per_sentence.astype(float)]
    for cat in ("hedge", "booster"):
        if f"{cat}_rate" in ov.columns:
            table[f"{cat}s per 1,000 words (95% CI)"] = [
                _interval(r, lo, hi) for r, lo, hi in zip(
                    ov[f"{cat}_rate"], ov[f"{cat}_ci_low"], ov[f"{cat}_ci_high"], strict=True)]
    more = ""
    if len(table) > MAX_OVERVIEW_ROWS:
        more = (f"The first {MAX_OVERVIEW_ROWS} of {len(table):,} {unit}s are shown; the "
                "notebooks have all of them.")
    return {"columns": list(table.columns),
            "rows": table.head(MAX_OVERVIEW_ROWS).itertuples(index=False, name=None),
            "numeric": set(table.columns[1:]), "more": more,
            "note": "Exact Poisson 95% intervals; words are the analysed (body) word tokens."}


SET_ASIDE_WARNING = 0.05
"""Share of a group's words set aside by the section rules above which the index warns."""


def analysed_words(corpus, *, by: str) -> dict:
    """Per group (per document when ``by`` is ``doc_id``): the share of its words
    analysed and the section rules that set the others aside, with a one-line warning for each
    group of which more than :data:`SET_ASIDE_WARNING` was set aside."""
    tok = corpus.tokens
    words = tok.loc[tok.is_word.to_numpy(), ["doc_id", "para_id"]]
    per_para = words.groupby(["doc_id", "para_id"], observed=True, sort=False).size() \
        .rename("n").reset_index()
    para = corpus.paragraphs[["doc_id", "para_id", "section_rule", "is_analyzed"]]
    per_para = per_para.merge(para, on=["doc_id", "para_id"], how="left")
    labels = corpus.documents.set_index(corpus.documents.doc_id.astype(str))[by]
    per_para["unit"] = per_para.doc_id.astype(str).map(labels).astype(str)
    rows, warnings = [], []
    for unit, g in per_para.groupby("unit", sort=False):
        total = int(g.n.sum())
        kept = int(g.n[g.is_analyzed.astype(bool)].sum())
        aside = g[~g.is_analyzed.astype(bool)].groupby("section_rule", observed=True).n.sum()
        aside = aside[aside > 0].sort_values(ascending=False)
        rules = ", ".join(f"{r} {n:,}" for r, n in aside.items()) or "none"
        share = kept / total if total else 1.0
        rows.append((unit, f"{total:,}", f"{kept:,}", f"{share:.1%}", rules))
        if total and 1 - share > SET_ASIDE_WARNING:
            warnings.append(f"Warning: {1 - share:.0%} of the words of {unit} were set aside by "
                            f"the section rules ({rules}); build with --analyze all (ANALYZE=all) "
                            "to analyse them.")
    head = "group" if by != "doc_id" else "document"
    if len(warnings) > 10:
        warnings = warnings[:10] + [f"... and {len(warnings) - 10} more {head}s with over "
                                    f"{SET_ASIDE_WARNING:.0%} of their words set aside."]
    return {"table": {"columns": [head, "words", "analysed", "share analysed",
                                  "set aside by rule (words)"],
                      "rows": rows[:MAX_OVERVIEW_ROWS], "numeric": {"words", "analysed",
                                                                   "share analysed"},
                      "more": ""},
            "warnings": warnings}


def _verdict_short(is_different: bool, p_adj: float, p_perm: float, over_docs: bool,
                   alpha: float = 0.05) -> str:
    """The verdict of a stance category as notebook 03 words it (:func:`stance_findings`)."""
    if is_different:
        if over_docs and np.isfinite(p_perm):
            return "differs: larger than chance over words and over documents"
        return "differs: larger than chance would make"
    if p_adj < alpha:
        return "over words only, not over documents: it may come from a few documents"
    return "no: not distinguishable from chance"


def _stance(corpus, markers, s: Sides) -> dict:
    from ..stance.rate_comparison import compare_rates
    from .findings import stance_findings, stance_headline

    cmp = compare_rates(corpus, markers, sides=s, n_resamples=report_permutations(corpus))
    found = stance_findings(cmp, focus=s.focus, reference=s.reference_label)
    ratio = []
    for r in cmp.itertuples(index=False):
        if r.n_focus + r.n_reference == 0:
            ratio.append("no hits on either side")
        elif not np.isfinite(r.rate_ratio):
            ratio.append(f"\u221e (lower bound {r.ci_low:.2f})")
        else:
            ratio.append(f"{r.rate_ratio:.2f} ({r.ci_low:.2f}\u2013{r.ci_high:.2f})")
    table = pd.DataFrame({
        "category": cmp.category.astype(str),
        "hits": [f"{a:,} vs {b:,}" for a, b in zip(cmp.n_focus, cmp.n_reference, strict=True)],
        "per 1,000 words": [f"{a:.1f} vs {b:.1f}" for a, b in
                            zip(cmp.rate_focus, cmp.rate_reference, strict=True)],
        f"rate ratio {s.focus} / {s.reference_label} (95% CI)": ratio,
        "p over words (exact, Holm)": cmp.p_adjusted.map("{:.3g}".format),
        "p over documents (permutation)": [
            ("\u2013" if not np.isfinite(p) else f"{p:.3g}") if d
            else ("\u2013" if not np.isfinite(p) else f"{p:.3g} (sentences: one document a side)")
            for p, d in zip(found.p_permutation, found.is_over_documents, strict=True)],
        "verdict": [_verdict_short(d, pa, pp, o) for d, pa, pp, o in zip(
            found.is_different, found.p_adjusted, found.p_permutation, found.is_over_documents,
            strict=True)],
    })
    figure = figure_data_uri(plot_rate_ratios(cmp, focus=s.focus_label,
                                              reference=s.reference_label,
                                              is_different=found.is_different))
    return {"headline": stance_headline(found), "figure": figure,
            "sentences": [{"text": t, "differs": bool(d) or bool(p < 0.05)}  # words only too
                          for t, d, p in zip(found.sentence, found.is_different,
                                             found.p_adjusted, strict=True)],
            "table": {"columns": list(table.columns),
                      "rows": table.itertuples(index=False, name=None),
                      "numeric": {"hits", "per 1,000 words", "p over words (exact, Holm)"},
                      "more": permutations_note(corpus)}}


def findings_context(context: ReportContext, *,
                     counts: pd.DataFrame | None = None) -> list[dict]:
    """Per comparison: its key terms and its stance findings (or why they cannot be computed)."""
    from ..stats.counts import count_terms
    from .findings import key_terms, key_terms_table, screening_list

    out = []
    comps = list(context.comparisons)
    if not comps:
        return out
    sub, markers = context.compared, context.markers
    if counts is None:
        by = comps[0].by
        counts = count_terms(sub, by=[by, "doc_id"] if by != "doc_id" else [by])
    for s in comps[:MAX_COMPARISONS]:
        f = {"title": s.describe(), "focus": s.focus, "reference": s.reference_label,
             "key": None, "key_why": "", "stance": None, "stance_why": "", "screen": None,
             "key_figure": None}
        try:
            terms = key_terms(sub, [s], counts=counts)
            f["key"] = key_terms_table(terms, comparisons=[s]).iloc[0].to_dict()
            shown = terms[terms["rank"] <= KEY_TERMS_SHOWN]
            title = ("Key terms: significant over documents, strongest G\u00b2"
                     if f["key"]["test"] == "document" else
                     "Key terms: strongest G\u00b2 over pooled words (a screening list)")
            if f["key"]["test"] == "document" and not (f["key"]["focus_terms"]
                                                       and f["key"]["reference_terms"]):
                f["screen"] = screening_list(counts, s, top=KEY_TERMS_SHOWN)
                if not (f["key"]["focus_terms"] or f["key"]["reference_terms"]):
                    shown = f["screen"]["table"]
                    title = ("No word passed the test over documents: the screening list, "
                             "strongest G\u00b2 over pooled words")
            if len(shown):
                f["key_figure"] = figure_data_uri(plot_key_terms(
                    shown, focus=s.focus_label, reference=s.reference_label, title=title))
        except (InputError, IndexError) as err:
            f["key_why"] = f"Key terms not computed: {err}"
        try:
            f["stance"] = _stance(sub, markers, s)
        except InputError as err:
            f["stance_why"] = f"Stance markers not compared: {err}"
        out.append(f)
    return out


TREND_SHOWN = ("hedge", "booster")
"""Categories of the index's trend figure and table of periods (the test covers every one)."""
TREND_RESAMPLES = 9999
"""Permutations (and bootstrap resamples) of the index's trend test: :func:`discourse.trend`'s
default, so notebook 03 shows the same numbers."""


def _ci(low: float, high: float) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "\u2013"
    return f"{low:.1f}\u2013{high:.1f}"


def _trend_tables(tr, time: str) -> tuple[dict, dict]:
    """The periods (hedge and booster rates, both intervals) and the test, as index tables."""
    rates = tr.rates[tr.rates["category"].astype(str).isin(TREND_SHOWN)]
    first = rates.drop_duplicates("period")
    periods = pd.DataFrame({"period": first["period"].astype(str).to_numpy(),
                            "documents": first["n_docs"].map("{:,}".format).to_numpy(),
                            "analysed words": first["n_words"].map("{:,}".format).to_numpy()})
    for cat in TREND_SHOWN:
        part = rates[rates["category"].astype(str) == cat]
        if not len(part):
            continue
        periods[f"{cat}s per 1,000 words (exact 95% CI)"] = [
            _interval(r, lo, hi) for r, lo, hi in zip(part.rate, part.ci_low, part.ci_high,
                                                      strict=True)]
        periods[f"{cat}s: 95% CI over documents"] = [
            _ci(lo, hi) for lo, hi in zip(part.boot_ci_low, part.boot_ci_high, strict=True)]
    t = tr.test
    span = (f"{format_time(t.time_first.iloc[0])}\u2013{format_time(t.time_last.iloc[0])}"
            if len(t) else "")
    test = pd.DataFrame({
        "category": t["category"].astype(str),
        "hits": t["n"].map("{:,}".format),
        "per 1,000 words overall": t["rate"].map("{:.2f}".format),
        f"slope per 1,000 words per {time} (95% CI)": [
            "\u2013" if not np.isfinite(s) else f"{s:+.4f} ({lo:+.4f} to {hi:+.4f})"
            for s, lo, hi in zip(t.slope, t.slope_ci_low, t.slope_ci_high, strict=True)],
        f"fitted change {span} (95% CI)": [
            "\u2013" if not np.isfinite(s) else f"{s:+.2f} ({lo:+.2f} to {hi:+.2f})"
            for s, lo, hi in zip(t.change, t.change_ci_low, t.change_ci_high, strict=True)],
        "p (permutation)": t["p_value"].map(lambda p: "\u2013" if not np.isfinite(p)
                                            else f"{p:.2g}"),
        "p (Holm)": t["p_adjusted"].map(lambda p: "\u2013" if not np.isfinite(p)
                                        else f"{p:.2g}"),
        "trend over documents": np.where(t["is_trend"], np.where(t["slope"] > 0, "rises",
                                                                   "falls"), "no"),
    })
    return ({"columns": list(periods.columns), "rows": periods.itertuples(index=False, name=None),
             "numeric": set(periods.columns[1:]), "more": ""},
            {"columns": list(test.columns), "rows": test.itertuples(index=False, name=None),
             "numeric": set(test.columns[1:-1]), "more": ""})


def trend_context(context: ReportContext) -> dict | None:
    """The index's "Over time" section when the report was given ``--time``; None otherwise.

    :func:`discourse.trend` of the compared corpus and its markers with ``bins="auto"`` (what
    notebook 03 computes too), its figure (:func:`discourse.plot_trend`, hedges and boosters),
    the periods' rates with both intervals and the test of every category.
    """
    if context.time is None:
        return None
    from ..stance.trend import trend
    from ..views.plot_trend import plot_trend

    time = context.time
    try:
        tr = trend(context.compared, context.markers, time=time, bins="auto",
                   n_resamples=TREND_RESAMPLES)
    except InputError as err:
        return {"time": time, "why": f"Not computed: {err}"}
    periods = tr.rates["period"].nunique()
    how = (f"one period per value of {time}" if tr.bins is None else
           f"{periods} periods of about equal numbers of documents (a value of {time} is never "
           f"split between two periods)")
    shown = [c for c in TREND_SHOWN if c in set(tr.rates["category"].astype(str))]
    figure = None
    if shown:
        ax = plot_trend(tr, categories=shown)
        figure = figure_data_uri(ax.figure)
        import matplotlib.pyplot as plt

        plt.close(ax.figure)
    periods_table, test_table = _trend_tables(tr, time)
    return {"time": time, "why": "", "how": how, "headline": tr.headline, "figure": figure,
            "n_resamples": f"{TREND_RESAMPLES:,}",
            "sentences": tr.test["sentence"].tolist(), "periods": periods_table,
            "test": test_table}


def _versions() -> str:
    names = ["discourse", "pandas", "numpy", "scipy", "scikit-learn", "nltk", "matplotlib",
             "nbconvert", "nbclient", "jinja2"]
    vals = []
    for n in names:
        try:
            vals.append(f"{n} {importlib.metadata.version(n)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    return ", ".join(vals)


def methods_context() -> dict:
    """The values the methods box shows (counts of shipped resources, versions, run date)."""
    from ..stance import lexicon
    from ..text import segment
    from ..text.stoplists import stoplist

    return {"abbreviations": len(segment.abbreviations()), "stopwords": len(stoplist("snowball")),
            "lexicon": str(getattr(lexicon, "LEXICON_VERSION", "unknown")),
            "versions": _versions(), "date": _dt.datetime.now(_dt.UTC).date().isoformat()}


def index_html(context: ReportContext, *, pages: list[tuple[str, str]],
               explorer: tuple[str, str] | None = None) -> str:
    """The report's front page.

    Parameters
    ----------
    context : ReportContext
        The run's corpus, comparisons and markers (:func:`discourse.report_context`; in a
        report, decided once at preflight).
    pages : list of (href, title)
        The notebook pages, in order.
    explorer : (href, title), optional
        The term explorer page, listed after the notebooks.
    """
    corpus = context.corpus
    by = context.main.by if context.main is not None else "doc_id"
    return render(
        "index.html.j2", title=f"discourse report: {corpus.name}", scripts=(),
        categories=page_categories(), corpus_name=corpus.name,
        n_documents=f"{len(corpus.documents):,}", origin=context.origin,
        compared=compared(context), overview_unit="groups" if by != "doc_id" else "documents",
        overview=overview_table(context.compared, context.markers, by=by),
        analysed=analysed_words(context.compared, by=by),
        findings=findings_context(context), trend=trend_context(context), pages=list(pages),
        explorer=explorer, methods=methods_context())
