"""The services of one open database, built together: the window receives them all and builds none.

``app`` makes them once the professional has signed in (and again after a restore); tests, the screenshots and
the benchmarks make them the same way, so the window they drive is the one people use.
"""

from __future__ import annotations

from dataclasses import dataclass

from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.access_request import AccessRequestService
from accomp_desktop.services.administration import AdministrationService
from accomp_desktop.services.agenda import AgendaService
from accomp_desktop.services.audit import AuditService
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.conflicts import ConflictService
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import PlanService
from accomp_desktop.services.preparation import PreparationService
from accomp_desktop.services.sync_http import HubLink
from accomp_desktop.storage.session import Store


@dataclass(frozen=True)
class WorkspaceServices:
    directory: DirectoryService
    cases: CaseListService
    dossiers: DossierService
    diagnostic: DiagnosticService
    plan: PlanService
    agenda: AgendaService
    audit: AuditService
    administration: AdministrationService
    preparation: PreparationService
    access_request: AccessRequestService
    hub: HubLink
    conflicts: ConflictService

    @classmethod
    def on(cls, store: Store, referentiel: Referentiel) -> WorkspaceServices:
        dossiers, agenda = DossierService(store), AgendaService(store)
        diagnostic, plan = DiagnosticService(store, referentiel), PlanService(store, referentiel)
        labels = diagnostic.theme_labels()
        return cls(
            directory=DirectoryService(store),
            cases=CaseListService(store),
            dossiers=dossiers,
            diagnostic=diagnostic,
            plan=plan,
            agenda=agenda,
            audit=AuditService(store),
            administration=AdministrationService(store),
            preparation=PreparationService(dossiers, plan, agenda, labels),
            access_request=AccessRequestService(store, agenda, labels),
            hub=HubLink(store),
            conflicts=ConflictService(store),
        )
