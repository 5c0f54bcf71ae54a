"""The import side of the one validator: every record a bundle brings obeys the limits the services obey.

`check_record` walks one record as it arrived (before its base64 values are decoded) and applies
`sspdesk.domain.limits` – the same table `store.records.put` applies to every local edit: text lengths, numbers in
their format (never a path), no control or bidi characters, JSON columns within size and depth, integers that
fit SQLite. A scan is judged from its base64 text: over 20 MB, or not starting with a real PDF/PNG/JPEG signature
(or not the type it claims), it is refused before the value is decoded. `importer.validate_versions` calls this
for every record and turns an `Invalid` into `InvalidRecord` naming the record and the field.
"""

from __future__ import annotations

from sspdesk.bundles.format import BytesValue, RecordVersion, b64decode
from sspdesk.domain import limits
from sspdesk.domain.errors import Invalid

_MIME_LABELS = {"application/pdf": "en PDF", "image/png": "et PNG-billede", "image/jpeg": "et JPEG-billede"}


def decoded_size(b64: str) -> int:
    """The number of bytes a (valid, padded) base64 text decodes to – without decoding it."""
    return len(b64) // 4 * 3 - b64[-2:].count("=")


def _head(b64: str, chars: int = 16) -> bytes:
    """The first bytes of a base64 value (12 for 16 characters): enough for a file signature."""
    piece = b64[: min(chars, len(b64) - len(b64) % 4)]
    try:
        return b64decode(piece)
    except ValueError:
        return b""


def check_scan(record: RecordVersion) -> None:
    """A consent scan: at most MAX_SCAN_BYTES, a real PDF/PNG/JPEG signature, and the type it claims."""
    value = record.data.get("data")
    if not isinstance(value, BytesValue):
        return  # a missing or non-BLOB value is the schema check's to refuse
    size = decoded_size(value.b64)
    if size > limits.MAX_SCAN_BYTES:
        raise Invalid(
            f"den scannede fil er for stor: {size / 1024**2:.0f} MB (højst {limits.MAX_SCAN_BYTES // 1024**2} MB).",
            "data",
        )
    if size == 0:
        return  # an emptied scan (erasure) carries no file to judge
    try:
        mime = limits.scan_type(_head(value.b64))
    except Invalid as exc:  # not a PDF, PNG or JPEG
        raise Invalid(exc.message, "data") from None
    claimed = record.data.get("mime")
    if claimed != mime:
        raise Invalid(
            f"den scannede fil siger, den er «{limits.printable(str(claimed))[:40]}», men indholdet er "
            f"{_MIME_LABELS[mime]}.",
            "mime",
        )


def check_record(record: RecordVersion) -> None:
    """Every value of one incoming record within the limits of the service layer; Invalid naming the field."""
    if record.table == "consent_scans":
        check_scan(record)
    for column, value in record.data.items():
        if isinstance(value, BytesValue):
            if decoded_size(value.b64) > limits.MAX_SCAN_BYTES:
                raise Invalid(f"«{column}» er for stor (højst {limits.MAX_SCAN_BYTES // 1024**2} MB).", column)
        else:
            limits.check_value(record.table, column, value)
    # A case number's prefix against its kind is judged after the kind itself (importer._check_case), so a
    # relabelled case is refused for what it is: a sag turned into a journal.


def describe(error: Invalid) -> str:
    """The reason for an InvalidRecord: the limit's Danish message, and the column it concerns."""
    message = error.message.rstrip(".")
    return (
        f"{message} (feltet «{error.field}»)." if error.field and f"«{error.field}»" not in message else message + "."
    )
