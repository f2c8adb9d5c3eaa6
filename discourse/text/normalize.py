"""The ``norm`` column: how a token's surface form is folded before counting.

``norm`` is the token text

1. without the invisible characters that may sit inside a word (soft hyphen U+00AD, zero-width
   joiner, word joiner U+2060, U+FEFF, bidirectional marks and controls; see
   :data:`discourse.text.segment.INVISIBLE`) when the token has a letter or digit (an emoji
   sequence keeps its joiner, a token of only invisible characters stays as it is);
2. with typographic quotes and apostrophes folded to their ASCII forms, so that ``Putin’s`` and
   ``Putin's`` count as one term;
3. casefolded (:meth:`str.casefold`, Unicode's full case folding);
4. in Unicode normalization form NFKC: a word typed with a precomposed "é" and one typed as
   "e" + U+0301 (web pages mix both) are one term, and so are the ligatures and full-width
   forms of PDFs and East Asian text ("ﬁnal" and "final", "ＡＢＣ" and "abc").

Nothing else changes: no stemming, no accent stripping. The token's ``text`` is never changed.
"""

from __future__ import annotations

import re
import unicodedata

# Curly and other typographic quotes -> ASCII. Also used on lexicon entries, so that a
# lexicon written with straight quotes matches text written with curly ones.
QUOTE_MAP = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime
        "\u02bc": "'",  # modifier letter apostrophe
        "\uff07": "'",  # fullwidth apostrophe
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2033": '"',  # double prime
        "\uff02": '"',  # fullwidth quotation mark
    }
)


# the characters of discourse.text.segment.INVISIBLE (kept here: normalize does not import segment)
_INVISIBLE = re.compile("[\u00ad\u061c\u200d-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def normalize(text: str) -> str:
    """Return the ``norm`` of a token: without invisible joiners, curly quotes folded to
    straight ones, casefolded, NFKC (see the module docstring).

    Examples
    --------
    >>> normalize("Putin’s")
    "putin's"
    >>> normalize("“Root”")
    '"root"'
    >>> normalize("co\u00adoperation") == normalize("Cooperation") == "cooperation"
    True
    >>> normalize("Cafe\u0301") == normalize("café") == "caf\u00e9"
    True
    """
    if not text.isascii():
        visible = _INVISIBLE.sub("", text)
        if visible != text and any(ch.isalnum() for ch in visible):  # not an emoji's joiner
            text = visible
        text = unicodedata.normalize("NFKC", text)
        return unicodedata.normalize("NFKC", text.translate(QUOTE_MAP).casefold())
    return text.translate(QUOTE_MAP).casefold()
