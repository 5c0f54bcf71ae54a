"""PyInstaller entry point of the `sspdesk` window program (packaging/sspdesk.spec).

Not a module of the package: only the frozen build runs it. With SSPDESK_PACKAGING_CHECK=1 and `--self-test`
it also checks what only a frozen build can get wrong (Qt translations, the SVG plugin, data files of
dependencies); packaging/build.sh sets it.
"""

import os
import sys
from datetime import date


def _packaging_check() -> int:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QIcon
    from PySide6.QtSvg import QSvgRenderer

    from sspdesk.resources import resource
    from sspdesk.store.migrations import latest_version
    from sspdesk.workdays import public_holiday_name

    problems = []
    danish = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load(danish, "qtbase", "_", translations):
        problems.append(f"qtbase_da.qm not found in {translations}")
    if not QSvgRenderer(str(resource("icons", "sspdesk.svg"))).isValid():
        problems.append("QtSvg cannot render resources/icons/sspdesk.svg")
    if QIcon(str(resource("icons", "sspdesk.svg"))).pixmap(32, 32).isNull():
        problems.append("no SVG icon engine / image format plugin")
    if latest_version() < 1:
        problems.append("no migrations collected")
    if public_holiday_name(date(2026, 12, 25)) != "Juledag":
        problems.append("holidays: no Danish names (holidays/locale/da not collected?)")
    from zxcvbn import zxcvbn

    if zxcvbn("sspdesk selvtest")["score"] is None:
        problems.append("zxcvbn gave no score")
    for problem in problems:
        print(f"sspdesk packaging check: {problem}", file=sys.stderr)
    if not problems:
        print("sspdesk packaging check: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    from sspdesk.ui.app import main

    code = main()
    if code == 0 and "--self-test" in sys.argv[1:] and os.environ.get("SSPDESK_PACKAGING_CHECK") == "1":
        code = _packaging_check()
    sys.exit(code)
