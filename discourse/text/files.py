"""Reading files safely: regular files only, within a size limit, inside the corpus folder, with
names that can be document ids. Every file reader (:mod:`discourse.text.io`, and
:mod:`discourse.text.metadata` for ``metadata.csv``) reads through :func:`read_regular`; an
operating-system error becomes an :class:`~discourse.InputError` naming the file.
"""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path

from .._validate import InputError
from .checks import _SURROGATE, too_big


def _io_call(read, path: Path):
    """``read()``, with an operating-system error (no permission, a vanished file, a folder
    where a file was expected) turned into an :class:`InputError` naming the file."""
    try:
        return read()
    except OSError as err:
        raise _os_error(path, err) from None


def _os_error(path: Path, err: OSError) -> InputError:
    why = err.strerror or type(err).__name__
    fix = (" Check its permissions (e.g. chmod u+r), or move it out of the folder."
           if isinstance(err, PermissionError) else "")
    return InputError(f"{path}: cannot be read ({why}).{fix}")


MAX_TABLE_BYTES = 2_000_000_000
"""Largest CSV or metadata.csv read (bytes): a bigger one is refused before it is read."""


def read_regular(path: Path, *, max_bytes: int | None, what: str = "file") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes`` bytes.

    A FIFO, a device (a link to ``/dev/zero``), a socket or a folder is an :class:`InputError`
    naming it, never a read that hangs or never ends; the size is checked on the open file, and
    no more than ``max_bytes + 1`` bytes are read (a file that grows meanwhile is refused too).
    """
    # O_NONBLOCK: opening a FIFO does not wait for a writer (the check below refuses it)
    fd = _io_call(lambda: os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else
                    "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                    "a folder" if stat.S_ISDIR(info.st_mode) else
                    "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
            real = os.path.realpath(path)
            shown = f" ({real})" if real != str(path) else ""
            raise InputError(f"{path}{shown}: is {kind}, not a regular {what}; only regular "
                             f"files are read. Replace it with the file itself.")
        if max_bytes is not None and info.st_size > max_bytes:
            raise too_big(str(path), info.st_size, max_bytes, "bytes")
        if os.get_blocking(fd) is False:
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = None
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except OSError as err:
        raise _os_error(path, err) from None
    finally:
        if fd is not None:
            os.close(fd)
    if max_bytes is not None and len(data) > max_bytes:
        raise too_big(str(path), len(data), max_bytes, "bytes")
    return data


def _not_special(path: Path) -> None:
    """Raise :class:`InputError` if ``path`` (its link followed) is a FIFO, a device or a
    socket: such a file never ends or never answers, so it is refused, not read."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # a dangling link or a vanished file: nothing to read
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        read_regular(path, max_bytes=0)  # raises, naming what it is


def _sample(path: Path, encoding: str, n_bytes: int = 65536) -> str | None:
    """The start of a text file, to estimate its memory by script (None if unreadable)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(n_bytes)
        return head.decode(encoding, errors="ignore") or None
    except (OSError, LookupError):
        return None


def _outside(folder: Path, files: list[Path]) -> tuple[list[Path], list[Path]]:
    """``files`` split into those inside ``folder`` once links are resolved, and the others."""
    root = folder.resolve()
    inside, outside = [], []
    for f in files:
        (inside if f.resolve().is_relative_to(root) else outside).append(f)
    return inside, outside


def _warn_outside(folder: Path, outside: list[Path]) -> None:
    if outside:
        shown = ", ".join(f"{f.relative_to(folder).as_posix()} -> {f.resolve()}"
                          for f in outside[:5])
        warnings.warn(f"{folder}: skipped {len(outside)} link(s) that lead outside the folder "
                      f"({shown}{' ...' if len(outside) > 5 else ''}); only files inside the "
                      f"corpus folder are read. Copy the file into the folder to read it.",
                      UserWarning, stacklevel=3)


def _check_file_names(folder: Path, files: list[Path]) -> None:
    """File names become doc ids: one that is not valid UTF-8 (its undecodable bytes arrive
    as lone surrogates) is refused, with its bytes and the fix."""
    bad = [f.relative_to(folder) for f in files if _SURROGATE.search(str(f.relative_to(folder)))]
    if bad:
        shown = ", ".join(repr(os.fsencode(b)) for b in bad[:5])
        raise InputError(
            f"{folder}: {len(bad)} file name(s) are not valid UTF-8 ({shown}"
            f"{' ...' if len(bad) > 5 else ''}), so they cannot be document ids. Rename the "
            f"files (an archive unpacked from an old Windows or Mac system does this; "
            f"'convmv -f latin1 -t utf8 --notest *' renames them all).")


def _folder_hint(folder: Path, pattern: str, recursive: bool) -> str:
    """Why nothing matched: what the folder holds, and the option that would find it."""
    entries = _io_call(lambda: sorted(folder.iterdir()), folder)
    files = [p.name for p in entries if p.is_file()]
    subdirs = [p.name for p in entries if p.is_dir()]
    if not entries:
        return ": the folder is empty."
    hints = []
    folded = [f for f in files if Path(f.lower()).match(pattern.lower())]
    if folded:
        suffix = Path(folded[0]).suffix
        hints.append(f"File names are case-sensitive: pass pattern='*{suffix}' for "
                     f"{folded[0]!r}")
    if subdirs and not recursive and any(p.is_file() for d in subdirs
                                         for p in (folder / d).rglob(pattern)):
        hints.append(f"Matching files are in subfolders ({', '.join(subdirs[:5])}): pass "
                     f"recursive=True")
    shown = ", ".join(files[:8]) + (" ..." if len(files) > 8 else "")
    have = (f" (it has {len(files)} file(s): {shown}" if files else " (it has no files")
    have += f", and {len(subdirs)} subfolder(s))" if subdirs else ")"
    return have + (". " + ". ".join(hints) + "." if hints else ".")
