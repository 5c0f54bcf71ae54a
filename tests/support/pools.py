"""Thread pools for GUI tests that need to see a job while it is still running."""

from __future__ import annotations

from PySide6.QtCore import QRunnable


class HeldPool:
    """Keeps jobs until the test lets them run: a job that is still running when the user locks."""

    def __init__(self) -> None:
        self.jobs: list[QRunnable] = []

    def start(self, runnable: QRunnable) -> None:
        self.jobs.append(runnable)

    def waitForDone(self, msecs: int = -1) -> bool:
        self.run_all()
        return True

    def run_all(self) -> None:
        while self.jobs:
            self.jobs.pop(0).run()
