"""The row ids of the full-text index follow the case list's order, so a search's first page needs no sort.

FTS5 hands out its hits in rowid order and can walk them backwards (`ORDER BY rowid DESC`) and stop after a page
(`LIMIT`): with rowids that grow with the registration date, then the case number, the newest hits come first and
the first page of a search reads about a page of hits however many cases match – instead of fetching and sorting
every hit (which grew as cases^1.3). The rowid is

    (julian day of `registered`) · 2^41  +  (S before J) · 2^40  +  (number's year) · 2^28  +  counter · 2^8  +  k

where k (0–255) keeps two cases with the same date and the same number apart (numbers are allocated per vault, so a
colleague's case can carry ours). A number that is not «X-YYYY-NNNN» sorts as 0 within its day. It fits in 63 bits.
Migration 0018 computes the same key in SQL to re-key an existing index (plain SQL: any connection can migrate);
tests/test_case_pages.py holds the two together.
"""

from __future__ import annotations

import re
from datetime import date

_NUMBER = re.compile(r"([A-Z])-([0-9]{4})-([0-9]{1,7})")  # 0018: GLOB, digits only, at most 14 characters
DUPLICATES = 256  # values of k
_EPOCH_JULIAN = 1_721_425  # julian day number of 0001-01-01 minus one: date.toordinal() + this = julian day


def search_key(registered: str | None, number: str | None) -> int:
    """The rowid of a case's search row with k = 0 (the caller adds k when that rowid is taken)."""
    try:
        day = date.fromisoformat((registered or "")[:10]).toordinal() + _EPOCH_JULIAN
    except ValueError:
        day = 0
    day = min(day, (1 << 22) - 1)  # beyond the year 6700: keeps the key within 63 bits
    rank = 0
    match = _NUMBER.fullmatch(number or "")
    if match:
        prefix, year, counter = match.groups()
        rank = ((1 if prefix == "S" else 0) << 32) | (int(year) << 20) | min(int(counter), (1 << 20) - 1)
    return ((day << 33) | rank) * DUPLICATES
