import functools
import inspect
import re

import matplotlib
import pytest

matplotlib.use("Agg")

# A test is "slow" when it, or a fixture it uses, builds a report, runs a notebook in a kernel,
# builds a wheel or starts a browser: seconds to minutes each. `make test-fast` (the inner loop)
# leaves them out (-m "not slow and not browser"); `make test` and CI run every test.
RUNS_SOMETHING_BIG = re.compile(
    r"build_report\.build\(|\bbuild\((?:out=|str\(|None)|_start_build\(|NotebookClient\(|"
    r"ReportKernel\(|\"discourse\", \"report\"|/ \"discourse\", \"report\"|\"wheel\", str\(REPO")


@functools.cache
def _source(func) -> str:
    try:
        return inspect.getsource(func)
    except (OSError, TypeError):
        return ""


def _is_big(item) -> bool:
    funcs = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info is not None else ()):
        funcs += [d.func for d in defs]
    return any(_runs_something_big(f) for f in funcs if f is not None)


@functools.cache
def _runs_something_big(func) -> bool:
    return RUNS_SOMETHING_BIG.search(_source(func)) is not None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("slow") is None and (
                item.nodeid.endswith(".ipynb") or _is_big(item)):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def example():
    import discourse as dc

    return dc.load_example()
