"""The Administration place (administrators only): the professionals of the dispositif, its territories, its
binômes and who followed them when, access to this computer, and the history of every change.

Lists are small (tens of rows): item views read all at once, off the UI thread. Each change opens a form of
:mod:`ui.admin_dialogs`; the service decides and the list is read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.changes import Area, Changes
from accomp_desktop.domain.model import DirectoryChange, Membership, Professional, Territory
from accomp_desktop.domain.validation import format_date
from accomp_desktop.services.administration import AdministrationService
from accomp_desktop.services.directory import BinomeTeam, DirectoryService
from accomp_desktop.services.signin import Account
from accomp_desktop.ui.admin.account_dialogs import GrantAccessDialog
from accomp_desktop.ui.admin.dialogs import (
    BinomeDialog,
    ProfessionalDialog,
    ReplaceMemberDialog,
    TerritoryDialog,
)
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.confirm import confirm
from accomp_desktop.ui.widgets.fields import list_view, wrapped_label
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog

ID_ROLE = int(Qt.ItemDataRole.UserRole)


@dataclass(frozen=True, slots=True)
class AdminData:
    professionals: list[Professional]
    with_access: frozenset[str]
    territories: list[Territory]
    teams: list[BinomeTeam]
    memberships: list[Membership]
    changes: list[DirectoryChange]


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class AdminPage(QWidget):
    changed = Signal(str)  # a sentence for the status bar; the other places read the directory again

    def __init__(
        self,
        directory: DirectoryService,
        service: AdministrationService,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory, self._service, self._runner = directory, service, runner
        self.account: Account | None = None
        self.author_id = ""
        self.data: AdminData | None = None
        self.dialog: QWidget | None = None
        self.message_box: QMessageBox | None = None
        self._active = False

        title = QLabel("Administration du dispositif")
        title.setObjectName("pageTitle")
        intro = wrapped_label(
            "Les professionnels, leurs fonctions, les territoires et les binômes : la coordination "
            "les met en place ici. Rien n'est jamais supprimé ; chaque changement est gardé dans "
            "l'historique et le journal d'audit.",
            "hint",
        )
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Parties de l'administration")
        self.tabs.addTab(self._professionals_tab(), "Professionnels")
        self.tabs.addTab(self._territories_tab(), "Territoires")
        self.tabs.addTab(self._binomes_tab(), "Binômes")
        self.history = list_view("Historique des changements", ["Quand", "Par", "Changement"], (140, 180))
        self.history.setWordWrap(True)
        self.tabs.addTab(self.history, "Historique")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, stretch=1)

    # --- building -----------------------------------------------------------------------------------

    def _professionals_tab(self) -> QWidget:
        self.professionals = list_view(
            "Professionnels du dispositif",
            ["Nom", "Fonction", "Institution", "Droits", "Accès au poste", "E-mail", "Téléphone"],
            (170, 165, 100, 110, 120, 200),
        )
        self.add_professional = QPushButton("Nouveau professionnel…")
        self.add_professional.clicked.connect(lambda: self.edit_professional(new=True))
        self.change_professional = QPushButton("Modifier…")
        self.change_professional.clicked.connect(lambda: self.edit_professional())
        self.professionals.itemDoubleClicked.connect(lambda *_: self.edit_professional())
        self.toggle_active = QPushButton("Désactiver")
        self.toggle_active.clicked.connect(self.ask_toggle_active)
        self.grant = QPushButton("Donner l'accès à ce poste…")
        self.grant.clicked.connect(self.give_access)
        self.revoke = QPushButton("Retirer l'accès")
        self.revoke.clicked.connect(self.ask_revoke)
        self.professionals.currentItemChanged.connect(lambda *_: self._professional_selected())
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addLayout(
            _buttons(
                self.add_professional, self.change_professional, self.toggle_active, self.grant, self.revoke
            )
        )
        column.addWidget(self.professionals, stretch=1)
        return tab

    def _territories_tab(self) -> QWidget:
        self.territories = list_view("Territoires", ["Territoire", "Codes postaux", "Binômes"], (220, 320))
        self.add_territory = QPushButton("Nouveau territoire…")
        self.add_territory.clicked.connect(lambda: self.edit_territory(new=True))
        self.change_territory = QPushButton("Modifier…")
        self.change_territory.clicked.connect(lambda: self.edit_territory())
        self.territories.itemDoubleClicked.connect(lambda *_: self.edit_territory())
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addLayout(_buttons(self.add_territory, self.change_territory))
        column.addWidget(self.territories, stretch=1)
        return tab

    def _binomes_tab(self) -> QWidget:
        self.binomes = list_view(
            "Binômes",
            ["Binôme", "Territoire", "Conseiller France Travail", "Travailleur social", "File active visée"],
            (200, 150, 200, 200),
        )
        self.add_binome = QPushButton("Nouveau binôme…")
        self.add_binome.clicked.connect(lambda: self.edit_binome(new=True))
        self.change_binome = QPushButton("Modifier…")
        self.change_binome.clicked.connect(lambda: self.edit_binome())
        self.binomes.itemDoubleClicked.connect(lambda *_: self.edit_binome())
        self.replace = QPushButton("Remplacer un membre…")
        self.replace.clicked.connect(self.replace_member)
        self.members = list_view(
            "Membres du binôme au fil du temps",
            ["Professionnel", "Fonction", "Depuis le", "Jusqu'au"],
            (220, 180, 110),
        )
        self.members.setMaximumHeight(150)
        self.binomes.currentItemChanged.connect(lambda *_: self._show_members())
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addLayout(_buttons(self.add_binome, self.change_binome, self.replace))
        column.addWidget(self.binomes, stretch=1)
        column.addWidget(QLabel("Qui a suivi les dossiers du binôme, et quand :"))
        column.addWidget(self.members)
        return tab

    # --- loading ------------------------------------------------------------------------------------

    def set_professional(self, professional: Professional, account: Account | None) -> None:
        self.author_id, self.account = professional.id, account
        self.data = None
        if self._active:
            self.reload()

    def set_active(self, active: bool) -> None:
        self._active = active
        if active and self.data is None:
            self.reload()

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches(Area.DIRECTORY) and self.data is not None:
            self.reload()

    def reload(self) -> None:
        if not self.author_id:
            return
        directory, viewer, account = self._directory, self.author_id, self.account

        def work() -> AdminData:
            professionals = directory.professionals(include_inactive=True)
            access = (
                frozenset(p.id for p, has in account.colleagues() if has) | {viewer}
                if account
                else frozenset()
            )
            return AdminData(
                professionals,
                access,
                directory.territories(),
                directory.teams(),
                directory.memberships(),
                directory.history(viewer_id=viewer),
            )

        self._runner.run(work, self._show, self._failed)

    def _failed(self, error: UserError) -> None:
        self._say(str(error))

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _show(self, data: AdminData) -> None:
        self.error.hide()
        self.data = data
        selected = self._current(self.professionals)
        self.professionals.clear()
        for p in data.professionals:
            rights = "Administrateur" if p.admin else ""
            state = (
                "Désactivé le " + format_date(p.deactivated_on)
                if not p.active
                else "Oui"
                if p.id in data.with_access
                else "Non"
            )
            item = QTreeWidgetItem(
                [
                    f"{p.last_name.upper()} {p.first_name}",
                    p.role.label,
                    p.institution.label,
                    rights,
                    state,
                    p.email,
                    p.phone,
                ]
            )
            item.setData(0, ID_ROLE, p.id)
            self.professionals.addTopLevelItem(item)
            if p.id == selected:
                self.professionals.setCurrentItem(item)
        self.territories.clear()
        for territory in data.territories:
            binomes = ", ".join(t.binome.name for t in data.teams if t.binome.territory == territory.name)
            item = QTreeWidgetItem([territory.name, " ".join(territory.postcodes), binomes])
            item.setData(0, ID_ROLE, territory.id)
            self.territories.addTopLevelItem(item)
        chosen = self._current(self.binomes)
        self.binomes.clear()
        for team in data.teams:
            names = [m.display_name if m else "—" for m in (team.conseiller, team.travailleur_social)]
            item = QTreeWidgetItem(
                [
                    team.binome.name,
                    team.binome.territory,
                    *names,
                    f"{team.binome.target_min} à {team.binome.target_max}",
                ]
            )
            item.setData(0, ID_ROLE, team.binome.id)
            self.binomes.addTopLevelItem(item)
            if team.binome.id == chosen:
                self.binomes.setCurrentItem(item)
        self.history.clear()
        for change in data.changes:
            when = change.at.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y %H:%M")
            item = QTreeWidgetItem([when, change.author, change.summary])
            item.setToolTip(2, change.summary)
            self.history.addTopLevelItem(item)
        self._professional_selected()
        self._show_members()

    @staticmethod
    def _current(view: QTreeWidget) -> str | None:
        item = view.currentItem()
        return str(item.data(0, ID_ROLE)) if item is not None else None

    def selected_professional(self) -> Professional | None:
        chosen = self._current(self.professionals)
        return next((p for p in self.data.professionals if p.id == chosen), None) if self.data else None

    def _selected_team(self) -> BinomeTeam | None:
        chosen = self._current(self.binomes)
        return next((t for t in self.data.teams if t.binome.id == chosen), None) if self.data else None

    def _professional_selected(self) -> None:
        professional = self.selected_professional()
        for button in (self.change_professional, self.toggle_active, self.grant, self.revoke):
            button.setEnabled(professional is not None)
        if professional is None or self.data is None:
            return
        self.toggle_active.setText("Réactiver" if not professional.active else "Désactiver")
        has_access = professional.id in self.data.with_access
        self.grant.setText("Nouvelle phrase de passe…" if has_access else "Donner l'accès à ce poste…")
        self.grant.setEnabled(professional.active and self.account is not None)
        self.revoke.setEnabled(has_access and professional.id != self.author_id and self.account is not None)

    def _show_members(self) -> None:
        self.members.clear()
        team = self._selected_team()
        self.replace.setEnabled(team is not None)
        self.change_binome.setEnabled(team is not None)
        if team is None or self.data is None:
            return
        names = {p.id: p.display_name for p in self.data.professionals}
        for membership in self.data.memberships:
            if membership.binome_id == team.binome.id:
                self.members.addTopLevelItem(
                    QTreeWidgetItem(
                        [
                            names.get(membership.professional_id, "—"),
                            membership.role.label,
                            format_date(membership.since),
                            format_date(membership.until) if membership.until else "aujourd'hui",
                        ]
                    )
                )

    # --- changing -----------------------------------------------------------------------------------

    def _open(self, dialog: ServiceDialog, message: str) -> None:
        dialog.succeeded.connect(lambda _result: self._done(message))
        self.dialog = dialog
        dialog.open()

    def _done(self, message: str) -> None:
        self.changed.emit(message)
        self.reload()

    def edit_professional(self, *, new: bool = False) -> None:
        professional = None if new else self.selected_professional()
        if not new and professional is None:
            return
        dialog = ProfessionalDialog(self._service, self._runner, self.author_id, professional, self)
        if self.account is not None:
            account = self.account
            dialog.succeeded.connect(lambda saved: self._relabel(account, saved))
        self._open(dialog, "Professionnel enregistré.")

    def _relabel(self, account: Account, professional: Professional) -> None:
        try:  # the sign-in screen shows the new name and role
            account.relabel(professional)
        except OSError as error:
            self._say(f"Le fichier des accès n'a pas pu être mis à jour ({error.strerror}).")

    def ask_toggle_active(self) -> None:
        professional = self.selected_professional()
        if professional is None:
            return
        if not professional.active:
            self._set_active(professional, True)
            return
        self.message_box = confirm(
            self,
            "Désactiver un professionnel",
            f"{professional.display_name} ne pourra plus se connecter, ni être mis dans un binôme. Son "
            "nom reste dans "
            "les historiques ; son accès à ce poste est retiré.",
            yes="Désactiver",
            no="Annuler",
            then=lambda: self._set_active(professional, False),
        )

    def _set_active(self, professional: Professional, active: bool) -> None:
        service, author, account = self._service, self.author_id, self.account

        def work() -> str:
            service.set_active(professional.id, active, author_id=author, today=date.today())
            if not active and account is not None:
                account.revoke(professional.id)
            return f"{professional.display_name} {'réactivé' if active else 'désactivé'}."

        self._runner.run(work, self._done, self._failed)

    def give_access(self) -> None:
        professional, account = self.selected_professional(), self.account
        if professional is None or account is None:
            return
        dialog = GrantAccessDialog(
            account,
            self._runner,
            [(professional, professional.id in (self.data.with_access if self.data else ()))],
            self,
        )
        self._open(
            dialog, f"{professional.display_name} peut se connecter sur ce poste avec sa phrase de passe."
        )

    def ask_revoke(self) -> None:
        professional, account = self.selected_professional(), self.account
        if professional is None or account is None:
            return
        self.message_box = confirm(
            self,
            "Retirer l'accès",
            f"{professional.display_name} ne pourra plus ouvrir la base de ce poste.",
            yes="Retirer l'accès",
            no="Annuler",
            then=lambda: self._runner.run(
                lambda: account.revoke(professional.id),
                lambda _none: self._done(f"Accès retiré à {professional.display_name}."),
                self._failed,
            ),
        )

    def edit_territory(self, *, new: bool = False) -> None:
        chosen = self._current(self.territories)
        territory = (
            None
            if new or self.data is None
            else next((t for t in self.data.territories if t.id == chosen), None)
        )
        if not new and territory is None:
            return
        self._open(
            TerritoryDialog(self._service, self._runner, self.author_id, territory, self),
            "Territoire enregistré.",
        )

    def edit_binome(self, *, new: bool = False) -> None:
        if self.data is None:
            return
        team = None if new else self._selected_team()
        if not new and team is None:
            return
        if not self.data.territories:
            self._say("Créez d'abord un territoire (onglet « Territoires »).")
            return
        self._open(
            BinomeDialog(
                self._service,
                self._runner,
                self.author_id,
                self.data.professionals,
                self.data.territories,
                team.binome if team else None,
                self,
            ),
            "Binôme enregistré.",
        )

    def replace_member(self) -> None:
        team = self._selected_team()
        if team is None or self.data is None:
            return
        self._open(
            ReplaceMemberDialog(
                self._service, self._runner, self.author_id, team.binome, self.data.professionals, self
            ),
            "Membre du binôme remplacé.",
        )
