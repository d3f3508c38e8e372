"""The agenda: appointments of one or several professionals, joint appointments, common slots, attendance.

Saving an appointment that overlaps another of a participant is refused with :class:`DoubleBooking` (which
lists the clashes) unless the professional confirms. Recording that an appointment was honoured moves the
dossier's last contact, which the case list's "sans contact" alert reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from accomp_desktop.domain.access import AccessDenied, Actor, Part, notes_part
from accomp_desktop.domain.enums import AppointmentMode, AppointmentType, Attendance, Role
from accomp_desktop.domain.model import AgendaItem, BusyPeriod
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.slots import OfficeHours, Period, free_slots
from accomp_desktop.domain.validation import (
    InvalidFields,
    ask_unusual,
    check_within,
    clean_text,
    parse_date,
    unusual,
    years_after,
)
from accomp_desktop.services.gate import actor, colleagues, dossier_for
from accomp_desktop.storage import agenda_repository as agenda_rows
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.models import (
    AppointmentParticipantRow,
    AppointmentRow,
    BusyTimeRow,
    DossierRow,
    ProfessionalRow,
    new_id,
)
from accomp_desktop.storage.session import Store

DURATIONS = (15, 30, 45, 60, 90, 120, 180)


@dataclass(frozen=True, slots=True)
class AppointmentDraft:
    """An appointment as typed in its form (date and time as text)."""

    type: AppointmentType
    mode: AppointmentMode
    day: str
    time: str
    duration_minutes: int
    participant_ids: tuple[str, ...]
    dossier_id: str | None = None
    place: str = ""
    notes: str = ""
    to_bring: str = ""  # what the person brings: printed on the convocation
    confirmed: frozenset[str] = frozenset()  # the unusual dates the professional confirmed (UnusualDates)


class DoubleBooking(RuleError):
    """A participant already has an appointment then; the professional may save anyway."""

    def __init__(self, clashes: list[AgendaItem]) -> None:
        lines = "\n".join(
            f"• {c.start:%d/%m/%Y %H:%M} – {c.end:%H:%M} : {c.type.label}"
            f"{' avec ' + c.person if c.person else ''}"
            for c in clashes
        )
        super().__init__(f"Ce créneau en chevauche un autre :\n{lines}")
        self.clashes = clashes


def french_holidays(first: date, last: date) -> dict[date, str]:
    """Public holidays (in French) between two days."""
    import holidays as public_holidays  # ~100 ms to import: paid when the agenda is first shown, not at start

    names = public_holidays.country_holidays("FR", years=range(first.year, last.year + 1), language="fr")
    return {day: str(name) for day, name in names.items() if first <= day <= last}


def parse_time(text: str) -> tuple[int, int]:
    """ "14:30", "14h30", "14 h", "9h" → (hour, minute)."""
    cleaned = text.strip().lower().replace(" ", "").replace("h", ":")
    hour, _, minute = cleaned.partition(":")
    try:
        value = (int(hour), int(minute or 0))
    except ValueError:
        raise RuleError("L'heure n'est pas lisible : écrivez-la sous la forme 14:30 ou 14h30.") from None
    if not (0 <= value[0] <= 23 and 0 <= value[1] <= 59):
        raise RuleError("Cette heure n'existe pas (de 00:00 à 23:59).")
    return value


class AgendaService:
    def __init__(self, store: Store, hours: OfficeHours | None = None) -> None:
        self._store = store
        self.hours = hours or OfficeHours()

    # --- reading ------------------------------------------------------------------------------------

    def _allowed(self, session: Session, viewer_id: str, professional_ids: list[str]) -> Actor:
        """The viewer, once the agendas asked for are his own or his binômes' partners'."""
        who = actor(session, viewer_id)
        if not set(professional_ids) <= colleagues(session, who):
            raise AccessDenied(
                "Vous voyez votre agenda et ceux des professionnels de vos binômes, pas les autres."
            )
        who.check(Part.AGENDA, consent=False)
        return who

    def _items(
        self,
        session: Session,
        professional_ids: list[str],
        start: datetime,
        end: datetime,
        *,
        viewer: Actor,
        with_cancelled: bool = True,
    ) -> list[AgendaItem]:
        """The appointments as ``viewer`` may see them: those of another binôme's dossier are masked (busy
        time, nothing more), and notes follow the side of who wrote them (social notes need the person's
        consent)."""
        rows = agenda_rows.appointment_rows(
            session, professional_ids, start, end, with_cancelled=with_cancelled
        )
        participants = agenda_rows.participants_of(session, (found[0] for found in rows))
        notes_readable = {
            (role.value, consent): viewer.may_read(notes_part(role), consent=consent)
            for role in Role
            for consent in (False, True)
        }
        items = []
        for (
            appointment_id,
            begins,
            minutes,
            kind,
            mode,
            attendance,
            dossier_id,
            place,
            notes,
            cancel_reason,
            to_bring,
            first,
            last,
            binome_id,
            consent,
            author_role,
        ) in rows:
            if begins + timedelta(minutes=minutes) <= start:
                continue  # began the evening before and ended before the period
            masked = dossier_id is not None and not viewer.follows(binome_id)
            if masked:
                person, place, notes, cancel_reason, to_bring, dossier_id = "", "", "", "", "", None
            else:
                person = f"{last.upper()} {first}" if last else ""
                if not notes_readable[(str(author_role or Role.OTHER.value), bool(consent))]:
                    notes = ""
            items.append(
                AgendaItem(
                    id=appointment_id,
                    start=begins,
                    duration_minutes=minutes,
                    type=AppointmentType(kind),
                    mode=AppointmentMode(mode),
                    attendance=Attendance(attendance),
                    participant_ids=tuple(participants[appointment_id]),
                    dossier_id=dossier_id,
                    person=person,
                    place=place,
                    notes=notes,
                    cancel_reason=cancel_reason,
                    to_bring=to_bring,
                    masked=masked,
                )
            )
        return items

    def appointments(
        self, professional_ids: list[str], start: datetime, end: datetime, *, viewer_id: str
    ) -> list[AgendaItem]:
        """Every appointment of these professionals that overlaps [start, end), cancelled ones included."""
        with self._store.unit_of_work() as session:
            viewer = self._allowed(session, viewer_id, professional_ids)
            return self._items(session, professional_ids, start, end, viewer=viewer)

    def upcoming(
        self, professional_ids: list[str], now: datetime, days: int = 30, *, viewer_id: str
    ) -> list[AgendaItem]:
        with self._store.unit_of_work() as session:
            viewer = self._allowed(session, viewer_id, professional_ids)
            return [
                i
                for i in self._items(
                    session,
                    professional_ids,
                    now,
                    now + timedelta(days=days),
                    viewer=viewer,
                    with_cancelled=False,
                )
                if i.attendance is Attendance.PLANNED
            ]

    def of_dossier(self, dossier_id: str, *, viewer_id: str) -> list[AgendaItem]:
        """Every appointment of a dossier, past and future, cancelled ones included."""
        with self._store.unit_of_work() as session:
            viewer = actor(session, viewer_id)
            dossier_for(session, viewer, dossier_id)
            ids = agenda_rows.dossier_appointment_ids(session, dossier_id)
            return [self._one(session, appointment_id, viewer) for appointment_id in ids]

    def holidays(self, first: date, last: date) -> dict[date, str]:
        return french_holidays(first, last)

    def dossier_choices(self, professional_id: str) -> list[tuple[str, str]]:
        """(id, "NAME First — AG-2026-0042") of the active dossiers of the professional's binômes, by name."""
        with self._store.unit_of_work() as session:
            rows = agenda_rows.active_dossiers_of(session, professional_id)
            return [
                (dossier_id, f"{last.upper()} {first} — {reference}")
                for dossier_id, reference, last, first in rows
            ]

    # --- writing ------------------------------------------------------------------------------------

    def _check(self, draft: AppointmentDraft, today: date) -> tuple[datetime, str, str, str]:
        errors: dict[str, str] = {}
        start = datetime.min
        day: date | None = None
        clock: tuple[int, int] | None = None
        try:  # each field checked on its own: an error lands under the field it is about
            day = check_within(
                parse_date(draft.day, what="La date du rendez-vous"),
                what="La date du rendez-vous",
                today=today,
                years_ahead=2,
            )
        except RuleError as error:
            errors["day"] = str(error)
        try:
            clock = parse_time(draft.time)
        except RuleError as error:
            errors["time"] = str(error)
        if day is not None and clock is not None:
            start = datetime(day.year, day.month, day.day, *clock)
        if not draft.participant_ids:
            errors["participants"] = "Choisissez au moins un professionnel pour ce rendez-vous."
        if draft.type is AppointmentType.TRIPARTITE and len(draft.participant_ids) < 2:
            errors["participants"] = (
                "Un rendez-vous tripartite réunit les deux professionnels du binôme et la personne."
            )
        if draft.type is AppointmentType.TRIPARTITE and not draft.dossier_id:
            errors["dossier"] = (
                "Un rendez-vous tripartite concerne le dossier d'une personne : choisissez-le."
            )
        if not 5 <= draft.duration_minutes <= 8 * 60:
            errors["duration"] = "La durée va de 5 minutes à 8 heures."
        place, notes, to_bring = draft.place, draft.notes, draft.to_bring
        try:
            place = clean_text(
                draft.place, what="Le lieu", limit=200, required=draft.mode is AppointmentMode.ON_SITE
            )
        except RuleError as error:
            errors["place"] = str(error)
        try:
            notes = clean_text(draft.notes, what="Les notes", limit=4000)
        except RuleError as error:
            errors["notes"] = str(error)
        try:
            to_bring = clean_text(draft.to_bring, what="Ce qu'il faut apporter", limit=500)
        except RuleError as error:
            errors["to_bring"] = str(error)
        if errors:
            raise InvalidFields(errors)
        ask_unusual(
            unusual(
                "day",
                start.date(),
                what="La date du rendez-vous",
                usual_from=today - timedelta(days=31),
                usual_to=years_after(today, 1),
            ),
            draft.confirmed,
        )
        return start, place, notes, to_bring

    def _writer(
        self,
        session: Session,
        author_id: str,
        appointment_id: str | None,
        participant_ids: list[str],
        dossier_id: str | None,
    ) -> Actor:
        """The author, once he may write this appointment: in his and his partners' agendas, for a dossier of
        his binômes (an existing appointment must be one he may see unmasked)."""
        who = self._allowed(session, author_id, participant_ids)
        who.check(Part.AGENDA, consent=False, write=True)
        if dossier_id is not None:
            dossier_for(session, who, dossier_id)
        if appointment_id is not None:
            current = self._one(session, appointment_id, who)
            if current.masked or not set(current.participant_ids) & ({who.id} | set(participant_ids)):
                raise AccessDenied(
                    "Ce rendez-vous concerne un dossier d'un autre binôme : vous ne pouvez pas le modifier."
                )
        return who

    def save(
        self,
        draft: AppointmentDraft,
        *,
        author_id: str,
        appointment_id: str | None = None,
        allow_overlap: bool = False,
        today: date | None = None,
    ) -> AgendaItem:
        """Create (or change) an appointment; :class:`DoubleBooking` when it overlaps, unless allowed;
        :class:`UnusualDates` for a date seldom meant (a month past, a year ahead) until confirmed."""
        start, place, notes, to_bring = self._check(draft, today or date.today())
        period = Period(start, start + timedelta(minutes=draft.duration_minutes))
        with self._store.unit_of_work() as session:
            who = self._writer(
                session, author_id, appointment_id, list(draft.participant_ids), draft.dossier_id
            )
            if not allow_overlap:
                others = [
                    i
                    for i in self._items(
                        session,
                        list(draft.participant_ids),
                        period.start,
                        period.end,
                        viewer=who,
                        with_cancelled=False,
                    )
                    if i.id != appointment_id
                ]
                clashes = [i for i in others if i.period.overlaps(period)]
                if clashes:
                    raise DoubleBooking(clashes)
            if appointment_id is None:
                row = AppointmentRow(id=new_id(), created_by=author_id)
                session.add(row)
            else:
                found = session.get(AppointmentRow, appointment_id)
                if found is None or found.deleted_at is not None:
                    raise RecordGone("Ce rendez-vous")
                row = found
                if not self._notes_readable(session, row, who):
                    notes = row.notes  # shown empty to him: his form or his move must not erase them
                agenda_rows.remove_participants(session, row.id)
            row.type, row.mode, row.start = draft.type.value, draft.mode.value, start
            row.duration_minutes, row.dossier_id, row.place, row.notes = (
                draft.duration_minutes,
                draft.dossier_id,
                place,
                notes,
            )
            row.to_bring = to_bring
            row.attendance = row.attendance or Attendance.PLANNED.value
            row.updated_by = author_id
            session.flush()
            for professional_id in dict.fromkeys(draft.participant_ids):
                session.add(
                    AppointmentParticipantRow(
                        appointment_id=row.id,
                        professional_id=professional_id,
                        created_by=author_id,
                        updated_by=author_id,
                    )
                )
            session.flush()
            return self._one(session, row.id, who)

    @staticmethod
    def _notes_readable(session: Session, row: AppointmentRow, viewer: Actor) -> bool:
        """Whether ``viewer`` reads this appointment's notes: they follow the side of who wrote them."""
        author = session.get(ProfessionalRow, row.created_by)
        dossier = session.get(DossierRow, row.dossier_id) if row.dossier_id else None
        role = Role(author.role) if author is not None else Role.OTHER
        return viewer.may_read(notes_part(role), consent=bool(dossier and dossier.share_consent))

    def _one(self, session: Session, appointment_id: str, viewer: Actor) -> AgendaItem:
        row = session.get(AppointmentRow, appointment_id)
        if row is None or row.deleted_at is not None:
            raise RecordGone("Ce rendez-vous")
        ids = agenda_rows.participant_ids(session, appointment_id)
        return next(
            i
            for i in self._items(session, ids, row.start, row.start + timedelta(minutes=1), viewer=viewer)
            if i.id == appointment_id
        )

    def _changeable(
        self, session: Session, appointment_id: str, author_id: str
    ) -> tuple[AppointmentRow, Actor]:
        row = session.get(AppointmentRow, appointment_id)
        if row is None or row.deleted_at is not None:
            raise RecordGone("Ce rendez-vous")
        ids = agenda_rows.participant_ids(session, appointment_id)
        who = actor(session, author_id)
        mine = [i for i in ids if i in colleagues(session, who)]
        return row, self._writer(session, author_id, appointment_id, mine or [who.id], row.dossier_id)

    def move(
        self,
        appointment_id: str,
        *,
        start: datetime,
        duration_minutes: int,
        author_id: str,
        allow_overlap: bool = False,
    ) -> AgendaItem:
        """Move or resize by mouse: the same checks as the form."""
        with self._store.unit_of_work() as session:
            _, who = self._changeable(session, appointment_id, author_id)
            item = self._one(session, appointment_id, who)
        draft = AppointmentDraft(
            item.type,
            item.mode,
            start.strftime("%d/%m/%Y"),
            start.strftime("%H:%M"),
            duration_minutes,
            item.participant_ids,
            item.dossier_id,
            item.place,
            item.notes,
            item.to_bring,
            confirmed=frozenset({f"day@{start.date().isoformat()}"}),
        )  # dragged there: meant
        return self.save(
            draft, author_id=author_id, appointment_id=appointment_id, allow_overlap=allow_overlap
        )

    def cancel(self, appointment_id: str, *, reason: str, author_id: str) -> AgendaItem:
        why = clean_text(reason, what="Le motif de l'annulation", limit=1000, required=True)
        with self._store.unit_of_work() as session:
            row, who = self._changeable(session, appointment_id, author_id)
            row.attendance, row.cancel_reason, row.updated_by = Attendance.CANCELLED.value, why, author_id
            session.flush()
            self._refresh_last_contact(session, row.dossier_id)
            return self._one(session, appointment_id, who)

    def set_attendance(self, appointment_id: str, attendance: Attendance, *, author_id: str) -> AgendaItem:
        """Record how the appointment went; an honoured one is the dossier's last contact."""
        with self._store.unit_of_work() as session:
            row, who = self._changeable(session, appointment_id, author_id)
            row.attendance, row.updated_by = attendance.value, author_id
            session.flush()
            self._refresh_last_contact(session, row.dossier_id)
            return self._one(session, appointment_id, who)

    def _refresh_last_contact(self, session: Session, dossier_id: str | None) -> None:
        if dossier_id is None:
            return
        last = agenda_rows.last_attended(session, dossier_id)
        repo.update_dossier(
            session, dossier_id, {"last_contact_date": last.date() if last else None}, author_id=None
        )

    # --- outside commitments ------------------------------------------------------------------------

    def replace_busy(
        self, professional_id: str, periods: list[BusyPeriod], *, author_id: str, source: str = ""
    ) -> int:
        """Keep an imported calendar's events as busy time, in place of what an earlier import of the same
        calendar (``source``) gave: importing the same file twice does not double anything, and importing
        another calendar leaves this one's events as they are."""
        with self._store.unit_of_work() as session:
            if actor(session, author_id).id != professional_id:
                raise AccessDenied("Chacun importe son propre agenda.")
            agenda_rows.replace_busy(
                session,
                professional_id,
                source,
                (
                    BusyTimeRow(
                        professional_id=professional_id,
                        start=p.start,
                        end=p.end,
                        summary=p.summary,
                        source=source,
                        uid=p.uid,
                        created_by=author_id,
                        updated_by=author_id,
                    )
                    for p in periods
                ),
            )
        return len(periods)

    def _busy(
        self, session: Session, professional_ids: list[str], start: datetime, end: datetime
    ) -> list[BusyPeriod]:
        rows = agenda_rows.busy_rows(session, professional_ids, start, end)
        return [BusyPeriod(r.start, r.end, r.summary, r.professional_id) for r in rows]

    def busy(
        self, professional_ids: list[str], start: datetime, end: datetime, *, viewer_id: str
    ) -> list[BusyPeriod]:
        """Outside commitments as busy time; their titles only in the viewer's own agenda."""
        with self._store.unit_of_work() as session:
            self._allowed(session, viewer_id, professional_ids)
            return [
                b
                if b.professional_id == viewer_id
                else BusyPeriod(b.start, b.end, "Occupé", b.professional_id)
                for b in self._busy(session, professional_ids, start, end)
            ]

    # --- paper ----------------------------------------------------------------------------------------

    def convocation(self, appointment_id: str, *, author_id: str, today: date) -> bytes:
        """The letter for the person: when, where, with whom, what to bring, whom to call."""
        from accomp_desktop.reports.agenda_pdf import (  # reportlab when printing
            Convocation,
            render_convocation,
        )
        from accomp_desktop.services.plan import FOR_THE_PERSON

        with self._store.unit_of_work() as session:
            _, who = self._changeable(session, appointment_id, author_id)
            item = self._one(session, appointment_id, who)
            if item.dossier_id is None:
                raise RuleError("Ce rendez-vous ne concerne aucun dossier : il n'y a personne à convoquer.")
            _, person, _ = repo.dossier_in_full(session, item.dossier_id)
            people = [p for p in (repo.get_professional(session, pid) for pid in item.participant_ids) if p]
            author = repo.get_professional(session, author_id)
        roles = {
            "conseiller": "votre conseiller France Travail",
            "travailleur_social": "votre travailleur social",
        }
        contact = next((p for p in people if p.phone), people[0] if people else None)
        letter = Convocation(
            person_name=f"{person.first_name} {person.last_name.upper()}",
            person_address=" ".join(part for part in (person.address, person.postcode, person.city) if part),
            person_phone=person.phone,
            start=item.start,
            duration_minutes=item.duration_minutes,
            what=FOR_THE_PERSON[item.type]
            .replace("mon ", "votre ")
            .replace("mes ", "vos ")
            .replace("chez moi", "chez vous"),
            mode=item.mode,
            place=item.place,
            with_whom=tuple(f"{p.display_name}, {roles.get(p.role.value, 'professionnel')}" for p in people),
            contact=(
                f"{contact.display_name}, {contact.phone}"
                if contact and contact.phone
                else f"{contact.display_name}"
                if contact
                else "l'accueil de votre agence"
            ),
            to_bring=item.to_bring,
            issued_on=today,
            issued_by=author.display_name if author else "",
        )
        return render_convocation(letter)

    def day_list(self, professional_ids: list[str], first: date, last: date, *, author_id: str) -> bytes:
        """The office's printable list of the appointments of these professionals, day by day."""
        from accomp_desktop.reports.agenda_pdf import ListedAppointment, render_day_list

        start, end = datetime.combine(first, time.min), datetime.combine(last + timedelta(days=1), time.min)
        with self._store.unit_of_work() as session:
            viewer = self._allowed(session, author_id, professional_ids)
            items = self._items(session, professional_ids, start, end, viewer=viewer)
            names = repo.professional_names(
                session,
                {pid for i in items for pid in i.participant_ids} | set(professional_ids) | {author_id},
            )
        holidays = french_holidays(first, last)
        days = []
        day = first
        while day <= last:
            listed = [
                ListedAppointment(
                    i.start,
                    i.duration_minutes,
                    i.type.label,
                    i.person,
                    i.place or i.mode.label,
                    ", ".join(names.get(p, "") for p in i.participant_ids),
                    i.attendance,
                )
                for i in items
                if i.start.date() == day
            ]
            if day.weekday() < 5 or listed:
                days.append((day, holidays.get(day, ""), listed))
            day += timedelta(days=1)
        who = " et ".join(names.get(pid, "") for pid in professional_ids)
        period = f"du {first:%d/%m/%Y}" + (f" au {last:%d/%m/%Y}" if last != first else "")
        return render_day_list(f"Rendez-vous — {who}, {period}", days, author=names.get(author_id, ""))

    # --- finding a slot -----------------------------------------------------------------------------

    def common_slots(
        self,
        professional_ids: list[str],
        *,
        after: datetime,
        duration_minutes: int,
        viewer_id: str,
        count: int = 5,
    ) -> list[Period]:
        """The next periods when every one of these professionals is free, in office hours, not on
        holidays."""
        horizon = after + timedelta(days=60)
        with self._store.unit_of_work() as session:
            viewer = self._allowed(session, viewer_id, professional_ids)
            busy = [
                i.period
                for i in self._items(
                    session, professional_ids, after, horizon, viewer=viewer, with_cancelled=False
                )
            ]
            busy += [b.period for b in self._busy(session, professional_ids, after, horizon)]
        return free_slots(
            after=after,
            duration=timedelta(minutes=duration_minutes),
            busy=busy,
            holidays=set(french_holidays(after.date(), horizon.date())),
            hours=self.hours,
            count=count,
        )

    def clashes(
        self, professional_ids: list[str], period: Period, *, viewer_id: str, ignore: str | None = None
    ) -> list[AgendaItem]:
        with self._store.unit_of_work() as session:
            viewer = self._allowed(session, viewer_id, professional_ids)
            items = self._items(
                session, professional_ids, period.start, period.end, viewer=viewer, with_cancelled=False
            )
        return [i for i in items if i.id != ignore and i.period.overlaps(period)]
