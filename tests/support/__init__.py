"""Plain helpers shared by several test modules: constants and data builders that take a vault or a folder.

Fixtures live in conftest.py; these are not fixtures because the tests call them with arguments (a second vault, a
marker, a subject), use them at import time (constants in parametrize lists) or in helper functions. No test module
imports another test module: what two modules share lives here.
"""

# Exercises the escaping of PRAGMA key: quotes, semicolon, spaces and æøå.
PASSPHRASE = "test 'kode' \"ord\"; æøå ÆØÅ"
