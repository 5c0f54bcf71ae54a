"""Fixtures of the robustness tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from robustness import SRC
from support.forkserver import ForkServer, fork_server


@pytest.fixture(scope="module")
def children() -> Iterator[ForkServer]:
    """The kill tests' child processes, forked from one process that has imported the program once (see
    tests/support/forkserver.py): each child is still a process of its own that opens the vault and is killed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)}
    # zxcvbn: the passphrase rule of `passwd` imports it on first use (its word lists, ~0.05 s a child).
    with fork_server(["sspdesk.cli", "sspdesk.meetings", "sspdesk.store.vault", "zxcvbn"], env) as server:
        yield server
