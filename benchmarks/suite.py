"""The measurements: each one a median over several runs, compared with its baseline in the same run.

In-process measurements use the real services and widgets (offscreen Qt, work done at once on the calling
thread so the clock sees all of it); start-up and memory run the application in child processes.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from accomp_desktop.services.signin import DEMO_PASSPHRASE
from accomp_desktop.storage.location import DataFolder

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    value: float  # median
    unit: str
    target: str
    ok: bool | None  # None: no target, for information
    baseline: float | None = None
    baseline_name: str = ""
    runs: int = 0

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def median_ms(action: Callable[[], Any], runs: int, warm: int = 1) -> float:
    for _ in range(warm):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _env() -> dict[str, str]:
    return dict(
        os.environ, QT_QPA_PLATFORM="offscreen", ACCOMP_PASSPHRASE=DEMO_PASSPHRASE, PYTHONPATH=str(ROOT)
    )


# --- 1. start-up
# -------------------------------------------------------------------------------------------------


def _as_installed(folder: DataFolder) -> tuple[list[str], dict[str, str]]:
    """The arguments and environment that start the application as a professional does — no --data-dir, the
    data folder found through platformdirs — on the benchmark's folder (on Linux, XDG_DATA_HOME points at
    it)."""
    if sys.platform != "linux":
        return ["--data-dir", str(folder.root)], _env()
    xdg = folder.root.parent / f"xdg-{folder.root.name}"
    link = xdg / "accomp-desktop"
    if not link.is_symlink():
        xdg.mkdir(parents=True, exist_ok=True)
        link.symlink_to(folder.root.resolve(), target_is_directory=True)
    return [], _env() | {"XDG_DATA_HOME": str(xdg)}


def startup(folder: DataFolder, runs: int) -> list[Result]:
    """Process start → first window painted (the sign-in window), against a bare QMainWindow, alternated run
    by run; and passphrase submitted → first rows of the case list on screen."""
    log_file = folder.logs / "accomp.log"
    arguments, environment = _as_installed(folder)
    app, bare, shown, main = [], [], [], []
    for _ in range(runs):
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.bare_window"],
            capture_output=True,
            text=True,
            env=_env(),
            cwd=ROOT,
            timeout=120,
            check=True,
        ).stdout
        bare.append(float(out.split()[-1]) - started)
        log_file.unlink(missing_ok=True)
        started = time.time()
        subprocess.run(
            [sys.executable, "-m", "accomp_desktop", *arguments, "--quit-after", "2"],
            capture_output=True,
            text=True,
            env=environment,
            cwd=ROOT,
            timeout=180,
            check=True,
        )
        log = log_file.read_text(encoding="utf-8")
        painted = re.search(r"sign-in window painted at ([\d.]+)", log)
        window = re.search(r"window painted \d+ ms after start \(at ([\d.]+)\)", log)
        listed = re.search(r"case list shown (\d+) ms after the passphrase", log)
        if painted is None or window is None or listed is None:
            raise RuntimeError(f"start-up not measured, log:\n{log}")
        app.append(float(painted.group(1)) - started)
        main.append(float(window.group(1)) - started)
        shown.append(float(listed.group(1)) / 1000)
    app_ms, bare_ms = statistics.median(app) * 1000, statistics.median(bare) * 1000
    return [
        Result(
            "Démarrage → première fenêtre (connexion)",
            app_ms,
            "ms",
            "≤ 1,5 × fenêtre Qt nue",
            app_ms <= 1.5 * bare_ms,
            bare_ms,
            "QMainWindow nue",
            runs,
        ),
        Result(
            "Phrase de passe → liste des dossiers affichée",
            statistics.median(shown) * 1000,
            "ms",
            "≤ 500 ms",
            statistics.median(shown) <= 0.5,
            runs=runs,
        ),
        Result(
            "Démarrage → fenêtre principale (connexion automatique)",
            statistics.median(main) * 1000,
            "ms",
            "information",
            None,
            runs=runs,
        ),
    ]


# --- 2. search
# -----------------------------------------------------------------------------------------------------


def AllRowsModel(rows: list[tuple[str, ...]]) -> Any:  # noqa: N802 - a class made on use (Qt imported late)
    """The naive list: every dossier's row held in memory, for a QSortFilterProxyModel to filter. (Not a
    QStandardItemModel: PySide6 6.12 on Python 3.11 corrupts None's reference count after ~100,000 appendRow
    calls and aborts.)"""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

    class Model(QAbstractTableModel):
        def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
            return 3

        def data(
            self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
        ) -> Any:
            return rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None

    return Model()


def search(store: Any, professional_id: str, runs: int) -> list[Result]:
    """Per keystroke: the SQL search and the list model's refresh (ids, then the first screenful of rows),
    against a QSortFilterProxyModel filtering every row loaded in memory."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from sqlalchemy import text

    from accomp_desktop.domain.caselist import CaseQuery, Scope
    from accomp_desktop.services.caselist import CaseListService
    from accomp_desktop.ui.dossiers.case_table_model import CaseTableModel
    from accomp_desktop.ui.tasks import ImmediateRunner

    with store.engine.connect() as connection:
        name = (
            connection.execute(
                text("SELECT last_name FROM persons GROUP BY last_name ORDER BY count(*) DESC LIMIT 1")
            ).scalar()
            or "Martin"
        )
    service = CaseListService(store)
    model = CaseTableModel(
        service, ImmediateRunner(print), CaseQuery(professional_id=professional_id, today=date.today())
    )
    prefixes = [name[:i] for i in range(1, len(name) + 1)]

    def type_ours() -> list[float]:
        times = []
        for prefix in prefixes:
            started = time.perf_counter()
            model.set_query(
                CaseQuery(professional_id=professional_id, today=date.today(), text=prefix, scope=Scope.ALL)
            )
            for row in range(min(40, model.rowCount())):
                model.data(model.index(row, 0))
            model._fetch_wanted()  # noqa: SLF001 - the screenful of rows the view asks for, now
            times.append(time.perf_counter() - started)
        return times

    loaded = time.perf_counter()
    with store.engine.connect() as connection:
        every_row = [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT p.last_name, p.first_name, d.reference FROM dossiers d JOIN persons p ON "
                    "p.id = d.person_id"
                )
            )
        ]
    naive_source = AllRowsModel(every_row)
    load_ms = (time.perf_counter() - loaded) * 1000
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(naive_source)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def type_naive() -> list[float]:
        times = []
        for prefix in prefixes:
            started = time.perf_counter()
            proxy.setFilterFixedString(prefix)
            for row in range(min(40, proxy.rowCount())):
                proxy.data(proxy.index(row, 0))
            times.append(time.perf_counter() - started)
        proxy.setFilterFixedString("")
        return times

    type_ours()  # warm the page cache
    ours: list[float] = []
    naive: list[float] = []
    for _ in range(runs):
        ours += type_ours()
        naive += type_naive()
    ours_ms, naive_ms = statistics.median(ours) * 1000, statistics.median(naive) * 1000
    return [
        Result(
            f"Recherche, par frappe (« {name} » lettre à lettre, tous les dossiers)",
            ours_ms,
            "ms",
            "≤ 20 ms",
            ours_ms <= 20,
            naive_ms,
            f"QSortFilterProxyModel sur toutes les lignes (chargées en {load_ms:.0f} ms)",
            runs * len(prefixes),
        ),
    ]


