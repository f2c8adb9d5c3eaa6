"""Old flat module paths (``discourse.markers``, ...) as aliases of their new homes, for one round.

Version 0.1 kept every module in one folder; they now live in subpackages (see the package
docstring). ``import discourse.markers`` still works and gives the module
``discourse.stance.markers`` itself, with a :class:`DeprecationWarning` naming the new path.
``dc.*`` never changed. Removing these aliases is a later issue.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings

MOVED = {
    "_context": "stance._context",
    "_keyness": "stats.keyness",
    "_match": "stance._match",
    "_partitions": "scale._partitions",
    "_rulebook": "stance._rulebook",
    "actor_kinds": "voices.actor_kinds",
    "actor_table": "voices.actor_table",
    "align": "register.align",
    "attribution_sources": "voices.attribution_sources",
    "batches": "text.batches",
    "build_report": "report.build",
    "checks": "text.checks",
    "contrast": "stats.contrast",
    "corpus": "text.corpus",
    "counts": "stats.counts",
    "decode": "text.decode",
    "dispersion": "stats.dispersion",
    "distinctive": "stats.distinctive",
    "examples": "report.examples",
    "explore": "views.explore",
    "explore_data": "views.explore_data",
    "findings": "report.findings",
    "gazetteer": "voices.gazetteer",
    "io": "text.io",
    "kwic": "text.kwic",
    "lexicon": "stance.lexicon",
    "marker_rules": "stance.marker_rules",
    "markers": "stance.markers",
    "names": "voices.names",
    "normalize": "text.normalize",
    "notebook_pages": "report.notebook_run",
    "pages_index": "report.index_page",
    "pages_reading": "report.reading_page",
    "palette": "views.palette",
    "plot_markers": "views.plot_markers",
    "plot_style": "views.plot_style",
    "plot_terms": "views.plot_terms",
    "rate_comparison": "stance.rate_comparison",
    "rates": "stance.rates",
    "report": "report.context",
    "report_pages": "report.site",
    "scale": "scale.dask",
    "sections": "text.sections",
    "segment": "text.segment",
    "sentence_rules": "text.sentence_rules",
    "source_patterns": "voices.source_patterns",
    "stance": "stance.sentences",
    "stoplists": "text.stoplists",
    "style": "register.style",
    "summaries": "report.summaries",
    "token_scan": "text.token_scan",
    "topics": "stats.topics",
    "view_align": "views.view_align",
    "view_markers": "views.view_markers",
}
"""Old module (under ``discourse.``) -> its new path (under ``discourse.``)."""


class _MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``discourse.<old>`` and hands out the module at its new path."""

    def find_spec(self, fullname, path=None, target=None):
        head, _, old = fullname.partition(".")
        if head != "discourse" or old not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        new = "discourse." + MOVED[spec.name.partition(".")[2]]
        warnings.warn(f"{spec.name} moved to {new}; import it from there (or use dc.*): "
                      "the old path goes in a later version.", DeprecationWarning, stacklevel=2)
        module = importlib.import_module(new)
        self._spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self._spec  # the import system set the alias's spec: restore it


def install() -> None:
    """Put the finder on ``sys.meta_path`` once."""
    if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
