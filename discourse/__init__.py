"""discourse: comparative discourse analysis with tidy tables.

Text -> :class:`Corpus` (documents, paragraphs, sentences, tokens, with character offsets) ->
contrasts, topics and stance markers -> plots -> notebooks and an HTML report.

Importing the package is light: each public name is imported from the module that defines it on
first use (``dc.fit_topics`` imports scikit-learn then, ``dc.plot_keyness`` matplotlib), and put
behind its door (:mod:`discourse._doors`) then.

Examples
--------
>>> import discourse as dc
>>> corpus = dc.load_example()
>>> corpus.doc_ids
['cepa_essay', 'news_rewrite']
"""

from __future__ import annotations

import importlib

from . import _moved

__version__ = "0.1.0"

_moved.install()  # the old flat module paths, with a DeprecationWarning

_EXPORTS: dict[str, tuple[str, ...]] = {
    "_html": ("escape_markdown",),
    "_validate": ("InputError",),
    "register.align": ("align_sentences", "similarity_null"),
    "register.style": ("style_profile",),
    "report.context": ("ReportContext", "report_comparisons", "report_context", "report_corpus"),
    "report.examples": ("alignment_pair", "examples_note", "typical_documents"),
    "report.findings": (
        "attempt", "describe_comparisons", "group_overview", "key_terms", "key_terms_table",
        "needs", "stance_findings", "stance_headline",
    ),
    "report.summaries": (
        "alignment_threshold", "length_summary", "sentence_lengths", "sources_by_document",
        "style_differences", "tf_idf_summary", "topic_shares_by",
    ),
    "scale.dask": ("from_dask",),
    "sides": ("Sides", "comparable_corpus", "comparisons", "default_by", "resolve_sides"),
    "stance.agreement": ("agreement",),
    "stance.coding": ("coding_sheet", "load_coded_example"),
    "stance.fit": ("StanceModel", "fit_stance"),
    "stance.lexicon": ("load_lexicon",),
    "stance.markers": ("find_markers", "rule_counts", "rule_table"),
    "stance.rate_comparison": ("compare_rates",),
    "stance.rates": ("marker_rates",),
    "stance.sentences": ("certainty_model", "sentence_stance"),
    "stance.trend": ("Trend", "trend"),
    "stats.contrast": ("keyness", "log_odds", "tf_idf"),
    "stats.counts": ("count_terms",),
    "stats.distinctive": ("distinctive_terms", "tf_idf_by_side"),
    "stats.topics": ("fit_topics",),
    "text.corpus": ("Corpus", "build_corpus", "stopwords"),
    "text.io": ("from_frame", "from_texts", "load_example", "read_csv", "read_folder"),
    "text.kwic": ("collocations", "kwic"),
    "text.normalize": ("normalize",),
    "text.periods": ("time_bins",),
    "text.sections": ("all_body", "label_sections"),
    "text.stoplists": ("STOPLISTS", "stoplist"),
    "views.explore": ("Explorer", "explore"),
    "views.plot_markers": ("plot_marker_dispersion", "plot_marker_rates"),
    "views.plot_style": ("plot_style_profile",),
    "views.plot_trend": ("plot_trend",),
    "views.plot_terms": ("plot_keyness", "plot_log_odds", "plot_tf_idf", "plot_topic_shares"),
    "views.view_align": ("aligned_html",),
    "views.view_markers": ("markers_html",),
    "voices": ("actor_mentions", "actors", "attributions", "cited_sources", "find_names"),
    "voices.gazetteer": ("load_gazetteer",),
}
"""Module (under ``discourse.``) -> the public names it defines, imported on first access."""

_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

_SUBMODULES = frozenset({"cli", "register", "report", "resources", "scale", "sides", "stance",
                         "stats", "templates", "text", "views", "voices"})


def _door(name: str, value):
    """``value`` behind its door if :data:`discourse._doors.DOORS` lists ``name`` (and a
    dispatched analysis re-registered as its door), as ``_doors.install`` does per name."""
    from . import _doors

    return _doors.door(name, value)


def _on_dispatch(name: str, dispatched) -> None:
    """Called by :func:`discourse._backend.dispatch` when a public analysis is declared: its
    door is made then, so ``_backend.DISPATCHED[name] is dc.<name>`` whatever imported it."""
    if name in _WHERE and name not in globals():
        globals()[name] = _door(name, dispatched)


def __getattr__(name: str):
    """PEP 562: a public name is imported (and put behind its door) on first access, then kept
    in the module's globals; a subpackage (``dc.text``, ``dc.stats``, ...) is imported too."""
    if name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
        if name not in globals():  # the import may have made its door already (_on_dispatch)
            globals()[name] = _door(name, value)
        return globals()[name]
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)


__all__ = [
    "escape_markdown",
    "actor_mentions",
    "actors",
    "align_sentences",
    "aligned_html",
    "attributions",
    "cited_sources",
    "find_names",
    "load_gazetteer",
    "collocations",
    "compare_rates",
    "trend",
    "Trend",
    "time_bins",
    "plot_trend",
    "count_terms",
    "distinctive_terms",
    "explore",
    "Explorer",
    "find_markers",
    "fit_topics",
    "keyness",
    "kwic",
    "load_lexicon",
    "log_odds",
    "marker_rates",
    "markers_html",
    "plot_keyness",
    "plot_log_odds",
    "plot_marker_dispersion",
    "plot_marker_rates",
    "plot_style_profile",
    "plot_tf_idf",
    "plot_topic_shares",
    "sentence_stance",
    "Sides",
    "comparisons",
    "resolve_sides",
    "similarity_null",
    "style_profile",
    "tf_idf",
    "tf_idf_by_side",
    "stoplist",
    "STOPLISTS",
    "report_comparisons",
    "report_corpus",
    "report_context",
    "ReportContext",
    "attempt",
    "needs",
    "describe_comparisons",
    "group_overview",
    "key_terms",
    "key_terms_table",
    "stance_findings",
    "stance_headline",
    "typical_documents",
    "examples_note",
    "alignment_pair",
    "sentence_lengths",
    "length_summary",
    "tf_idf_summary",
    "topic_shares_by",
    "alignment_threshold",
    "sources_by_document",
    "style_differences",
    "default_by",
    "comparable_corpus",
    "rule_table",
    "rule_counts",
    "certainty_model",
    "coding_sheet",
    "agreement",
    "fit_stance",
    "StanceModel",
    "load_coded_example",
    "Corpus",
    "InputError",
    "all_body",
    "build_corpus",
    "from_dask",
    "from_frame",
    "from_texts",
    "label_sections",
    "load_example",
    "normalize",
    "read_csv",
    "read_folder",
    "stopwords",
]
