"""Hypothesis strategies for CPR numbers in every spelling people and programs produce (issue 16, all fictional).

`cpr_spellings()` draws a date and serial number and spells it: with or without separators (hyphen, dot, slash,
space – the same one between the date parts, or the Danish 12/03-05), a two- or four-digit year, every hyphen and
space possibly a Unicode look-alike (non-breaking space, en dash, minus sign ...), digits possibly full-width, and
zero-width characters (or a soft hyphen) between any two characters. `embedded_cpr()` puts one in random text
with a boundary that keeps it a number of its own, and returns (text, start, end) of the number.

Used by tests/test_journal_rule.py (predicate and service) and by the import tests (bundles).
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

HYPHENS = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d"]
SPACES = [" ", "\u00a0", "\u2002", "\u2003", "\u2007", "\u2009", "\u200a", "\u202f", "\u3000"]
DOTS = [".", "\uff0e"]
SLASHES = ["/", "\uff0f"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
_LOOKS = {"-": HYPHENS, " ": SPACES, ".": DOTS, "/": SLASHES}

# Text around the number may be anything; the character touching it must not be a digit (else it is a longer
# number) and not a separator (else it could be read as part of a longer spelling).
JOINERS = st.sampled_from([*"abxæøå(),;:!?", "\n", "CPR: ", "nr.", "cpr-nr. ", "Personnummer "])


@st.composite
def _look(draw: st.DrawFn, char: str) -> str:
    if char.isdigit():
        return draw(st.sampled_from([char, chr(0xFF10 + int(char))]))
    return draw(st.sampled_from(_LOOKS.get(char, [char])))


@st.composite
def plain_cpr(draw: st.DrawFn) -> str:
    """The ASCII spelling, before look-alikes and zero-width characters."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    serial = f"{draw(st.integers(min_value=0, max_value=9999)):04d}"
    d, m = f"{born.day:02d}", f"{born.month:02d}"
    if draw(st.booleans()):  # the common two-digit year
        y = f"{born.year % 100:02d}"
        first, second = draw(st.sampled_from([("", ""), ("-", "-"), (".", "."), ("/", "/"), (" ", " "), ("/", "-")]))
        serial_sep = draw(st.sampled_from(["", "-", ".", " ", "/", " - "]))
    else:  # a full birth date and the serial number: 12.03.2005-1234
        y = f"{born.year}"
        first, second = draw(st.sampled_from([("", ""), ("-", "-"), (".", "."), ("/", "/"), (" ", " ")]))
        serial_sep = draw(st.sampled_from(["-", " - "]))
    return f"{d}{first}{m}{second}{y}{serial_sep}{serial}"


@st.composite
def cpr_spellings(draw: st.DrawFn) -> str:
    plain = draw(plain_cpr())
    chars = [draw(_look(ch)) for ch in plain]
    spelled = chars[0]
    for ch in chars[1:]:
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            spelled += draw(st.sampled_from(ZERO_WIDTH))
        spelled += ch
    return spelled


@st.composite
def embedded_cpr(draw: st.DrawFn, max_size: int = 30) -> tuple[str, int, int]:
    before, after = draw(st.text(max_size=max_size)), draw(st.text(max_size=max_size))
    left, right, cpr = draw(JOINERS), draw(JOINERS), draw(cpr_spellings())
    start = len(before) + len(left)
    return before + left + cpr + right + after, start, start + len(cpr)
