"""PyInstaller entry point of `sspdesk-cli` (packaging/sspdesk.spec); the same as the `sspdesk-cli` script."""

import sys

if __name__ == "__main__":
    from sspdesk.cli import main

    sys.exit(main())
