"""Damaging a closed vault file on purpose: one flipped byte in the page that holds a given table."""

from __future__ import annotations

from pathlib import Path

from sspdesk.store.connection import PAGE_SIZE, connect


def root_page(path: Path, passphrase: str, name: str) -> int:
    """The page number (1-based) of the root page of table or index `name` in a closed vault."""
    conn = connect(path, passphrase, read_only=True)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0])
    finally:
        conn.close()


def flip_page(path: Path, passphrase: str, name: str, at: int = 700) -> bytes:
    """Flip one bit inside the root page of `name` (SQLCipher's page HMAC then fails when that page is read);
    return the damaged file's bytes."""
    page = root_page(path, passphrase, name)
    data = bytearray(path.read_bytes())
    data[(page - 1) * PAGE_SIZE + at] ^= 0x20
    path.write_bytes(bytes(data))
    return bytes(data)
