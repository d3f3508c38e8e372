"""A deterministic, realistic synthetic caseload for demonstrations and benchmarks.

The same (size, seed, today) always gives the same database, so screenshots and benchmarks are
reproducible. Rows go in through SQLAlchemy Core bulk inserts (about 10 times faster than ORM objects, see
qt-notes), so ``--demo-size 100000`` stays practical. A database holding real data is never touched.
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select

from accomp_desktop.demo.names import (
    FIRST_NAMES,
    LAST_NAMES,
    NOTE_TEXTS,
    PARTNERS,
    STREETS,
    STRENGTHS,
    TERRITORIES,
    WISHES,
)
from accomp_desktop.domain import rules
from accomp_desktop.domain.enums import (
    ActionStatus,
    AppointmentMode,
    AppointmentType,
    Attendance,
    CarrierKind,
    DossierStatus,
    EventKind,
    ExitMotif,
    Institution,
    ObstacleLevel,
    Role,
    Route,
    Side,
)
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.replication import stable_id
from accomp_desktop.domain.text import fold, name_sort_key, search_index_terms
from accomp_desktop.storage import outbox
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import (
    ActionRow,
    AppointmentParticipantRow,
    AppointmentRow,
    BinomeRow,
    DiagnosticEntryRow,
    DiagnosticSituationRow,
    DiagnosticTextRow,
    DiagnosticValidationRow,
    DossierEventRow,
    DossierRow,
    MembershipRow,
    NoteRow,
    ObjectiveRow,
    PersonRow,
    ProfessionalRow,
    TerritoryRow,
)
from accomp_desktop.storage.session import Store

log = logging.getLogger("accomp.demo")

DEMO_META_KEY = "demo"
DEFAULT_SIZE = 250
DEFAULT_SEED = 2026
CHUNK = 5000
DOSSIERS_PER_BINOME = 85

# Share of dossiers at each stage, and of each exit motif among closed dossiers (close to reported figures).
STAGES = (
    (DossierStatus.ORIENTATION, 0.08),
    (DossierStatus.DIAGNOSTIC, 0.12),
    (DossierStatus.ACCOMPAGNEMENT, 0.55),
    (DossierStatus.SORTIE, 0.25),
)
EXIT_MOTIFS = (
    (ExitMotif.LASTING_JOB, 0.18),
    (ExitMotif.TEMPORARY_JOB, 0.14),
    (ExitMotif.TRAINING, 0.14),
    (ExitMotif.PMSMP, 0.07),
    (ExitMotif.BUSINESS_CREATION, 0.03),
    (ExitMotif.SOCIAL_FOLLOW_UP, 0.1),
    (ExitMotif.MOVED_AWAY, 0.07),
    (ExitMotif.GAVE_UP, 0.1),
    (ExitMotif.END_OF_TERM, 0.14),
    (ExitMotif.OTHER, 0.03),
)


TO_BRING = {  # what a convocation asks the person to bring, by type of appointment (no draw: same caseload)
    AppointmentType.TRIPARTITE: "Votre CV à jour et vos derniers justificatifs de ressources",
    AppointmentType.WORKSHOP: "De quoi prendre des notes",
}


class DemoRefused(Exception):
    """The database already holds real data: demonstration rows are not mixed in."""

    def __init__(self) -> None:
        super().__init__(
            "Cette base contient déjà des données réelles : les données de démonstration n'y sont pas "
            "ajoutées. "
            "Lancez la démonstration sur un autre dossier de données (--data-dir)."
        )


@dataclass(frozen=True, slots=True)
class DemoSummary:
    created: bool
    dossiers: int
    seconds: float


def is_demo(store: Store) -> bool:
    with store.unit_of_work() as session:
        return repo.get_meta(session, DEMO_META_KEY) is not None


def ensure_demo(
    store: Store,
    referentiel: Referentiel,
    *,
    size: int = DEFAULT_SIZE,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
) -> DemoSummary:
    """Fill an empty database with the demonstration caseload; leave an existing demo database as it is."""
    started = time.perf_counter()
    with store.unit_of_work() as session:
        if repo.get_meta(session, DEMO_META_KEY) is not None:
            count = session.scalar(select(func.count()).select_from(DossierRow)) or 0
            return DemoSummary(created=False, dossiers=count, seconds=time.perf_counter() - started)
        if session.scalar(select(func.count()).select_from(ProfessionalRow)):
            raise DemoRefused()
        generator = _Generator(referentiel, seed=seed, today=today or date.today())
        # written in bulk without the outbox: a first synchronisation sends the whole database anyway
        outbox.set_capture(session.connection(), False)
        for table, rows in generator.rows(size):
            session.execute(insert(table), rows)
        outbox.set_capture(session.connection(), True)
        repo.set_meta(session, DEMO_META_KEY, json.dumps({"size": size, "seed": seed}))
    seconds = time.perf_counter() - started
    log.info("demo caseload of %d dossiers generated in %.2f s", size, seconds)
    return DemoSummary(created=True, dossiers=size, seconds=seconds)


def _weighted(rng: random.Random, choices: tuple[tuple[Any, float], ...]) -> Any:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


class _Generator:
    """Yields (table, rows) chunks in foreign-key order."""

    def __init__(self, referentiel: Referentiel, *, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.side_rng = random.Random(seed + 1)
        self.today = today
        self.ref = referentiel
        self.stamp = datetime.combine(today, datetime.min.time())
        self.booked: dict[
            tuple[str, date], list[tuple[datetime, datetime]]
        ] = {}  # (professional, day) → periods

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def record(self, author: str | None, at: datetime | None = None) -> dict[str, Any]:
        at = at or self.stamp
        return {
            "id": self.uid(),
            "created_at": at,
            "created_by": author,
            "updated_at": at,
            "updated_by": author,
        }

    def rows(self, size: int) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
        n_binomes = max(3, round(size / DOSSIERS_PER_BINOME))
        professionals: list[dict[str, Any]] = []
        binomes: list[dict[str, Any]] = []
        for index in range(n_binomes):
            territory, _ = TERRITORIES[index % len(TERRITORIES)]
            suffix = f" {index // len(TERRITORIES) + 1}" if index >= len(TERRITORIES) else ""
            conseiller = self.professional(Institution.FRANCE_TRAVAIL, Role.CONSEILLER)
            social_institution = Institution.PARTNER if index % 4 == 3 else Institution.DEPARTEMENT
            social = self.professional(social_institution, Role.TRAVAILLEUR_SOCIAL)
            professionals += [conseiller, social]
            binomes.append(
                self.record(None)
                | {
                    "name": f"Binôme {territory}{suffix}",
                    "territory": territory,
                    "conseiller_id": conseiller["id"],
                    "travailleur_social_id": social["id"],
                    "_cities": TERRITORIES[index % len(TERRITORIES)][1],
                }
            )
        yield ProfessionalRow.__table__, [*professionals, self.coordinator()]  # type: ignore[misc]
        yield BinomeRow.__table__, [{k: v for k, v in b.items() if k != "_cities"} for b in binomes]  # type: ignore[misc]
        yield from self.set_up(binomes)

        buckets: dict[Table, list[dict[str, Any]]] = {}
        order = [
            PersonRow.__table__,
            DossierRow.__table__,
            DossierEventRow.__table__,
            DiagnosticEntryRow.__table__,
            DiagnosticSituationRow.__table__,
            DiagnosticValidationRow.__table__,
            DiagnosticTextRow.__table__,
            ObjectiveRow.__table__,
            ActionRow.__table__,
            AppointmentRow.__table__,
            AppointmentParticipantRow.__table__,
            NoteRow.__table__,
        ]
        numbers: dict[int, int] = {}
        for index in range(size):
            binome = binomes[index % len(binomes)]
            for table, row in self.dossier(binome, numbers):
                assert table in order, table  # a table left out of the order would silently not be written
                buckets.setdefault(table, []).append(row)
            if (index + 1) % CHUNK == 0:
                for table in order:  # type: ignore[assignment]
                    if buckets.get(table):  # type: ignore[call-overload]
                        yield table, buckets.pop(table)  # type: ignore[arg-type]
        for table in order:  # type: ignore[assignment]
            if buckets.get(table):  # type: ignore[call-overload]
                yield table, buckets.pop(table)  # type: ignore[arg-type]

    def professional(self, institution: Institution, role: Role) -> dict[str, Any]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        domain = "francetravail.fr" if institution is Institution.FRANCE_TRAVAIL else "aube.fr"
        login = "".join(c for c in fold(f"{first}.{last}") if c.isascii() and (c.isalnum() or c == "."))
        return self.record(None) | {
            "first_name": first,
            "last_name": last,
            "institution": institution.value,
            "role": role.value,
            "email": f"{login}@{domain}",
            "phone": "03 25 " + " ".join(str(self.rng.randint(10, 99)) for _ in range(3)),
            "admin": False,
        }

    def _side_record(self) -> dict[str, Any]:
        """A record whose id comes from a generator of its own: the set-up rows added in a later version leave
        the caseload's random stream — hence every screenshot and benchmark — as it was."""
        identifier = str(uuid.UUID(int=self.side_rng.getrandbits(128), version=4))
        return {
            "id": identifier,
            "created_at": self.stamp,
            "created_by": None,
            "updated_at": self.stamp,
            "updated_by": None,
        }

    def coordinator(self) -> dict[str, Any]:
        """The coordination of the dispositif: administrator of the demonstration (directory, binômes,
        access)."""
        return self._side_record() | {
            "first_name": "Claire",
            "last_name": "Rousseau",
            "institution": Institution.DEPARTEMENT.value,
            "role": Role.OTHER.value,
            "email": "claire.rousseau@aube.fr",
            "phone": "03 25 42 50 00",
            "admin": True,
        }

    def set_up(self, binomes: list[dict[str, Any]]) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
        """The territories (with their postcodes) and each binôme's members since its creation."""
        territories: dict[str, dict[str, Any]] = {}
        for binome in binomes:
            codes = " ".join(dict.fromkeys(code for _, code in binome["_cities"]))
            territories.setdefault(
                binome["territory"], self._side_record() | {"name": binome["territory"], "postcodes": codes}
            )
        yield TerritoryRow.__table__, list(territories.values())  # type: ignore[misc]
        since = self.today - timedelta(days=1000)
        yield (
            MembershipRow.__table__,
            [  # type: ignore[misc]
                self._side_record()
                | {"binome_id": b["id"], "professional_id": b[field], "role": role.value, "since": since}
                for b in binomes
                for field, role in (
                    ("conseiller_id", Role.CONSEILLER),
                    ("travailleur_social_id", Role.TRAVAILLEUR_SOCIAL),
                )
            ],
        )

    def dossier(
        self, binome: dict[str, Any], numbers: dict[int, int]
    ) -> Iterator[tuple[Table, dict[str, Any]]]:
        rng, today = self.rng, self.today
        status: DossierStatus = _weighted(rng, STAGES)
        conseiller, social = binome["conseiller_id"], binome["travailleur_social_id"]
        # Orientation date: recent for early stages, up to two years back for closed dossiers.
        back = {
            DossierStatus.ORIENTATION: (2, 45),
            DossierStatus.DIAGNOSTIC: (20, 90),
            DossierStatus.ACCOMPAGNEMENT: (40, 420),
            DossierStatus.SORTIE: (120, 1000),
        }[status]
        oriented = today - timedelta(days=rng.randint(*back))
        oriented_by = rng.choice((conseiller, social))
        at = datetime.combine(oriented, datetime.min.time()) + timedelta(hours=9 + rng.randint(0, 7))
        city, postcode = rng.choice(binome["_cities"])
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        person = self.record(oriented_by, at) | {
            "last_name": last,
            "first_name": first,
            "birth_date": date(today.year - rng.randint(19, 62), rng.randint(1, 12), rng.randint(1, 28)),
            "phone": ""
            if rng.random() < 0.08
            else "0{} {:02d} {:02d} {:02d} {:02d}".format(
                rng.choice((6, 7)), *(rng.randint(0, 99) for _ in range(4))
            ),
            "email": "" if rng.random() < 0.3 else f"contact{rng.randint(100, 99999)}@exemple.fr",
            "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            "postcode": postcode,
            "city": city,
            "france_travail_id": f"{rng.randint(0, 9999999):07d}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}",
            "rsa": rng.random() < 0.55,
            "sort_key": name_sort_key(last, first),
            "search_terms": search_index_terms(last, first),
        }
        yield PersonRow.__table__, person  # type: ignore[misc]

        year = oriented.year
        numbers[year] = numbers.get(year, 0) + 1
        entry = planned = exit_date = validated = None
        renewed = False
        motif: ExitMotif | None = None
        if status in (DossierStatus.ACCOMPAGNEMENT, DossierStatus.SORTIE):
            entry = min(oriented + timedelta(days=rng.randint(14, 40)), today)
            validated = entry
            planned = rules.planned_end(entry)
            if planned < today + timedelta(days=20) and status is DossierStatus.ACCOMPAGNEMENT:
                renewed = rng.random() < 0.6
                planned = rules.add_months(planned, 6) if renewed else planned
        elif status is DossierStatus.DIAGNOSTIC and rng.random() < 0.3:
            validated = min(
                oriented + timedelta(days=rng.randint(14, 30)), today
            )  # awaiting the entry decision
        if status is DossierStatus.SORTIE:
            motif = _weighted(rng, EXIT_MOTIFS)
            start = entry or oriented
            latest = min(today, planned or today)
            exit_date = start + timedelta(days=rng.randint(0, max((latest - start).days, 0)))
            if motif is ExitMotif.END_OF_TERM and planned is not None and planned <= today:
                exit_date = planned
        dossier = self.record(oriented_by, at) | {
            "reference": rules.format_reference(year, numbers[year]),
            "person_id": person["id"],
            "binome_id": binome["id"],
            "route": Route.GLOBAL.value,
            "status": status.value,
            "orientation_date": oriented,
            "oriented_by": oriented_by,
            "orientation_reasons": "Freins sociaux et professionnels cumulés : "
            + rng.choice(
                (
                    "logement et mobilité",
                    "santé et garde d'enfant",
                    "budget et projet professionnel",
                    "langue et numérique",
                    "démarches administratives et qualification",
                )
            ),
            "person_agreement": True,
            "entry_date": entry,
            "planned_end": planned,
            "renewed": renewed,
            "exit_date": exit_date,
            "exit_motif": motif.value if motif else None,
            "exit_bilan": "Bilan partagé avec la personne." if motif else "",
            "diagnostic_validated_on": validated,
            "last_contact_date": None,
        }
        yield DossierRow.__table__, dossier  # type: ignore[misc]
        dossier_id = dossier["id"]

        def event(kind: EventKind, on: date, details: str = "") -> tuple[Table, dict[str, Any]]:
            at = datetime.combine(on, datetime.min.time()) + timedelta(hours=10)
            return DossierEventRow.__table__, self.record(oriented_by, at) | {  # type: ignore[return-value]
                "dossier_id": dossier_id,
                "kind": kind.value,
                "occurred_on": on,
                "details": details,
            }

        yield event(EventKind.ORIENTATION, oriented, "Orientation proposée et acceptée par la personne.")
        if status is DossierStatus.ORIENTATION:
            return
        yield event(EventKind.DIAGNOSTIC, oriented + timedelta(days=7))
        entries = list(self.diagnostic(dossier_id, conseiller, social, oriented))
        for theme_entry in entries:
            situations = theme_entry.pop("_situations")
            yield DiagnosticEntryRow.__table__, theme_entry  # type: ignore[misc]
            for label in situations:
                yield (
                    DiagnosticSituationRow.__table__,
                    self.record(theme_entry["created_by"], theme_entry["created_at"])  # type: ignore[misc]
                    | {
                        "id": stable_id(theme_entry["id"], label),
                        "entry_id": theme_entry["id"],
                        "dossier_id": dossier_id,
                        "label": label,
                    },
                )
        if validated is not None:
            yield event(
                EventKind.DIAGNOSTIC_VALIDATED,
                validated,
                "Validé par les deux professionnels avec la personne.",
            )
            yield (
                DiagnosticValidationRow.__table__,
                self.validation(  # type: ignore[misc]
                    dossier_id, validated, conseiller, social, entries
                ),
            )
        if rng.random() < 0.6:
            yield (
                DiagnosticTextRow.__table__,
                self.record(oriented_by)
                | {  # type: ignore[misc]
                    "dossier_id": dossier_id,
                    "strengths": rng.choice(STRENGTHS),
                    "wishes": rng.choice(WISHES),
                },
            )
        if entry is not None:
            yield event(EventKind.ENTRY, entry, "Entrée décidée conjointement par le binôme.")
        if renewed and planned is not None:
            yield event(EventKind.RENEWAL, planned - timedelta(days=200), "Renouvellement de 6 mois.")
        if exit_date is not None and motif is not None:
            yield event(EventKind.EXIT, exit_date, f"{motif.label}. Bilan partagé avec la personne.")
        if status is DossierStatus.DIAGNOSTIC:
            return
        yield from self.plan(dossier_id, entries, conseiller, social, entry or oriented, closed=exit_date)
        last_day = exit_date or today
        last_contact: date | None = None
        for table, row in self.appointments(
            dossier_id, conseiller, social, entry or oriented, last_day, binome
        ):
            if table is AppointmentRow.__table__ and row["attendance"] == Attendance.HONOURED.value:
                last_contact = max(filter(None, (last_contact, row["start"].date())))
            yield table, row
        # Safe to fill in now: the dossier's row is inserted only once this generator is exhausted.
        dossier["last_contact_date"] = last_contact
        for _ in range(rng.randint(1, 3)):
            author = rng.choice((conseiller, social))
            written = datetime.combine(
                (entry or oriented)
                + timedelta(days=rng.randint(0, max(((last_day) - (entry or oriented)).days, 0))),
                datetime.min.time(),
            ) + timedelta(hours=rng.randint(9, 17))
            yield (
                NoteRow.__table__,
                self.record(author, written)
                | {  # type: ignore[misc]
                    "dossier_id": dossier_id,
                    "author_id": author,
                    "text": rng.choice(NOTE_TEXTS),
                    "written_at": written,
                },
            )

    def diagnostic(
        self, dossier_id: str, conseiller: str, social: str, oriented: date
    ) -> Iterator[dict[str, Any]]:
        rng = self.rng
        themes = rng.sample(self.ref.diagnostic_themes(), k=rng.randint(3, 6))
        at = datetime.combine(oriented + timedelta(days=7), datetime.min.time()) + timedelta(hours=10)
        for theme in themes:
            author = conseiller if theme.side is Side.EMPLOI else social
            situations = rng.sample(theme.situations, k=min(len(theme.situations), rng.randint(1, 2)))
            level = rng.choice(
                (
                    ObstacleLevel.TO_WORK_ON,
                    ObstacleLevel.MAJOR,
                    ObstacleLevel.MAJOR,
                    ObstacleLevel.BLOCKING,
                    ObstacleLevel.NONE,
                )
            )
            yield self.record(author, at) | {
                "dossier_id": dossier_id,
                "theme_code": theme.code,
                "side": theme.side.value,
                "level": level.value,
                "_situations": situations,  # one row each, written after the entry
                "comment": "",
                "confidential": theme.side is Side.SOCIAL
                and theme.code in ("sante", "difficulte_financiere"),
            }

    def validation(
        self, dossier_id: str, validated: date, conseiller: str, social: str, entries: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """The validated diagnostic, usually a little heavier than today's: the follow-up shows progress."""
        order = list(ObstacleLevel)
        levels = {}
        for entry in entries:
            index = order.index(ObstacleLevel(entry["level"]))
            if self.rng.random() < 0.5:
                index = min(index + 1, len(order) - 1)
            levels[entry["theme_code"]] = order[index].value
        return self.record(conseiller) | {
            "dossier_id": dossier_id,
            "validated_on": validated,
            "conseiller_id": conseiller,
            "travailleur_social_id": social,
            "person_agreement": True,
            "snapshot": json.dumps({"levels": levels, "situations": {}, "strengths": "", "wishes": ""}),
        }

    def plan(
        self,
        dossier_id: str,
        entries: list[dict[str, Any]],
        conseiller: str,
        social: str,
        start: date,
        closed: date | None,
    ) -> Iterator[tuple[Table, dict[str, Any]]]:
        rng, today = self.rng, self.today
        position = 0
        for entry in entries:
            if entry["level"] == ObstacleLevel.NONE.value:
                continue
            theme = self.ref.theme(entry["theme_code"])
            target_theme = self.ref.theme(theme.objective_themes[0]) if theme.objective_themes else theme
            side = Side(entry["side"])
            author = conseiller if side is Side.EMPLOI else social
            objective = self.record(author) | {
                "dossier_id": dossier_id,
                "theme_code": target_theme.code,
                "label": rng.choice(target_theme.objectives) if target_theme.objectives else theme.label,
                "side": side.value,
                "diagnostic_entry_id": entry["id"],
            }
            yield ObjectiveRow.__table__, objective  # type: ignore[misc]
            for _ in range(rng.randint(1, 2)):
                action_start = start + timedelta(days=rng.randint(0, 60))
                due = action_start + timedelta(days=rng.randint(14, 120))
                if closed is not None:
                    action_status = rng.choice((ActionStatus.DONE, ActionStatus.DONE, ActionStatus.GIVEN_UP))
                elif due < today:
                    action_status = rng.choice(
                        (ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.WAITING)
                    )
                else:
                    action_status = rng.choice((ActionStatus.PLANNED, ActionStatus.IN_PROGRESS))
                carrier = rng.choice(
                    (
                        CarrierKind.CONSEILLER if side is Side.EMPLOI else CarrierKind.TRAVAILLEUR_SOCIAL,
                        CarrierKind.PERSON,
                        CarrierKind.PARTNER,
                    )
                )
                yield (
                    ActionRow.__table__,
                    self.record(author)
                    | {  # type: ignore[misc]
                        "dossier_id": dossier_id,
                        "objective_id": objective["id"],
                        "label": rng.choice(theme.actions) if theme.actions else objective["label"],
                        "side": side.value,
                        "carrier": carrier.value,
                        "carrier_name": rng.choice(PARTNERS) if carrier is CarrierKind.PARTNER else "",
                        "status": action_status.value,
                        "start_date": action_start,
                        "due_date": due,
                        "result_note": "",
                        "position": position,
                    },
                )
                position += 1

    def free_slot(self, day: date, participants: tuple[str, ...], minutes: int) -> datetime:
        """A start on ``day`` (or the next working days) when none of the participants is booked: in the demo
        as in life, a professional is in one place at a time."""
        for _ in range(10):
            starts = [
                datetime.combine(day, datetime.min.time()) + timedelta(hours=h, minutes=m)
                for h in (9, 10, 11, 14, 15, 16)
                for m in (0, 30)
            ]
            self.rng.shuffle(starts)
            for begins in starts:
                period = (begins, begins + timedelta(minutes=minutes))
                if not any(
                    period[0] < end and start < period[1]
                    for p in participants
                    for start, end in self.booked.get((p, day), ())
                ):
                    for p in participants:
                        self.booked.setdefault((p, day), []).append(period)
                    return begins
            day += timedelta(days=3 if day.weekday() == 4 else 1)
        return begins  # a fully booked fortnight: let it overlap rather than loop

    def appointments(
        self,
        dossier_id: str,
        conseiller: str,
        social: str,
        start: date,
        last_day: date,
        binome: dict[str, Any],
    ) -> Iterator[tuple[Table, dict[str, Any]]]:
        rng, today = self.rng, self.today
        # A person in accompaniment sees one of the professionals every one to two weeks: about 40
        # appointments a week for a binôme of 85 people. Closed dossiers keep their last few.
        active = last_day >= today
        first = max(start, (today if active else last_day) - timedelta(days=56))
        end = today + timedelta(days=28) if active else last_day
        day = first + timedelta(days=rng.randint(0, 10))
        while day <= end:
            while day.weekday() >= 5:
                day += timedelta(days=1)
            kind = rng.choice(tuple(AppointmentType))
            participants = {
                AppointmentType.CONSEILLER_INTERVIEW: (conseiller,),
                AppointmentType.SOCIAL_INTERVIEW: (social,),
                AppointmentType.HOME_VISIT: (social,),
            }.get(kind, (conseiller, social))
            mode = (
                AppointmentMode.AT_HOME
                if kind is AppointmentType.HOME_VISIT
                else rng.choice(
                    (
                        AppointmentMode.ON_SITE,
                        AppointmentMode.ON_SITE,
                        AppointmentMode.PHONE,
                        AppointmentMode.VIDEO,
                    )
                )
            )
            minutes = 90 if kind is AppointmentType.WORKSHOP else rng.choice((30, 45, 60))
            begins = self.free_slot(day, participants, minutes)
            attendance = (
                Attendance.PLANNED
                if begins.date() >= today
                else rng.choice(
                    (
                        Attendance.HONOURED,
                        Attendance.HONOURED,
                        Attendance.HONOURED,
                        Attendance.EXCUSED,
                        Attendance.ABSENT,
                    )
                )
            )
            appointment = self.record(participants[0]) | {
                "dossier_id": dossier_id,
                "type": kind.value,
                "mode": mode.value,
                "start": begins,
                "duration_minutes": minutes,
                "place": f"Agence France Travail de {binome['territory']}"
                if mode is AppointmentMode.ON_SITE
                else "",
                "notes": "",
                "attendance": attendance.value,
                "cancel_reason": "",
                "to_bring": TO_BRING.get(kind, ""),
            }
            yield AppointmentRow.__table__, appointment  # type: ignore[misc]
            for professional_id in participants:
                yield (
                    AppointmentParticipantRow.__table__,
                    self.record(participants[0])
                    | {  # type: ignore[misc]
                        "appointment_id": appointment["id"],
                        "professional_id": professional_id,
                    },
                )
            day += timedelta(days=rng.randint(5, 14))
