"""SQLAlchemy 2.x typed table models: the shape of the local database.

Every synchronisable record shares :class:`Record`: a UUID text primary key (records will travel between the
two partners' machines, so ids must never collide), who created and last changed it and when, and a soft
deletion (who, when) so that history can still be shown. Enum columns store the stable values of
``domain.enums`` as plain text, which keeps the file readable by other tools. These classes never leave
``storage``: repositories turn rows into the domain's frozen dataclasses.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Naive UTC: SQLite has no time zone type, so every stored instant is UTC by convention."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Record:
    """Columns every synchronisable record carries."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(36))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    deleted_by: Mapped[str | None] = mapped_column(String(36))


class AppMeta(Base):
    """Key/value facts about the database itself (for example that it holds demonstration data)."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ProfessionalRow(Record, Base):
    __tablename__ = "professionals"
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    institution: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    deactivated_on: Mapped[date | None] = mapped_column(Date)


class BinomeRow(Record, Base):
    __tablename__ = "binomes"
    name: Mapped[str] = mapped_column(String(100))
    territory: Mapped[str] = mapped_column(String(200))
    """The territory's name (territories.name): renaming a territory renames it here in the same
    transaction."""
    conseiller_id: Mapped[str] = mapped_column(ForeignKey("professionals.id"))
    travailleur_social_id: Mapped[str] = mapped_column(ForeignKey("professionals.id"))
    target_min: Mapped[int] = mapped_column(Integer, default=70, server_default="70")
    target_max: Mapped[int] = mapped_column(Integer, default=100, server_default="100")


# --- The directory of the dispositif (migration 0012) -------------------------------------------------------


class TerritoryRow(Record, Base):
    __tablename__ = "territories"
    name: Mapped[str] = mapped_column(String(200), unique=True)
    postcodes: Mapped[str] = mapped_column(Text, default="", server_default="")  # space-separated


class MembershipRow(Record, Base):
    """Who was the conseiller or the travailleur social of a binôme, from when until when."""

    __tablename__ = "binome_members"
    binome_id: Mapped[str] = mapped_column(ForeignKey("binomes.id"), index=True)
    professional_id: Mapped[str] = mapped_column(ForeignKey("professionals.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)


class DirectoryChangeRow(Record, Base):
    """One change of the dispositif's set-up (created_by/at: who and when), for the administrators'
    history."""

    __tablename__ = "directory_changes"
    kind: Mapped[str] = mapped_column(String(32))  # professional, territory, binome, access
    subject_id: Mapped[str] = mapped_column(String(36), default="")
    summary: Mapped[str] = mapped_column(Text)


class PersonRow(Record, Base):
    __tablename__ = "persons"
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(Date, index=True)
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    france_travail_id: Mapped[str] = mapped_column(String(32), default="", index=True)
    rsa: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_key: Mapped[str] = mapped_column(String(210), default="", server_default="", index=True)
    """domain.text.name_sort_key(last_name, first_name): accent-free alphabetical order."""
    search_terms: Mapped[str] = mapped_column(Text, default="", server_default="")
    """domain.text.search_index_terms(last_name, first_name): the folded words the FTS index reads (0013)."""


class DossierRow(Record, Base):
    __tablename__ = "dossiers"
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    binome_id: Mapped[str] = mapped_column(ForeignKey("binomes.id"), index=True)
    route: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), index=True)
    orientation_date: Mapped[date] = mapped_column(Date)
    oriented_by: Mapped[str | None] = mapped_column(ForeignKey("professionals.id"))
    orientation_reasons: Mapped[str] = mapped_column(Text, default="")
    person_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    entry_date: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    renewed: Mapped[bool] = mapped_column(Boolean, default=False)
    exit_date: Mapped[date | None] = mapped_column(Date)
    exit_motif: Mapped[str | None] = mapped_column(String(32))
    exit_bilan: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[int | None] = mapped_column(Integer, unique=True, index=True)
    """Rowid of the dossier's entry in the FTS5 search index; given by a trigger at insert (migration
    0003)."""
    last_contact_date: Mapped[date | None] = mapped_column(Date, index=True)
    """Day of the last honoured appointment: kept here so the list sorts and alerts on it cheaply."""
    diagnostic_validated_on: Mapped[date | None] = mapped_column(Date)
    """Day both professionals validated the shared diagnostic: required to enter the accompaniment."""
    share_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    """The person agreed that the social side (except confidential entries) is shared with France Travail."""
    share_consent_on: Mapped[date | None] = mapped_column(Date)
    share_consent_method: Mapped[str | None] = mapped_column(String(16))
    anonymised_on: Mapped[date | None] = mapped_column(Date)
    """Day the person's data were removed after the retention period; the figures (dates, exit) remain."""
    sort_key: Mapped[str] = mapped_column(String(210), default="", server_default="")
    """Copy of the person's sort key, kept in step by triggers (migration 0011): the list sorts without a
    join."""
    __table_args__ = (
        Index("ix_dossiers_search_list", "search_key", "deleted_at", "sort_key", "reference", "id"),
    )


