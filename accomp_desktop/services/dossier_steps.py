"""A dossier's life, step by step: diagnostic, entry into the accompaniment by joint decision, renewal, exit
with its motif and bilan, reopening — and, past the retention period, anonymisation. Each step checks the
rules, writes, and records itself in the dossier's history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from accomp_desktop.domain import rules
from accomp_desktop.domain.enums import (
    DossierStatus,
    EventKind,
    ExitMotif,
)
from accomp_desktop.domain.model import Dossier, ExitRecord
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import (
    InvalidFields,
    check_within,
    clean_text,
    format_date,
    parse_date,
)
from accomp_desktop.services import audit
from accomp_desktop.services.audit import AuditAction
from accomp_desktop.services.dossier_reading import DossierReading
from accomp_desktop.services.dossier_records import (
    DossierDetail,
)
from accomp_desktop.storage import repositories as repo


class DossierSteps(DossierReading):
    # --- lifecycle ------------------------------------------------------------------------------------

    def _step(
        self,
        session: Session,
        dossier: Dossier,
        target: DossierStatus,
        values: dict[str, Any],
        *,
        kind: EventKind,
        occurred_on: date,
        details: str,
        author_id: str,
    ) -> DossierDetail:
        who, _ = self._open(session, dossier.id, author_id)
        repo.update_dossier(session, dossier.id, {"status": target, **values}, author_id=author_id)
        self._record(
            session,
            dossier.id,
            kind=kind,
            occurred_on=occurred_on,
            details=details,
            author_id=author_id,
            part="dossier",
        )
        return self._detail(session, dossier.id, who)

    def start_diagnostic(self, dossier_id: str, *, author_id: str, today: date) -> DossierDetail:
        with self._store.unit_of_work() as session:
            _, dossier = self._open(session, dossier_id, author_id)
            rules.check_transition(dossier.status, DossierStatus.DIAGNOSTIC)
            return self._step(
                session,
                dossier,
                DossierStatus.DIAGNOSTIC,
                {},
                kind=EventKind.DIAGNOSTIC,
                occurred_on=today,
                details="Diagnostic partagé commencé avec la personne.",
                author_id=author_id,
            )

    def enter(
        self,
        dossier_id: str,
        *,
        entry_date: str,
        conseiller_agrees: bool,
        social_agrees: bool,
        author_id: str,
        today: date,
    ) -> DossierDetail:
        """Enter the accompaniment: a joint decision of both professionals, after a validated diagnostic."""
        with self._store.unit_of_work() as session:
            detail = self._detail(session, dossier_id, self._open(session, dossier_id, author_id)[0])
            dossier = detail.dossier
            rules.check_transition(
                dossier.status,
                DossierStatus.ACCOMPAGNEMENT,
                diagnostic_validated=dossier.diagnostic_validated_on is not None,
            )
            if not (conseiller_agrees and social_agrees):
                raise RuleError(
                    "L'entrée est une décision conjointe : les deux professionnels du binôme doivent "
                    "la confirmer."
                )
            entered = check_within(
                parse_date(entry_date, what="La date d'entrée"), what="La date d'entrée", today=today
            )
            rules.check_entry_date(orientation_date=dossier.orientation_date, entry_date=entered, today=today)
            end = rules.planned_end(entered)
            names = " et ".join(p.display_name for p in (detail.conseiller, detail.travailleur_social) if p)
            return self._step(
                session,
                dossier,
                DossierStatus.ACCOMPAGNEMENT,
                {"entry_date": entered, "planned_end": end},
                kind=EventKind.ENTRY,
                occurred_on=entered,
                author_id=author_id,
                details=f"Entrée décidée conjointement par {names}. Fin prévue le {format_date(end)}.",
            )

    def renew(
        self, dossier_id: str, *, months: int, joint_decision: bool, author_id: str, today: date
    ) -> DossierDetail:
        with self._store.unit_of_work() as session:
            _, dossier = self._open(session, dossier_id, author_id)
            end = rules.renewed_end(
                status=dossier.status, planned_end=dossier.planned_end, renewed=dossier.renewed, months=months
            )
            if not joint_decision:
                raise RuleError("Le renouvellement est une décision conjointe du binôme : confirmez-la.")
            return self._step(
                session,
                dossier,
                dossier.status,
                {"planned_end": end, "renewed": True},
                kind=EventKind.RENEWAL,
                occurred_on=today,
                author_id=author_id,
                details=f"Renouvellement de {months} mois décidé conjointement. Nouvelle fin prévue le "
                f"{format_date(end)}.",
            )

    def close(
        self,
        dossier_id: str,
        *,
        exit_date: str,
        motif: ExitMotif | None,
        bilan: str,
        author_id: str,
        today: date,
    ) -> DossierDetail:
        """Record the exit: date, motif from the fixed list, short bilan."""
        with self._store.unit_of_work() as session:
            _, dossier = self._open(session, dossier_id, author_id)
            rules.check_transition(dossier.status, DossierStatus.SORTIE)
            errors: dict[str, str] = {}
            left_on = today
            try:
                left_on = check_within(
                    parse_date(exit_date, what="La date de sortie"), what="La date de sortie", today=today
                )
                rules.check_exit_date(
                    exit_date=left_on, orientation_date=dossier.orientation_date, today=today
                )
            except RuleError as error:
                errors["exit_date"] = str(error)
            if motif is None:
                errors["motif"] = "Choisissez le motif de sortie."
            try:
                summary = clean_text(bilan, what="Le bilan", required=True)
            except RuleError as error:
                errors["bilan"] = str(error)
            if errors or motif is None:
                raise InvalidFields(errors)
            return self._step(
                session,
                dossier,
                DossierStatus.SORTIE,
                {"exit": ExitRecord(exit_date=left_on, motif=motif, bilan=summary)},
                kind=EventKind.EXIT,
                occurred_on=left_on,
                author_id=author_id,
                details=f"{motif.label}. Bilan : {summary}",
            )

    def reopen(self, dossier_id: str, *, reason: str, author_id: str, today: date) -> DossierDetail:
        """Reopen a closed dossier: back to the accompaniment if it had entered it, else to the diagnostic."""
        with self._store.unit_of_work() as session:
            _, dossier = self._open(session, dossier_id, author_id)
            if dossier.status is not DossierStatus.SORTIE:
                raise RuleError("Seul un dossier sorti peut être rouvert.")
            why = clean_text(reason, what="Le motif de la réouverture", required=True)
            target = rules.reopen_status(had_entry=dossier.entry_date is not None)
            previous = (
                f" (sortie du {format_date(dossier.exit.exit_date)} : {dossier.exit.motif.label})"
                if dossier.exit
                else ""
            )
            return self._step(
                session,
                dossier,
                target,
                {"exit": None},
                kind=EventKind.REOPENING,
                occurred_on=today,
                author_id=author_id,
                details=f"Rouvert au statut « {target.label} »{previous}. Motif : {why}",
            )

    # --- retention -----------------------------------------------------------------------------------

    def anonymise(self, dossier_id: str, *, author_id: str, today: date) -> DossierDetail:
        """Remove the person's data from a dossier past the retention period (2 years without contact).

        What identifies the person or tells their story goes: names, birth date, contacts, identifier, texts
        of notes, diagnostic comments and history, printed plans, appointment notes. What the dispositif
        reports on stays: dates, route, status, exit motif, obstacle levels, action statuses.
        """
        with self._store.unit_of_work() as session:
            who, _ = self._open(session, dossier_id, author_id)
            dossier, person, _ = repo.dossier_in_full(session, dossier_id)
            last = rules.last_contact_of(
                last_contact=dossier.last_contact_date,
                exit_date=dossier.exit.exit_date if dossier.exit else None,
                entry_date=dossier.entry_date,
                orientation_date=dossier.orientation_date,
            )
            if dossier.anonymised_on is not None:
                raise RuleError("Ce dossier est déjà anonymisé.")
            if not rules.retention_due(last, today):
                raise RuleError(
                    f"Dernier contact le {format_date(last)} : la durée de conservation (2 ans) n'est "
                    "pas atteinte, le dossier ne peut pas encore être anonymisé."
                )
            repo.update_person(
                session,
                person.id,
                {
                    "last_name": "Anonyme",
                    "first_name": dossier.reference,
                    "birth_date": None,
                    "phone": "",
                    "email": "",
                    "address": "",
                    "postcode": "",
                    "city": "",
                    "france_travail_id": "",
                },
                author_id=author_id,
            )
            repo.update_dossier(
                session,
                dossier_id,
                {
                    "orientation_reasons": "",
                    "anonymised_on": today,
                    "exit": replace(dossier.exit, bilan="") if dossier.exit else None,
                },
                author_id=author_id,
            )
            repo.erase_personal_texts(session, dossier_id)
            repo.add_event(
                session,
                dossier_id=dossier_id,
                kind=EventKind.ANONYMISED,
                occurred_on=today,
                details=f"Données personnelles effacées (dernier contact le {format_date(last)}).",
                author_id=author_id,
            )
            audit.record(
                session,
                professional_id=author_id,
                dossier_id=dossier_id,
                part="dossier",
                action=AuditAction.CHANGE,
            )
            return self._detail(session, dossier_id, who)
