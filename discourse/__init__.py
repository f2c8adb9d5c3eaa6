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

from ._html import escape_markdown
from ._validate import InputError
from .align import align_sentences, similarity_null
from .contrast import keyness, log_odds, tf_idf
from .corpus import Corpus, build_corpus, stopwords
from .counts import count_terms
from .distinctive import distinctive_terms, tf_idf_by_side
from .explore import Explorer, explore
from .gazetteer import load_gazetteer
from .io import from_frame, from_texts, load_example, read_csv, read_folder
from .kwic import collocations, kwic
from .lexicon import load_lexicon
from .markers import find_markers
from .normalize import normalize
from .plot_markers import plot_marker_dispersion, plot_marker_rates
from .plot_style import plot_style_profile
from .plot_terms import plot_keyness, plot_log_odds, plot_tf_idf, plot_topic_shares
from .rate_comparison import compare_rates
from .rates import marker_rates
from .report import report_comparisons, report_corpus
from .scale import from_dask
from .sections import all_body, label_sections
from .sides import Sides, comparisons, resolve_sides
from .stance import sentence_stance
from .stoplists import STOPLISTS, stoplist
from .style import style_profile
from .topics import fit_topics
from .view_align import aligned_html
from .view_markers import markers_html
from .voices import actor_mentions, actors, attributions, cited_sources, find_names

__version__ = "0.1.0"

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
