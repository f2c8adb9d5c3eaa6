"""`pip install` and `make report` are quiet (issue 22): setuptools warns about a licence given as
a TOML table and about a folder of the package missing from the packages configuration (each
warning some fifty lines, printed several times a build)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_is_an_spdx_expression():
    licence = _project()["project"]["license"]
    assert isinstance(licence, str) and licence == "MIT"


def test_every_folder_of_the_package_is_in_the_packages_configuration():
    packages = set(_project()["tool"]["setuptools"]["packages"])
    folders = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "discourse").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and any(p.iterdir())}
    assert folders <= packages, sorted(folders - packages)
