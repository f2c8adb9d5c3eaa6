"""Voices: who a text names (:func:`actors`) and whom it cites (:func:`attributions`).

This module only gathers the public names; the work is done in

- :mod:`discourse.voices.names`: where a text names someone (capitalisation rules, or your own
  ``recognizer``);
- :mod:`discourse.voices.actor_kinds`: person, place, organisation, group or other, and the
  evidence;
- :mod:`discourse.voices.actor_table`: :func:`actors`, counts per document with short forms joined;
- :mod:`discourse.voices.attribution_sources`: :func:`attributions` and :func:`cited_sources`, with
  the word-order patterns in :mod:`discourse.voices.source_patterns` and what may be a source
  (names, resolved pronouns, nouns of people) in :mod:`discourse.voices.source_resolution`;
- :mod:`discourse.voices.gazetteer` and :mod:`discourse.text.source_nouns` (on the text floor: the
  stance markers read it too): the shipped word
  lists (``discourse/resources/GAZETTEERS.md``);
- :mod:`discourse.voices._arrays`: the token table as numpy arrays, converted once per call.
"""

from .actor_kinds import EVIDENCE_ORDER, name_kinds
from .actor_table import actor_mentions, actors
from .attribution_sources import (
    REPORTING_VERBS,
    TITLES,
    UNNAMED_CUES,
    attributions,
    cited_sources,
)
from .names import CONNECTORS, find_names

__all__ = ["CONNECTORS", "EVIDENCE_ORDER", "REPORTING_VERBS", "TITLES", "UNNAMED_CUES",
           "actor_mentions", "actors", "attributions", "cited_sources", "find_names",
           "name_kinds"]
