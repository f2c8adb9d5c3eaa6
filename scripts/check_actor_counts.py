"""Check dc.actors against the raw text of a corpus (never run by the tests; needs a CSV).

    python scripts/check_actor_counts.py corpus.csv

For every actor: (1) each form counted is the actor's own form: the full name, a declared alias
(gazetteers or ``aliases=``), or for a person its surname or first name ("Washington (person)"
counts "Washington"); (2) the count is no larger than the number of times its forms occur in the
analysed text, counted independently with a regular expression on whole words (a possessive "'s"
allowed, curly or straight).
Prints the violations and a summary; exits 1 if any.
"""

from __future__ import annotations

import re
import sys

import discourse as dc
from discourse.voices.gazetteer import load_gazetteer


def own_form(actor: str, form: str, kind: str, alias_of: dict) -> bool:
    actor = actor.removesuffix(" (person)")  # "Washington (person)": a titled place name
    words = [w for w in actor.split() if w not in {"Jr", "Jr.", "Sr", "Sr.", "II", "III"}]
    if form == actor or alias_of.get(form) == actor:
        return True
    return kind == "person" and len(words) > 1 and form in (words[-1], words[0])


def check(corpus) -> list[str]:
    act = dc.actors(corpus)
    g = load_gazetteer().names
    alias_of = dict(zip(g.name, g.actor, strict=True))
    paras = corpus.analyzed("paragraphs")
    text = "\n\n".join(paras.text.astype(str)).replace("\u2019", "'")
    totals = act.groupby(["actor", "kind", "forms"], observed=True).n.sum().reset_index()
    problems = []
    for r in totals.itertuples():
        forms = r.forms.split("; ")
        bad = [f for f in forms if not own_form(r.actor, f, r.kind, alias_of)]
        if bad:
            problems.append(f"{r.actor!r} ({r.kind}) counts forms that are not its own: {bad}")
        raw = 0
        for f in forms:
            raw += len(re.findall(rf"(?<![\w]){re.escape(f)}(?:'s?)?(?![\w])", text))
        if r.n > raw:
            problems.append(f"{r.actor!r}: counted {r.n}, its forms occur {raw} times")
    return problems


if __name__ == "__main__":
    c = dc.read_csv(sys.argv[1])
    p = check(c)
    print("\n".join(p) or "no actor counted more often than its own forms occur")
    sys.exit(1 if p else 0)
