"""« Conflits à résoudre »: two texts written for the same place by professionals who had not read each
other's.

The hub never lets one replace the other unseen (``hub.store``): the one already in the record stays, the
later one is kept beside it. Here a professional who may write that text sees both and keeps one, the other,
or a merge of the two; the choice travels like any edit and closes the conflict on both machines. The walls
are the usual ones: a conflict on a social note is shown only to who may read it (the part of the text it
competes with decides, as for the text itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from accomp_desktop.domain.access import Part
from accomp_desktop.domain.errors import RecordGone
from accomp_desktop.domain.model import TextConflict
from accomp_desktop.domain.replication import row_parts
from accomp_desktop.domain.validation import InvalidFields
from accomp_desktop.services import audit
from accomp_desktop.services.audit import AuditAction
from accomp_desktop.services.gate import actor, dossier_for
from accomp_desktop.storage import conflicts_repository as conflicts
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.session import Store

WHAT = {
    ("notes", "text"): "une note du journal",
    ("diagnostic_texts", "strengths"): "les points d'appui de la personne",
    ("diagnostic_texts", "wishes"): "la parole de la personne",
    ("diagnostic_entries", "comment"): "le commentaire d'un thème du diagnostic",
    ("dossiers", "exit_bilan"): "le bilan de sortie",
    ("dossiers", "orientation_reasons"): "les motifs d'orientation",
    ("actions", "result_note"): "le résultat d'une action",
    ("appointments", "notes"): "les notes d'un rendez-vous",
}
MAX_TEXT = 20_000


@dataclass(frozen=True, slots=True)
class ConflictLine:
    conflict: TextConflict
    what: str
    other_author: str
    writable: bool


class ConflictService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of_dossier(self, dossier_id: str, *, viewer_id: str) -> list[ConflictLine]:
        """The open conflicts of a dossier the viewer may read, oldest first."""
        with self._store.unit_of_work() as session:
            who = actor(session, viewer_id)
            dossier, _, _ = dossier_for(session, who, dossier_id)
            lines = []
            for conflict in conflicts.open_conflicts(session, dossier_id):
                part = self._part(session, conflict)
                if part is None or not who.may_read(part, consent=dossier.share_consent):
                    continue
                author = (
                    repo.get_professional(session, conflict.other_author) if conflict.other_author else None
                )
                lines.append(
                    ConflictLine(
                        conflict=conflict,
                        what=WHAT.get((conflict.entity, conflict.field), "un texte"),
                        other_author=author.display_name if author is not None else "un professionnel",
                        writable=who.may_write(part, consent=dossier.share_consent),
                    )
                )
            return lines

    def resolve(self, conflict_id: str, text: str, *, author_id: str) -> None:
        """Keep ``text`` (one of the two, or their merge) and close the conflict."""
        if len(text) > MAX_TEXT:
            raise InvalidFields({"text": f"Le texte dépasse {MAX_TEXT} caractères."})
        with self._store.unit_of_work() as session:
            conflict = conflicts.get_conflict(session, conflict_id)
            if conflict is None:
                raise RecordGone("ce conflit (il a été résolu entre-temps, peut-être sur l'autre poste)")
            who = actor(session, author_id)
            dossier, _, _ = dossier_for(session, who, conflict.dossier_id)
            part = self._part(session, conflict) or Part.DIAGNOSTIC_CONFIDENTIAL
            who.check(part, consent=dossier.share_consent, write=True)
            conflicts.write_text(session, conflict, text, author_id=author_id)
            audit.record(
                session,
                professional_id=author_id,
                dossier_id=conflict.dossier_id,
                part="conflicts",
                action=AuditAction.CHANGE,
            )

    def count(self, dossier_id: str, *, viewer_id: str) -> int:
        return len(self.of_dossier(dossier_id, viewer_id=viewer_id))

    @staticmethod
    def _part(session: Session, conflict: TextConflict) -> Part | None:
        target = conflicts.target_row(session, conflict.entity, conflict.entity_id)
        if target is None:
            return None
        rows = conflicts.dossier_context(session, conflict.dossier_id)
        rows.setdefault(conflict.entity, {})[conflict.entity_id] = target
        roles = {p.id: p.role.value for p in repo.list_professionals(session)}
        return row_parts(rows, roles).get((conflict.entity, conflict.entity_id))
