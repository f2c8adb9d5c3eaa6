"""Token spans of many texts at once: numpy over code points, the token regex where needed.

:func:`token_spans_many` cuts exactly the tokens of :func:`discourse.segment.token_spans`, text
by text (the tests compare them on random Unicode and on real corpora), several times faster.

How
    The texts are joined with a line break between them and read as an array of code points.
    Each character gets a class from a table (:func:`char_classes`): whitespace, word character
    (what ``\\w`` matches), digit, hyphen, apostrophe, period, ... or *complex*. A maximal run of
    non-space characters is *plain* when it holds no complex character and none of the shapes
    that only the regex's special branches cut (a period or ``:/`` before a word character, a
    digit after ``. , : /`` or an apostrophe, an apostrophe that ends a word: initialisms,
    numbers, decades, URLs, elisions). In a plain run the token pattern reduces to two rules,
    applied with array operations: a token is a maximal run of word characters (a hyphen or
    apostrophe between two word characters joins them: ``great-power``, ``Putin's``), or a
    maximal run of one repeated other character (``...``, ``--``, ``?``). The other runs (about
    one in a hundred in English prose) go through the regex, one run at a time.
Complex characters
    Everything from U+2E80 up (CJK, Katakana, the BOM, astral characters), every combining mark
    and variation selector, the invisible joiners of :data:`discourse.text.segment.INVISIBLE`, the
    zero-width non-joiner, and ``@``.

Examples
--------
>>> starts, ends, counts = token_spans_many(["U.S. troops, e.g. 2,000", "Putin’s ‘90s!"])
>>> counts.tolist()
[5, 3]
>>> text = "U.S. troops, e.g. 2,000"
>>> [text[s:e] for s, e in zip(starts[:5].tolist(), ends[:5].tolist())]
['U.S.', 'troops', ',', 'e.g.', '2,000']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import segment
from .paragraph_scan import (  # noqa: F401  (the tables: old callers read them here)
    LIMIT,
    _line_break_table,
    _paragraphs,
    _wrap_end_table,
)

# character classes (uint8): what the two plain-run rules and the triggers need to know
SPACE, WORD, DIGIT, OTHER, HYPHEN, APOS, LQUOTE, PERIOD, COMMA, COLON, SLASH, COMPLEX = range(12)
_HYPHENS = "-\u2010\u2011"  # the joiners of the token pattern that are not apostrophes
_APOSTROPHES = "'\u2019"
_SEPARATOR = "\n"  # between texts: whitespace, so no token crosses it
CHUNK = 2**17  # characters tokenised at once (see token_spans_many)


@lru_cache(maxsize=1)
def char_classes() -> np.ndarray:
    """The class of every code point below :data:`LIMIT`, and :data:`COMPLEX` at ``LIMIT``.

    Built from the regex engine itself (``\\s``, ``\\w``, ``\\d``) and the Unicode database of
    this Python, so it agrees with :data:`discourse.text.segment.TOKEN_PATTERN` by construction.
    """
    invisible = re.compile(f"[{segment.INVISIBLE}]")
    space, word, digit = re.compile(r"\s"), re.compile(r"\w"), re.compile(r"\d")
    special = {".": PERIOD, ",": COMMA, ":": COLON, "/": SLASH, "\u2018": LQUOTE, "@": COMPLEX,
               "\u200c": COMPLEX} | dict.fromkeys(_HYPHENS, HYPHEN) | dict.fromkeys(
        _APOSTROPHES, APOS)
    table = np.full(LIMIT + 1, COMPLEX, dtype=np.uint8)
    for cp in range(LIMIT):
        ch = chr(cp)
        if unicodedata.category(ch).startswith("M") or invisible.match(ch) \
                or 0xD800 <= cp < 0xE000:
            continue  # complex
        if ch in special:
            table[cp] = special[ch]
        elif space.match(ch):
            table[cp] = SPACE
        elif digit.match(ch):
            table[cp] = DIGIT
        elif word.match(ch):
            table[cp] = WORD
        else:
            table[cp] = OTHER
    return table


def _code_points(text: str) -> np.ndarray:
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _plain_tokens(cp: np.ndarray, www: np.ndarray | None = None):
    """Starts and ends of the tokens in the plain runs of ``cp``, and the spans of the runs
    that are not plain (for the regex). ``www``: the position of the period of every "www."
    when the caller has them (:func:`_www_periods`), else they are found in ``cp``."""
    table = char_classes()
    cls = table[cp] if cp.dtype == np.uint8 else table.take(cp, mode="clip")
    n = len(cls)
    space = cls == SPACE
    word = (cls == WORD) | (cls == DIGIT)
    # next / previous character's properties (whitespace beyond both ends)
    w_next = np.zeros(n, dtype=bool)
    w_next[:-1] = word[1:]
    w_prev = np.zeros(n, dtype=bool)
    w_prev[1:] = word[:-1]
    d_next = np.zeros(n, dtype=bool)
    d_next[:-1] = cls[1:] == DIGIT
    apos = cls == APOS
    joiner = (cls == HYPHEN) | apos
    glued = joiner & w_prev & w_next
    # shapes only the regex cuts: initialisms, numbers, decades, URLs, elisions, complex chars
    bad = cls == COMPLEX
    bad |= (cls == PERIOD) & w_next
    bad |= d_next & ((cls == COMMA) | (cls == COLON) | (cls == SLASH) | (cls == PERIOD)
                     | apos | (cls == LQUOTE))
    bad[:-1] |= (cls[:-1] == COLON) & (cls[1:] == SLASH)  # "://"
    if www is None:
        www = np.flatnonzero(cp[3:] == 46) + 3  # "www." (46: the period)
        www = www[(cp[www - 1] == 119) & (cp[www - 2] == 119) & (cp[www - 3] == 119)]
    bad[www] = True
    # an elision (ol', goin'): an apostrophe after "ol" or "in" that no word character follows
    elide = np.flatnonzero(apos[2:] & ~w_next[2:]) + 2
    elide = elide[((cp[elide - 1] == 108) & (cp[elide - 2] == 111))  # "ol"
                  | ((cp[elide - 1] == 110) & (cp[elide - 2] == 105))]  # "in"
    bad[elide] = True
    del w_next, w_prev, d_next, apos, joiner
    wordish = word | glued
    del word, glued
    # token starts: after a space, at a change between word and other, at a change of character
    # between two others
    start = ~space
    start[1:] &= space[:-1] | (wordish[1:] != wordish[:-1]) | (
        ~wordish[1:] & (cp[1:] != cp[:-1]))
    # a token ends where the next one starts or a space follows
    end = ~space
    end[:-1] &= start[1:] | space[1:]
    # runs of non-space characters, and which of them are not plain
    run_start = ~space
    run_start[1:] &= space[:-1]
    # the run of a position: the run starts at or before it, less one (a running count over the
    # characters, not a binary search per token)
    run_no = np.cumsum(run_start, dtype=np.int32)
    run_no -= 1
    del run_start
    bad_runs = np.unique(run_no[bad])
    starts, ends = np.flatnonzero(start), np.flatnonzero(end) + 1
    if not len(bad_runs):
        return starts, ends, np.zeros(0, np.intp), np.zeros(0, np.intp)
    bad_s, bad_e = _run_bounds(run_no, ends, bad_runs)
    keep = np.ones(int(run_no[-1]) + 1, dtype=bool)
    keep[bad_runs] = False
    ok = keep[run_no[starts]]
    return starts[ok], ends[ok], bad_s, bad_e


def _run_bounds(run_no: np.ndarray, ends: np.ndarray, runs: np.ndarray):
    """Start and end of the given runs of non-space characters, from each position's run
    number ``run_no`` (non-decreasing: it counts the run starts at or before the position,
    less one) and the ends of all the tokens cut in them (sorted): run ``r`` starts at the
    first position numbered ``r``, and ends with the last token end at or before the first
    position numbered beyond it (the next run's start: only whitespace lies between). A
    search for each of these few runs, not a list of every run's start and end.

    Examples
    --------
    >>> run_no = np.array([-1, 0, 0, 0, 1, 1, 1])  # " ab cd" and a trailing space
    >>> [b.tolist() for b in _run_bounds(run_no, np.array([3, 6]), np.array([1]))]
    [[4], [6]]
    """
    first = np.searchsorted(run_no, runs, side="left")
    beyond = np.searchsorted(run_no, runs, side="right")
    return first, ends[np.searchsorted(ends, beyond, side="right") - 1]


@dataclass
class Scan:
    """Tokens and paragraphs of a list of texts (each text's own offsets, texts one after the
    other), and the UTF-8 bytes of the tokens.

    ``tok_start``/``tok_end`` (int32) and ``n_tok`` (int64, per text): as
    :func:`discourse.segment.token_spans`; ``para_start``/``para_end``/``n_para``: as
    :func:`discourse.segment.paragraph_spans`; ``data``: the UTF-8 of all tokens one after the
    other (the texts without their whitespace) and ``tok_bytes`` (int32) each token's length
    in it, or both ``None`` when a text cannot be UTF-8 (lone surrogates).
    """

    tok_start: np.ndarray
    tok_end: np.ndarray
    n_tok: np.ndarray
    para_start: np.ndarray
    para_end: np.ndarray
    n_para: np.ndarray
    data: bytes | None
    tok_bytes: np.ndarray | None


def scan(texts: list[str], *, paragraphs: bool = True, token_bytes: bool = True) -> Scan:
    """Tokens, paragraphs and token bytes of ``texts`` (see :class:`Scan`).

    The texts are cut in groups of about :data:`CHUNK` characters, and a long text into pieces
    of about that size after blank lines (which no token, block of lines or paragraph
    crosses): arrays that size are reused from one group to the next, where fresh memory for
    one large array would cost more than the work on it.
    """
    pieces, owner, shift = _pieces(texts)
    # the per-token arrays go straight into arrays sized for the most tokens the texts can hold
    # (one per character; only the pages written take memory), not into a list to concatenate
    bound = sum(map(len, pieces))
    tok = {f: np.empty(bound, dtype=np.int32) for f in ("tok_start", "tok_end", "tok_bytes")}
    n_done = 0
    parts = []
    for i, j in _groups(pieces):
        part = _scan_group(pieces[i:j], paragraphs, token_bytes)
        k = len(part.tok_start)
        for f in ("tok_start", "tok_end") + (("tok_bytes",) if part.data is not None else ()):
            tok[f][n_done:n_done + k] = getattr(part, f)
        part.tok_start = part.tok_end = part.tok_bytes = None
        n_done += k
        parts.append(part)
    if not parts:
        z32, z64 = np.zeros(0, np.int32), np.zeros(0, np.int64)
        return Scan(z32, z32, z64, z32, z32, z64, b"" if token_bytes else None,
                    z32 if token_bytes else None)
    cat = [tok["tok_start"][:n_done], tok["tok_end"][:n_done]] + [
        np.concatenate([getattr(part, f) for part in parts])
        for f in ("n_tok", "para_start", "para_end", "n_para")]
    if owner is not None:  # pieces back into their texts
        for k, n in ((0, 2), (3, 5)):  # token spans by n_tok, paragraph spans by n_para
            move = np.repeat(shift.astype(np.int32), cat[n])
            cat[k] += move
            cat[k + 1] += move
        for n in (2, 5):
            cat[n] = np.bincount(owner, weights=cat[n], minlength=len(texts)).astype(np.int64)
    if not token_bytes or any(part.data is None for part in parts):
        return Scan(*cat, None, None)
    return Scan(*cat, b"".join([part.data for part in parts]), tok["tok_bytes"][:n_done])


def _pieces(texts: list[str]):
    """The texts, those longer than 2 :data:`CHUNK` cut right after a blank line (two line
    feeds) into pieces of at least :data:`CHUNK` characters; with each piece's text and offset
    in it (``None, None`` when no text was cut)."""
    if all(len(t) <= 2 * CHUNK for t in texts):
        return texts, None, None
    pieces, owner, shift = [], [], []
    for i, text in enumerate(texts):
        a = 0
        while len(text) - a > 2 * CHUNK:
            cut = text.find("\n\n", a + CHUNK)
            if cut < 0 or len(text) - cut < CHUNK:
                break
            pieces.append(text[a:cut + 2])
            owner.append(i)
            shift.append(a)
            a = cut + 2
        pieces.append(text[a:])
        owner.append(i)
        shift.append(a)
    return pieces, np.array(owner, dtype=np.int64), np.array(shift, dtype=np.int64)


def token_spans_many(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token starts and ends of every text (int32, each text's own offsets, texts one after
    the other) and the number of tokens of each text (int64): the same tokens as
    ``segment.token_spans(text)`` for each text."""
    out = scan(texts, paragraphs=False, token_bytes=False)
    return out.tok_start, out.tok_end, out.n_tok


def _groups(texts: list[str]):
    """``(i, j)``: consecutive groups of texts of about :data:`CHUNK` characters in all."""
    lengths = [len(t) for t in texts]
    i = 0
    while i < len(texts):
        j, size = i + 1, lengths[i]
        while j < len(texts) and size + lengths[j] < CHUNK:
            size += lengths[j] + 1
            j += 1
        yield i, j
        i = j


def _scan_group(texts: list[str], paragraphs: bool, token_bytes: bool) -> Scan:
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    offset = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=offset[1:])
    joined = _SEPARATOR.join(texts)
    if len(joined) >= 2**31:
        raise ValueError("a text of 2**31 characters or more cannot be tokenised here.")
    cp = _code_points(joined)
    starts, ends, bad_s, bad_e = _plain_tokens(cp, _www_periods(joined))
    if len(bad_s):
        starts, ends = _merge_regex_runs(joined, starts, ends, bad_s, bad_e)
    n_tok = _per_text(starts, offset)
    if paragraphs:
        p_s, p_e = _paragraphs(cp, starts, ends, offset)
        n_para = _per_text(p_s, offset)
        p_s, p_e = _relative(p_s, n_para, offset), _relative(p_e, n_para, offset)
    else:
        p_s = p_e = np.zeros(0, np.int32)
        n_para = np.zeros(len(texts), np.int64)
    data = tok_bytes = None
    if token_bytes:
        data, tok_bytes = _token_bytes(joined, cp, starts, ends)
    return Scan(_relative(starts, n_tok, offset), _relative(ends, n_tok, offset), n_tok,
                p_s, p_e, n_para, data, tok_bytes)