# --- 3. open a dossier
# ---------------------------------------------------------------------------------------------


def open_dossier(store: Any, referentiel: Any, viewer_id: str, runs: int) -> list[Result]:
    """What the dossier page and its tabs read: identity and history, diagnostic, plan."""
    import random

    from sqlalchemy import text

    from accomp_desktop.services.diagnostic import DiagnosticService
    from accomp_desktop.services.dossiers import DossierService
    from accomp_desktop.services.plan import PlanService

    with store.engine.connect() as connection:  # the dossiers of the viewer's binômes: he may open no other
        ids = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT d.id FROM dossiers d JOIN binomes b ON b.id = d.binome_id WHERE d.status = "
                    "'accompagnement' "
                    "AND :me IN (b.conseiller_id, b.travailleur_social_id)"
                ),
                {"me": viewer_id},
            )
        ]
    chosen = random.Random(7).sample(ids, min(len(ids), max(runs, 5)))
    dossiers, diagnostic, plan = (
        DossierService(store),
        DiagnosticService(store, referentiel),
        PlanService(store, referentiel),
    )
    times = []
    for dossier_id in chosen:
        started = time.perf_counter()
        dossiers.detail(dossier_id, viewer_id=viewer_id)
        diagnostic.sheet(dossier_id, viewer_id=viewer_id)
        plan.sheet(dossier_id, viewer_id=viewer_id)
        times.append(time.perf_counter() - started)
    value = statistics.median(times) * 1000
    return [
        Result(
            "Ouvrir un dossier (identité, historique, diagnostic, plan)",
            value,
            "ms",
            "≤ 50 ms",
            value <= 50,
            runs=len(chosen),
        )
    ]


# --- 4. agenda
# -----------------------------------------------------------------------------------------------------

WEEK_APPOINTMENTS = 200