class DossierEventRow(Record, Base):
    """The history of a dossier's life: every status change, renewal, exit and reopening."""

    __tablename__ = "dossier_events"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    occurred_on: Mapped[date] = mapped_column(Date)
    details: Mapped[str] = mapped_column(Text, default="")


# --- Follow-up records (second migration) -------------------------------------------------------------


class DiagnosticEntryRow(Record, Base):
    """One theme of a dossier's shared diagnostic (one row per dossier and theme)."""

    __tablename__ = "diagnostic_entries"
    __table_args__ = (Index("uq_diagnostic_entries_dossier_theme", "dossier_id", "theme_code", unique=True),)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    theme_code: Mapped[str] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)


class DiagnosticSituationRow(Record, Base):
    """One situation ticked in a theme of the diagnostic (migration 0019): one row each, so that two
    professionals ticking different situations offline both keep theirs. Its id is stable (the entry and the
    label), so two machines ticking the same one make the same row."""

    __tablename__ = "diagnostic_situations"
    entry_id: Mapped[str] = mapped_column(ForeignKey("diagnostic_entries.id"), index=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    label: Mapped[str] = mapped_column(Text)


class ObjectiveRow(Record, Base):
    __tablename__ = "objectives"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    theme_code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    side: Mapped[str] = mapped_column(String(16))
    diagnostic_entry_id: Mapped[str | None] = mapped_column(ForeignKey("diagnostic_entries.id"))


class ActionRow(Record, Base):
    __tablename__ = "actions"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    objective_id: Mapped[str | None] = mapped_column(ForeignKey("objectives.id"))
    label: Mapped[str] = mapped_column(Text)
    side: Mapped[str] = mapped_column(String(16))
    carrier: Mapped[str] = mapped_column(String(32))
    carrier_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    result_note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class AppointmentRow(Record, Base):
    __tablename__ = "appointments"
    dossier_id: Mapped[str | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(32))
    start: Mapped[datetime] = mapped_column(DateTime, index=True)  # local wall-clock time, Europe/Paris
    duration_minutes: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    to_bring: Mapped[str] = mapped_column(Text, default="")  # for the person: printed on the convocation
    attendance: Mapped[str] = mapped_column(String(16), default="planned")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")


class AppointmentParticipantRow(Record, Base):
    __tablename__ = "appointment_participants"
    __table_args__ = (Index("ix_participant_professional", "professional_id", "appointment_id"),)
    appointment_id: Mapped[str] = mapped_column(ForeignKey("appointments.id"), index=True)
    professional_id: Mapped[str] = mapped_column(ForeignKey("professionals.id"))


class NoteRow(Record, Base):
    __tablename__ = "notes"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("professionals.id"))
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(DateTime)


