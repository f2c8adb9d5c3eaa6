"""Root pytest configuration: skip the Dask doctests where the optional extra is not installed."""

import importlib.util

collect_ignore = [] if importlib.util.find_spec("dask") else ["discourse/scale.py"]
