"""First run ("Velkommen til sspdesk"): create the encrypted vault – or open the demo first.

One dialog, two columns: on the left who you are and the municipality (name, address, logo, classification model:
a built-in one or the municipality's own profile file); on the right the passphrase. Everything but the passphrase
can be changed later under Indstillinger. Creating runs on the job runner (key derivation is slow); the details
beyond `create_vault`'s own (address, logo, profile file) are saved right after, in the same job. Should one of those
fail, the vault is still opened – it exists by then – and `notice` says what to set again under Indstillinger.

"Åbn demo" opens (and on the first time creates) the demo vault with fictional data instead: `demo_ready`.
Heavy modules (profiles, preferences, vaults, the demo) are imported when needed, not when this module is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.errors import Invalid
from sspdesk.store.settings import DEFAULTS
from sspdesk.ui.icons import icon
from sspdesk.ui.settings.letter_boxes import LogoPicker
from sspdesk.ui.vault.vault_dialogs import (
    JobDialog,
    JobRunner,
    NewPassphraseRows,
    heading,
    log,
    path_label,
    show_toggle,
    small_grey_style,
)

DEFAULT_PROFILE = DEFAULTS["profile"]
OWN_FILE = "\x00file"  # the combo item that asks for a profile file


class CreateVaultDialog(JobDialog):
    """First run: say who you are, choose the passphrase, create the encrypted vault – or open the demo."""

    vault_ready = Signal(object)  # the open Vault
    demo_ready = Signal(object)  # the open demo Vault

    def __init__(self, vault_path: Path, parent: QWidget | None = None, runner: JobRunner | None = None) -> None:
        super().__init__(parent, runner)
        self.vault_path = Path(vault_path)
        self.vault = None
        self.notice = ""  # said in the main window's status bar when a detail could not be saved
        self.profile_file: Path | None = None
        self._replaces_builtin = False
        self.setWindowTitle("Velkommen – sspdesk")
        layout = self.body
        layout.addWidget(heading("Velkommen til sspdesk"))
        intro = QLabel(
            "Sager, møder og samtykker gemmes krypteret i én datafil på denne computer. Udfyld oplysningerne og vælg "
            "en adgangskode – alt andet end adgangskoden kan ændres senere under Indstillinger. Vil du først se "
            "programmet med fiktive data, så vælg Åbn demo."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(self._about_group(), 1)
        columns.addWidget(self._passphrase_group(), 1)
        layout.addLayout(columns)
        layout.addWidget(path_label(self.vault_path))
        layout.addWidget(self.error)
        layout.addWidget(self.busy_bar)

        self.demo_button = QPushButton(icon("eye"), "Åbn d&emo")
        self.demo_button.setToolTip(
            "Se programmet med fiktive sager, møder og samtykker – din egen datafil oprettes ikke"
        )
        self.demo_button.clicked.connect(self.open_demo)
        self.create_button = self._add_buttons("&Opret datafil", self._create, extra=self.demo_button)
        self.passphrase.textChanged.connect(self._update_state)
        self.repeated.textChanged.connect(self._update_state)
        self._update_state()
        self.setMinimumWidth(880)
        self.name.setFocus()

    # -- building ----------------------------------------------------------------------------------------------

    def _about_group(self) -> QGroupBox:
        box = QGroupBox("Dig og kommunen")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Dit navn")
        self.role = QLineEdit()
        self.role.setPlaceholderText("fx Kriminalpræventiv koordinator")
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText("fx Albertslund Kommune")
        self.address = QLineEdit()
        self.address.setPlaceholderText("fx Rådhuset, Torvet 1, 9999 Eksempelby")
        self.logo = LogoPicker()
        self.profile = QComboBox()
        self.profile.setAccessibleName("Klassifikationsmodel")
        self._fill_profiles()
        self.profile.activated.connect(self._profile_chosen)
        self.profile_note = QLabel()
        self.profile_note.setWordWrap(True)
        self.profile_note.setStyleSheet(small_grey_style())
        for label, field in (
            ("&Navn:", self.name),
            ("&Rolle:", self.role),
            ("&Kommune:", self.municipality),
            ("A&dresse:", self.address),
            ("Logo:", self.logo),
            ("Klassifikations&model:", self.profile),
            ("", self.profile_note),
        ):
            form.addRow(label, field)
        for edit in (self.name, self.role, self.municipality, self.address):
            caption = form.labelForField(edit)
            if isinstance(caption, QLabel):
                edit.setAccessibleName(caption.text().replace("&", "").rstrip(":"))
        self._show_profile_note()
        return box

    def _passphrase_group(self) -> QGroupBox:
        box = QGroupBox("Adgangskode")
        layout = QVBoxLayout(box)
        text = QLabel(
            "Datafilen krypteres med adgangskoden. Den kan ikke gendannes, hvis du glemmer den – vælg "
            "en sætning, du kan huske."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: room for the long fields
        self.rows = NewPassphraseRows(form, "&Adgangskode:", "&Gentag adgangskode:")
        self.passphrase, self.repeated, self.meter, self.match = (
            self.rows.passphrase,
            self.rows.repeated,
            self.rows.meter,
            self.rows.match,
        )
        for edit in (self.passphrase, self.repeated):
            edit.setMinimumWidth(240)
        keep_room = self.match.sizePolicy()  # "Adgangskoderne er ens." appears without pushing the rows about
        keep_room.setRetainSizeWhenHidden(True)
        self.match.setSizePolicy(keep_room)
        self.show_box = show_toggle([self.passphrase, self.repeated])
        form.addRow(self.show_box)
        layout.addLayout(form)
        layout.addStretch(1)
        return box

    def _fill_profiles(self) -> None:
        from sspdesk.profiles import builtin_profiles  # pydantic: only when creating a vault

        try:
            names = {profile_id: profile.name for profile_id, profile in builtin_profiles().items()}
        except Invalid as exc:  # a broken bundled profile must not block creating the vault
            log.error("profiles: %s", exc.message)
            names = {DEFAULT_PROFILE: DEFAULT_PROFILE}
        for profile_id, name in sorted(names.items()):
            self.profile.addItem(name, profile_id)
        self.profile.addItem("Kommunens egen profilfil …", OWN_FILE)
        self.profile.setCurrentIndex(max(self.profile.findData(DEFAULT_PROFILE), 0))

    # -- the classification model ------------------------------------------------------------------------------

    def _profile_chosen(self, index: int) -> None:
        if self.profile.itemData(index) != OWN_FILE:
            self._show_profile_note()
            return
        dialog = QFileDialog(self, "Vælg kommunens profilfil", str(Path.home()), "Profilfiler (*.json);;Alle filer (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.choose_profile_file)
        dialog.rejected.connect(self._back_to_known_profile)
        dialog.open()

    def choose_profile_file(self, path: str) -> None:
        """Check a municipality's own profile file now (not after the vault is made) and choose it."""
        from sspdesk.preferences import check_replacement, read_profile_file

        try:
            profile = read_profile_file(path)
            replaces = check_replacement(profile)
        except Invalid as exc:
            self._back_to_known_profile()
            self.error.show_error(exc.message)
            return
        self.error.show_error("")
        self.profile_file = Path(path)
        self._replaces_builtin = replaces is not None
        index = self.profile.findData(OWN_FILE)
        self.profile.setItemText(index, f"{profile.name} (egen fil)")
        self.profile.setCurrentIndex(index)
        note = f"Fra filen {self.profile_file.name}."
        if replaces is not None:
            note += f" Den har samme id som „{replaces.name}“ og erstatter den på denne computer."
        self.profile_note.setText(note)

    def _back_to_known_profile(self) -> None:
        if self.profile_file is None:
            self.profile.setCurrentIndex(max(self.profile.findData(DEFAULT_PROFILE), 0))
        else:
            self.profile.setCurrentIndex(self.profile.findData(OWN_FILE))
        self._show_profile_note()

    def _show_profile_note(self) -> None:
        if self.profile.currentData() == OWN_FILE and self.profile_file is not None:
            return
        self.profile_note.setText("Niveauer, mødefora og frister for nye sager følger modellen.")

    # -- creating --------------------------------------------------------------------------------------------

    def _update_state(self) -> None:
        self.create_button.setEnabled(self.rows.ready() and not self.is_busy)
        self.logo.set_data(self.logo.data)  # after a job: "Fjern logo" only with a logo

    def _create(self) -> None:
        if not self.create_button.isEnabled():
            return
        path, passphrase, repeated = self.vault_path, self.passphrase.text(), self.repeated.text()
        profile = self.profile.currentData()
        own_file = self.profile_file if profile == OWN_FILE else None
        details = {
            "user_name": self.name.text().strip(),
            "user_role": self.role.text().strip(),
            "municipality": self.municipality.text().strip(),
            "profile": DEFAULT_PROFILE if own_file is not None or not profile else profile,
        }
        address, logo, replace = self.address.text(), self.logo.data, self._replaces_builtin
        from sspdesk import preferences as prefs  # checked before the vault exists: nothing half-made

        if address.strip():
            try:
                prefs.municipality_values(details["municipality"], address)
            except Invalid as exc:
                self.error.show_error(exc.message)
                (self.municipality if exc.field == "municipality" else self.address).setFocus()
                return
        from sspdesk.vaults import create_vault  # vault code is loaded when needed, not at start-up

        def job() -> tuple[Any, str]:
            vault = create_vault(path, passphrase, repeated=repeated, **details)
            try:
                if address.strip():
                    prefs.set_municipality(vault, details["municipality"], address)
                if logo:
                    prefs.set_municipality_logo(vault, logo)
                if own_file is not None:
                    prefs.import_profile(vault, own_file, replace=replace)
            except (Invalid, OSError) as exc:
                text = exc.message if isinstance(exc, Invalid) else str(exc)
                return vault.hand_over(), f"Datafilen er oprettet, men ikke alt blev gemt: {text} Se Indstillinger."
            return vault.hand_over(), ""  # made on the worker: the GUI thread takes it over in _created

        self._run("Opretter den krypterede datafil …", job, self._created)

    def _created(self, result: tuple[Any, str]) -> None:
        if not self._take_over(result[0]):
            return
        self.vault, self.notice = result
        self.passphrase.clear()
        self.repeated.clear()
        self.vault_ready.emit(self.vault)
        self.accept()

    # -- the demo ---------------------------------------------------------------------------------------------

    def open_demo(self) -> None:
        """Open the demo vault (created the first time) instead of creating one's own."""
        if self.is_busy:
            return
        from sspdesk.paths import demo_vault_path

        where = demo_vault_path()

        def job() -> Any:
            from sspdesk.demo.vault import DEMO_PASSPHRASE, ensure_demo_vault
            from sspdesk.vaults import unlock_vault

            return unlock_vault(ensure_demo_vault(where), DEMO_PASSPHRASE).hand_over()

        self._run("Åbner demodata …", job, self._demo_opened)

    def _demo_opened(self, vault: Any) -> None:
        if not self._take_over(vault):
            return
        self.vault = vault
        self.notice = "Demodata med fiktive personer. Din egen datafil oprettes, næste gang du starter sspdesk."
        self.passphrase.clear()
        self.repeated.clear()
        self.demo_ready.emit(vault)
        self.accept()
