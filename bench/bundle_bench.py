"""Bundle export + import of N records (X25519), against age-encrypting and decrypting the same JSON with pyrage.

The app's figure is the whole user action on both laptops: select, sign, encrypt and write the bundle
(`export_bundle`), then read, decrypt, verify, validate, back up and merge it into an empty vault
(`import_bundle`). The baseline is only the age layer of that: `pyrage.encrypt` + `pyrage.decrypt` of the very
plaintext the export signs, in memory. Each repetition imports into a fresh vault (made outside the timing).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pyrage

from bench.generate import PASSPHRASE, generate
from sspdesk.bundles.disclosure import Confirmation
from sspdesk.bundles.export import Selection, build_container, export_bundle, select_rows
from sspdesk.bundles.importer import import_bundle
from sspdesk.domain.disclosure import Recipient
from sspdesk.store.vault import Vault

RECORDS_PER_CASE = 5  # the case, three section entries, one deadline


def run(records: int = 10_000, repeat: int = 5) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sender = generate(folder / "sender.sspvault", records // RECORDS_PER_CASE, sections_per_case=3)
        receivers = []
        export_ms, import_ms, total_ms, bundle_bytes = [], [], [], 0
        for n in range(repeat + 1):  # the first round warms caches and is not counted
            receiver = Vault.create(folder / f"receiver{n}.sspvault", PASSPHRASE, settings={"user_name": "Modtager"})
            receivers.append(receiver)
            out = folder / f"bundle{n}.sspbundle"
            started = time.perf_counter()
            export_bundle(  # to a colleague (an SSP consultant), necessity confirmed: the sager go on § 115
                sender,
                out,
                Selection(all_records=True),
                recipients=[receiver.identity.recipient],
                recipient=Recipient("Modtager", "SSP Albertslund", "ssp"),
                confirmation=Confirmation.everything(),
            )
            exported = time.perf_counter()
            report = import_bundle(receiver, out.read_bytes(), trust_new_sender=True)
            imported = time.perf_counter()
            if report.added < records:  # plus the exchanges recorded for the sager
                raise RuntimeError(f"bundle bench: {report.added} of {records} records imported")
            bundle_bytes = out.stat().st_size
            if n:
                export_ms.append((exported - started) * 1000)
                import_ms.append((imported - exported) * 1000)
                total_ms.append((imported - started) * 1000)
            receiver.close()

        picked = select_rows(sender, Selection(all_records=True))
        _, plaintext = build_container(sender, picked.contents, picked.rows)
        identity = pyrage.x25519.Identity.generate()
        encrypt_ms, decrypt_ms, both_ms = [], [], []
        for n in range(repeat + 1):
            started = time.perf_counter()
            sealed = pyrage.encrypt(plaintext, [identity.to_public()])
            encrypted = time.perf_counter()
            if pyrage.decrypt(sealed, [identity]) != plaintext:
                raise RuntimeError("bundle bench: age round trip differs")
            decrypted = time.perf_counter()
            if n:
                encrypt_ms.append((encrypted - started) * 1000)
                decrypt_ms.append((decrypted - encrypted) * 1000)
                both_ms.append((decrypted - started) * 1000)
        sender.close()

    def figure(app: list[float], base: list[float]) -> dict[str, float]:
        app_median, base_median = statistics.median(app), statistics.median(base)
        return {"ms": app_median, "baseline_ms": base_median, "ratio": app_median / max(base_median, 1e-6)}

    return {
        "bundle export + import": figure(total_ms, both_ms),
        "bundle export": figure(export_ms, encrypt_ms),
        "bundle import": figure(import_ms, decrypt_ms),
        "_bundle": {"bytes": float(bundle_bytes), "plaintext_bytes": float(len(plaintext))},
    }


if __name__ == "__main__":
    import sys

    for key, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000, repeat=3).items():
        print(key, {k: round(v, 2) for k, v in value.items()})
