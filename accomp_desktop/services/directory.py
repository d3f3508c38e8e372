"""The professionals and binômes of the office, and "who am I" at start.

A later issue replaces the free choice of profile by a sign-in; the profile creation stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Binome, CaseloadCount, Professional
from accomp_desktop.domain.rules import CaseloadLevel, caseload_level
from accomp_desktop.domain.validation import clean_name
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.session import Store


@dataclass(frozen=True, slots=True)
class BinomeCaseload:
    binome: Binome
    partner: Professional | None
    counts: CaseloadCount

    @property
    def level(self) -> CaseloadLevel:
        return caseload_level(self.counts.active)


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
    def __init__(self, store: Store) -> None:
        self._store = store

    def professionals(self) -> list[Professional]:
        with self._store.unit_of_work() as session:
            return repo.list_professionals(session)

    def professional(self, professional_id: str) -> Professional | None:
        with self._store.unit_of_work() as session:
            return repo.get_professional(session, professional_id)

    def create_professional(
        self, *, first_name: str, last_name: str, institution: Institution, role: Role, email: str = ""
    ) -> Professional:
        professional = Professional(
            id=new_id(),
            first_name=clean_name(first_name, what="prénom"),
            last_name=clean_name(last_name, what="nom"),
            institution=institution,
            role=role,
            email=email.strip(),
        )
        with self._store.unit_of_work() as session:
            return repo.add_professional(session, professional, author_id=professional.id)

    def caseloads(self, professional_id: str) -> list[BinomeCaseload]:
        """The binômes the professional belongs to, each with its partner and its dossiers per status."""
        with self._store.unit_of_work() as session:
            binomes = repo.binomes_of(session, professional_id)
            counts = repo.caseload(session, [b.id for b in binomes])
            result = []
            for binome, count in zip(binomes, counts, strict=True):
                partner_id = (
                    binome.travailleur_social_id if binome.conseiller_id == professional_id else binome.conseiller_id
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
