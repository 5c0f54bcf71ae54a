"""Set the clock the services stamp records with (created_at, updated_at, and a meeting's "today"), for tests of
rules that count from when something happened (the 12 months without activity of `sspdesk.inactivity`)."""

from __future__ import annotations

from datetime import date

import pytest

from sspdesk import case_events, dispositions, meetings
from sspdesk.store import cases_repo, records, underretning_repo


def set_day(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """From now on the services stamp their records at noon (UTC) on `day`."""
    stamp = f"{day.isoformat()}T12:00:00Z"
    for module in (records, cases_repo, case_events, dispositions, underretning_repo):
        monkeypatch.setattr(module, "utc_now", lambda stamp=stamp: stamp)

    class Today(date):  # a meeting's agenda marks "Sagsmøde indkaldt" done on the day
        @classmethod
        def today(cls) -> date:
            return day

    monkeypatch.setattr(meetings, "date", Today)
