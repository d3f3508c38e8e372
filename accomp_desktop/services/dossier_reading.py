"""Reading a dossier as a professional may see it: the acting professional checked against the walls, and the
dossier in full for its page. The other parts of the dossier service build on it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from accomp_desktop.domain.access import Actor, Part, diagnostic_part, notes_part
from accomp_desktop.domain.enums import EventKind, Role
from accomp_desktop.domain.model import Dossier
from accomp_desktop.services import audit
from accomp_desktop.services.audit import AuditAction
from accomp_desktop.services.dossier_records import (
    DossierDetail,
    HistoryLine,
    NoteLine,
)
from accomp_desktop.services.gate import actor, dossier_for
from accomp_desktop.storage import diagnostic_repository as diag
from accomp_desktop.storage import outbox
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.session import Store


def _utc(stamp: str) -> datetime:
    """An instant the database wrote in UTC (SQLite's ``strftime``), as an aware datetime."""
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


class DossierReading:
    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def store(self) -> Store:
        return self._store

    # --- reading ------------------------------------------------------------------------------------

    def detail(self, dossier_id: str, *, viewer_id: str) -> DossierDetail:
        """The dossier as ``viewer_id`` may see it: only for a member of its binôme, each part by the
        rules."""
        with self._store.unit_of_work() as session:
            detail = self._detail(session, dossier_id, actor(session, viewer_id))
            outbox.mark_opened(session.connection(), dossier_id)  # the partner's changes are seen now
            audit.record(
                session,
                professional_id=viewer_id,
                dossier_id=dossier_id,
                part="dossier",
                action=AuditAction.OPEN,
            )
            return detail

    @staticmethod
    def _record(
        session: Session,
        dossier_id: str,
        *,
        kind: EventKind,
        occurred_on: date,
        details: str,
        author_id: str,
        part: str,
    ) -> None:
        """A change of the dossier in its history (for the binôme) and in the audit log (who changed which
        part), in the change's own unit of work."""
        repo.add_event(
            session,
            dossier_id=dossier_id,
            kind=kind,
            occurred_on=occurred_on,
            details=details,
            author_id=author_id,
        )
        audit.record(
            session, professional_id=author_id, dossier_id=dossier_id, part=part, action=AuditAction.CHANGE
        )

    def _open(
        self,
        session: Session,
        dossier_id: str,
        author_id: str,
        part: Part = Part.IDENTITY,
    ) -> tuple[Actor, Dossier]:
        """The author and the dossier, once the rules allow ``author_id`` to change ``part`` of it."""
        who = actor(session, author_id)
        dossier, _, _ = dossier_for(session, who, dossier_id)
        who.check(part, consent=dossier.share_consent, write=True)
        return who, dossier

    def _detail(self, session: Session, dossier_id: str, viewer: Actor) -> DossierDetail:
        dossier, person, binome = dossier_for(session, viewer, dossier_id)
        consent = dossier.share_consent
        names: dict[str | None, str] = {}

        def name(professional_id: str | None) -> str:
            if professional_id not in names:
                professional = repo.get_professional(session, professional_id) if professional_id else None
                names[professional_id] = professional.display_name if professional else "—"
            return names[professional_id]

        events = repo.events_of(session, dossier_id)
        arrived = outbox.received_at(session.connection(), "dossier_events", [e.id for e in events])
        history = tuple(
            HistoryLine(
                event.occurred_on,
                event.kind,
                event.details,
                name(event.author_id),
                _utc(arrived[event.id]) if event.id in arrived else None,
            )
            for event in events
        )
        roles: dict[str, Role] = {}
        notes, hidden_notes = [], 0
        for note in repo.notes_of(session, dossier_id):
            if note.author_id not in roles:
                author = repo.get_professional(session, note.author_id)
                roles[note.author_id] = author.role if author else Role.OTHER
            if viewer.may_read(notes_part(roles[note.author_id]), consent=consent):
                notes.append(NoteLine(note, name(note.author_id)))
            else:
                hidden_notes += 1
        obstacles = {
            code: entry.level
            for code, entry in diag.entries_of(session, dossier_id).items()
            if viewer.may_read(diagnostic_part(entry), consent=consent)
        }
        return DossierDetail(
            dossier=dossier,
            person=person,
            binome=binome,
            conseiller=repo.get_professional(session, binome.conseiller_id),
            travailleur_social=repo.get_professional(session, binome.travailleur_social_id),
            history=history,
            notes=tuple(notes),
            obstacles=obstacles,
            hidden_notes=hidden_notes,
            writable=frozenset(part for part in Part if viewer.may_write(part, consent=consent)),
            readable_all=all(viewer.may_read(part, consent=consent) for part in Part),
        )
