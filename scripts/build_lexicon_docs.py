"""Write ``discourse/resources/LEXICON.md`` from the data files (``make docs`` is not needed:
run ``python scripts/build_lexicon_docs.py``; a test checks the file is up to date).

The prose lives in ``scripts/lexicon_template.md``; the tag table, the rule table, the counts
per subcategory and the version line are generated from ``marker_rules.json`` and
``stance_lexicon.csv``, so a rule is described in one place.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from discourse.stance._rulebook import rule_table, rulebook
from discourse.stance.lexicon import LEXICON_VERSION, load_lexicon

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "scripts" / "lexicon_template.md"
OUT = ROOT / "discourse" / "resources" / "LEXICON.md"


def _md(df: pd.DataFrame) -> str:
    cells = df.astype(str).apply(lambda s: s.str.replace("|", "\\|", regex=False))
    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells.itertuples(index=False)]
    return "\n".join(lines)


def render() -> str:
    """The text of LEXICON.md."""
    book = rulebook()
    rules = rule_table()
    tags = pd.DataFrame(book["tags"])
    ids = {t: ", ".join(f"`{r}`" for r in rules.id[rules.tag.str.split().apply(
        lambda ts, t=t: t in ts)]) for t in tags.tag}
    tag_table = pd.DataFrame({"tag": "`" + tags.tag + "`", "rule ids": tags.tag.map(ids),
                              "what happens": tags.detail})
    rule_md = pd.DataFrame({
        "rule": "`" + rules.id + "`",
        "tag": rules.tag.map(lambda t: ", ".join(f"`{x}`" for x in t.split()) or "(any)"),
        "category": rules.category, "looks": rules.direction + " " + rules.scope.astype(str),
        "action": rules.action, "what it does": rules.description, "example": rules.example})
    lex = load_lexicon()
    counts = lex.groupby(["category", "subcategory"], sort=True).size().rename("rows")
    counts = counts.reset_index()
    return TEMPLATE.read_text("utf-8").format(
        version=LEXICON_VERSION, tags_table=_md(tag_table), rules_table=_md(rule_md),
        counts_table=_md(counts), n_rows=len(lex), n_categories=lex.category.nunique(),
        n_tags=len(tags), n_rules=len(rules))


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
