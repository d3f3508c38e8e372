"""The wall between the two institutions, path by path: role × consent × what a text answers × every way out.

One dossier per consent state carries a marker in each kind of content: ``EMPLOIMARK`` (the emploi side),
``SOCIALMARK`` (the social side) and ``SECRETMARK`` (a confidential entry and what answers it in the plan).
Each path a professional can take — the dossier page, the diagnostic and its history, the plan tab, « Mes
échéances », the preparation sheet on screen and in PDF, the printed plan, the plans reopened, the agenda and
its .ics export, the right-of-access export — is read through the services as each professional, and the
markers that come out must be exactly those the rules allow. A professional of another binôme gets nothing out
of any of them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from pypdf import PdfReader

from accomp_desktop.domain.access import AccessDenied
from accomp_desktop.domain.enums import (
    AppointmentMode,
    AppointmentType,
    CarrierKind,
    ConsentMethod,
    Institution,
    ObstacleLevel,
    Role,
    Side,
)
from accomp_desktop.domain.model import Binome, Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.access_request import AccessRequestService
from accomp_desktop.services.agenda import AgendaService, AppointmentDraft
from accomp_desktop.services.audit import AuditService
from accomp_desktop.services.calendar_files import export_ics
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossier_records import PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import ActionDraft, PlanService
from accomp_desktop.services.preparation import PreparationService
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import add_dossier, seed

EMPLOI, SOCIAL, SECRET = "EMPLOIMARK", "SOCIALMARK", "SECRETMARK"
MARKS = (EMPLOI, SOCIAL, SECRET)
WEEK = (datetime(2026, 11, 23), datetime(2026, 11, 28))


@dataclass
class World:
    store: Store
    referentiel: Referentiel
    people: dict[str, str]  # "conseiller", "social", "outsider" → professional id
    dossiers: dict[bool, str]  # consent → dossier id
    confidential_plans: dict[
        bool, str
    ]  # consent → a plan printed by the social worker with confidential content

    def services(self) -> tuple[DossierService, DiagnosticService, PlanService, AgendaService]:
        return (
            DossierService(self.store),
            DiagnosticService(self.store, self.referentiel),
            PlanService(self.store, self.referentiel),
            AgendaService(self.store),
        )


def _fill(
    store: Store, referentiel: Referentiel, conseiller: str, social: str, dossier: str, day: str
) -> str:
    dossiers, diagnostic = DossierService(store), DiagnosticService(store, referentiel)
    plans, agenda = PlanService(store, referentiel), AgendaService(store)
    dossiers.start_diagnostic(dossier, author_id=conseiller, today=TODAY)
    diagnostic.save_entry(
        dossier,
        EntryDraft("numerique", (), ObstacleLevel.MAJOR, f"Pas d'ordinateur {EMPLOI}"),
        author_id=conseiller,
    )
    diagnostic.save_entry(
        dossier, EntryDraft("logement", (), ObstacleLevel.MAJOR, f"Hébergée {SOCIAL}"), author_id=social
    )
    diagnostic.save_entry(
        dossier,
        EntryDraft("sante", (), ObstacleLevel.BLOCKING, f"Addiction {SECRET}", confidential=True),
        author_id=social,
    )
    dossiers.add_note(dossier, f"CV à reprendre {EMPLOI}", author_id=conseiller)
    dossiers.add_note(dossier, f"Dette de loyer {SOCIAL}", author_id=social)
    for theme, side, mark, author in (
        ("numerique", Side.EMPLOI, EMPLOI, conseiller),
        ("logement", Side.SOCIAL, SOCIAL, social),
        ("sante", Side.SOCIAL, SECRET, social),
    ):
        sheet = plans.add_objective(dossier, theme_code=theme, label=f"Objectif {mark}", author_id=author)
        objective = next(o for o in sheet.objectives if o.theme_code == theme)
        carrier = CarrierKind.CONSEILLER if side is Side.EMPLOI else CarrierKind.TRAVAILLEUR_SOCIAL
        plans.save_action(
            dossier,
            ActionDraft(f"Action {mark}", side, carrier, objective_id=objective.id, due_date="25/11/2026"),
            author_id=author,
        )
    for author, kind, mark, hour in (
        (conseiller, AppointmentType.CONSEILLER_INTERVIEW, EMPLOI, "09:00"),
        (social, AppointmentType.SOCIAL_INTERVIEW, SOCIAL, "14:00"),
    ):
        agenda.save(
            AppointmentDraft(
                kind, AppointmentMode.PHONE, day, hour, 30, (author,), dossier, notes=f"Rendez-vous {mark}"
            ),
            author_id=author,
            today=TODAY,
        )
    issued, _ = plans.issue(dossier, with_confidential=True, author_id=social, today=TODAY)
    return issued.id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, referentiel: Referentiel) -> Iterator[World]:
    folder = DataFolder(tmp_path_factory.mktemp("walls"))
    folder.create()
    store = Store(open_database(folder), folder.database)
    conseiller, social, binome = seed(store)
    outsider = Professional(
        new_id(), "Théo", "Outre-Binôme", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL
    )
    outsider_partner = Professional(new_id(), "Inès", "Ailleurs", Institution.FRANCE_TRAVAIL, Role.CONSEILLER)
    with store.unit_of_work() as session:
        repo.add_professional(session, outsider, author_id=None)
        repo.add_professional(session, outsider_partner, author_id=None)
        repo.add_binome(
            session,
            Binome(new_id(), "Binôme Troyes", "Troyes", outsider_partner.id, outsider.id),
            author_id=None,
        )
    dossiers: dict[bool, str] = {}
    plans: dict[bool, str] = {}
    for consent, day, name in ((False, "24/11/2026", "Sans-Accord"), (True, "26/11/2026", "Avec-Accord")):
        dossier = add_dossier(store, binome.id, conseiller.id, last_name=name)
        if consent:
            DossierService(store).set_consent(
                dossier, True, method=ConsentMethod.WRITTEN, author_id=social.id, today=TODAY
            )
        plans[consent] = _fill(store, referentiel, conseiller.id, social.id, dossier, day)
        dossiers[consent] = dossier
    yield World(
        store,
        referentiel,
        {"conseiller": conseiller.id, "social": social.id, "outsider": outsider.id},
        dossiers,
        plans,
    )
    store.close()


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


# --- every path, as one function of (world, viewer, consent) → the text that reaches the viewer
# -----------------


def dossier_page(w: World, viewer: str, consent: bool) -> str:
    detail = w.services()[0].detail(w.dossiers[consent], viewer_id=viewer)
    return " ".join(line.note.text for line in detail.notes) + " ".join(detail.obstacles)


def diagnostic(w: World, viewer: str, consent: bool) -> str:
    sheet = w.services()[1].sheet(w.dossiers[consent], viewer_id=viewer)
    return " ".join(e.comment for e in sheet.entries.values())


def diagnostic_history(w: World, viewer: str, consent: bool) -> str:
    return " ".join(
        f"{c.old} {c.new}" for c in w.services()[1].history(w.dossiers[consent], viewer_id=viewer)
    )


def plan_tab(w: World, viewer: str, consent: bool) -> str:
    sheet = w.services()[2].sheet(w.dossiers[consent], viewer_id=viewer)
    return " ".join([o.label for o in sheet.objectives] + [a.label for a in sheet.actions])


def deadlines(w: World, viewer: str, consent: bool) -> str:
    found = w.services()[2].deadlines(viewer, TODAY)
    return " ".join(d.action for d in found if d.dossier_id == w.dossiers[consent])


def _preparation(w: World) -> PreparationService:
    dossiers, _, plans, agenda = w.services()
    return PreparationService(dossiers, plans, agenda, {})


def preparation(w: World, viewer: str, consent: bool) -> str:
    sheet = _preparation(w).prepare(w.dossiers[consent], today=TODAY, viewer_id=viewer)
    return " ".join(line for _, lines in sheet.sections() for line in lines)


def preparation_pdf(w: World, viewer: str, consent: bool) -> str:
    return pdf_text(_preparation(w).pdf(w.dossiers[consent], today=TODAY, author="", viewer_id=viewer))


def printed_plan(w: World, viewer: str, consent: bool) -> str:
    _, pdf = w.services()[2].issue(
        w.dossiers[consent], with_confidential=False, author_id=viewer, today=TODAY
    )
    return pdf_text(pdf)


def printed_plan_with_confidential(w: World, viewer: str, consent: bool) -> str:
    _, pdf = w.services()[2].issue(w.dossiers[consent], with_confidential=True, author_id=viewer, today=TODAY)
    return pdf_text(pdf)


def reopened_plan(w: World, viewer: str, consent: bool) -> str:
    return pdf_text(w.services()[2].issued_pdf(w.confidential_plans[consent], viewer_id=viewer))


def agenda_ics(w: World, viewer: str, consent: bool) -> str:
    ids = [w.people["conseiller"], w.people["social"]]
    items = w.services()[3].appointments(ids, *WEEK, viewer_id=viewer)
    mine = [i for i in items if i.dossier_id == w.dossiers[consent]]
    return export_ics(mine, {}).decode("utf-8").replace("\r\n ", "")


def access_export(w: World, viewer: str, consent: bool) -> str:
    service = AccessRequestService(w.store, w.services()[3])
    return json.dumps(service.export(w.dossiers[consent], now=datetime(2026, 11, 22), viewer_id=viewer))


PATHS: dict[str, Callable[[World, str, bool], str]] = {
    f.__name__: f
    for f in (
        dossier_page,
        diagnostic,
        diagnostic_history,
        plan_tab,
        deadlines,
        preparation,
        preparation_pdf,
        printed_plan,
        printed_plan_with_confidential,
        reopened_plan,
        agenda_ics,
        access_export,
    )
}


def expected(path: str, who: str, consent: bool) -> set[str] | type[Exception]:
    """What the rules let out: a set of markers, or the refusal."""
    if who == "outsider":
        return set() if path == "deadlines" else AccessDenied
    readable = {EMPLOI, SOCIAL, SECRET} if who == "social" else {EMPLOI, SOCIAL} if consent else {EMPLOI}
    if path in ("dossier_page", "agenda_ics"):
        return readable - {SECRET}  # no confidential note or appointment in this dossier
    if path == "printed_plan":
        return readable - {SECRET}  # never without asking, whoever prints
    if path in ("printed_plan_with_confidential", "reopened_plan", "access_export") and who != "social":
        return AccessDenied
    return readable


CASES = [
    (path, who, consent)
    for path in PATHS
    for who in ("conseiller", "social", "outsider")
    for consent in (False, True)
]


@pytest.mark.parametrize(
    ("path", "who", "consent"), CASES, ids=[f"{p}-{w}-{'accord' if c else 'sans'}" for p, w, c in CASES]
)
def test_each_path_lets_out_only_what_the_rules_allow(
    world: World, path: str, who: str, consent: bool
) -> None:
    want = expected(path, who, consent)
    if isinstance(want, type):
        with pytest.raises(want):
            PATHS[path](world, world.people[who], consent)
        return
    text = PATHS[path](world, world.people[who], consent)
    assert {mark for mark in MARKS if mark in text} == want


def test_the_whole_list_shows_another_binomes_dossier_without_its_follow_up(world: World) -> None:
    from accomp_desktop.domain.caselist import CaseQuery, Scope
    from accomp_desktop.services.caselist import CaseListService

    service = CaseListService(world.store)
    outsider = world.people["outsider"]
    query = CaseQuery(professional_id=outsider, today=TODAY, scope=Scope.ALL, text="sans-accord")
    [found] = service.ids(query)
    row = service.rows([found], today=TODAY, viewer_id=outsider)[found]
    assert row.last_name == "Sans-Accord" and not row.in_scope and row.overdue_actions == 0
    assert row.next_appointment is None and row.alerts == frozenset()


def test_nothing_the_outsider_did_shows_in_an_audit_he_reads(world: World) -> None:
    lines = AuditService(world.store).lines(viewer_id=world.people["outsider"])
    assert not {line.dossier for line in lines} & {"AG-2026-0001", "AG-2026-0002"}


def test_a_plan_printed_by_the_conseiller_holds_what_he_may_read_and_he_reopens_it(world: World) -> None:
    plans = world.services()[2]
    conseiller = world.people["conseiller"]
    issued, pdf = plans.issue(
        world.dossiers[False], with_confidential=False, author_id=conseiller, today=TODAY
    )
    assert issued.content_part == "plan_emploi" and not issued.with_confidential
    assert plans.issued_pdf(issued.id, viewer_id=conseiller) == pdf
    sheet = plans.sheet(world.dossiers[False], viewer_id=conseiller)
    assert issued.id in sheet.reopenable and world.confidential_plans[False] not in sheet.reopenable
    assert not sheet.may_include_confidential and sheet.writable_sides == (Side.EMPLOI,)
    assert sheet.hidden == 4  # the social and the confidential objective and action


def test_writes_outside_ones_side_or_binome_are_refused(world: World) -> None:
    dossiers, diagnostic_service, plans, agenda = world.services()
    conseiller, social, outsider = (world.people[k] for k in ("conseiller", "social", "outsider"))
    dossier = world.dossiers[True]
    with pytest.raises(AccessDenied):  # the conseiller writes no social action, even with consent
        plans.save_action(
            dossier, ActionDraft("Logement", Side.SOCIAL, CarrierKind.PERSON), author_id=conseiller
        )
    with pytest.raises(AccessDenied):  # the social worker writes no emploi action
        plans.save_action(dossier, ActionDraft("CV", Side.EMPLOI, CarrierKind.PERSON), author_id=social)
    with pytest.raises(AccessDenied):  # nor does anyone outside the binôme, nor opens anything of it
        plans.save_action(
            dossier, ActionDraft("Logement", Side.SOCIAL, CarrierKind.PERSON), author_id=outsider
        )
    with pytest.raises(AccessDenied):
        dossiers.add_note(dossier, "Vu en permanence.", author_id=outsider)
    with pytest.raises(AccessDenied):
        diagnostic_service.save_entry(
            dossier, EntryDraft("logement", (), ObstacleLevel.NONE), author_id=outsider
        )
    with pytest.raises(AccessDenied):
        agenda.save(
            AppointmentDraft(
                AppointmentType.SOCIAL_INTERVIEW,
                AppointmentMode.PHONE,
                "27/11/2026",
                "10:00",
                30,
                (outsider,),
                dossier,
            ),
            author_id=outsider,
            today=TODAY,
        )
    person = PersonDraft.of(dossiers.detail(dossier, viewer_id=social).person)
    with pytest.raises(AccessDenied, match="Binôme Barsuraubois"):
        dossiers.update_person(dossier, person, author_id=outsider, today=TODAY)
