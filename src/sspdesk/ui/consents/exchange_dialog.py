"""Registrér udveksling: what was passed to whom, on which legal basis – the exchange check of issue 15 as a form.

The user names the recipient (a party type of the profile, a contact from the register, or a name, authority and
party type typed in), ticks the information categories and gives the date. The dialog then asks the service for
every basis that could cover the exchange (`legal_basis.basis_options`) and shows them all: the ones that cover it
can be chosen, the others are greyed with their reasons, so the user learns why. Statutory bases appear only where
they apply (the person's age, the recipient); § 114 never. A statutory basis asks for the necessity test
(`disclosure.NECESSITY`, plus the sharper test for sensitive information) and its own conditions.

Registrér stays disabled until a covering basis is chosen and ticked, and a line under the form says what is
missing. The service checks everything again on Registrér; a refusal is shown in the message bar and nothing is
stored.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.attestation import beyond_attestation
from sspdesk.contacts import list_contacts
from sspdesk.domain.dates import date_text, parse_date
from sspdesk.domain.disclosure import NECESSITY, SENSITIVE_TEXT, SENSITIVE_TICK, Recipient
from sspdesk.domain.errors import ServiceError
from sspdesk.legal_basis import (
    BasisOption,
    ExchangeRequest,
    basis_options,
    info_categories,
    party_types,
    person_age,
    record_exchange,
    resolve_recipient,
)
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.consents.consent_dialogs import Runner, ServiceDialog
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.fields import DateLine
from sspdesk.ui.widgets.labels import grey_label

NOT_114 = "Retsplejelovens § 114 etablerer SSP-samarbejdet og er aldrig hjemmel for en udveksling."
ONLY_WHERE_THEY_APPLY = "Lovbestemmelser vises kun, hvor de kan gælde for personens alder og modtageren."
ASK_FIRST = "Vælg modtageren og kryds oplysningerne af – så vises de hjemler, der kan bruges."
PICK_HINT = "Vælg fra profilens modtagertyper eller kontaktregistret…"
DEBOUNCE_MS = 250  # typing in the name, authority or date re-reads the options once the user pauses


def refusal_text(refusals: tuple[str, ...]) -> str:
    return "Kan ikke bruges: " + "; ".join(refusals) + "."


class ExchangeDialog(ServiceDialog):
    """Registrér udveksling of one case: recipient, categories, date, the basis and its ticks, a note."""

    def __init__(self, vault: Vault, case_id: str, runner: Runner, today: date, parent: QWidget | None) -> None:
        super().__init__("Registrér udveksling af oplysninger", "Registrér", runner, parent)
        self.vault: Vault | None = vault
        self.case_id, self.today = case_id, today
        self.parties = party_types(vault)
        self.categories = info_categories(vault)
        self.options: list[BasisOption] = []
        self.option_buttons: list[QRadioButton] = []
        self.condition_boxes: dict[str, QCheckBox] = {}
        self.chosen_basis = ""  # kept while the options are re-read, so a choice survives a change elsewhere
        self._shown: tuple[object, ...] = ()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.add_intro(
            "Oplysninger udveksles kun på grundlag af et gyldigt samtykke, der nævner modtageren og dækker "
            "oplysningerne, eller en lovbestemmelse – og aldrig til brug for efterforskning."
        )
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(self._what_column(), 5)
        columns.addLayout(self._basis_column(), 6)
        self.layout_.addLayout(columns)
        self.layout_.addWidget(self.message)
        # Beyond the DKE leader's attestation (seed 000 l.194–196): a warning, never a refusal.
        self.attestation_warning = QLabel()
        self.attestation_warning.setWordWrap(True)
        self.attestation_warning.setStyleSheet(f"color: {theme.colour('warning')}; font-weight: bold;")
        self.attestation_warning.setVisible(False)
        self.layout_.addWidget(self.attestation_warning)
        self.missing_label = grey_label()
        self.layout_.addWidget(self.missing_label)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.buttons)
        self.fields = {
            "on": self.on,
            "recipient": self.name,
            "recipient_authority": self.authority,
            "recipient_party": self.party,
            "categories": next(iter(self.category_boxes.values()), self.name),
            "basis": self.basis_box,
            "necessity": self.necessity_box,
            "conditions": self.conditions_box,
            "what": self.note,
        }
        self.refresh()
        self.resize(1100, self.sizeHint().height())

    # -- building --------------------------------------------------------------------------------------------

    def _what_column(self) -> QVBoxLayout:
        self.on = DateLine()
        self.on.setText(date_text(self.today))
        self.on.textChanged.connect(lambda _t: self.timer.start())
        self.pick = QComboBox()
        self.pick.setAccessibleName("Vælg modtager")
        self.pick.addItem(PICK_HINT, "")
        for party in self.parties:
            self.pick.addItem(party.label, f"party:{party.key}")
        contacts = list_contacts(self.vault) if self.vault is not None else []
        if contacts:
            self.pick.insertSeparator(self.pick.count())
        for contact in contacts:
            shown = f"{contact.name} – {contact.organisation}" if contact.organisation else contact.name
            self.pick.addItem(shown, f"contact:{contact.name}")
        self.pick.activated.connect(self._picked)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Fx Nadia Testrup")
        self.authority = QLineEdit()
        self.authority.setPlaceholderText("Fx Social & Familie, Eksempel Kommune")
        self.party = QComboBox()
        self.party.addItem("Ingen modtagertype", "")
        for party in self.parties:
            self.party.addItem(party.label, party.key)
        for edit in (self.name, self.authority):
            edit.textChanged.connect(lambda _t: self.timer.start())
        self.party.currentIndexChanged.connect(lambda _i: self.refresh())

        self.category_holder = QWidget()
        grid = QGridLayout(self.category_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        self.category_boxes: dict[str, QCheckBox] = {}
        for number, category in enumerate(self.categories):
            box = QCheckBox(f"{category.label} (følsom)" if category.sensitive else category.label)
            if category.sensitive:
                box.setToolTip("Følsom oplysning (databeskyttelsesforordningen art. 9/10): kræver en skærpet vurdering")
            box.toggled.connect(lambda _on: self.refresh())
            self.category_boxes[category.key] = box
            grid.addWidget(box, number // 2, number % 2)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Valgfri, fx: Fravær og trivsel i skolen")

        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.addRow("&Dato:", self.on)
        self.form.addRow("&Modtager:", self.pick)
        self.form.addRow("&Navn:", self.name)
        self.form.addRow("M&yndighed:", self.authority)
        self.form.addRow("Modtager&type:", self.party)
        self.form.addRow("&Oplysninger:", self.category_holder)
        self.form.addRow("Not&e:", self.note)
        column = QVBoxLayout()
        column.addLayout(self.form)
        column.addStretch(1)
        return column

    def _basis_column(self) -> QVBoxLayout:
        self.basis_box = QGroupBox("&Hjemmel")
        inner = QVBoxLayout(self.basis_box)
        inner.setSpacing(4)
        self.age_label = grey_label()
        inner.addWidget(self.age_label)
        self.options_holder = QWidget()
        self.options_layout = QVBoxLayout(self.options_holder)
        self.options_layout.setContentsMargins(0, 4, 0, 4)
        self.options_layout.setSpacing(2)
        inner.addWidget(self.options_holder)
        self.options_hint = grey_label()
        inner.addWidget(self.options_hint)
        inner.addWidget(grey_label(f"{ONLY_WHERE_THEY_APPLY} {NOT_114}"))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)

        self.necessity_box = QGroupBox("Nødvendighedsvurdering")
        ticks = QVBoxLayout(self.necessity_box)
        ticks.setSpacing(4)
        self.necessity: dict[str, QCheckBox] = {}
        for key, text in {**NECESSITY, SENSITIVE_TICK: SENSITIVE_TEXT}.items():
            box = QCheckBox(text)
            box.toggled.connect(lambda _on: self._update_ok())
            self.necessity[key] = box
            ticks.addWidget(box)
        self.conditions_box = QGroupBox("Betingelser")
        self.conditions_layout = QVBoxLayout(self.conditions_box)
        self.conditions_layout.setSpacing(4)
        column = QVBoxLayout()
        for group in (self.basis_box, self.necessity_box, self.conditions_box):
            column.addWidget(group)
        column.addStretch(1)
        return column

    # -- reading the form ------------------------------------------------------------------------------------

    def recipient(self) -> Recipient:
        return Recipient(self.name.text().strip(), self.authority.text().strip(), self.party.currentData() or "")

    def chosen_categories(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.category_boxes.items() if box.isChecked())

    def sensitive_chosen(self) -> bool:
        chosen = set(self.chosen_categories())
        return any(c.sensitive and c.key in chosen for c in self.categories)

    def on_date(self) -> date | None:
        try:
            return parse_date(self.on.text())
        except ValueError:
            return None

    def chosen_option(self) -> BasisOption | None:
        return next((o for o in self.options if o.basis == self.chosen_basis and not o.refusals), None)

    def ticked_necessity(self) -> tuple[str, ...]:
        needed = [*NECESSITY, SENSITIVE_TICK] if self.sensitive_chosen() else list(NECESSITY)
        return tuple(key for key in needed if self.necessity[key].isChecked())

    def ticked_conditions(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.condition_boxes.items() if box.isChecked())

    def missing(self) -> str:
        """What stands between the form and Registrér ('' = nothing), in the order the user fills it in."""
        if self.on_date() is None:
            return "Skriv datoen som dd.mm.åååå."
        if self.recipient() == Recipient():
            return "Vælg eller skriv modtageren."
        if not self.chosen_categories():
            return "Kryds af, hvilke oplysninger der udveksles."
        option = self.chosen_option()
        if option is None:
            if not any(not o.refusals for o in self.options):
                return "Ingen hjemmel dækker udvekslingen, som den er beskrevet – den må ikke finde sted."
            return "Vælg en hjemmel, der dækker udvekslingen."
        if option.statutory is not None:
            needed = 4 if self.sensitive_chosen() else 3
            if len(self.ticked_necessity()) < needed:
                return "Kryds nødvendighedsvurderingen af – alle punkter skal være opfyldt."
            if len(self.ticked_conditions()) < len(option.conditions):
                return f"Bekræft betingelserne for {option.statutory.label}."
        return ""

    # -- reacting --------------------------------------------------------------------------------------------

    def _picked(self, index: int) -> None:
        data = self.pick.itemData(index) or ""
        if not data or self.vault is None:
            return
        kind, _colon, value = data.partition(":")  # "party:<key>" or "contact:<name>"
        if kind == "party":
            recipient = Recipient(party_type=value)
        else:
            try:
                recipient = resolve_recipient(self.vault, value)
            except ServiceError:
                recipient = Recipient(name=value)
        for edit, text in ((self.name, recipient.name), (self.authority, recipient.authority)):
            edit.blockSignals(True)
            edit.setText(text)
            edit.blockSignals(False)
        self.party.blockSignals(True)
        self.party.setCurrentIndex(max(0, self.party.findData(recipient.party_type)))
        self.party.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the basis options for what the form says now, and what may be ticked."""
        self.timer.stop()
        if self.vault is None:
            return  # the vault is locking; the dialog closes next
        on, recipient, categories = self.on_date(), self.recipient(), self.chosen_categories()
        self.necessity[SENSITIVE_TICK].setVisible(self.sensitive_chosen())
        options: list[BasisOption] = []
        hint = ""
        if on is None:
            hint = "Skriv datoen som dd.mm.åååå – hjemlen afhænger af dagen."
        elif recipient == Recipient() or not categories:
            hint = ASK_FIRST
        else:
            try:
                options = basis_options(self.vault, self.case_id, recipient, categories, on)
            except ServiceError as exc:
                hint = exc.message
            if not options and not hint:
                hint = "Der er ingen samtykker på sagen, og ingen lovbestemmelse gælder for denne modtager."
        self._show_age(on)
        beyond = beyond_attestation(self.vault, self.case_id, recipient, categories, on) if categories else []
        self.attestation_warning.setText("\n".join(f"Uden for påtegnelsen: {w}" for w in beyond))
        self.attestation_warning.setVisible(bool(beyond))
        self.options_hint.setText(hint)
        self.options_hint.setVisible(bool(hint))
        self._show_options(options)
        self._update_ok()

    def _show_age(self, on: date | None) -> None:
        if self.vault is None or on is None:
            self.age_label.clear()
            return
        age = person_age(self.vault, self.case_id, on)
        self.age_label.setText(
            f"Personen er {age} år den {date_text(on)}." if age is not None else "Personens alder kendes ikke."
        )

    def _show_options(self, options: list[BasisOption]) -> None:
        shown = tuple((o.basis, o.label, o.refusals) for o in options)
        self.options = options
        if shown != self._shown:
            self._shown = shown
            self._rebuild_options()
        if self.chosen_option() is None:
            covering = [o for o in options if not o.refusals]
            consents = [o for o in covering if o.consent is not None]
            # One consent covers it: that is the ordinary basis, chosen for the user (who may still pick a law).
            self.chosen_basis = consents[0].basis if len(consents) == 1 else ""
        for button, option in zip(self.option_buttons, self.options, strict=True):
            button.setChecked(option.basis == self.chosen_basis)
        self._show_ticks()

    def _rebuild_options(self) -> None:
        for button in self.option_buttons:
            self.group.removeButton(button)
        while self.options_layout.count():
            item = self.options_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.option_buttons = []
        for option in self.options:
            button = QRadioButton(option.label)
            button.setEnabled(not option.refusals)
            button.toggled.connect(lambda on, basis=option.basis: self._chose(basis, on))
            self.group.addButton(button)
            self.option_buttons.append(button)
            self.options_layout.addWidget(button)
            note = refusal_text(option.refusals) if option.refusals else ""
            if not note and option.statutory is not None:
                note = option.statutory.summary
            if note:
                label = QLabel(note)
                label.setWordWrap(True)
                label.setIndent(22)  # under the radio's text, not its circle
                label.setStyleSheet(f"color: {GREY};")
                button.setToolTip(note)
                self.options_layout.addWidget(label)
        for widget in self.options_holder.findChildren(QWidget):
            widget.show()  # now, not when the layout gets to it: the dialog's height is fitted to them at once
        self._fix_tab_order()

    def _chose(self, basis: str, on: bool) -> None:
        if on:
            self.chosen_basis = basis
            self._show_ticks()
            self._update_ok()

    def _show_ticks(self) -> None:
        option = self.chosen_option()
        statutory = option is not None and option.statutory is not None
        self.necessity_box.setVisible(statutory)
        conditions = option.conditions if option is not None and statutory else ()
        if tuple(self.condition_boxes) != tuple(c.key for c in conditions):
            for box in self.condition_boxes.values():
                box.setParent(None)
                box.deleteLater()
            self.condition_boxes = {}
            for condition in conditions:
                box = QCheckBox(condition.text)
                box.toggled.connect(lambda _on: self._update_ok())
                self.condition_boxes[condition.key] = box
                self.conditions_layout.addWidget(box)
                box.show()
            self._fix_tab_order()
        if option is not None and option.statutory is not None:
            self.conditions_box.setTitle(f"Betingelser for {option.statutory.label}")
        self.conditions_box.setVisible(bool(conditions))

    def _fix_tab_order(self) -> None:
        """Top to bottom, left column then right: the option buttons and ticks are rebuilt, so Qt's creation
        order would put them after the buttons."""
        chain: list[QWidget] = [self.on, self.pick, self.name, self.authority, self.party]
        chain += list(self.category_boxes.values())
        chain += [self.note, *self.option_buttons, *self.necessity.values(), *self.condition_boxes.values()]
        chain += [self.ok_button, *(b for b in self.buttons.buttons() if b is not self.ok_button)]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _update_ok(self) -> None:
        missing = self.missing()
        self.missing_label.setText(missing)
        self.missing_label.setVisible(bool(missing))
        self.ok_button.setEnabled(not missing and self.vault is not None)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow when options, reasons or ticks appear: wrapped labels do not make a dialog taller by themselves,
        they would be squeezed over each other."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else self.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    # -- the service -----------------------------------------------------------------------------------------

    def request(self) -> ExchangeRequest | None:
        on, option = self.on_date(), self.chosen_option()
        if on is None or option is None or self.missing():
            return None
        statutory = option.statutory is not None
        return ExchangeRequest(
            case_ref=self.case_id,
            recipient=self.recipient(),
            categories=self.chosen_categories(),
            basis=option.basis,
            on=on,
            what=self.note.text().strip(),
            necessity=self.ticked_necessity() if statutory else (),
            conditions=self.ticked_conditions() if statutory else (),
        )

    def submit(self) -> None:
        self.refresh()  # a pending date or name change is read before anything is stored
        vault, request, today = self.vault, self.request(), self.today
        if vault is None or request is None:
            return
        self.run(lambda: record_exchange(vault, request, today=today))

    def _done(self, result: object) -> None:
        super()._done(result)
        self._update_ok()

    def _failed(self, error: BaseException) -> None:
        super()._failed(error)
        self._update_ok()

    def clear(self) -> None:
        self.timer.stop()
        super().clear()
        self.options, self._shown = [], ()
        self._rebuild_options()
        self.ok_button.setEnabled(False)
