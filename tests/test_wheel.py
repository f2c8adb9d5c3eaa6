"""A wheel built from the repository carries the example corpus, the notebooks and the templates,
loads the example outside the checkout, and renders the whole report from a fresh venv."""

import hashlib
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(wheels)], check=True,
                   cwd=wheels, capture_output=True)
    (whl,) = wheels.glob("discourse-*.whl")
    return whl


def test_wheel_ships_the_example_notebooks_and_templates(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        essay = zf.read("discourse/data/cepa_essay.txt")
        entry_points = next(zf.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    notebooks = {f"discourse/notebooks/{p.name}" for p in (REPO / "notebooks").glob("*.ipynb")}
    templates = {f"discourse/templates/{p.relative_to(REPO / 'discourse' / 'templates')}"
                 for p in (REPO / "discourse" / "templates").rglob("*")
                 if p.is_file() and p.suffix in (".j2", ".css")}
    assert notebooks and templates
    assert {"discourse/data/news_rewrite.txt", "discourse/data/metadata.csv",
            "discourse/data/README.md", "discourse/resources/stopwords_en.txt",
            "discourse/__main__.py", "discourse/cli.py"} | notebooks | templates <= names
    assert "discourse/templates/nbconvert/discourse_notebook.html.j2" in names
    assert not any(n.startswith(("notebooks/", "tests/", "data/")) for n in names)
    assert "discourse = discourse.cli:main" in entry_points
    assert hashlib.sha256(essay).hexdigest() == (
        "72810829f6175807d0b27bdd5422d441862319a275350630f216e8df50f51255")

    # install it apart from the checkout and load the example from a folder outside it
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True, capture_output=True)
    code = ("import discourse as dc; c = dc.load_example(); "
            "print(dc.__file__); print(dc.text.io.example_dir()); print(c.doc_ids, len(c.tokens))")
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert out[0].startswith(str(site)) and out[1].startswith(str(site))
    assert out[2].startswith("['cepa_essay', 'news_rewrite']")


def test_the_wheel_renders_the_report_in_a_fresh_venv(wheel, tmp_path):
    """`pip install discourse && discourse report`: a venv outside the repository, the wheel
    installed without its dependencies (they come from this test's environment through a
    .pth file, so no network is needed), the command run from an unrelated folder."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    venv_site = Path(subprocess.run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    # the dependencies: this environment's site-packages, after the venv's own
    (venv_site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps",
                    "--no-index", "-q", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "student"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(MPLBACKEND="Agg", PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               CORPUS="", FOCUS="", REFERENCE="",
               # nbconvert's "lab" template is a data file of the nbconvert installation, found
               # under <prefix>/share/jupyter; here the dependencies live in this environment
               JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"))
    where = subprocess.run([py, "-c", "import discourse, discourse.report.build as b; "
                                      "print(discourse.__file__); print(b.notebooks_dir())"],
                           cwd=work, env=env, check=True, capture_output=True, text=True)
    lib, nb_dir = where.stdout.split()
    assert lib.startswith(str(venv)) and nb_dir.startswith(str(venv)), where.stdout
    out = subprocess.run([venv / "bin" / "discourse", "report", "--out", "site"], cwd=work,
                         env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Kernel is running over TCP" not in out.stderr + out.stdout
    lines = out.stdout.strip().splitlines()
    # not on a terminal: no line per notebook (issue 25: progress only where a person watches)
    assert len(lines) == 1, lines
    assert lines[-1].startswith(f"report written to {Path('site') / 'example' / 'index.html'}")
    pages = {p.name for p in (work / "site" / "example").glob("*.html")}
    assert {"index.html", "reading.html", "explorer.html"} | {p.stem + ".html" for p in
                                             (REPO / "notebooks").glob("[0-9]*.ipynb")} == pages
