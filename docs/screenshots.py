"""Regenerates the README's screenshots from the real window on a fresh demonstration database.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py`` (or under Xvfb for real fonts
hinting). Writes ``docs/*.png``; the printed plan's page needs ``pdftoppm`` (Debian ``poppler-utils``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from accomp_desktop.app import _make_application, load_project_referentiel
from accomp_desktop.demo.generator import ensure_demo
from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.plan import PlanService
from accomp_desktop.services.signin import DEMO_PASSPHRASE, Account, SignInService, Start
from accomp_desktop.services.workspace import WorkspaceServices
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.dossiers.case_table_model import ID_ROLE, PENDING
from accomp_desktop.ui.main_window import ADMINISTRATION, MainWindow
from accomp_desktop.ui.signin_dialog import SignInDialog
from accomp_desktop.ui.tasks import ImmediateRunner

OUT = Path(__file__).resolve().parent


def main() -> int:
    app = _make_application()
    folder = DataFolder(Path(tempfile.mkdtemp()))
    folder.create()
    referentiel = load_project_referentiel(folder)
    signin = SignInService(folder)
    signin.prepare_demo(lambda demo_store: ensure_demo(demo_store, referentiel) and None)
    dialog = SignInDialog(signin, ImmediateRunner(print), start=Start.SIGN_IN, demo=True)
    dialog.show()
    dialog.passphrase.setText(DEMO_PASSPHRASE)
    app.processEvents()
    dialog.grab().save(str(OUT / "connexion.png"))
    dialog.submit()
    assert dialog.unlocked is not None
    store = dialog.unlocked.store
    account = Account(signin, dialog.unlocked)
    window = _window(store, referentiel, folder, account)
    window.resize(1100, 760)
    window.set_professional(account.professional)
    window.show()
    model = window.workspace.dossiers.cases.model
    deadline = time.monotonic() + 10
    while model.index(0, 0).data() in (None, PENDING) and time.monotonic() < deadline:
        app.processEvents()  # the list asks for its visible rows after the first paint
    window.grab().save(str(OUT / "dossiers.png"))
    place = window.workspace.dossiers
    table = place.cases.table
    for row in range(table.model().rowCount()):  # a dossier in accompaniment, with its journal
        if table.model().index(row, 2).data() == "Accompagnement":
            place.open_dossier(table.model().index(row, 0).data(ID_ROLE))
            break
    app.processEvents()
    window.grab().save(str(OUT / "dossier.png"))
    place.page.tabs.setCurrentWidget(place.page.journal_tab)
    app.processEvents()
    window.grab().save(str(OUT / "dossier-journal.png"))
    window.workspace.go_to(1)
    app.processEvents()
    window.grab().save(str(OUT / "diagnostic.png"))
    detail = place.page.detail
    assert detail is not None
    _, pdf = PlanService(store, referentiel).issue(
        detail.dossier.id, with_confidential=False, author_id=account.professional.id, today=date.today()
    )
    with tempfile.TemporaryDirectory() as scratch:  # page 1 of the printed plan, as the person sees it
        (Path(scratch) / "plan.pdf").write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "70",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(Path(scratch) / "plan.pdf"),
                str(OUT / "plan-page-1"),
            ],
            check=True,
        )
    agenda = window.workspace.agenda
    window.workspace.go_to(2)
    window.resize(1500, 900)  # the binôme's week, both agendas side by side, wants a wide screen
    agenda.day = date.today() + timedelta(days=1)
    while agenda.day.weekday() >= 5:  # a working week, with appointments
        agenda.day += timedelta(days=1)
    agenda.whose.setCurrentIndex(agenda.whose.findData("both"))
    app.processEvents()
    window.grab().save(str(OUT / "agenda.png"))
    agenda.view.setCurrentIndex(0)  # one day, both agendas
    app.processEvents()
    window.grab().save(str(OUT / "agenda-binome.png"))
    window.resize(1100, 760)
    window.workspace.go_to(0)
    place.show_list()
    place.new_dossier()
    new_dialog = place.new_dialog
    assert new_dialog is not None
    dialog = new_dialog
    dialog.person.last_name.setText("N'Diaye")
    dialog.person.first_name.setText("Aïssatou")
    dialog.person.birth_date.setText("31/02/1990")
    dialog.person.phone.setText("06 12 34")
    dialog.submit()
    app.processEvents()
    dialog.grab().save(str(OUT / "nouveau-dossier.png"))
    dialog.done(0)
    assert window.lock is not None
    window.lock.lock()
    app.processEvents()
    window.grab().save(str(OUT / "verrouillage.png"))
    window.lock.unlock(DEMO_PASSPHRASE)
    window.close()
    _administration(app, signin, store, referentiel, folder)
    store.close()
    _first_use_guide(app, referentiel)
    QApplication.processEvents()
    return 0


def _window(store: Store, referentiel: Referentiel, folder: DataFolder, account: Account) -> MainWindow:
    return MainWindow(
        services=WorkspaceServices.on(store, referentiel),
        runner=ImmediateRunner(print),
        data_dir=folder.root,
        window_state_file=folder.window_state_file,
        demo=True,
        started=0.0,
        account=account,
    )


def _administration(
    app: QApplication, signin: SignInService, store: Store, referentiel: Referentiel, folder: DataFolder
) -> None:
    """The coordination's Administration place, on the binômes and their members over time."""
    coordinator = next(p for p in signin.profiles() if p.role == "other")
    account = Account(signin, signin.sign_in(coordinator.id, DEMO_PASSPHRASE))
    window = _window(account._unlocked.store, referentiel, folder, account)  # noqa: SLF001
    window.resize(1100, 760)
    window.set_professional(account.professional)
    window.show()
    admin = window.workspace.administration
    window.workspace.go_to(ADMINISTRATION)
    admin.tabs.setCurrentIndex(2)
    admin.binomes.setCurrentItem(admin.binomes.topLevelItem(0))
    app.processEvents()
    window.grab().save(str(OUT / "administration.png"))
    window.close()
    account._unlocked.store.close()  # noqa: SLF001


def _first_use_guide(app: QApplication, referentiel: Referentiel) -> None:
    """A fresh data folder: the first-use guide, on the page of the binôme's other member."""
    folder = DataFolder(Path(tempfile.mkdtemp()))
    folder.create()
    signin = SignInService(folder)
    unlocked = signin.first_use(
        first_name="Aïcha",
        last_name="N'Diaye",
        institution=Institution.DEPARTEMENT,
        role=Role.TRAVAILLEUR_SOCIAL,
        passphrase=DEMO_PASSPHRASE,
        again=DEMO_PASSPHRASE,
    )
    window = _window(unlocked.store, referentiel, folder, Account(signin, unlocked))
    window.resize(1100, 760)
    window.set_professional(unlocked.professional)
    window.show()
    guide = window.guide
    assert guide is not None
    guide.next()
    guide.territory.setText("Barsuraubois")
    guide.postcodes.setText("10200 10140 10110")
    guide.next()
    guide.partner.first_name.setText("Jean-Marc")
    guide.partner.last_name.setText("Lefèvre")
    guide.partner.email.setText("jean-marc.lefevre@francetravail.fr")
    app.processEvents()
    guide.grab().save(str(OUT / "premiere-utilisation.png"))
    guide.reject()
    window.close()
    unlocked.store.close()


if __name__ == "__main__":
    sys.exit(main())
