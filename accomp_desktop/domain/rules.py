"""The rules of the dispositif: the 12-month clock and its single renewal, the dossier lifecycle, the
caseload.

Each rule is a small pure function so that the services, the interface and the reports apply exactly the same
rule, and so that the tests can pin it down. Refusals raise :class:`RuleError` with a French message meant for
the professional.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from accomp_desktop.domain.enums import DossierStatus
from accomp_desktop.domain.errors import (
    RuleError as RuleError,  # its home is errors; many import it from here
)

ACCOMPANIMENT_MONTHS = 12
"""Maximum length of an accompaniment (national agreement of 1 April 2014)."""
RENEWAL_MONTHS = 12
"""A single renewal, decided jointly, adds at most this many months."""
CASELOAD_MIN = 70
CASELOAD_MAX = 100
END_SOON_DAYS = 30


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of shorter months (31 January + 1 month = 28/29
    Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def months_between(start: date, end: date) -> int:
    """Whole months elapsed from ``start`` to ``end`` (0 when ``end`` is before the first monthly
    anniversary)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True, slots=True)
class Clock:
    """Where a dossier stands on its 12-month clock on a given day."""

    entry_date: date
    planned_end: date
    months_elapsed: int
    days_left: int

    @property
    def overrun(self) -> bool:
        return self.days_left < 0

    @property
    def ends_soon(self) -> bool:
        """The planned end falls within the next 30 days: time to decide a renewal or the exit."""
        return 0 <= self.days_left <= END_SOON_DAYS


def planned_end(entry_date: date) -> date:
    return add_months(entry_date, ACCOMPANIMENT_MONTHS)


def clock(*, entry_date: date, planned_end: date, today: date) -> Clock:
    return Clock(
        entry_date=entry_date,
        planned_end=planned_end,
        months_elapsed=months_between(entry_date, today),
        days_left=(planned_end - today).days,
    )


def renewed_end(*, status: DossierStatus, planned_end: date | None, renewed: bool, months: int) -> date:
    """The new planned end after the one renewal the dispositif allows."""
    if status is not DossierStatus.ACCOMPAGNEMENT or planned_end is None:
        raise RuleError("Seul un dossier en accompagnement peut être renouvelé.")
    if renewed:
        raise RuleError(
            "Ce dossier a déjà été renouvelé une fois : un second renouvellement n'est pas possible."
        )
    if not 1 <= months <= RENEWAL_MONTHS:
        raise RuleError(f"Le renouvellement doit durer entre 1 et {RENEWAL_MONTHS} mois.")
    return add_months(planned_end, months)


# The lifecycle: orientation → diagnostic → accompagnement → sortie. A person may leave at any stage
# (refusal, move, job found before the diagnostic); a closed dossier can be reopened (see reopen_status).
_TRANSITIONS: dict[DossierStatus, frozenset[DossierStatus]] = {
    DossierStatus.ORIENTATION: frozenset({DossierStatus.DIAGNOSTIC, DossierStatus.SORTIE}),
    DossierStatus.DIAGNOSTIC: frozenset({DossierStatus.ACCOMPAGNEMENT, DossierStatus.SORTIE}),
    DossierStatus.ACCOMPAGNEMENT: frozenset({DossierStatus.SORTIE}),
    DossierStatus.SORTIE: frozenset(),
}


def allowed_transitions(status: DossierStatus) -> frozenset[DossierStatus]:
    return _TRANSITIONS[status]


def check_transition(
    current: DossierStatus, target: DossierStatus, *, diagnostic_validated: bool = False
) -> None:
    """Raise :class:`RuleError` unless a dossier may go from ``current`` to ``target``."""
    if target not in _TRANSITIONS[current]:
        raise RuleError(
            f"Un dossier au statut « {current.label} » ne peut pas passer au statut « {target.label} »."
        )
    if target is DossierStatus.ACCOMPAGNEMENT and not diagnostic_validated:
        raise RuleError(
            "L'entrée en accompagnement demande un diagnostic partagé validé par les deux professionnels."
        )


def reopen_status(*, had_entry: bool) -> DossierStatus:
    """A reopened dossier goes back to accompaniment if it had entered it, otherwise to the diagnostic."""
    return DossierStatus.ACCOMPAGNEMENT if had_entry else DossierStatus.DIAGNOSTIC


def check_entry_date(*, orientation_date: date, entry_date: date, today: date) -> None:
    if entry_date < orientation_date:
        raise RuleError("La date d'entrée ne peut pas précéder la date d'orientation.")
    if entry_date > today:
        raise RuleError("La date d'entrée ne peut pas être dans le futur.")


def check_exit_date(*, exit_date: date, orientation_date: date, today: date) -> None:
    if exit_date < orientation_date:
        raise RuleError("La date de sortie ne peut pas précéder la date d'orientation.")
    if exit_date > today:
        raise RuleError("La date de sortie ne peut pas être dans le futur.")


class CaseloadLevel(Enum):
    UNDER = "under"
    WITHIN = "within"
    OVER = "over"


def caseload_level(active_dossiers: int, low: int = CASELOAD_MIN, high: int = CASELOAD_MAX) -> CaseloadLevel:
    """Position of a binôme's active caseload against its target (70–100 in the conventions)."""
    if active_dossiers < low:
        return CaseloadLevel.UNDER
    if active_dossiers > high:
        return CaseloadLevel.OVER
    return CaseloadLevel.WITHIN


_REFERENCE = re.compile(r"^AG-(\d{4})-(?:(\d{1,4})-)?(\d{4,})$")


def format_reference(year: int, number: int, site: int | None = None) -> str:
    """The short human reference of a dossier: ``AG-2026-0042``, or ``AG-2026-3-0042`` on a machine that
    shares its dossiers (the number the hub gave it: two machines offline never make the same reference)."""
    return f"AG-{year:04d}-{site}-{number:04d}" if site else f"AG-{year:04d}-{number:04d}"


def next_reference(year: int, existing: list[str], site: int | None = None) -> str:
    """The next free reference of ``year`` on this machine given the references already used that year."""
    numbers = [
        int(m.group(3))
        for ref in existing
        if (m := _REFERENCE.match(ref)) and int(m.group(1)) == year and int(m.group(2) or 0) == (site or 0)
    ]
    return format_reference(year, max(numbers, default=0) + 1, site)


RETENTION_MONTHS = 24
"""CNIL: a person's data stay in the active base 2 years after the last contact, then are anonymised."""


def last_contact_of(
    *, last_contact: date | None, exit_date: date | None, entry_date: date | None, orientation_date: date
) -> date:
    return last_contact or exit_date or entry_date or orientation_date


def retention_due(last_contact: date, today: date) -> bool:
    return last_contact < add_months(today, -RETENTION_MONTHS)
