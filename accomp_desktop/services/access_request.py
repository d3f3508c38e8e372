"""The person's right of access (RGPD art. 15): everything the dossier holds about them, as one JSON file for
the machine, or a PDF for the person (:mod:`reports.access_request_pdf`).

The export is for the person (or their representative): every record of their dossier — identity, steps,
diagnostic (confidential entries included: the secret protects the person, it is not kept from them), plan,
appointments, notes with their earlier versions — with dates and authors, and nothing about other people.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from accomp_desktop.domain.access import AccessDenied, Part
from accomp_desktop.domain.model import AgendaItem
from accomp_desktop.domain.text import duration_words
from accomp_desktop.services import audit
from accomp_desktop.services.agenda import AgendaService
from accomp_desktop.services.gate import actor, dossier_for
from accomp_desktop.storage import diagnostic_repository as diag
from accomp_desktop.storage import plan_repository as plans
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.session import Store

FORMAT = "accomp-desktop/acces-personne/1"


def _plain(value: Any) -> Any:
    """Dataclasses, enums and dates as JSON values (enums by their French label, as the person reads them)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {key: _plain(item) for key, item in asdict(value).items() if key != "audit"}
    if isinstance(value, Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _appointment(item: AgendaItem, names: dict[str, str]) -> dict[str, Any]:
    """An appointment in the person's terms: when, how long, what, how, where, with whom, whether it took
    place (no identifiers, no agenda internals)."""
    return {
        "starts_at": item.start.isoformat(timespec="minutes"),
        "duree": duration_words(item.duration_minutes),
        "kind_label": item.type.label,
        "mode_label": item.mode.label,
        "place": item.place,
        "avec": [names.get(p, "") for p in item.participant_ids if names.get(p)],
        "attendance": item.attendance.label,
        "cancel_reason": item.cancel_reason,
        "notes": item.notes,
    }


class AccessRequestService:
    def __init__(self, store: Store, agenda: AgendaService, themes: dict[str, str] | None = None) -> None:
        self._store = store
        self._agenda = agenda
        self._themes = themes or {}

    def export(self, dossier_id: str, *, now: datetime, viewer_id: str) -> dict[str, Any]:
        """Everything about the person; only for a professional who may read every part of the dossier (the
        export holds the confidential social entries), and recorded in the audit log."""
        with self._store.unit_of_work() as session:
            viewer = actor(session, viewer_id)
            dossier, person, binome = dossier_for(session, viewer, dossier_id)
            if not all(viewer.may_read(part, consent=dossier.share_consent) for part in Part):
                raise AccessDenied(
                    "L'export du droit d'accès contient tout le dossier, volet social confidentiel "
                    "compris : il est fait par le travailleur social du binôme."
                )
            audit.record(
                session,
                professional_id=viewer_id,
                dossier_id=dossier_id,
                part="access_request",
                action=audit.AuditAction.OPEN,
            )
            names = repo.professional_names(session, {binome.conseiller_id, binome.travailleur_social_id})
            data = {
                "format": FORMAT,
                "exporte_le": now.isoformat(timespec="seconds"),
                "personne": _plain(person),
                "dossier": _plain(dossier),
                "binome": {
                    "nom": binome.name,
                    "territoire": binome.territory,
                    "conseiller": names.get(binome.conseiller_id, ""),
                    "travailleur_social": names.get(binome.travailleur_social_id, ""),
                },
                "historique": _plain(repo.events_of(session, dossier_id)),
                "diagnostic": _plain(list(diag.entries_of(session, dossier_id).values())),
                "diagnostic_textes": dict(
                    zip(("points_d_appui", "parole"), diag.texts_of(session, dossier_id), strict=True)
                ),
                "diagnostic_validations": [
                    {"date": v.validated_on.isoformat(), "accord_personne": v.person_agreement}
                    for v in diag.validations_of(session, dossier_id)
                ],
                "objectifs": _plain(plans.objectives_of(session, dossier_id)),
                "actions": _plain(plans.actions_of(session, dossier_id)),
                "plans_remis": [
                    {"version": p.version, "date": p.issued_on.isoformat()}
                    for p in plans.issued_plans(session, dossier_id)
                ],
                "notes": _plain(repo.notes_of(session, dossier_id)),
            }
            # Who wrote each note and made each step, by name: the person knows their professionals.
            records = data["notes"] + data["historique"]
            authors = repo.professional_names(
                session, {str(r.get("author_id")) for r in records} | {str(dossier.oriented_by)}
            )
            for record in records:
                record["auteur"] = authors.get(str(record.get("author_id")), "")
            data["dossier"]["oriente_par"] = authors.get(str(dossier.oriented_by), "")
            items = self._agenda.of_dossier(dossier_id, viewer_id=viewer_id)
            with_whom = repo.professional_names(session, {p for i in items for p in i.participant_ids})
        data["rendez_vous"] = [_appointment(item, with_whom) for item in items]
        return data

    def export_json(self, dossier_id: str, *, now: datetime, viewer_id: str) -> bytes:
        return json.dumps(
            self.export(dossier_id, now=now, viewer_id=viewer_id), ensure_ascii=False, indent=2
        ).encode("utf-8")

    def export_pdf(self, dossier_id: str, *, now: datetime, viewer_id: str) -> bytes:
        """The same export, laid out for the person to read (« Vos données »)."""
        from accomp_desktop.reports.access_request_pdf import render_access_request  # reportlab: on use only

        return render_access_request(
            self.export(dossier_id, now=now, viewer_id=viewer_id),
            themes=self._themes,
            author="Accomp Desktop — accompagnement global",
        )
