"""``python -m discourse report ...``: see :mod:`discourse.cli`."""

from .cli import exit_now, main

if __name__ == "__main__":
    exit_now(main())  # the report is written and closed: no interpreter teardown to wait for
