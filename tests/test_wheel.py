"""A wheel built from the repository carries the example corpus and loads it outside the
checkout."""

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_ships_the_example_and_loads_it(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(wheels)], check=True,
                   cwd=tmp_path, capture_output=True)
    (wheel,) = wheels.glob("discourse-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        essay = zf.read("discourse/data/cepa_essay.txt")
    assert {"discourse/data/news_rewrite.txt", "discourse/data/metadata.csv",
            "discourse/data/README.md", "discourse/resources/stopwords_en.txt"} <= names
    assert not any(n.startswith(("notebooks/", "tests/", "data/")) for n in names)
    assert hashlib.sha256(essay).hexdigest() == (
        "72810829f6175807d0b27bdd5422d441862319a275350630f216e8df50f51255")

    # install it apart from the checkout and load the example from a folder outside it
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True, capture_output=True)
    code = ("import discourse as dc; c = dc.load_example(); "
            "print(dc.__file__); print(dc.io.example_dir()); print(c.doc_ids, len(c.tokens))")
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert out[0].startswith(str(site)) and out[1].startswith(str(site))
    assert out[2].startswith("['cepa_essay', 'news_rewrite']")
