"""Checked while typing: person data in a DKE-Journal's text is marked as the user types, and the way out.

`JournalCheck` watches the text fields of one journal form (a section of the case editor, the subject of a new
journal, the minutes of a journal item in meeting mode). About 300 ms after the last keystroke it runs the one
predicate, `journal_text_findings`, with the vault's rules (built once when the form is loaded: the rules are a
quick read, the check per keystroke is pure), marks every finding with the highlight `select_span` uses – the
cursor and the focus stay where the user has them – and says why in a note under the field, in the words of
`PersonDataInJournal`. A form with no rules (a sag, an ordinary item) is not checked.

The way out: a probable name that is not one ("Peter Sabroe Skolen") may be allowed. `offer_allow` asks
"Er «…» et navn på en person?" – "Ja" (the default: the safe choice) keeps the refusal, "Nej" stores the phrase in
the vault's list of allowed phrases (audit-logged by the service). A CPR number or a registered name is never
offered the choice. The question is the module function `ask_is_person`, so tests can answer it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from sspdesk.domain.errors import Invalid
from sspdesk.duties import journal_rule
from sspdesk.duties.minimisation import Finding, JournalRules, PersonDataInJournal, field_findings
from sspdesk.store.vault import Vault
from sspdesk.ui import theme

DELAY_MS = 300
QUESTION = "Er «{phrase}» et navn på en person?"
REWRITE = "Skriv teksten om uden navnet."
ALLOW_LINK = "«{phrase}» er ikke et navn…"
TextField = QPlainTextEdit | QLineEdit
AskIsPerson = Callable[[QWidget | None, str], bool]
T = TypeVar("T")


def ask_is_person(parent: QWidget | None, phrase: str) -> bool:
    """The question; True unless the user answers "Nej" (closing the box is "Ja": the text is not saved)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Navn på en person?",
        QUESTION.format(phrase=phrase),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        "Ja: teksten gemmes ikke – skriv den om uden navnet.\n"
        "Nej: udtrykket tilføjes listen over tilladte udtryk i datafilen (det logges), og teksten gemmes."
    )
    yes = box.addButton("Ja", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("Nej", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(yes)
    box.exec()
    return box.clickedButton() is not no


def refused_finding(exc: BaseException) -> PersonDataInJournal | None:
    """The `PersonDataInJournal` behind a refusal (a service may re-raise it as a plain Invalid), or None."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PersonDataInJournal):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def with_note(widget: QWidget, note: QWidget) -> QWidget:
    """The field with its note right under it, as one cell of a form (give the row's label the field as buddy)."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(note)
    return box


def _mark_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(theme.qcolour("highlight"))
    fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
    return fmt


def mark_spans(widget: QWidget, spans: list[tuple[int, int]]) -> None:
    """Mark `spans` of the field's text without moving its cursor or taking the focus; [] removes the marks."""
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        marks = []
        for start, end in spans:
            mark = QTextEdit.ExtraSelection()
            cursor = QTextCursor(widget.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = cursor
            mark.format = _mark_format()
            marks.append(mark)
        widget.setExtraSelections(marks)
    elif isinstance(widget, QLineEdit):
        # A line edit has no extra selections; formats sent as an (empty) input-method event colour its text
        # without changing it. Their start is relative to the cursor.
        here = widget.cursorPosition()
        attributes = [
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat, start - here, end - start, _mark_format()
            )
            for start, end in spans
        ]
        QCoreApplication.sendEvent(widget, QInputMethodEvent("", attributes))


def _text(widget: QWidget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return ""


class _Field:
    def __init__(self, key: str, widget: QWidget, label: str, note: QLabel) -> None:
        self.key, self.widget, self.label, self.note = key, widget, label, note
        self.findings: list[Finding] = []
        self.message = ""  # what the note says, as plain text


class JournalCheck(QObject):
    """Marks person data in a form's text fields while the user types, and says why under each field.

    `changed` is emitted after every check (the findings may be the same), `allowed(phrase)` after the user said a
    phrase is no person's name."""

    changed = Signal()
    allowed = Signal(str)

    def __init__(self, parent: QWidget, delay_ms: int = DELAY_MS) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.vault: Vault | None = None
        self.rules: JournalRules | None = None
        self.reason = ""  # another reason than the journal's own (a group item's rule)
        self.fields: dict[str, _Field] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.check)

    # -- setting up ------------------------------------------------------------------------------------------

    def watch(self, key: str, widget: QWidget, label: str) -> QLabel:
        """Check `widget` (a QPlainTextEdit or QLineEdit) as it changes; returns its note, to place under it."""
        note = QLabel()
        note.setObjectName(f"journal-note-{key}")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        note.setStyleSheet(f"color: {theme.colour('error')};")
        note.setContentsMargins(0, 0, 0, 4)  # a little air before the next field's label
        note.linkActivated.connect(lambda _link, k=key: self.allow_from_note(k))
        note.hide()
        self.fields[key] = _Field(key, widget, label, note)
        if isinstance(widget, QPlainTextEdit | QLineEdit):
            widget.textChanged.connect(self.schedule)
        return note

    def set_rules(self, vault: Vault | None, rules: JournalRules | None, reason: str = "") -> None:
        """Check with `rules` from now on (None: this is no journal text, nothing is checked) and check at once."""
        self.vault, self.rules, self.reason = vault, rules, reason
        self.check()

    def load(self, vault: Vault | None, applies: bool, reason: str = "") -> None:
        """Build the vault's rules once (when the rule applies) and check."""
        rules = journal_rule.rules_for(vault.conn) if vault is not None and applies else None
        self.set_rules(vault, rules, reason)

    @property
    def active(self) -> bool:
        return self.rules is not None

    # -- checking --------------------------------------------------------------------------------------------

    def schedule(self, *_args: object) -> None:
        if self.rules is not None:
            self.timer.start()

    def check(self) -> tuple[str, Finding] | None:
        """Check every field now: mark, write the notes; the first finding in field order, or None."""
        self.timer.stop()
        first: tuple[str, Finding] | None = None
        for field in self.fields.values():
            text = _text(field.widget)
            # per field key, as the services check: in a professional's field (Hvem, Koordinator) a name is no finding
            field.findings = field_findings(field.key, text, self.rules) if self.rules is not None and text else []
            if field.findings and first is None:
                first = (field.key, field.findings[0])
            self._show(field)
        self.changed.emit()
        return first

    def clear(self) -> None:
        """Forget the findings and remove the marks and notes (the form shows another record)."""
        self.timer.stop()
        for field in self.fields.values():
            field.findings = []
            self._show(field)

    def findings(self, key: str) -> list[Finding]:
        field = self.fields.get(key)
        return list(field.findings) if field else []

    def note_text(self, key: str) -> str:
        """What the note under the field says (plain text; "" when the field is fine)."""
        field = self.fields.get(key)
        return field.message if field else ""

    def first(self) -> tuple[str, Finding] | None:
        return next(((f.key, f.findings[0]) for f in self.fields.values() if f.findings), None)

    def message(self, key: str, finding: Finding) -> str:
        field = self.fields.get(key)
        refused = PersonDataInJournal(key, field.label if field else key, finding)
        return refused.because(self.reason) if self.reason else refused.message

    def _show(self, field: _Field) -> None:
        if isinstance(field.widget, QLineEdit | QPlainTextEdit):
            mark_spans(field.widget, [(f.start, f.end) for f in field.findings])
        if not field.findings:
            field.message = ""
            field.note.clear()
            field.note.hide()
            return
        finding = field.findings[0]
        field.message = self.message(field.key, finding)
        if len(field.findings) > 1:
            field.message += f" ({len(field.findings)} steder i feltet er markeret.)"
        text = html.escape(field.message)
        allowable = next((f for f in field.findings if f.allowable), None)
        if allowable is not None and self.vault is not None:  # the way out from here too (meeting mode saves alone)
            link = html.escape(ALLOW_LINK.format(phrase=allowable.text))
            text += f'<br><a href="allow">{link}</a>'
        field.note.setText(text)
        field.note.show()

    # -- the way out -----------------------------------------------------------------------------------------

    def offer_allow(self, finding: Finding, parent: QWidget | None = None) -> bool:
        """Ask whether an allowable finding is a person's name; on "Nej" allow the phrase, rebuild the rules and
        check again. True when the phrase was allowed (the caller saves again)."""
        if not finding.allowable or self.vault is None:
            return False
        if ask_is_person(parent or self.parent_widget, finding.text):  # looked up now: a test may replace it
            return False
        try:
            journal_rule.allow_phrase(self.vault, finding.text)
        except Invalid as exc:
            self._note_error(exc.message)
            return False
        self.set_rules(self.vault, journal_rule.rules_for(self.vault.conn), self.reason)
        self.allowed.emit(finding.text)
        return True

    def save_or_ask(self, save: Callable[[], T], parent: QWidget | None = None) -> T:
        """Call `save`. Refused for a probable name, ask once per phrase (`offer_allow`) and on "Nej" call it again;
        otherwise the refusal is raised – an allowable one with REWRITE added to its message."""
        asked: set[str] = set()
        while True:
            try:
                return save()
            except Invalid as exc:
                refused = refused_finding(exc)
                if refused is not None and refused.finding.text not in asked:
                    asked.add(refused.finding.text)
                    if self.offer_allow(refused.finding, parent):
                        continue  # "Nej, det er ikke en person": allowed now; save again
                if refused is not None and refused.finding.allowable:
                    raise Invalid(f"{exc.message} {REWRITE}", exc.field, exc.span) from exc
                raise

    def allow_from_note(self, key: str) -> None:
        field = self.fields.get(key)
        if field and field.findings:
            allowable = next((f for f in field.findings if f.allowable), None)
            if allowable is not None:
                self.offer_allow(allowable)

    def _note_error(self, message: str) -> None:
        field = next((f for f in self.fields.values() if f.findings), None)
        if field is not None:
            field.message = message
            field.note.setText(html.escape(message))
            field.note.show()
