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

from . import _moved
from ._html import escape_markdown
from ._validate import InputError
from .register.align import align_sentences, similarity_null
from .register.style import style_profile
from .report.context import report_comparisons, report_corpus
from .scale.dask import from_dask
from .sides import Sides, comparisons, resolve_sides
from .stance.lexicon import load_lexicon
from .stance.markers import find_markers
from .stance.rate_comparison import compare_rates
from .stance.rates import marker_rates
from .stance.sentences import sentence_stance
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
