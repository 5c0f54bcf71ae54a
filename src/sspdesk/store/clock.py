"""Timestamps for records and logs: ISO 8601 in UTC, second precision (`sspdesk.domain.dates.utc_stamp`)."""

from __future__ import annotations

from sspdesk.domain.dates import utc_stamp


def utc_now() -> str:
    return utc_stamp()
