"""Opening the vault: first run, unlock, passphrase change, backups and restore."""
