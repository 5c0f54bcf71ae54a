"""Peak memory of a bundle import (issue 20 item 3): 10,000 and 100,000 records, target ≤ 150 MB.

A generated sender vault (cases with three section entries and a deadline each, as bundle_bench) exports every
record to a fresh, empty receiver vault (X25519, as colleagues send each other). A child process then opens the
receiver and imports the file the way the CLI does (`importer.import_file`: read, decrypt, verify, validate, back
up, merge in one transaction), and reports its peak resident set size. The baseline is the same child opening the
vault and importing nothing: the interpreter, our modules and an open vault – the floor no import goes below.

The peak is the child's `VmHWM` (memory_bench.PEAK explains why not `ru_maxrss` on Linux). Run alone:
`python -m bench.import_bench [records …]`; `./dev bench` runs it with the other figures and writes its own
section of RESULTS.md (`markdown`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.memory_bench import PEAK

TARGET_MB = 150.0
SIZES = (10_000, 100_000)
RECORDS_PER_CASE = 5  # the case, three section entries, one deadline
HEADING = "## Import peak memory (issue 20 item 3)"

CHILD = (
    PEAK
    + r"""
import time
from pathlib import Path
from sspdesk.bundles.importer import import_file
from sspdesk.store.vault import Vault

vault = Vault.open(Path(sys.argv[1]), sys.argv[2])
added, started = 0, time.perf_counter()
if sys.argv[3] != "-":
    added = import_file(vault, Path(sys.argv[3]), trust_new_sender=True).added
seconds = time.perf_counter() - started
vault.close()
print(peak_kb(), added, seconds)
"""
)


def _child(vault: Path, passphrase: str, bundle: Path | None) -> tuple[float, int, float]:
    """(peak MB, records added, import seconds) as the child reports them."""
    args = [sys.executable, "-c", CHILD, str(vault), passphrase, str(bundle) if bundle else "-"]
    done = subprocess.run(args, env=dict(os.environ), capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"import bench child failed: {done.stderr[-1500:]}")
    kilobytes, added, seconds = done.stdout.split()[-3:]
    return int(kilobytes) / 1024, int(added), float(seconds)


def run(sizes: tuple[int, ...] = SIZES, repeat: int = 1) -> list[dict[str, float]]:
    """One row per size: the median peak of `repeat` imports, each into a fresh empty vault."""
    from bench.generate import PASSPHRASE, generate
    from sspdesk.bundles.disclosure import Confirmation
    from sspdesk.bundles.export import Selection, export_bundle
    from sspdesk.domain.disclosure import Recipient
    from sspdesk.store.vault import Vault

    rows = []
    for records in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            started = time.perf_counter()
            sender = generate(folder / "sender.sspvault", records // RECORDS_PER_CASE, sections_per_case=3)
            generated = time.perf_counter() - started
            peaks, floors, seconds, size, added = [], [], [], 0, 0
            for n in range(repeat):
                path = folder / f"receiver{n}.sspvault"
                receiver = Vault.create(path, PASSPHRASE, settings={"user_name": "Modtager"})
                out = folder / f"bundle{n}.sspbundle"
                export_bundle(  # a colleague named as the recipient, so the DKE-Sager travel (§ 115)
                    sender,
                    out,
                    Selection(all_records=True),
                    recipients=[receiver.identity.recipient],
                    recipient=Recipient("Modtager", "SSP Albertslund", "ssp"),
                    confirmation=Confirmation.everything(),
                )
                receiver.close()
                size = out.stat().st_size
                floors.append(_child(path, PASSPHRASE, None)[0])
                peak, added, took = _child(path, PASSPHRASE, out)
                if added < records:  # and an exchange record per DKE-Sag sent (issue 15)
                    raise RuntimeError(f"import bench: {added} of {records} records imported")
                peaks.append(peak)
                seconds.append(took)
                out.unlink()
            sender.close()
        rows.append(
            {
                "records": float(records),
                "imported": float(added),
                "mb": statistics.median(peaks),
                "baseline_mb": statistics.median(floors),
                "seconds": statistics.median(seconds),
                "bundle_mb": size / 1e6,
                "generated_s": generated,
            }
        )
    return rows


def markdown(rows: list[dict[str, float]], when: str, before: dict[int, float] | None = None) -> list[str]:
    """The self-contained RESULTS.md section (`before`: peaks measured on the code before, by record count)."""
    lines = [
        HEADING,
        "",
        f"Run: {when}. Peak RSS (`VmHWM`) of a child process that opens an empty vault and imports a bundle of every "
        "record of a generated vault (cases with three section entries and a deadline each, X25519) with "
        "`import_file`, as the CLI does; the baseline is the same child opening the vault and importing nothing. "
        "Records: the generated ones (in brackets all the bundle brings: also an exchange record per DKE-Sag sent).",
        "",
        "| records | bundle | import time | peak memory | baseline | import above baseline | target | met |",
        "|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        met = "yes" if row["mb"] <= TARGET_MB else "**no**"
        lines.append(
            f"| {int(row['records']):,} ({int(row['imported']):,}) | {row['bundle_mb']:.1f} MB | "
            f"{row['seconds']:.1f} s | {row['mb']:.0f} MB | "
            f"{row['baseline_mb']:.0f} MB | {row['mb'] - row['baseline_mb']:.0f} MB | ≤ {TARGET_MB:.0f} MB | {met} |"
        )
    if before:
        lines += [
            "",
            "Before (the whole bundle decrypted, parsed and validated in memory): "
            + ", ".join(f"{n:,} records {mb:.0f} MB" for n, mb in sorted(before.items()))
            + ".",
        ]
    return [*lines, ""]


def previous_section(text: str) -> list[str]:
    """This section of an earlier RESULTS.md (up to the next `## ` heading), to keep it when not run again."""
    start = text.find(HEADING)
    if start < 0:
        return []
    end = text.find("\n## ", start + len(HEADING))
    section = text[start:] if end < 0 else text[start : end + 1]
    return [*section.rstrip("\n").splitlines(), ""]


def write_section(results: Path, section: list[str]) -> None:
    """Put this section into RESULTS.md, replacing an earlier one and leaving every other section as it is."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    start = text.find(HEADING)
    block = "\n".join(section).rstrip("\n") + "\n"
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + block
    else:
        end = text.find("\n## ", start + len(HEADING))
        text = text[:start] + block + ("" if end < 0 else text[end + 1 :])
    results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    import argparse
    from datetime import datetime

    parser = argparse.ArgumentParser(prog="python -m bench.import_bench")
    parser.add_argument("records", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="write the section into bench/RESULTS.md")
    parser.add_argument("--before", default="", help="earlier peaks to state, e.g. 10000=180,100000=470")
    args = parser.parse_args()
    measured = run(tuple(args.records), repeat=args.repeat)
    earlier = {int(k): float(v) for k, v in (p.split("=") for p in args.before.split(",") if p)}
    text = markdown(measured, f"{datetime.now():%Y-%m-%d %H:%M}", earlier or None)
    if args.write:
        write_section(Path(__file__).with_name("RESULTS.md"), text)
    print("\n".join(text))
