"""The command line: ``discourse report [PATH] [--by COLUMN] [--focus F] [--reference R] [--out DIR]
[--name N] [--time COLUMN]``.

Also ``python -m discourse report ...`` and ``make report CORPUS=... BY=... FOCUS=...
REFERENCE=... OUT=... NAME=... TIME=...``: the Makefile hands over only the variables set on make's
command line, unexpanded, through the environment (never through a shell line) to
:func:`main_from_make`, which passes them to :func:`main` as arguments; a path with quotes,
``$`` or backticks reaches the program as it is. The command itself reads no environment
variable (not ``CORPUS``, ``NAME`` or ``OUT``, which other programs set): only its arguments
choose the corpus and the output folder. The report decides its comparisons from these once;
no ``DISCOURSE_*`` variable of the environment reaches its notebooks. Errors are one line on
stderr and exit status 2; an interrupted run exits with 130.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


MAKE_VARIABLES = {"CORPUS": None, "BY": "--by", "FOCUS": "--focus", "REFERENCE": "--reference",
                  "OUT": "--out", "NAME": "--name", "ANALYZE": "--analyze", "TIME": "--time"}
"""The variables of ``make report`` and the option each becomes (CORPUS: the path)."""
MAKE_PREFIX = "DISCOURSE_MAKE_"
"""The Makefile hands variable ``X`` over as ``DISCOURSE_MAKE_X``, and their list as
``DISCOURSE_MAKE_SET``: only the variables named there were set on make's command line."""


def make_argv(environ) -> list[str]:
    """The arguments of ``discourse report`` for the variables ``make report`` was given.

    >>> make_argv({"DISCOURSE_MAKE_SET": "CORPUS FOCUS", "DISCOURSE_MAKE_CORPUS": "a b/",
    ...            "DISCOURSE_MAKE_FOCUS": "x", "DISCOURSE_MAKE_NAME": "stale"})
    ['report', '--focus=x', '--', 'a b/']
    """
    given = environ.get(MAKE_PREFIX + "SET", "").split()
    argv = ["report"]
    for var, option in MAKE_VARIABLES.items():
        if var in given and option is not None:
            argv.append(f"{option}={environ.get(MAKE_PREFIX + var, '')}")
    if "CORPUS" in given:  # after "--": a path that starts with "-" is still the path
        argv += ["--", environ.get(MAKE_PREFIX + "CORPUS", "")]
    return argv


def exit_now(code: int) -> None:
    """End the process with ``code`` once what it printed is out, without the interpreter's
    teardown: with pandas, SciPy, matplotlib and nbconvert imported, tearing their modules
    down took 0.2-0.5 s of the report's wall clock (more on a loaded machine) after the site
    was written and every kernel, folder and process of the run was closed. For a process that
    runs :func:`main` and nothing after it (``python -m discourse``, ``make report``).
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a reader gone: nothing more to say
            pass
    os._exit(code)


def main_from_make() -> int:
    """``make report``: :func:`main` with the arguments of :func:`make_argv`."""
    return main(make_argv(os.environ))


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``discourse`` (sub-command ``report``)."""
    ap = argparse.ArgumentParser(prog="discourse",
                                 description="Comparative discourse analysis: render the report.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="report")
    rp = sub.add_parser(
        "report", help="execute the notebooks on a corpus and write an HTML report",
        description="Execute the notebooks on a corpus and write an HTML report into "
                    "OUT/NAME/ (default reports/<corpus name>/). Without PATH: the built-in "
                    "example; an empty PATH is an error. No environment variable is read.")
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
    rp.add_argument("--analyze", default="body", choices=("body", "all"),
                    help="body (default): analyse the text, setting aside headlines, bylines, "
                         "bios and site furniture (see the index); all: analyse every paragraph")
    rp.add_argument("--time", default=None, metavar="COLUMN",
                    help="a numeric column of the metadata (e.g. year): the index adds stance "
                         "over time, rates per period with intervals and a trend test over "
                         "documents (default: none)")
    rp.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    return ap


def main(argv=None) -> int:
    """Run the command line; return the exit status (0, 2 on an error, 130 when stopped)."""
    args = parser().parse_args(argv)
    # first, before pandas: the kernel parent imports the libraries while this process does
    from .report.run_start import RunStart

    start = RunStart()
    try:
        from ._validate import InputError
        from .report.build import Interrupted, build
    except BaseException:
        start.close()
        raise
    before = warnings.showwarning
    warnings.showwarning = _one_line_warning
    try:
        build(args.path, out=args.out or "reports", name=args.name or None, by=args.by,
              focus=args.focus, reference=args.reference, jobs=args.jobs,
              analyze=args.analyze, time=args.time, start=start)
    except InputError as err:
        print(f"discourse report: {_one_line(err)}", file=sys.stderr)
        return EXIT_ERROR
    except (Interrupted, KeyboardInterrupt):
        print("discourse report: stopped; the previous report is unchanged.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001 - a student sees one line, never a traceback
        if _was_stopped(err, (Interrupted, KeyboardInterrupt)):
            # the signal arrived inside a library that wrapped it in an error of its own
            print("discourse report: stopped; the previous report is unchanged.",
                  file=sys.stderr)
            return EXIT_INTERRUPTED
        print(f"discourse report: failed: {type(err).__name__}: {_one_line(err)}",
              file=sys.stderr)
        return EXIT_ERROR
    finally:
        warnings.showwarning = before
        start.close()  # build closed it: nothing left to do, unless build never ran
    return 0


def _was_stopped(err: BaseException, kinds: tuple) -> bool:
    """Is a stop (Ctrl-C, SIGTERM) behind ``err``: in its cause, context or ``orig_exc`` (what
    a parser such as lark keeps of the error it wrapped)?"""
    seen: set[int] = set()
    todo = [err]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, kinds):
            return True
        todo += [e.__cause__, e.__context__, getattr(e, "orig_exc", None)]
    return False


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    """A warning while reading the corpus, as one line (no file name, no source line)."""
    print(f"discourse report: warning: {_one_line(message)}", file=sys.stderr)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


if __name__ == "__main__":
    sys.exit(main())
