"""CLI commands for the vault itself: init, demo, keys show, backup, check, restore, passwd.

Opening a vault is constant time: no command reads every page, so each stays fast on a large vault. The full check
(every page's HMAC and SQLite's structure) runs in `check` and `backup` only. `check` is what a scheduled task runs
(daily, say): exit 0 healthy, 1 damaged – with the backups that open – so the GUI's background check after each
unlock is not the only one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sspdesk.cli.common import (
    EXIT_FAILURE,
    EXIT_USAGE,
    CliError,
    emit,
    opened_vault,
    prompt_secret,
    read_passphrase,
    read_secret_file,
    vault_path,
)
from sspdesk.demo.data import create_demo_vault
from sspdesk.demo.vault import DEMO_PASSPHRASE
from sspdesk.domain.dates import stamp_text
from sspdesk.store.errors import VaultDamaged
from sspdesk.vaults import (
    backup_now,
    change_passphrase,
    check_vault,
    create_vault,
    key_info,
    list_vault_backups,
    restore_from_backup,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="opret en ny, tom datafil")
    p.add_argument("--user", default="", help="dit navn (til logning)")
    p.add_argument("--municipality", default="", help="kommunens navn")
    p.add_argument("--profile", default="albertslund", help="klassifikationsmodel (albertslund, koebenhavn)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="opret en datafil med fiktive demodata")
    p.set_defaults(func=cmd_demo)

    keys = sub.add_parser("keys", help="vis datafilens nøgler").add_subparsers(dest="keys_cmd", required=True)
    keys.add_parser("show", help="enheds-id, age-modtagernøgle og fingeraftryk").set_defaults(func=cmd_keys_show)

    p = sub.add_parser("backup", help="tag en krypteret sikkerhedskopi nu")
    p.add_argument("--list", action="store_true", help="vis sikkerhedskopierne i stedet")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "check",
        help="kontrollér hele datafilen (alle sider); exit 0 ok, 1 beskadiget – til en planlagt opgave",
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("restore", help="erstat datafilen med en sikkerhedskopi")
    p.add_argument("backup_file", help="sikkerhedskopien (.sspbackup)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("passwd", help="skift adgangskode")
    p.add_argument("--new-passphrase-file", help="fil med den nye adgangskode (ellers SSPDESK_NEW_PASSPHRASE)")
    p.set_defaults(func=cmd_passwd)


def cmd_init(args: argparse.Namespace) -> int:
    path = vault_path(args)
    passphrase = read_passphrase(args, confirm=True, prompt="Ny adgangskode: ")
    vault = create_vault(path, passphrase, user_name=args.user, municipality=args.municipality, profile=args.profile)
    info = key_info(vault)
    vault.close()
    emit(args, {"path": str(path), "device_id": info.device_id}, f"Datafil oprettet: {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    path = vault_path(args)
    given = os.environ.get("SSPDESK_PASSPHRASE") is not None or args.passphrase_file
    passphrase = read_passphrase(args) if given else DEMO_PASSPHRASE
    create_demo_vault(path, passphrase).close()
    shown = "(din egen)" if given else passphrase
    emit(args, {"path": str(path)}, f"Demodatafil oprettet: {path}\nAdgangskode: {shown}")
    return 0


def cmd_keys_show(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        info = key_info(vault)
    data = {"device_id": info.device_id, "recipient": info.recipient, "fingerprint": info.fingerprint}
    emit(
        args,
        data,
        lambda d: "\n".join(
            [
                f"Enheds-id:      {d['device_id']}",
                f"Modtagernøgle:  {d['recipient']}",
                f"Fingeraftryk:   {d['fingerprint']}",
            ]
        ),
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        if args.list:
            found = list_vault_backups(vault.path, vault.backup_folder())
            rows = [{"id": p.name, "path": str(p), "bytes": p.stat().st_size} for p in found]
            emit(args, rows, lambda r: "\n".join(x["path"] for x in r) or "Ingen sikkerhedskopier.")
            return 0
        path = backup_now(vault)
    emit(args, {"id": path.name, "path": str(path)}, f"Sikkerhedskopi skrevet: {path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    try:
        with opened_vault(args) as vault:
            result = check_vault(vault)
    except VaultDamaged as damaged:
        backups = [str(path) for path in damaged.backups]
        if args.json:
            emit(args, {"healthy": False, "message": damaged.message, "backups": backups}, "")
        else:
            lines = [f"sspdesk-cli: {damaged.message}"]
            lines += (
                ["Sikkerhedskopier, der kan åbnes (nyeste først):", *backups]
                if backups
                else ["Ingen sikkerhedskopi åbner med adgangskoden."]
            )
            if backups:
                lines.append("Gendan med: sspdesk-cli restore <sikkerhedskopi>")
            print("\n".join(lines), file=sys.stderr)
        return EXIT_FAILURE
    emit(
        args,
        {"healthy": True, "checked_at": result.checked_at},
        f"Datafilen er kontrolleret ({stamp_text(result.checked_at)}): ingen fejl.",
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    backup = Path(args.backup_file)
    if not backup.is_file():
        raise CliError(f"Sikkerhedskopien findes ikke: {backup}", EXIT_USAGE)
    kept = restore_from_backup(vault_path(args), backup, read_passphrase(args))
    note = f" (den gamle fil er gemt som {kept})" if kept else ""
    emit(
        args,
        {"restored_from": str(backup), "kept": str(kept) if kept else None},
        f"Datafilen er gendannet fra {backup}{note}",
    )
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    new = os.environ.get("SSPDESK_NEW_PASSPHRASE")
    with opened_vault(args) as vault:
        old = read_passphrase(args)
        if new is None:
            if args.new_passphrase_file:
                new = read_secret_file(Path(args.new_passphrase_file))
            else:
                new = prompt_secret("Ny adgangskode: ", confirm=True)
        change_passphrase(vault, old, new)
    emit(args, {"changed": True}, "Adgangskoden er skiftet (også for sikkerhedskopierne).")
    return 0
