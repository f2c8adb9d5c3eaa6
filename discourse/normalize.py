"""The ``norm`` column: how a token's surface form is folded before counting.

``norm`` is the token text casefolded (:meth:`str.casefold`, Unicode's full case folding), with
typographic quotes and apostrophes folded to their ASCII forms, so that ``Putin’s`` and
``Putin's`` count as one term. Nothing else changes: no stemming, no accent stripping.
"""

from __future__ import annotations

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


def normalize(text: str) -> str:
    """Return the ``norm`` of a token: casefolded, curly quotes folded to straight ones.

    Examples
    --------
    >>> normalize("Putin’s")
    "putin's"
    >>> normalize("“Root”")
    '"root"'
    """
    return text.translate(QUOTE_MAP).casefold()
