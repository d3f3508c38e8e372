"""Repositories: read and write rows, hand back the domain's frozen dataclasses.

Each function takes an open :class:`~sqlalchemy.orm.Session` (the service owns the unit of work) and never
returns an ORM object, so nothing attached to a session can leak into the interface or across threads.
Soft-deleted rows are invisible to every reader here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast, get_args, get_type_hints

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from accomp_desktop.domain.enums import DossierStatus, EventKind, ExitMotif
from accomp_desktop.domain.model import (
    Audit,
    Binome,
    CaseloadCount,
    Dossier,
    DossierEvent,
    ExitRecord,
    Note,
    NoteVersion,
    Person,
    Professional,
)
from accomp_desktop.domain.text import name_sort_key
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.models import (
    ActionRow,
    AppMeta,
    AppointmentRow,
    BinomeRow,
    DiagnosticChangeRow,
    DiagnosticEntryRow,
    DiagnosticSituationRow,
    DiagnosticTextRow,
    DiagnosticValidationRow,
    DossierEventRow,
    DossierRow,
    IssuedPlanRow,
    NoteRow,
    NoteVersionRow,
    PersonRow,
    ProfessionalRow,
    Record,
    utcnow,
)


def _audit(row: Record) -> Audit:
    return Audit(
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


D = TypeVar("D")
R = TypeVar("R", bound=Record)


def _enum_of(kind: Any) -> type[Enum] | None:
    """The enum a field holds (``Side``, or ``ConsentMethod | None``), else None."""
    for candidate in (kind, *get_args(kind)):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return candidate
    return None


@cache
def _enum_fields(cls: type) -> dict[str, type[Enum] | None]:
    return {name: _enum_of(kind) for name, kind in get_type_hints(cls).items()}


def _to_domain(cls: type[D], row: Record, **special: Any) -> D:
    """Build the dataclass ``cls`` from the row's columns of the same names.

    Enum fields are looked up again from their stored value; ``special`` gives the fields that have no
    column of their name (such as the dossier's exit); ``audit`` always comes from the record columns.
    """
    build: Any = cls
    values: dict[str, Any] = {}
    for field in fields(build):
        if field.name in special or field.name == "audit":
            continue
        value = getattr(row, field.name)
        kind = _enum_fields(build)[field.name]
        values[field.name] = kind(value) if kind is not None and value is not None else value
    return cast(D, build(**values, **special, audit=_audit(row)))


def _update(row: Record, values: dict[str, Any], *, author_id: str | None) -> None:
    """Write changed columns and who changed them; ``updated_at`` follows by the column's onupdate."""
    for name, value in values.items():
        setattr(row, name, value.value if isinstance(value, Enum) else value)
    row.updated_by = author_id


_NAMES = {"PersonRow": "Cette personne", "DossierRow": "Ce dossier", "NoteRow": "Cette note"}


def _live(session: Session, row_type: type[R], record_id: str) -> R:
    """The row, or :class:`RecordGone` when it does not exist or was deleted meanwhile."""
    row = session.get(row_type, record_id)
    if row is None or row.deleted_at is not None:
        raise RecordGone(_NAMES.get(row_type.__name__, "Cet élément"))
    return row


def _columns(record: Any, *, author_id: str | None, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The row columns for a new domain record (enum members store as their value, being str)."""
    values = {f.name: getattr(record, f.name) for f in fields(record) if f.name not in ("audit", *skip)}
    return values | {"created_by": author_id, "updated_by": author_id}


# --- application facts ---------------------------------------------------------------------------------


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(AppMeta, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    session.merge(AppMeta(key=key, value=value))


# --- professionals and binômes -------------------------------------------------------------------------


def to_professional(row: ProfessionalRow) -> Professional:
    return _to_domain(Professional, row)


def add_professional(session: Session, professional: Professional, *, author_id: str | None) -> Professional:
    row = ProfessionalRow(**_columns(professional, author_id=author_id))
    session.add(row)
    session.flush()
    return to_professional(row)


def list_professionals(session: Session) -> list[Professional]:
    """Every professional, in the phone book's order (accents ignored: « Ölçer » with the O, not after Z)."""
    rows = session.scalars(select(ProfessionalRow).where(ProfessionalRow.deleted_at.is_(None)))
    return sorted(
        (to_professional(row) for row in rows), key=lambda p: name_sort_key(p.last_name, p.first_name)
    )


def professional_names(session: Session, ids: set[str]) -> dict[str, str]:
    """Display names of the given professionals (only those: a large office has thousands)."""
    rows = session.execute(
        select(ProfessionalRow.id, ProfessionalRow.first_name, ProfessionalRow.last_name).where(
            ProfessionalRow.id.in_(ids)
        )
    )
    return {row.id: f"{row.first_name} {row.last_name}" for row in rows}


def get_professional(session: Session, professional_id: str) -> Professional | None:
    row = session.get(ProfessionalRow, professional_id)
    return to_professional(row) if row is not None and row.deleted_at is None else None


def to_binome(row: BinomeRow) -> Binome:
    return _to_domain(Binome, row)


def add_binome(session: Session, binome: Binome, *, author_id: str | None) -> Binome:
    row = BinomeRow(**_columns(binome, author_id=author_id))
    session.add(row)
    session.flush()
    return to_binome(row)


def list_binomes(session: Session) -> list[Binome]:
    rows = session.scalars(select(BinomeRow).where(BinomeRow.deleted_at.is_(None)).order_by(BinomeRow.name))
    return [to_binome(row) for row in rows]


def get_binome(session: Session, binome_id: str) -> Binome | None:
    row = session.get(BinomeRow, binome_id)
    return to_binome(row) if row is not None and row.deleted_at is None else None


def binomes_of(session: Session, professional_id: str) -> list[Binome]:
    rows = session.scalars(
        select(BinomeRow)
        .where(BinomeRow.deleted_at.is_(None))
        .where(
            (BinomeRow.conseiller_id == professional_id)
            | (BinomeRow.travailleur_social_id == professional_id)
        )
        .order_by(BinomeRow.name)
    )
    return [to_binome(row) for row in rows]


# --- persons and dossiers ------------------------------------------------------------------------------


def to_person(row: PersonRow) -> Person:
    return _to_domain(Person, row)


def add_person(session: Session, person: Person, *, author_id: str | None) -> Person:
    row = PersonRow(**_columns(person, author_id=author_id))  # sort key and search terms: models._person_keys
    session.add(row)
    session.flush()
    return to_person(row)


def get_person(session: Session, person_id: str) -> Person | None:
    row = session.get(PersonRow, person_id)
    return to_person(row) if row is not None and row.deleted_at is None else None


def update_person(
    session: Session, person_id: str, values: dict[str, Any], *, author_id: str | None
) -> Person:
    row = _live(session, PersonRow, person_id)
    _update(row, values, author_id=author_id)
    session.flush()
    return to_person(row)


def find_duplicates(
    session: Session, *, france_travail_id: str, sort_key: str, birth_date: date | None
) -> list[tuple[Dossier, Person]]:
    """Dossiers of people with the same France Travail identifier, or the same folded names and birth date."""
    same_person = PersonRow.sort_key == sort_key
    if birth_date is not None:
        same_person = same_person & (PersonRow.birth_date == birth_date)
    condition = (
        same_person | (PersonRow.france_travail_id == france_travail_id) if france_travail_id else same_person
    )
    rows = session.execute(
        select(DossierRow, PersonRow)
        .join(PersonRow, PersonRow.id == DossierRow.person_id)
        .where(DossierRow.deleted_at.is_(None), PersonRow.deleted_at.is_(None), condition)
        .order_by(DossierRow.orientation_date.desc())
    )
    return [(to_dossier(dossier), to_person(person)) for dossier, person in rows]


def to_dossier(row: DossierRow) -> Dossier:
    exit_record = (
        ExitRecord(exit_date=row.exit_date, motif=ExitMotif(row.exit_motif), bilan=row.exit_bilan)
        if row.exit_date is not None and row.exit_motif is not None
        else None
    )
    return _to_domain(Dossier, row, exit=exit_record)


def add_dossier(session: Session, dossier: Dossier, *, author_id: str | None) -> Dossier:
    exit_record = dossier.exit
    row = DossierRow(
        **_columns(dossier, author_id=author_id, skip=("exit",)),
        exit_date=exit_record.exit_date if exit_record else None,
        exit_motif=exit_record.motif.value if exit_record else None,
        exit_bilan=exit_record.bilan if exit_record else "",
    )
    session.add(row)
    session.flush()
    return to_dossier(row)


def get_dossier(session: Session, dossier_id: str) -> Dossier | None:
    row = session.get(DossierRow, dossier_id)
    return to_dossier(row) if row is not None and row.deleted_at is None else None


def update_dossier(
    session: Session, dossier_id: str, values: dict[str, Any], *, author_id: str | None
) -> Dossier:
    """Change columns of a dossier; ``exit`` (an ExitRecord or None) sets or clears the three exit columns."""
    row = _live(session, DossierRow, dossier_id)
    if "exit" in values:
        exit_record: ExitRecord | None = values.pop("exit")
        values |= {
            "exit_date": exit_record.exit_date if exit_record else None,
            "exit_motif": exit_record.motif.value if exit_record else None,
            "exit_bilan": exit_record.bilan if exit_record else "",
        }
    _update(row, values, author_id=author_id)
    session.flush()
    return to_dossier(row)


def dossier_in_full(session: Session, dossier_id: str) -> tuple[Dossier, Person, Binome]:
    """The dossier with its person and binôme, or :class:`RecordGone` when any of them was deleted."""
    dossier = get_dossier(session, dossier_id)
    person = get_person(session, dossier.person_id) if dossier else None
    binome = get_binome(session, dossier.binome_id) if dossier else None
    if dossier is None or person is None or binome is None:
        raise RecordGone("Ce dossier")
    return dossier, person, binome


def dossier_id_of_reference(session: Session, reference: str) -> str | None:
    return session.scalar(
        select(DossierRow.id).where(DossierRow.reference == reference, DossierRow.deleted_at.is_(None))
    )


def soft_delete(session: Session, row_type: type[Record], record_id: str, *, author_id: str) -> bool:
    """Mark a record deleted (who, when) without removing it; False when there was nothing to delete."""
    row = session.get(row_type, record_id)
    if row is None or row.deleted_at is not None:
        return False
    row.deleted_at = utcnow()
    row.deleted_by = author_id
    session.flush()
    return True


def references_of_year(session: Session, year: int) -> list[str]:
    return list(
        session.scalars(select(DossierRow.reference).where(DossierRow.reference.like(f"AG-{year:04d}-%")))
    )


def to_event(row: DossierEventRow) -> DossierEvent:
    return DossierEvent(
        id=row.id,
        dossier_id=row.dossier_id,
        kind=EventKind(row.kind),
        occurred_on=row.occurred_on,
        author_id=row.created_by,
        details=row.details,
        at=row.created_at,
    )


def add_event(
    session: Session,
    *,
    dossier_id: str,
    kind: EventKind,
    occurred_on: date,
    details: str,
    author_id: str | None,
) -> DossierEvent:
    row = DossierEventRow(
        dossier_id=dossier_id,
        kind=kind.value,
        occurred_on=occurred_on,
        details=details,
        created_by=author_id,
        updated_by=author_id,
    )
    session.add(row)
    session.flush()
    return to_event(row)


def events_of(session: Session, dossier_id: str) -> list[DossierEvent]:
    """The dossier's history, last recorded first (a step may be dated a few days back when recorded late)."""
    rows = session.scalars(
        select(DossierEventRow)
        .where(DossierEventRow.dossier_id == dossier_id, DossierEventRow.deleted_at.is_(None))
        .order_by(DossierEventRow.created_at.desc(), DossierEventRow.occurred_on.desc())
    )
    return [to_event(row) for row in rows]


# --- the journal of notes ------------------------------------------------------------------------------


def _to_note(row: NoteRow, versions: tuple[NoteVersion, ...]) -> Note:
    return _to_domain(Note, row, versions=versions)


def notes_of(session: Session, dossier_id: str) -> list[Note]:
    """The dossier's journal, most recent first, each note with its previous versions (oldest first)."""
    rows = list(
        session.scalars(
            select(NoteRow)
            .where(NoteRow.dossier_id == dossier_id, NoteRow.deleted_at.is_(None))
            .order_by(NoteRow.written_at.desc())
        )
    )
    versions: dict[str, list[NoteVersion]] = {row.id: [] for row in rows}
    for version in session.scalars(
        select(NoteVersionRow)
        .where(NoteVersionRow.note_id.in_(versions), NoteVersionRow.deleted_at.is_(None))
        .order_by(NoteVersionRow.written_at)
    ):
        versions[version.note_id].append(NoteVersion(text=version.text, written_at=version.written_at))
    return [_to_note(row, tuple(versions[row.id])) for row in rows]


def get_note(session: Session, note_id: str) -> Note | None:
    row = session.get(NoteRow, note_id)
    return _to_note(row, ()) if row is not None and row.deleted_at is None else None


def add_note(session: Session, *, dossier_id: str, author_id: str, text: str) -> Note:
    row = NoteRow(
        dossier_id=dossier_id,
        author_id=author_id,
        text=text,
        written_at=utcnow(),
        created_by=author_id,
        updated_by=author_id,
    )
    session.add(row)
    session.flush()
    return _to_note(row, ())


def edit_note(session: Session, note_id: str, *, text: str, author_id: str) -> None:
    """Replace a note's text, keeping the previous text as a version."""
    row = _live(session, NoteRow, note_id)
    session.add(
        NoteVersionRow(
            note_id=row.id,
            text=row.text,
            written_at=row.written_at,
            created_by=author_id,
            updated_by=author_id,
        )
    )
    _update(row, {"text": text, "written_at": utcnow()}, author_id=author_id)
    session.flush()


def caseload(session: Session, binome_ids: Sequence[str]) -> list[CaseloadCount]:
    """Dossiers per status for each binôme, counted in SQL."""
    rows = session.execute(
        select(DossierRow.binome_id, DossierRow.status, func.count())
        .where(DossierRow.deleted_at.is_(None), DossierRow.binome_id.in_(binome_ids))
        .group_by(DossierRow.binome_id, DossierRow.status)
    )
    counts: dict[str, dict[DossierStatus, int]] = {binome_id: {} for binome_id in binome_ids}
    for binome_id, status, count in rows:
        counts[binome_id][DossierStatus(status)] = count
    return [CaseloadCount(binome_id=b, by_status=counts[b]) for b in binome_ids]


def erase_personal_texts(session: Session, dossier_id: str) -> None:
    """Empty every text of a dossier that tells the person's story (anonymisation): notes and their earlier
    versions, diagnostic comments, situations, texts, history and validated copies, action results,
    appointment notes, printed plans, event details. Dates, statuses and levels stay."""
    of_dossier: list[tuple[Any, dict[str, Any]]] = [
        (NoteRow, {"text": ""}),
        (DiagnosticEntryRow, {"comment": ""}),
        (DiagnosticSituationRow, {"label": "", "deleted_at": utcnow()}),
        (DiagnosticTextRow, {"strengths": "", "wishes": ""}),
        (DiagnosticChangeRow, {"old_value": "", "new_value": ""}),
        (DiagnosticValidationRow, {"snapshot": "{}"}),
        (ActionRow, {"result_note": ""}),
        (AppointmentRow, {"notes": "", "cancel_reason": ""}),
        (IssuedPlanRow, {"pdf": b""}),
        (DossierEventRow, {"details": ""}),
    ]
    plain = {"synchronize_session": False}
    for row_type, values in of_dossier:
        session.execute(
            update(row_type).where(row_type.dossier_id == dossier_id).values(**values),
            execution_options=plain,
        )
    notes = select(NoteRow.id).where(NoteRow.dossier_id == dossier_id)
    session.execute(
        update(NoteVersionRow).where(NoteVersionRow.note_id.in_(notes)).values(text=""),
        execution_options=plain,
    )
