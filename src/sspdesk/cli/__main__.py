"""`python -m sspdesk.cli`: the same as `sspdesk-cli`."""

import sys

from sspdesk.cli import main

sys.exit(main())
