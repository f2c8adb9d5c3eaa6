"""Paragraph spans of many texts at once, from their code points and token spans.

:func:`_paragraphs` cuts the texts joined by :mod:`discourse.text.token_scan` as
:func:`discourse.text.segment.paragraph_spans` cuts each text (the tests compare them): lines,
blocks of non-blank lines, and hard-wrapped blocks joined into one paragraph. Its tables of
line breaks and of characters that end a line are built once.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import segment

LIMIT = 0x2E80  # from here up (CJK and beyond) every character is complex


@lru_cache(maxsize=1)
def _line_break_table() -> np.ndarray:
    """The line breaks of ``segment._LINE_BREAK`` (``\\r\\n`` aside, handled by the caller)."""
    out = np.zeros(LIMIT + 1, dtype=bool)
    out[[0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]] = True
    return out


@lru_cache(maxsize=1)
def _wrap_end_table() -> np.ndarray:
    """Characters that end a line that is not hard-wrapped (see ``segment._WRAP_END``)."""
    out = np.zeros(LIMIT + 1, dtype=bool)
    for ch in ".:;\"”)" + segment.SENTENCE_END:
        if ord(ch) < LIMIT:
            out[ord(ch)] = True
    return out


def _paragraphs(cp, starts, ends, offset):
    """Paragraph starts and ends of the joined texts, as :func:`segment.paragraph_spans` cuts
    each text: lines, stripped through the tokens they hold (tokens cover every non-space
    character), blocks of non-blank lines, and a block joined into one paragraph when every
    line but its last is 40-100 characters long and does not end a sentence."""
    brk = np.flatnonzero(_line_break_table().take(cp, mode="clip"))
    # "\r\n" is one line break: its "\n" is dropped and its "\r" is two characters long
    pair = np.zeros(len(brk), dtype=bool)
    pair[1:] = (cp[brk[1:]] == 0x0A) & (cp[brk[:-1]] == 0x0D) & (brk[1:] == brk[:-1] + 1)
    brk_len = np.ones(len(brk), dtype=np.int64)
    brk_len[:-1][pair[1:]] = 2
    brk, brk_len = brk[~pair], brk_len[~pair]
    line_s = np.concatenate([[0], brk + brk_len])
    line_e = np.concatenate([brk, [len(cp)]])
    first = np.searchsorted(starts, line_s)
    last = np.searchsorted(starts, line_e) - 1
    full = last >= first
    line_s, line_e = line_s[full], line_e[full]
    s, e = starts[first[full]], ends[last[full]]
    doc = np.searchsorted(offset, s, side="right") - 1
    # a block of lines ends at a blank line or at the end of a text
    new_block = np.ones(len(s), dtype=bool)
    idx = np.flatnonzero(full)
    new_block[1:] = (idx[1:] != idx[:-1] + 1) | (doc[1:] != doc[:-1])
    block = np.cumsum(new_block) - 1
    last_in_block = np.ones(len(s), dtype=bool)
    last_in_block[:-1] = new_block[1:]
    length = e - s
    wrap_end = _wrap_end_table().take(cp[e - 1], mode="clip")
    fails = ~last_in_block & ((length < 40) | (length > 100) | wrap_end)
    n_lines = np.bincount(block)
    wrapped = (n_lines >= 2) & (np.bincount(block, weights=fails, minlength=len(n_lines)) == 0)
    keep = ~wrapped[block] | new_block  # a wrapped block: its first line, to its last's end
    p_s = s[keep]
    last_of = np.flatnonzero(last_in_block)  # the last line of each block
    p_e = np.where(wrapped[block[keep]], e[last_of[block[keep]]], e[keep])
    return p_s, p_e
