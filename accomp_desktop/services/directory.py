"""The professionals, binômes and territories of the dispositif as the application reads them: the caseload of
each binôme against its target, the teams to choose from in a form, the members over time, the set-up's
history.
"""

from __future__ import annotations

from dataclasses import dataclass

from accomp_desktop.domain.model import (
    Binome,
    CaseloadCount,
    DirectoryChange,
    Membership,
    Professional,
    Territory,
)
from accomp_desktop.domain.rules import CaseloadLevel, caseload_level
from accomp_desktop.services.gate import actor
from accomp_desktop.storage import directory_repository as directory
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.session import Store


@dataclass(frozen=True, slots=True)
class BinomeCaseload:
    binome: Binome
    partner: Professional | None
    counts: CaseloadCount

    @property
    def level(self) -> CaseloadLevel:
        return caseload_level(self.counts.active, self.binome.target_min, self.binome.target_max)


@dataclass(frozen=True, slots=True)
class BinomeTeam:
    """A binôme with its two professionals, for choosing one in a form or a filter."""

    binome: Binome
    conseiller: Professional | None
    travailleur_social: Professional | None

    def includes(self, professional_id: str) -> bool:
        return professional_id in (self.binome.conseiller_id, self.binome.travailleur_social_id)

    @property
    def members(self) -> list[Professional]:
        return [p for p in (self.conseiller, self.travailleur_social) if p is not None]


class DirectoryService:
    """Reading the directory: who the professionals are, the binômes and their members, the territories; the
    set-up's history for administrators. Changes go through :class:`~accomp_desktop.services.administration.
    AdministrationService`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def professionals(self, *, include_inactive: bool = False) -> list[Professional]:
        with self._store.unit_of_work() as session:
            return [p for p in repo.list_professionals(session) if include_inactive or p.active]

    def professional(self, professional_id: str) -> Professional | None:
        with self._store.unit_of_work() as session:
            return repo.get_professional(session, professional_id)

    def territories(self) -> list[Territory]:
        with self._store.unit_of_work() as session:
            return directory.territories(session)

    def memberships(self, binome_id: str | None = None) -> list[Membership]:
        """Who followed each binôme's dossiers, and when (current members first)."""
        with self._store.unit_of_work() as session:
            return directory.memberships(session, binome_id)

    def history(self, *, viewer_id: str) -> list[DirectoryChange]:
        """The set-up's history, latest first: for administrators."""
        with self._store.unit_of_work() as session:
            actor(session, viewer_id).check_admin()
            return directory.changes(session)

    def is_empty(self) -> bool:
        """No binôme yet: a fresh data folder, where the first-use guide is offered."""
        with self._store.unit_of_work() as session:
            return not repo.list_binomes(session)

    def caseloads(self, professional_id: str) -> list[BinomeCaseload]:
        """The binômes the professional belongs to, each with its partner and its dossiers per status."""
        with self._store.unit_of_work() as session:
            binomes = repo.binomes_of(session, professional_id)
            counts = repo.caseload(session, [b.id for b in binomes])
            result = []
            for binome, count in zip(binomes, counts, strict=True):
                partner_id = (
                    binome.travailleur_social_id
                    if binome.conseiller_id == professional_id
                    else binome.conseiller_id
                )
                result.append(BinomeCaseload(binome, repo.get_professional(session, partner_id), count))
            return result

    def teams(self, professional_id: str = "") -> list[BinomeTeam]:
        """Every binôme with its members; those of ``professional_id`` first, then by name."""
        with self._store.unit_of_work() as session:
            professionals = {p.id: p for p in repo.list_professionals(session)}
            teams = [
                BinomeTeam(b, professionals.get(b.conseiller_id), professionals.get(b.travailleur_social_id))
                for b in repo.list_binomes(session)
            ]
        return sorted(teams, key=lambda team: not team.includes(professional_id))
