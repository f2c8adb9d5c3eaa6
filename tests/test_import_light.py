"""Issue 25: ``import discourse`` is light; heavy libraries are imported where they are used.

Not timed (timing lives in the benchmarks): a fresh interpreter imports the package and must not
have imported scikit-learn, matplotlib, NLTK or SciPy; every public name still resolves.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import discourse as dc

HEAVY = ("sklearn", "matplotlib", "nltk", "scipy")


def _fresh(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_discourse_imports_no_heavy_library():
    loaded = _fresh("import json, sys\nimport discourse\n"
                    f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    assert loaded == [], f"import discourse imported {loaded}; import them where they are used"


def test_every_public_name_resolves_in_a_fresh_interpreter():
    missing = _fresh("import json\nimport discourse as dc\n"
                     "print(json.dumps([n for n in dc.__all__ if getattr(dc, n, None) is None]))")
    assert missing == []


def test_public_names_resolve_listed_and_behind_their_doors():
    from discourse._backend import DISPATCHED
    from discourse._doors import DOORS

    assert len(set(dc.__all__)) == len(dc.__all__)
    assert set(dc._WHERE) == set(dc.__all__)  # each public name has one home
    assert set(dc.__all__) <= set(dir(dc))
    for name in dc.__all__:
        value = getattr(dc, name)
        assert value is getattr(dc, name)  # resolved once, then kept
        if name in DOORS:
            assert getattr(value, "__discourse_door__", False), name
    for name, func in DISPATCHED.items():
        if name in DOORS:
            assert func is getattr(dc, name)
    from discourse import Corpus, kwic  # noqa: F401 - from-imports resolve too

    assert dc.text.__name__ == "discourse.text" and dc.stats.__name__ == "discourse.stats"
    assert pickle.loads(pickle.dumps(dc.Corpus)) is dc.Corpus


def test_unknown_name_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no_such_name"):
        dc.no_such_name  # noqa: B018