def _www_periods(text: str) -> np.ndarray:
    """The position of the period of every "www." in ``text``: a string search, cheaper than
    a comparison of every character with the period (one in twenty of them).

    Examples
    --------
    >>> _www_periods("see www.x.org or wwww.y").tolist()
    [7, 21]
    """
    found = []
    i = text.find("www.")
    while i >= 0:
        found.append(i + 3)
        i = text.find("www.", i + 1)
    return np.array(found, dtype=np.intp)


def _per_text(positions: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """How many of the (sorted) positions fall in each text."""
    bounds = np.searchsorted(positions, offset[:-1])
    return np.diff(np.append(bounds, len(positions))).astype(np.int64)


def _relative(positions: np.ndarray, counts: np.ndarray, offset: np.ndarray) -> np.ndarray:
    return (positions - np.repeat(offset[:-1], counts)).astype(np.int32)


# whitespace as str.isspace() sees it: ASCII bytes deleted at once, the rest cut out
_WS_ASCII = bytes(c for c in range(128) if chr(c).isspace())


def _token_bytes(joined: str, cp: np.ndarray, starts: np.ndarray, ends: np.ndarray):
    """The UTF-8 of the tokens one after the other (the text without its whitespace, since
    tokens hold every other character) and each token's length in bytes: its characters,
    plus the extra bytes (1 to 3) of each of its characters beyond U+007F."""
    if cp.dtype == np.uint8:  # ASCII: a byte per character
        return joined.encode("ascii").translate(None, _WS_ASCII), (ends - starts).astype(np.int32)
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:
        return None, None
    wide = np.flatnonzero(cp >= 0x80)
    wide_cp = cp[wide]
    extra = 1 + (wide_cp >= 0x800).astype(np.int64) + (wide_cp >= 0x10000)
    # U+3000: the one space above LIMIT
    spaces = (char_classes().take(wide_cp, mode="clip") == SPACE) | (wide_cp == 0x3000)
    stripped = _cut(data, wide, extra, spaces).translate(None, _WS_ASCII)
    # each character beyond U+007F that is not a space lies in the last token starting at or
    # before it: its extra bytes go to that token (a search per such character, not per token)
    inside = ~spaces
    owner = np.searchsorted(starts, wide[inside], side="right") - 1
    more = np.bincount(owner, weights=extra[inside], minlength=len(starts))
    lengths = (ends - starts + more.astype(np.int64)).astype(np.int32)
    if len(stripped) != int(lengths.sum()):  # cannot happen: keep the check as a guard
        raise AssertionError("token bytes do not add up to the text without whitespace")
    return stripped, lengths


def _cut(data: bytes, wide: np.ndarray, extra: np.ndarray, spaces: np.ndarray) -> bytes:
    """``data`` (UTF-8) without the characters beyond U+007F flagged by ``spaces``: ``wide``
    are the positions (in characters) of the characters beyond U+007F and ``extra`` their
    bytes beyond the first, so such a character starts at byte ``position + the extra bytes
    of those before it`` and takes ``1 + extra`` bytes. One copy, however many there are."""
    cut = np.flatnonzero(spaces)
    if not len(cut):
        return data
    before = np.cumsum(extra) - extra
    at = wide[cut] + before[cut]
    kept_from = np.concatenate([[0], at + 1 + extra[cut]]).tolist()
    kept_to = np.append(at, len(data)).tolist()
    view = memoryview(data)
    return b"".join([view[a:b] for a, b in zip(kept_from, kept_to, strict=True)])


def _merge_regex_runs(joined, starts, ends, bad_s, bad_e):
    """Cut the runs that are not plain with the token regex and put their tokens in place.

    Each run is cut in ``joined`` with the pattern :func:`discourse.text.segment._token_re`
    chooses for the run alone, which cuts the tokens that the pattern of its text does there:

    * the URL and e-mail branches match only text that holds "@", "://" or "www." (literally,
      inside the match, hence inside the run), so a run without one is cut alike by the full
      pattern and the plain one, whichever its text has;
    * the run ends before whitespace (``endpos``: what follows is out of sight, as in the
      text), and the pattern looks behind a run only for a letter and a period before it or
      for "in" or "ol" before an apostrophe, where the line break between two texts in
      ``joined`` decides as the start of the text does (no letter there, a word boundary).
    """
    token_re = segment._token_re
    spans = [m.span() for s, e in zip(bad_s.tolist(), bad_e.tolist(), strict=True)
             for m in token_re(joined, s, e).finditer(joined, s, e)]
    found = np.array(spans, dtype=np.int64).reshape(-1, 2)
    at = np.searchsorted(starts, found[:, 0])
    return np.insert(starts, at, found[:, 0]), np.insert(ends, at, found[:, 1])
