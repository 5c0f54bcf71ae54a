"""Version vectors: which of two versions of a synced record knows more.

A vector maps device id -> how many edits that device has made to the record. Merging compares vectors,
never wall-clock timestamps, because laptop clocks differ.
"""

from __future__ import annotations

import json
from enum import StrEnum

VersionVector = dict[str, int]


class Order(StrEnum):
    EQUAL = "equal"
    NEWER = "newer"  # a has seen everything b has, and more
    OLDER = "older"  # b has seen everything a has, and more
    CONCURRENT = "concurrent"  # each has edits the other has not seen


def compare(a: VersionVector, b: VersionVector) -> Order:
    devices = a.keys() | b.keys()
    a_ahead = any(a.get(d, 0) > b.get(d, 0) for d in devices)
    b_ahead = any(b.get(d, 0) > a.get(d, 0) for d in devices)
    if a_ahead and b_ahead:
        return Order.CONCURRENT
    if a_ahead:
        return Order.NEWER
    if b_ahead:
        return Order.OLDER
    return Order.EQUAL


def merged(a: VersionVector, b: VersionVector) -> VersionVector:
    """The least vector that dominates both: what a record knows after a conflict is resolved."""
    return {d: max(a.get(d, 0), b.get(d, 0)) for d in sorted(a.keys() | b.keys())}


def bumped(vv: VersionVector, device_id: str) -> VersionVector:
    result = dict(vv)
    result[device_id] = result.get(device_id, 0) + 1
    return result


def dumps(vv: VersionVector) -> str:
    return json.dumps(vv, sort_keys=True, separators=(",", ":"))


def loads(text: str) -> VersionVector:
    value = json.loads(text)
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in value.items()
    ):
        raise ValueError("not a version vector")
    return value