class NoteVersionRow(Record, Base):
    """A previous text of a journal note, kept when its author edits it (created_at: when it was replaced)."""

    __tablename__ = "note_versions"
    note_id: Mapped[str] = mapped_column(ForeignKey("notes.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(DateTime)


# --- The shared diagnostic editor (migration 0005) -----------------------------------------------------


class DiagnosticTextRow(Record, Base):
    """What a diagnostic holds beyond its themes: the person's strengths and the person's own words."""

    __tablename__ = "diagnostic_texts"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    strengths: Mapped[str] = mapped_column(Text, default="")
    wishes: Mapped[str] = mapped_column(Text, default="")


class DiagnosticChangeRow(Record, Base):
    """One change of the diagnostic: which part and field, old → new (created_by/at: who and when).

    Autosave writes every second while someone types; changes by the same author to the same field within a
    few minutes are merged into one row (first old value, last new value) so the history reads like edits.
    """

    __tablename__ = "diagnostic_changes"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    part: Mapped[str] = mapped_column(String(64))  # a theme code, or "strengths" / "wishes"
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


class DiagnosticValidationRow(Record, Base):
    """A joint validation of the diagnostic, with a copy of what was validated (JSON) for later comparison."""

    __tablename__ = "diagnostic_validations"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    validated_on: Mapped[date] = mapped_column(Date)
    conseiller_id: Mapped[str | None] = mapped_column(ForeignKey("professionals.id"))
    travailleur_social_id: Mapped[str | None] = mapped_column(ForeignKey("professionals.id"))
    person_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    snapshot: Mapped[str] = mapped_column(Text)


class DiagnosticApprovalRow(Record, Base):
    """One professional's approval of the diagnostic, waiting for the other's (migration 0018): the validation
    is made when both approvals carry the same fingerprint (what was approved)."""

    __tablename__ = "diagnostic_approvals"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    professional_id: Mapped[str] = mapped_column(ForeignKey("professionals.id"))
    role: Mapped[str] = mapped_column(String(32))
    approved_on: Mapped[date] = mapped_column(Date)
    fingerprint: Mapped[str] = mapped_column(String(64))


# --- The joint action plan (migration 0006) --------------------------------------------------------------


class IssuedPlanRow(Record, Base):
    """A printed "Mon plan d'action" as handed to the person: kept whole, so anyone sees the plan they
    hold."""

    __tablename__ = "issued_plans"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[date] = mapped_column(Date)
    with_confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    content_part: Mapped[str] = mapped_column(String(32), default="plan_social", server_default="plan_social")
    """The most sensitive part printed in it (domain.access.Part): who may reopen it follows from it."""
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


# --- Outside commitments (migration 0007) ----------------------------------------------------------------


class BusyTimeRow(Record, Base):
    """A professional's outside commitment imported from an .ics file: busy time in the agenda and slot
    search."""

    __tablename__ = "busy_times"
    __table_args__ = (
        Index("ix_busy_times_professional_start", "professional_id", "start"),
        Index("ix_busy_times_professional_source", "professional_id", "source"),
    )
    professional_id: Mapped[str] = mapped_column(ForeignKey("professionals.id"))
    start: Mapped[datetime] = mapped_column(DateTime)  # local wall-clock time, Europe/Paris
    end: Mapped[datetime] = mapped_column(DateTime)
    summary: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The calendar it came from (its name, or its file's): an import replaces only its own source (0014)."""
    uid: Mapped[str] = mapped_column(String(255), default="", server_default="")


# --- Sharing between machines (migration 0021) -------------------------------------------------------------


class TextConflictRow(Record, Base):
    """A text two professionals wrote without seeing each other's: the hub kept the first in the record and
    this one here, for a professional to pick or merge (« Conflits à résoudre »); removed once resolved."""

    __tablename__ = "text_conflicts"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64))
    other_value: Mapped[str] = mapped_column(Text, default="")
    other_author: Mapped[str | None] = mapped_column(String(36))
    other_at: Mapped[str] = mapped_column(String(32), default="")


# --- The audit log (migration 0009) ----------------------------------------------------------------------


class AuditRow(Base):
    """One access to a dossier's sensitive parts or one change: append-only and hash-chained.

    Never a sensitive value here: who, when, which dossier, which part, what kind of access. Each row's hash
    covers the previous row's hash, so changing or removing a row in the middle shows; triggers refuse updates
    and deletions younger than the retention period (migration 0009).
    """

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    professional_id: Mapped[str] = mapped_column(String(36))
    dossier_id: Mapped[str | None] = mapped_column(String(36), index=True)
    part: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


@event.listens_for(PersonRow, "before_insert")
@event.listens_for(PersonRow, "before_update")
def _person_keys(_mapper: object, _connection: object, row: PersonRow) -> None:
    """The sort key and the search terms follow the names, whoever writes a person through the ORM (bulk
    inserts of the demonstration compute them themselves)."""
    from accomp_desktop.domain.text import name_sort_key, search_index_terms

    row.sort_key = name_sort_key(row.last_name, row.first_name)
    row.search_terms = search_index_terms(row.last_name, row.first_name)
