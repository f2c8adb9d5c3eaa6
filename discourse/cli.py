"""The command line: ``discourse report [PATH] [--by COLUMN] [--focus F] [--reference R] [--out DIR]
[--name N]``.

Also ``python -m discourse report ...`` and ``make report CORPUS=... BY=... FOCUS=...
REFERENCE=...`` (the Makefile passes its variables through the environment, as ``CORPUS``,
``BY``, ``FOCUS``, ``REFERENCE``, never through a shell line, so a path with quotes, ``$`` or
backticks reaches the program as it is). The report decides its comparisons from these once;
no ``DISCOURSE_*`` variable of the environment reaches its notebooks. Errors are one line on
stderr and exit status 2; an interrupted run exits with 130.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

from ._validate import InputError

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def _env(name: str) -> str | None:
    value = os.environ.get(name, "")
    return value if value.strip() else None


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``discourse`` (sub-command ``report``)."""
    ap = argparse.ArgumentParser(prog="discourse",
                                 description="Comparative discourse analysis: render the report.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="report")
    rp = sub.add_parser(
        "report", help="execute the notebooks on a corpus and write an HTML report",
        description="Execute the notebooks on a corpus and write an HTML report into "
                    "OUT/NAME/ (default reports/<corpus name>/). Without PATH: the built-in "
                    "example. PATH, BY, FOCUS and REFERENCE default to the environment "
                    "variables CORPUS, BY, FOCUS and REFERENCE (what `make report` passes).")
    rp.add_argument("path", nargs="?", default=None,
                    help="a folder of .txt files (with an optional metadata.csv) or a .csv file")
    rp.add_argument("--by", default=None, metavar="COLUMN",
                    help="the metadata column whose values are compared (default: group, when "
                         "the documents have two groups or more; else the documents)")
    rp.add_argument("--focus", default=None, help="the group to compare (default: see the index)")
    rp.add_argument("--reference", default=None,
                    help="the group to compare it with (default: the other group, or the rest)")
    rp.add_argument("--out", default=None, help="the folder that receives the report "
                                                 "(default: reports)")
    rp.add_argument("--name", default=None,
                    help="the report's folder name inside OUT (default: the corpus name)")
    rp.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    return ap


def main(argv=None) -> int:
    """Run the command line; return the exit status (0, 2 on an error, 130 when stopped)."""
    from .report.build import Interrupted, build

    args = parser().parse_args(argv)
    before = warnings.showwarning
    warnings.showwarning = _one_line_warning
    try:
        build(args.path or _env("CORPUS"), out=args.out or _env("OUT") or "reports",
              name=args.name or _env("NAME"), by=args.by or _env("BY"),
              focus=args.focus or _env("FOCUS"),
              reference=args.reference or _env("REFERENCE"), jobs=args.jobs)
    except InputError as err:
        print(f"discourse report: {_one_line(err)}", file=sys.stderr)
        return EXIT_ERROR
    except (Interrupted, KeyboardInterrupt):
        print("discourse report: stopped; the previous report is unchanged.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001 - a student sees one line, never a traceback
        print(f"discourse report: failed: {type(err).__name__}: {_one_line(err)}",
              file=sys.stderr)
        return EXIT_ERROR
    finally:
        warnings.showwarning = before
    return 0


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    """A warning while reading the corpus, as one line (no file name, no source line)."""
    print(f"discourse report: warning: {_one_line(message)}", file=sys.stderr)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


if __name__ == "__main__":
    sys.exit(main())
