"""Reading the decrypted container as a stream: its small members whole, the payload's records one at a time.

The container is one JSON object (`format`): {"manifest": {...}, "payload": {"records": [...]}, "signature": {...}},
its members in any order. `members` walks it over plaintext chunks and yields ("member", key, value) for the
manifest, the signature and any other member, and ("record", "", value) for each record in turn – so no more
than one record (and one chunk) is in memory at a time, whatever the bundle holds.

Each value is cut out of the stream by a scanner that knows only JSON's strings and brackets, then parsed by
`format.parse_json` – the strict parse every bundle gets (UTF-8, no duplicate keys, no NaN, bounded nesting). The
payload must be exactly {"records": [...]}; a member named twice, a value larger than MAX_VALUE_BYTES (a 20 MB scan
is 27 MB of base64) or anything after the object is not a bundle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sspdesk.bundles import InvalidBundle
from sspdesk.bundles.format import MAX_JSON_DEPTH, TooDeep, parse_json

MAX_VALUE_BYTES = 48 * 1024**2
RECORD_DEPTH = 3  # container > payload > records > record
# Consumed plaintext is let go once there is this much of it (and it is more than half the buffer, so each byte is
# moved a bounded number of times): about one age chunk, so the buffer holds a chunk or two and the current record.
RELEASE_BYTES = 64 * 1024

NOT_JSON = "Pakkens indhold er ikke gyldig JSON."
_WS = re.compile(rb"[ \t\n\r]*")
# A whole string, or a lone quote (a string not yet complete in the buffer), or a bracket.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|"|[\[\]{}]', re.S)
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(rb"[^,\]}\s]+")


def too_deep() -> InvalidBundle:
    return InvalidBundle(
        f"Pakkens indhold er indlejret for dybt (mere end {MAX_JSON_DEPTH} niveauer). Pakken er afvist."
    )


class _Buffer:
    """The plaintext read so far that is not yet consumed, refilled from the chunks on demand."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.data = bytearray()
        self.pos = 0
        self.ended = False

    def more(self, at_least: int = 1) -> bool:
        """Read on until `at_least` more bytes are buffered (False: the plaintext has ended)."""
        wanted = len(self.data) + at_least
        while len(self.data) < wanted:
            chunk = next(self.chunks, None)
            if chunk is None:
                self.ended = True
                return False
            self.data += chunk
        return True

    def skip_ws(self) -> None:
        while True:
            match = _WS.match(self.data, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.data) or not self.more():
                return

    def peek(self) -> int:
        self.skip_ws()
        if self.pos >= len(self.data):
            raise InvalidBundle(NOT_JSON)
        return self.data[self.pos]

    def expect(self, char: bytes) -> None:
        if self.peek() != char[0]:
            raise InvalidBundle(NOT_JSON)
        self.pos += 1

    def value_bytes(self) -> bytes:
        """The next JSON value's bytes (validated later by the parser), consumed from the buffer."""
        first = self.peek()
        if self.pos > RELEASE_BYTES and self.pos > len(self.data) // 2:  # let go of what was consumed (between values)
            del self.data[: self.pos]
            self.pos = 0
        start = self.pos
        if first == ord('"'):
            end = self._scan(start, _STRING, string=True)
        elif first in b"[{":
            end = self._scan(start, _TOKEN, string=False)
        else:
            end = self._scalar(start)
        self.pos = end
        return bytes(self.data[start:end])

    def _grow(self, start: int, scanned: int) -> None:
        """Read on, at least doubling what is not yet scanned, so a long value is scanned a bounded number of times."""
        if len(self.data) - start > MAX_VALUE_BYTES:
            raise InvalidBundle("En post i pakken er for stor. Pakken er afvist.")
        self.more(max(len(self.data) - scanned, 64 * 1024))

    def _scan(self, start: int, token: re.Pattern[bytes], *, string: bool) -> int:
        scanned, depth = start, 0
        while True:
            if string:
                match = token.match(self.data, start)
                if match:
                    return match.end()
            else:
                for match in token.finditer(self.data, scanned):
                    text = match.group()
                    if text == b'"':  # a string that continues past the buffer
                        scanned = match.start()
                        break
                    scanned = match.end()
                    if text in (b"[", b"{"):
                        depth += 1
                        if depth > MAX_JSON_DEPTH:
                            raise too_deep()
                    elif text in (b"]", b"}"):
                        depth -= 1
                        if depth == 0:
                            return scanned
                else:
                    scanned = len(self.data)
            before = len(self.data)
            self._grow(start, scanned)
            if len(self.data) == before:  # the plaintext ended inside the value
                raise InvalidBundle(NOT_JSON)

    def _scalar(self, start: int) -> int:
        while True:
            match = _SCALAR.match(self.data, start)
            if match is None:
                raise InvalidBundle(NOT_JSON)
            if match.end() < len(self.data) or not self.more():
                return match.end()


def _parse(raw: bytes, depth: int) -> Any:
    try:
        return parse_json(raw, max_depth=depth)
    except TooDeep:
        raise too_deep() from None
    except (UnicodeDecodeError, ValueError):
        raise InvalidBundle(NOT_JSON) from None


def _key(buffer: _Buffer) -> str:
    raw = buffer.value_bytes()
    if not raw.startswith(b'"'):
        raise InvalidBundle(NOT_JSON)
    key = _parse(raw, 1)
    buffer.expect(b":")
    return str(key)


def _records(buffer: _Buffer) -> Iterator[tuple[str, str, Any]]:
    """The payload's value: exactly {"records": [...]}, each record yielded as it is read."""
    if buffer.peek() != ord("{"):
        raise InvalidBundle("Pakken mangler manifest, indhold eller underskrift.")
    buffer.expect(b"{")
    if buffer.peek() == ord("}") or _key(buffer) != "records" or buffer.peek() != ord("["):
        raise InvalidBundle("Pakkens indhold skal være netop en liste af poster («records»).")
    buffer.expect(b"[")
    if buffer.peek() == ord("]"):
        buffer.pos += 1
    else:
        while True:
            yield "record", "", _parse(buffer.value_bytes(), MAX_JSON_DEPTH - RECORD_DEPTH)
            if buffer.peek() == ord(","):
                buffer.pos += 1
                continue
            buffer.expect(b"]")
            break
    if buffer.peek() != ord("}"):
        raise InvalidBundle("Pakkens indhold skal være netop en liste af poster («records»).")
    buffer.pos += 1


def members(chunks: Iterator[bytes]) -> Iterator[tuple[str, str, Any]]:
    """("member", key, value) for each member but the payload; for the payload ("payload", "payload", None), then
    ("record", "", value) for each record – in the order of the container."""
    buffer = _Buffer(iter(chunks))
    buffer.expect(b"{")
    seen: set[str] = set()
    if buffer.peek() == ord("}"):
        buffer.pos += 1
    else:
        while True:
            key = _key(buffer)
            if key in seen:
                raise InvalidBundle(NOT_JSON)  # a duplicate key, as the strict parser refuses it
            seen.add(key)
            if key == "payload":
                yield "payload", key, None
                yield from _records(buffer)
            else:
                yield "member", key, _parse(buffer.value_bytes(), MAX_JSON_DEPTH - 1)
            if buffer.peek() == ord(","):
                buffer.pos += 1
                continue
            buffer.expect(b"}")
            break
    buffer.skip_ws()
    if buffer.pos < len(buffer.data):
        raise InvalidBundle(NOT_JSON)
