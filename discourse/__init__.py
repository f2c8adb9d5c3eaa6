"""discourse: comparative discourse analysis with tidy tables.

Text -> :class:`Corpus` (documents, paragraphs, sentences, tokens, with character offsets) ->
contrasts, topics and stance markers -> plots -> notebooks and an HTML report.

Examples
--------
>>> import discourse as dc
>>> corpus = dc.load_example()
>>> corpus.doc_ids
['cepa_essay', 'news_rewrite']
"""

from . import _doors, _moved
from ._html import escape_markdown
from ._validate import InputError
from .register.align import align_sentences, similarity_null
from .register.style import style_profile
from .report.context import ReportContext, report_comparisons, report_context, report_corpus
from .report.examples import alignment_pair, examples_note, typical_documents
from .report.findings import (
    attempt,
    describe_comparisons,
    group_overview,
    key_terms,
    key_terms_table,
    needs,
    stance_findings,
    stance_headline,
)
from .report.summaries import (
    alignment_threshold,
    length_summary,
    sentence_lengths,
    sources_by_document,
    style_differences,
    tf_idf_summary,
    topic_shares_by,
)
from .scale.dask import from_dask
from .sides import Sides, comparable_corpus, comparisons, default_by, resolve_sides
from .stance.lexicon import load_lexicon
from .stance.markers import find_markers, rule_counts, rule_table
from .stance.rate_comparison import compare_rates
from .stance.rates import marker_rates
from .stance.sentences import certainty_model, sentence_stance
from .stats.contrast import keyness, log_odds, tf_idf
from .stats.counts import count_terms
from .stats.distinctive import distinctive_terms, tf_idf_by_side
from .stats.topics import fit_topics
from .text.corpus import Corpus, build_corpus, stopwords
from .text.io import from_frame, from_texts, load_example, read_csv, read_folder
from .text.kwic import collocations, kwic
from .text.normalize import normalize
from .text.sections import all_body, label_sections
from .text.stoplists import STOPLISTS, stoplist
from .views.explore import Explorer, explore
from .views.plot_markers import plot_marker_dispersion, plot_marker_rates
from .views.plot_style import plot_style_profile
from .views.plot_terms import plot_keyness, plot_log_odds, plot_tf_idf, plot_topic_shares
from .views.view_align import aligned_html
from .views.view_markers import markers_html
from .voices import actor_mentions, actors, attributions, cited_sources, find_names
from .voices.gazetteer import load_gazetteer

__version__ = "0.1.0"

_moved.install()  # the old flat module paths, with a DeprecationWarning
_doors.install(globals())  # one check of the arguments at the door of each public function

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