def agenda_week(store: Any, professional: Any, partner: Any, runs: int) -> list[Result]:
    """A week of 200 appointments (the binôme's two agendas side by side): read and drawn."""
    from accomp_desktop.domain.enums import AppointmentMode, AppointmentType
    from accomp_desktop.services.agenda import AgendaService, AppointmentDraft
    from accomp_desktop.ui.agenda.page import AgendaPage
    from accomp_desktop.ui.tasks import ImmediateRunner

    service = AgendaService(store)
    people = [professional.id, partner.id]
    monday = date.today() + timedelta(
        days=7 - date.today().weekday() + 14
    )  # in their future, past the demo's

    def week_of(day: date) -> list[Any]:
        start = datetime.combine(day, datetime.min.time())
        return service.appointments(people, start, start + timedelta(days=7), viewer_id=professional.id)

    while len(week_of(monday)) > WEEK_APPOINTMENTS:  # a database kept from an earlier run: its next free week
        monday += timedelta(days=7)
    made = len(week_of(monday))
    for day in range(5):
        for slot in range(20):
            for who in (professional, partner):
                if made >= WEEK_APPOINTMENTS:
                    break
                start = datetime.combine(monday + timedelta(days=day), datetime.min.time()) + timedelta(
                    hours=8, minutes=25 * slot
                )
                service.save(
                    AppointmentDraft(
                        AppointmentType.CONSEILLER_INTERVIEW,
                        AppointmentMode.ON_SITE,
                        start.strftime("%d/%m/%Y"),
                        start.strftime("%H:%M"),
                        20,
                        (who.id,),
                        place="Agence de Troyes",
                    ),
                    author_id=who.id,
                    allow_overlap=True,
                )
                made += 1
    made = len(week_of(monday))
    page = AgendaPage(service, ImmediateRunner(print))
    page.resize(1500, 900)
    page.set_professional(professional)
    page.day = monday
    page.show()
    page.set_active(True)

    def draw() -> None:
        page.reload()
        page.grab()

    value = median_ms(draw, runs)
    page.close()
    return [
        Result(
            f"Agenda : semaine de {made} rendez-vous (lue et dessinée)",
            value,
            "ms",
            "≤ 50 ms",
            value <= 50,
            runs=runs,
        )
    ]


# --- 5. PDF
# --------------------------------------------------------------------------------------------------------


def pdf(runs: int, bulk: int) -> list[Result]:
    from benchmarks.fonts import standard_fonts
    from benchmarks.samples import typical_plan

    first = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import time; t = time.perf_counter()\n"
                "from benchmarks.samples import typical_plan\n"
                "from accomp_desktop.reports.plan_pdf import render_plan\n"
                "render_plan(typical_plan()); print(time.perf_counter() - t)"
            ),
        ],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        check=True,
    ).stdout
    from accomp_desktop.reports.plan_pdf import render_plan

    content = typical_plan()
    embedded = median_ms(lambda: render_plan(content), runs, warm=2)
    with standard_fonts():
        floor = median_ms(lambda: render_plan(content), runs, warm=2)
    started = time.perf_counter()
    for _ in range(bulk):
        render_plan(content)
    per_plan = (time.perf_counter() - started) * 1000 / bulk
    return [
        Result(
            "Plan PDF (police DejaVu incorporée), par plan",
            embedded,
            "ms",
            "≤ 25 ms",
            embedded <= 25,
            floor,
            "même plan, Helvetica non incorporée",
            runs,
        ),
        Result(
            f"{bulk} plans PDF dans un processus, par plan",
            per_plan,
            "ms",
            "≤ 25 ms",
            per_plan <= 25,
            runs=bulk,
        ),
        Result(
            "Premier plan d'un processus (imports compris)",
            float(first) * 1000,
            "ms",
            "information",
            None,
            runs=1,
        ),
    ]


# --- 6. autosave
# ---------------------------------------------------------------------------------------------------


def autosave(store: Any, referentiel: Any, runs: int) -> list[Result]:
    from sqlalchemy import text

    from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft

    with store.engine.connect() as connection:
        dossier_id, social_id = connection.execute(
            text(
                "SELECT d.id, b.travailleur_social_id FROM dossiers d JOIN binomes b ON b.id = d.binome_id "
                "WHERE d.status = 'diagnostic' LIMIT 1"
            )
        ).one()
    service = DiagnosticService(store, referentiel)
    counter = iter(range(10**6))

    def edit() -> None:
        service.save_entry(
            dossier_id,
            EntryDraft("logement", comment=f"Hébergée chez sa sœur ({next(counter)})"),
            author_id=social_id,
        )

    value = median_ms(edit, runs, warm=2)
    return [
        Result(
            "Enregistrement automatique d'une saisie du diagnostic (sur disque)",
            value,
            "ms",
            "≤ 20 ms",
            value <= 20,
            runs=runs,
        )
    ]


# --- 7. memory
# -----------------------------------------------------------------------------------------------------


def memory(folder: DataFolder) -> list[Result]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory_child", str(folder.root)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=1800,
        check=True,
    ).stdout.split()
    peak_mb, rows = float(out[-2]), int(out[-1])
    return [
        Result(
            f"Mémoire : {rows} dossiers listés et parcourus de bout en bout (pic RSS)",
            peak_mb,
            "Mo",
            "≤ 250 Mo",
            peak_mb <= 250,
            runs=1,
        )
    ]
