"""Qt's own texts in Danish: the file dialog, message-box buttons, the context menus of text fields.

Qt ships Danish translations (`qtbase_da.qm` in PySide6's translations folder) but they lag behind Qt's sources:
a few strings were changed upstream and have no Danish text yet – the file dialog's "&Look in:" and "Files of
&type:" among them, so a Danish user saw English labels in an otherwise Danish dialog. `SupplementTranslator`
answers those few from a small table; it is installed after Qt's catalogue, so Qt asks it first and falls through
to the catalogue for everything else.

The file dialogs are Qt's own (not the desktop's): a native dialog follows the desktop's language, not ours, and
looks different on every desktop – Qt's dialog is Danish and the same everywhere, also under the accessibility test.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)

# (context, source text) → Danish, for the strings qtbase_da.qm lacks (checked against the catalogue in a test).
SUPPLEMENT: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Kig i:",
    ("QFileDialog", "Files of &type:"): "Filer af &typen:",
    # The file dialog's Type column (Qt 6 moved these to QAbstractFileIconProvider; the catalogue has QFileDialog's).
    ("QAbstractFileIconProvider", "Folder"): "Mappe",
    ("QAbstractFileIconProvider", "Drive"): "Drev",
    ("QAbstractFileIconProvider", "File"): "Fil",
    ("QAbstractFileIconProvider", "Unknown"): "Ukendt",
    ("QAbstractFileIconProvider", "Shortcut"): "Genvej",
    ("QAbstractFileIconProvider", "Alias"): "Alias",
    ("QAbstractFileIconProvider", "%1 File"): "%1-fil",
}


class SupplementTranslator(QTranslator):
    """The strings of `SUPPLEMENT`; every other string falls through to the next translator (Qt's catalogue)."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return SUPPLEMENT.get((context, source_text))

    def isEmpty(self) -> bool:
        return False


def install_danish(app: QCoreApplication) -> list[QTranslator]:
    """Danish for Qt's own texts, Qt's non-native file dialogs; returns the installed translators (parented to
    the application, so they live as long as it does). Safe to call twice: installs only once."""
    if app.findChildren(SupplementTranslator):
        return app.findChildren(QTranslator)
    QLocale.setDefault(DANISH)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    installed: list[QTranslator] = []
    catalogue = QTranslator(app)
    if catalogue.load(DANISH, "qtbase", "_", translations_folder()):
        app.installTranslator(catalogue)
        installed.append(catalogue)
    supplement = SupplementTranslator(app)  # installed last: asked first
    app.installTranslator(supplement)
    installed.append(supplement)
    return installed


def translations_folder() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def missing_from_catalogue() -> list[tuple[str, str]]:
    """The `SUPPLEMENT` strings Qt's Danish catalogue still lacks (a test keeps the table from growing stale)."""
    catalogue = QTranslator()
    if not catalogue.load(DANISH, "qtbase", "_", translations_folder()):
        return list(SUPPLEMENT)
    return [key for key in SUPPLEMENT if not catalogue.translate(*key)]
