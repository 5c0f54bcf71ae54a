"""The case editor, laid out like the paper form (Bilag 4 DKE-Sag / Bilag 5 DKE-Journal).

Top: the header (number, record type, niveau, status, Mødeforum, Dato, Sagens genstand, for a sag Navn and CPR-nr),
age hints and the deadlines. Below: one tab per section – STATUS, INDSATSFORLØB, OPFØLGNING, EVT. 2. OPFØLGNING,
and for a sag Sagsforløb and (København) Fokusområder – each saved on its own with Gem / Ctrl+S, with its history
of versions. A journal shows only Bilag 5; text an older journal holds in a sag's sections is announced by a notice
with a way to read it, delete it or raise the journal to a sag.
Everything scrolls as one page, so nothing is cut off on a 1366×768 screen. The editor only calls service
functions; the registration rules (no CPR or name in a journal, …) are enforced there and shown here. In a
DKE-Journal person data is also marked while the user types (the vault's rules are read once per load), a refused
field is scrolled fully into view, and a probable name that is no person may be allowed ("Er «…» et navn på en
person?" – `ui/widgets/journal_check.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sspdesk import cpr as cprlib
from sspdesk.cases import (
    CaseDetail,
    active_profile,
    case_rows,
    done_hint,
    form_fields,
    get_case,
    mark_deadline_done,
    remove_sag_fields,
    save_section,
    section_history,
)
from sspdesk.domain.cases import Deadline, SectionEntry
from sspdesk.domain.dates import date_text, stamp_text
from sspdesk.domain.errors import Invalid
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS
from sspdesk.domain.forms import CLOSING_FIELDS, KIND_LABELS, SECTION_NAMES, SECTIONS, Field, field_label
from sspdesk.domain.profile_forms import CONCERN
from sspdesk.duties.journal_rule import rules_for
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.cases.age_panel import CaseAgePanel
from sspdesk.ui.cases.case_dialogs import (
    ChangeLevelDialog,
    CloseCaseDialog,
    HistoryDialog,
    ReopenCaseDialog,
    level_text,
)
from sspdesk.ui.cases.case_events_bar import CaseEventsBar
from sspdesk.ui.cases.case_minutes import CaseMinutesView
from sspdesk.ui.cases.case_print import CasePrintButton
from sspdesk.ui.cases.case_routing import CaseRouting
from sspdesk.ui.cases.case_sections import SectionForm
from sspdesk.ui.cases.case_underretninger import CaseUnderretninger
from sspdesk.ui.cases.concern_form import ConcernForm
from sspdesk.ui.consents.consent_badge import ConsentBadge
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.confirm import ask_confirmation
from sspdesk.ui.widgets.fitting_tabs import FittingTabWidget
from sspdesk.ui.widgets.message_bar import MessageBar

OVERDUE = theme.colour("error")
WAITING_HINT = (
    "Fristen regnes fra en hændelse, der ikke har fundet sted endnu. Den får en dato, når sagen sættes på "
    "dagsordenen til mødet, eller når hjemmebesøget/samtalen registreres nedenfor."
)
EXTRA_SECTIONS = (("flow", SECTION_NAMES["flow"]), ("focus", SECTION_NAMES["focus"]))  # a sag's only
SAG_FIELDS_NOTICE = (
    "Denne DKE-Journal har oplysninger i felter, som kun hører til en DKE-Sag ({sections}). En DKE-Journal må alene "
    "indeholde oplysningerne i Bilag 5. Læs den gamle tekst i historikken, og slet den – eller løft journalen til "
    "en DKE-Sag, så teksten flyttes med over i sagens sagsforløb."
)
# Flat tabs: narrower than the platform's, so all six sections (København) fit beside the list at 1366 px.
_TAB_STYLE = (
    "QTabBar::tab {{ padding: 6px 9px; margin-right: 1px; border: none; border-bottom: 3px solid "
    "transparent; color: {icon}; background: transparent; }}"
    " QTabBar::tab:selected {{ border-bottom: 3px solid {accent}; color: {accent}; }}"
    " QTabBar::tab:hover:!selected {{ background: {hover}; }}"
    " QTabWidget::pane {{ border: none; border-top: 1px solid {border}; }}"
)
_BADGE = "border-radius: 3px; padding: 1px 7px; font-weight: bold; color: {ink}; background: {bg};"
_BADGE_COLOURS = {
    "journal": "badge_journal",
    "sag": "badge_sag",
    "open": "badge_open",
    "closed": "badge_closed",
    "raised": "badge_closed",
}  # theme names: background, and with _text the text


def _badge(text: str, key: str) -> QLabel:
    label = QLabel(text)
    name = _BADGE_COLOURS.get(key, "badge")
    label.setStyleSheet(_BADGE.format(ink=theme.colour(f"{name}_text"), bg=theme.colour(name)))
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return label


def _value(text: str, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if bold:
        label.setStyleSheet("font-weight: bold;")
    return label


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"color: {GREY};")
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return label


class CaseEditor(QWidget):
    """Shows one case; `case_changed(id)` asks the list to re-read a row, `case_replaced(id)` to select another."""

    case_changed = Signal(str)
    case_replaced = Signal(str)

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.vault: Vault | None = None
        self.detail: CaseDetail | None = None
        self.forms: list[SectionForm] = []
        self.dialog: QDialog | None = None
        self.content: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.placeholder = QLabel("Vælg en sag i listen for at se og redigere den.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(f"color: {GREY};")
        self.stack.addWidget(self.placeholder)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.stack.addWidget(self.scroll_area)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.save_current)

    # -- loading and clearing --------------------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault

    def case_id(self) -> str:
        return self.detail.id if self.detail else ""

    def load(self, case_id: str) -> None:
        """Show a case (re-reading it from the vault); unsaved edits are dropped – ask before calling."""
        if self.vault is None:
            return
        self._drop_content()
        self.detail = get_case(self.vault, case_id, today=self.today())
        self.content = self._build(self.detail)
        self.scroll_area.setWidget(self.content)
        self.stack.setCurrentWidget(self.scroll_area)

    def reload(self) -> None:
        if self.detail is not None:
            self.load(self.detail.id)

    def clear(self) -> None:
        """Forget the case and remove every widget that showed it (the vault is locking)."""
        self._drop_content()
        self.detail = None
        self.stack.setCurrentWidget(self.placeholder)

    def _drop_content(self) -> None:
        self.close_dialog()
        self.forms = []
        widget = self.scroll_area.takeWidget()
        if widget is not None:
            widget.setParent(None)  # gone from findChildren at once, not only after deleteLater
            widget.deleteLater()
        self.content = None

    def close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.reject()
            dialog.setParent(None)  # its fields may hold a name or CPR number: out of findChildren at once
            dialog.deleteLater()

    def has_unsaved(self) -> bool:
        return any(form.is_dirty() for form in self.forms)

    def unsaved_titles(self) -> list[str]:
        return [form.title for form in self.forms if form.is_dirty()]

    def read_only(self) -> bool:
        return self.detail is None or self.detail.case.status != "open"

    # -- building --------------------------------------------------------------------------------------------

    def _build(self, detail: CaseDetail) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 0, 10, 10)
        layout.setSpacing(10)
        self.message = MessageBar()  # before the header: its print button reports here
        layout.addWidget(self._header(detail))
        layout.addWidget(self.message)
        status = detail.case.status
        if status != "open":
            notice = MessageBar()
            when = date_text(detail.case.closed_on)
            text = (
                f"Journalen blev løftet til en DKE-Sag {when}. Den nye sag henviser til journalen; denne kan kun læses."
                if status == "raised"
                else f"Sagen blev lukket {when} og kan kun læses. Skal den ændres, så genåbn den med en begrundelse."
            )
            notice.show_message(text, "notice")
            layout.addWidget(notice)
        self.sag_fields_box: QFrame | None = None
        if detail.sag_only_sections:
            self.sag_fields_box = self._sag_fields_notice(detail)
            layout.addWidget(self.sag_fields_box)
        if detail.hints:
            hints = MessageBar()
            hints.show_message("\n".join(detail.hints), "hint")
            layout.addWidget(hints)
        if self.vault is not None:  # its own module: over 18 (DKE, Min plan) and the hand-over to SSP+
            self.age_panel = CaseAgePanel(self.vault, detail, self.today, self._open)
            self.age_panel.changed.connect(self.reload)
            if self.age_panel.relevant:
                layout.addWidget(self.age_panel)
        self.deadlines_box = QGroupBox("Frister")
        box_layout = QVBoxLayout(self.deadlines_box)
        self.deadlines_grid = QGridLayout()
        box_layout.addLayout(self.deadlines_grid)
        self._fill_deadlines(detail.deadlines)
        if self.vault is not None:
            self.events_bar = CaseEventsBar(self.vault, detail.id, self.read_only(), self.today)
            self.events_bar.changed.connect(self._events_changed)
            box_layout.addWidget(self.events_bar)
        layout.addWidget(self.deadlines_box)
        if self.vault is not None:  # its own module: the underretninger and what a Netværksmøde ended in
            self.underretninger = CaseUnderretninger(self.vault, detail.case, self.today, self._open)
            self.underretninger.changed.connect(self._refresh_deadlines)
            layout.addWidget(self.underretninger)
            # Its own module: the radicalisation flag and route, who must be called, the leader's attestation.
            self.routing = CaseRouting(self.vault, detail.case, self.today, self._open, self._may_reload)
            self.routing.changed.connect(lambda: self.case_changed.emit(self.case_id()))
            self.routing.attested.connect(self._status_changed_true)
            layout.addWidget(self.routing)
        layout.addWidget(self._tabs(detail), 1)
        return content

    def _header(self, detail: CaseDetail) -> QFrame:
        case = detail.case
        frame = QFrame()
        frame.setObjectName("caseHeader")
        frame.setStyleSheet(theme.card_style("caseHeader", radius=6))
        column = QVBoxLayout(frame)
        column.setContentsMargins(14, 10, 14, 12)
        top = QHBoxLayout()
        number = QLabel(case.number)
        font = number.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        number.setFont(font)
        number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(number)
        top.addSpacing(8)
        top.addWidget(_badge(KIND_LABELS[detail.kind], detail.kind))
        top.addWidget(_badge(STATUS_LABELS.get(case.status, case.status), case.status))
        top.addStretch(1)
        self.level_button = QPushButton("Skift niveau…")
        self.level_button.clicked.connect(self.change_level)
        self.close_button = QPushButton("Luk sag…")
        self.close_button.clicked.connect(self.close_case)
        self.reopen_button = QPushButton("Genåbn sag…")  # in place of "Luk sag…" while the case is closed
        self.reopen_button.clicked.connect(self.reopen_case)
        for button in (self.level_button, self.close_button):
            button.setEnabled(not self.read_only())
            top.addWidget(button)
        top.addWidget(self.reopen_button)
        self.close_button.setVisible(case.status != "closed")
        self.reopen_button.setVisible(case.status == "closed")
        if detail.kind == "sag":  # a journal has no handleplan (no person data); a closed sag's plan can be read
            self.plan_button = QPushButton("Handleplan…")
            self.plan_button.setToolTip("Den kriminalpræventive handleplan: initiativer, plan for den unge og familien")
            self.plan_button.clicked.connect(self.open_action_plan)
            top.insertWidget(top.indexOf(self.level_button), self.plan_button)
        if self.vault is not None:  # Udskriv… / Gem som PDF… (its own module), also for a closed case
            self.print_button = CasePrintButton(self.vault, detail.id, case.number, self.message, self.unsaved_titles)
            if detail.kind == "journal":  # a sag's top row is full at 1366×768: it goes beside the consent badge
                top.insertWidget(top.indexOf(self.level_button), self.print_button)
        column.addLayout(top)
        if detail.kind == "sag" and self.vault is not None:
            # On its own row: beside the number it pushed the buttons out of sight at 1366×768.
            # valid / missing / withdrawn / expiring – consent_status is not logged. The badge follows every change
            # to consents and the date by itself (consent_badge.consent_events), so it never shows a stale state.
            consent = ConsentBadge(today=self.today)
            consent.show_for_case(self.vault, case.id)
            badge_row = QHBoxLayout()
            badge_row.addWidget(consent)
            badge_row.addStretch(1)
            badge_row.addWidget(self.print_button)
            column.addLayout(badge_row)

        profile = active_profile(self.vault) if self.vault else None
        level = case.level
        if profile and level in profile.level_codes():
            level = level_text(profile.level(level))
        pairs = [
            ("Niveau:", level, False),
            ("Mødeforum:", case.forum, False),
            ("Dato:", date_text(case.registered), False),
            ("Område:", case.area, False),
            ("Koordinator:", case.coordinator, False),
        ]
        if detail.kind == "sag":
            shown_cpr = cprlib.format_cpr(case.cpr) if case.cpr else ""
            pairs = [("Navn:", case.person_name, True), ("CPR-nr:", shown_cpr, True), *pairs]
        if case.from_journal and self.vault is not None:
            rows = case_rows(self.vault, [case.from_journal])
            pairs.append(("Løftet fra:", rows[0].number if rows else "", False))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for index, (caption, text, bold) in enumerate(pairs):
            row, pair = divmod(index, 2)
            grid.addWidget(_caption(caption), row, pair * 2)
            grid.addWidget(_value(text, bold), row, pair * 2 + 1)
        row = (len(pairs) + 1) // 2
        grid.addWidget(_caption("Sagens genstand:"), row, 0)
        grid.addWidget(_value(case.subject), row, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        column.addLayout(grid)
        return frame

    def _sag_fields_notice(self, detail: CaseDetail) -> QFrame:
        """The notice on a journal holding text in a sag's sections, with Vis / Slet / Løft."""
        frame = QFrame()
        column = QVBoxLayout(frame)
        column.setContentsMargins(0, 0, 0, 0)
        bar = MessageBar()
        names = ", ".join(SECTION_NAMES[key] for key in detail.sag_only_sections)
        bar.show_message(SAG_FIELDS_NOTICE.format(sections=names), "notice")
        column.addWidget(bar)
        row = QHBoxLayout()
        self.sag_fields_history_button = QPushButton("Vis den gamle tekst…")
        self.sag_fields_history_button.clicked.connect(self.show_sag_fields)
        self.sag_fields_remove_button = QPushButton("Slet den gamle tekst…")
        self.sag_fields_remove_button.clicked.connect(lambda: self.remove_sag_fields())
        row.addWidget(self.sag_fields_history_button)
        row.addWidget(self.sag_fields_remove_button)
        if detail.case.status == "open":
            raise_button = QPushButton("Løft til DKE-Sag…")
            raise_button.clicked.connect(self.change_level)
            row.addWidget(raise_button)
        row.addStretch(1)
        column.addLayout(row)
        return frame

    def show_sag_fields(self) -> None:
        """The history of the sag-only sections a journal still holds (read only)."""
        if self.vault is None or self.detail is None:
            return
        keys = self.detail.sag_only_sections
        versions = sorted(
            (v for key in keys for v in section_history(self.vault, self.detail.id, key)),
            key=lambda v: v.created_at,
            reverse=True,
        )
        # Labelled by key: a focus area of another profile (or of a colleague's) still gets its readable label.
        fields = tuple(Field(k, field_label(k)) for k in dict.fromkeys(k for v in versions for k in v.fields))
        title = f"{', '.join(SECTION_NAMES[key] for key in keys)} ({self.detail.number})"
        self._open(HistoryDialog(title, versions, fields, self))

    def remove_sag_fields(self, confirm: Callable[[str, str], bool] | None = None) -> None:
        """Delete the journal's text in a sag's sections, after asking; the deletion is audit-logged."""
        if self.vault is None or self.detail is None or self._refuse_if_unsaved():
            return
        ask = confirm or (lambda title, text: ask_confirmation(self, title, text, "Slet teksten"))
        number = self.detail.number
        if not ask(
            "Slet den gamle tekst?",
            f"Slet alle versioner af teksten i felter, som kun hører til en DKE-Sag, fra {number}? "
            "Sletningen kan ikke fortrydes og bliver logget.",
        ):
            return
        try:
            remove_sag_fields(self.vault, self.detail.id)
        except Invalid as exc:
            self.message.show_error(exc.message)
            return
        case_id = self.detail.id
        self.reload()
        self.message.show_message(f"Den gamle tekst er slettet fra {number}.", "info")
        self.case_changed.emit(case_id)

    def _fill_deadlines(self, deadlines: list[Deadline]) -> None:
        grid = self.deadlines_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item else None
            if widget:
                widget.setParent(None)
                widget.deleteLater()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        if not deadlines:
            grid.addWidget(_value("Ingen frister for dette niveau."), 0, 0)
            return
        today = self.today()
        for row, deadline in enumerate(deadlines):
            is_open, overdue = deadline.is_open, deadline.overdue(today)
            label = _value(deadline.label)
            # A deadline whose start event has not happened has no date: it says what it waits for (issue 18).
            due = _value(date_text(deadline.due) if deadline.due else deadline.waiting_text)
            if not deadline.due:
                due.setObjectName("deadlineWaiting")
                due.setToolTip(WAITING_HINT)
                due.setWordWrap(False)  # one line: the deadline's label beside it wraps instead
                due.setStyleSheet(f"color: {GREY}; font-style: italic;")
            if deadline.status == "done":
                state = f"Udført {date_text(deadline.done_on)}"
            elif deadline.status == "closed":
                state = f"Lukket {date_text(deadline.done_on)}"
            else:
                state = "Overskredet" if overdue else "Åben"
            status = _value(state)
            for widget in (label, due, status):
                widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            if overdue:
                for widget in (due, status):
                    widget.setStyleSheet(f"color: {OVERDUE}; font-weight: bold;")
            elif not is_open:
                for widget in (label, due, status):
                    widget.setStyleSheet(f"color: {GREY};")
            grid.addWidget(label, row, 0)
            grid.addWidget(due, row, 1)
            grid.addWidget(status, row, 2)
            if deadline.computed:  # met by recording what it asks for (information, underretning), not a tick
                label.setToolTip(done_hint(deadline))
            elif is_open and not self.read_only():
                button = QPushButton("Udført")
                button.setToolTip(f"Markér fristen som udført: {deadline.label}")
                button.clicked.connect(lambda _checked=False, d=deadline.id: self.mark_done(d))
                grid.addWidget(button, row, 3)
        grid.setColumnStretch(0, 1)

    def _tabs(self, detail: CaseDetail) -> QTabWidget:
        self.tabs = FittingTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setStyleSheet(_TAB_STYLE.format(**theme.palette()))
        profile = active_profile(self.vault) if self.vault else None
        sections = list(SECTIONS)
        if detail.kind == "sag":  # a journal has only the sections of Bilag 5
            sections.append(EXTRA_SECTIONS[0])
            if profile and profile.focus_areas:
                sections.append(EXTRA_SECTIONS[1])
            sections += [(key, SECTION_NAMES[key]) for key in detail.profile_sections]  # bekymringsskabelon, over 18
        # A journal's text is checked while typing; the rules are read once here and shared by the sections.
        checked = detail.kind == "journal" and not self.read_only() and self.vault is not None
        rules = rules_for(self.vault.conn) if checked and self.vault is not None else None
        for key, title in sections:
            fields = form_fields(detail.kind, key, profile) if profile else ()
            form: SectionForm
            if key == CONCERN and self.vault is not None:
                form = ConcernForm(self.vault, detail.id, detail.number)
            else:
                form = SectionForm(key, title, tuple(fields), columns=2 if key == "focus" else 1)
            saved = detail.sections.get(key)
            if saved:
                form.set_values(saved.fields, self._stamp(saved))
            form.set_read_only(self.read_only())
            form.check.set_rules(self.vault, rules)
            form.save_requested.connect(lambda f=form: self.save_section(f))
            form.history_requested.connect(lambda f=form: self.show_history(f))
            form.dirty_changed.connect(lambda dirty, f=form: self._mark_tab(f, dirty))
            self.forms.append(form)
            self.tabs.addTab(form, title)
        closing = detail.sections.get("closing")
        if closing:
            form = SectionForm("closing", SECTION_NAMES["closing"], CLOSING_FIELDS)
            form.set_values(closing.fields, self._stamp(closing))
            form.set_read_only(True)
            form.history_button.hide()
            self.tabs.addTab(form, SECTION_NAMES["closing"])
        if "minutes" in detail.sections and self.vault is not None:
            # Minutes written on this case's agenda items (read-only here; they are edited in meeting mode).
            minutes = CaseMinutesView()
            minutes.show_case(self.vault, detail.id)
            self.tabs.addTab(minutes, "Referater")
        self.tabs.currentChanged.connect(self._fit_tabs)
        self._fit_tabs(0)
        return self.tabs

    def _fit_tabs(self, current: int) -> None:
        """Size the tab widget to the shown section only, so a short section has no empty space below it."""
        for index in range(self.tabs.count()):
            policy = QSizePolicy.Policy.Preferred if index == current else QSizePolicy.Policy.Ignored
            tab = self.tabs.widget(index)
            if tab:
                tab.setSizePolicy(policy, policy)
        self.tabs.updateGeometry()

    @staticmethod
    def _stamp(saved: SectionEntry) -> str:
        return f"Senest gemt {stamp_text(saved.created_at)} af {saved.author or 'ukendt'}"

    def _mark_tab(self, form: SectionForm, dirty: bool) -> None:
        index = self.tabs.indexOf(form)
        if index >= 0:
            self.tabs.setTabText(index, f"{form.title} *" if dirty else form.title)
            self.tabs.setTabToolTip(index, "Ændringer, der ikke er gemt" if dirty else "")

    # -- actions ---------------------------------------------------------------------------------------------

    def current_form(self) -> SectionForm | None:
        widget = self.tabs.currentWidget() if self.content is not None else None
        return widget if isinstance(widget, SectionForm) and widget in self.forms else None

    def save_current(self) -> None:
        form = self.current_form()
        if form is not None and form.is_dirty():
            self.save_section(form)

    def save_section(self, form: SectionForm) -> bool:
        if self.vault is None or self.detail is None or self.read_only():
            return False
        vault, case_id = self.vault, self.detail.id
        try:  # a probable name refused on save is asked about once ("Er «…» et navn på en person?")
            form.check.save_or_ask(
                lambda: save_section(vault, case_id, form.key, form.values(), today=self.today()), self
            )
        except Invalid as exc:  # refused by the service, or a date the form cannot read
            form.show_problem(exc.message, exc.field, exc.span)
            self.scroll_to(form, exc.field or "")
            return False
        versions = section_history(self.vault, self.detail.id, form.key)
        form.mark_saved(self._stamp(versions[0]) if versions else "")
        form.message.show_message(f"{form.title} er gemt.", "info")
        self.case_changed.emit(self.detail.id)
        return True

    def scroll_to(self, form: SectionForm, field: str) -> None:
        """Scroll the refused field – its label, the text and the note under it – fully into view."""
        self.tabs.setCurrentWidget(form)
        content = self.scroll_area.widget()
        layout = content.layout() if content is not None else None
        if layout is not None:
            layout.activate()  # the note just appeared: lay out before measuring
        for widget in reversed(form.field_area(field)):  # the note first, then the field: its top wins
            self.scroll_area.ensureWidgetVisible(widget, 0, 30)

    def show_history(self, form: SectionForm) -> None:
        if self.vault is None or self.detail is None:
            return
        versions = section_history(self.vault, self.detail.id, form.key)
        self._open(HistoryDialog(f"{form.title} ({self.detail.number})", versions, form.fields, self))

    def _events_changed(self) -> None:
        if self.vault is None or self.detail is None:
            return
        self.detail = get_case(self.vault, self.detail.id, today=self.today())
        self._fill_deadlines(self.detail.deadlines)
        self.case_changed.emit(self.detail.id)

    def mark_done(self, deadline_id: str) -> None:
        if self.vault is None or self.detail is None:
            return
        mark_deadline_done(self.vault, deadline_id, today=self.today())
        self._refresh_deadlines()

    def _refresh_deadlines(self) -> None:
        if self.vault is None or self.detail is None:
            return
        self.detail = get_case(self.vault, self.detail.id, today=self.today())
        self._fill_deadlines(self.detail.deadlines)
        self.case_changed.emit(self.detail.id)

    def _refuse_if_unsaved(self) -> bool:
        titles = self.unsaved_titles()
        if titles:
            self.message.show_error(f"Gem eller fortryd først ændringerne i {', '.join(titles)}.")
        return bool(titles)

    def open_action_plan(self) -> None:
        if self.vault is None or self.detail is None:
            return
        from sspdesk.ui.cases.handleplan_editor import HandleplanEditor  # opened seldom: off the start-up path

        dialog = HandleplanEditor(self.vault, self.detail.id, self, today=self.today)
        dialog.saved.connect(lambda _case_id: self.mark_plan_saved())
        self._open(dialog)

    def mark_plan_saved(self) -> None:
        """The plan met a deadline: re-read the deadlines (the sections being edited stay as they are)."""
        if self.vault is None or self.detail is None:
            return
        self.detail = get_case(self.vault, self.detail.id, today=self.today())
        self._fill_deadlines(self.detail.deadlines)
        self.case_changed.emit(self.detail.id)

    def change_level(self) -> None:
        if self.vault is None or self.detail is None or self._refuse_if_unsaved():
            return
        dialog = ChangeLevelDialog(self.vault, self.detail, self)
        dialog.accepted.connect(lambda: self._level_changed(dialog))
        self._open(dialog)

    def _level_changed(self, dialog: ChangeLevelDialog) -> None:
        result, old_id = dialog.result_detail, self.case_id()
        if result is None:
            return
        self.case_changed.emit(old_id)
        if result.id != old_id:
            self.case_replaced.emit(result.id)
        else:
            self.reload()

    def close_case(self, confirm: Callable[[str, str], bool] | None = None) -> None:
        if self.vault is None or self.detail is None or self._refuse_if_unsaved():
            return
        dialog = CloseCaseDialog(self.vault, self.detail, self, confirm=confirm)
        dialog.accepted.connect(lambda: self._status_changed(dialog.result_detail is not None))
        self._open(dialog)

    def reopen_case(self) -> None:
        if self.vault is None or self.detail is None or self.detail.case.status != "closed":
            return
        dialog = ReopenCaseDialog(self.vault, self.detail, self)
        dialog.accepted.connect(lambda: self._status_changed(dialog.reopened is not None))
        self._open(dialog)

    def _may_reload(self) -> bool:
        return not self._refuse_if_unsaved()

    def _status_changed_true(self) -> None:
        self._status_changed(True)

    def _status_changed(self, changed: bool) -> None:
        if changed:
            case_id = self.case_id()
            self.reload()
            self.case_changed.emit(case_id)

    def _open(self, dialog: QDialog) -> None:
        self.close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_finished(d))
        dialog.open()

    def _dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
