"""Checking what a professional typed: dates, phone numbers, e-mail, postcode, identifiers, lengths.

Each checker takes the text as typed and returns the clean value, or raises :class:`RuleError` with a French
sentence that says what is expected. :class:`InvalidFields` gathers the errors of a whole form, keyed by
field, so the interface can show each message next to its field and keep everything that was typed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from accomp_desktop.domain.rules import RuleError

NAME_MAX = 100
TEXT_MAX = 4000
NOTE_MAX = 20000

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\s*$")
_DATE_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_POSTCODE = re.compile(r"^\d{5}$")
_FRANCE_TRAVAIL_ID = re.compile(r"^[0-9A-Z]{7,11}$")


class InvalidFields(RuleError):
    """Several fields of a form are wrong; ``errors`` maps each field name to its French message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("\n".join(errors.values()))
        self.errors = errors


class PartlySaved(InvalidFields):
    """Everything was saved but these fields, refused (a comment over its length): raised after the save, so
    the rest is never held back by one field, and the refusal is said once."""


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_date(text: str, *, what: str = "La date") -> date:
    """A date written the French way: 04/07/1985, 4/7/1985, 04-07-1985, 04.07.1985 or 04071985."""
    match = _DATE.match(text) or _DATE_COMPACT.match(text)
    if match is None:
        if not text.strip():
            raise RuleError(f"{what} est obligatoire (JJ/MM/AAAA).")
        raise RuleError(
            f"{what} n'est pas lisible : écrivez-la sous la forme JJ/MM/AAAA, par exemple 04/07/1985."
        )
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise RuleError(f"{what} n'existe pas dans le calendrier ({day:02d}/{month:02d}/{year}).") from None


FIRST_DAY = date(2014, 1, 1)
"""No date of the dispositif is earlier: l'accompagnement global began in January 2014 (national agreement
ADF / Pôle emploi / DGEFP of 1 April 2014). An orientation « le 01/01/1850 » is a typing slip, never a
fact."""


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, when negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_within(value: date, *, what: str, today: date, years_ahead: int = 0) -> date:
    """A date of the dispositif: refused before :data:`FIRST_DAY` and after ``years_ahead`` years from today;
    the message says the accepted range."""
    latest = years_after(today, years_ahead)
    if FIRST_DAY <= value <= latest:
        return value
    until = "aujourd'hui" if latest == today else f"le {format_date(latest)}"
    if value < FIRST_DAY:
        why = "précède le début de l'accompagnement global"
    else:
        why = "est dans le futur" if latest == today else "est trop lointaine"
    raise RuleError(
        f"{what} ({format_date(value)}) {why} : elle doit être comprise entre le "
        f"{format_date(FIRST_DAY)} et {until}."
    )


class AskFirst(RuleError):
    """What can be right but is seldom meant: the form asks the professional (``title``, then each question),
    and sends the same form again with these keys in its ``confirmed`` set when he says so."""

    title = "À confirmer"

    def __init__(self, questions: dict[str, str]) -> None:
        super().__init__("\n".join(questions.values()))
        self.questions = questions


class UnusualDates(AskFirst):
    """Dates that can be true but are seldom meant (an orientation two years ago, an appointment next
    year)."""

    title = "Date inhabituelle"


def unusual(field: str, value: date | None, *, what: str, usual_from: date, usual_to: date) -> dict[str, str]:
    """``{key: question}`` when ``value`` lies outside its usual window, else ``{}``. The key names the field
    and the date: a confirmation holds for that date only, not for another typed afterwards."""
    if value is None or usual_from <= value <= usual_to:
        return {}
    return {
        f"{field}@{value.isoformat()}": f"{what} est le {format_date(value)}, hors de l'habituel (du "
        f"{format_date(usual_from)} au {format_date(usual_to)}). Est-ce bien la date voulue ?"
    }


def ask_unusual(
    questions: dict[str, str], confirmed: frozenset[str], asking: type[AskFirst] = UnusualDates
) -> None:
    """Raise ``asking`` (:class:`UnusualDates` unless said) for the questions not yet confirmed."""
    pending = {key: text for key, text in questions.items() if key not in confirmed}
    if pending:
        raise asking(pending)


def check_birth_date(value: date, *, today: date) -> date:
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if value > today:
        raise RuleError("La date de naissance ne peut pas être dans le futur.")
    if not 15 <= age <= 100:
        raise RuleError(f"La date de naissance donne un âge de {age} ans : vérifiez l'année.")
    return value


FRENCH_CODES = (33, 262, 269, 508, 590, 594, 596, 687, 689)
"""Country codes of France and its overseas territories: their numbers are dialled with ten digits in
France."""


def clean_phone(text: str) -> str:
    """A French number in pairs (« 06 12 34 56 78 »), however typed: « +33 (0)6 12 34 56 78 », « 0033 6… », «
    06.12… »; a number of La Réunion, the Antilles… in pairs as well (« 06 92 12 34 56 »); any other country's
    in its international form (« +44 20 7946 0958 »). Read by Google's ``phonenumbers`` (Apache-2.0), loaded
    on first use."""
    if not re.sub(r"[\s.\-/()]", "", text):
        return ""
    refuse_control_characters(text, what="Le numéro de téléphone")
    import phonenumbers

    refusal = RuleError(
        "Le numéro de téléphone doit avoir 10 chiffres (06 12 34 56 78) ou commencer par + et "
        "l'indicatif du pays (+32 470 12 34 56)."
    )
    if re.search(r"[^\d\s.\-/()+]", text):
        raise refusal  # a letter or a stray sign: phonenumbers would read « 06 12 AB » as a keypad number
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        raise refusal from None
    if number.country_code == 33 and not phonenumbers.is_valid_number(number):
        for region in ("RE", "GP", "MQ", "GF", "YT", "PM"):  # « 0692… » typed in France is a number overseas
            overseas = phonenumbers.parse(text, region)
            if phonenumbers.is_valid_number(overseas):
                number = overseas
                break
    if not phonenumbers.is_possible_number(number):
        raise refusal
    national = str(number.national_number)
    if number.country_code in FRENCH_CODES and len(national) == 9:
        digits = "0" + national
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def clean_email(text: str) -> str:
    refuse_control_characters(text, what="L'adresse e-mail")
    value = text.strip()
    if value and not _EMAIL.match(value):
        raise RuleError("L'adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).")
    return value


def clean_postcode(text: str) -> str:
    value = text.strip().replace(" ", "")
    if value and not _POSTCODE.match(value):
        raise RuleError("Le code postal a 5 chiffres (exemple : 10000).")
    return value


def clean_france_travail_id(text: str) -> str:
    value = re.sub(r"\s", "", text).upper()
    if value and not _FRANCE_TRAVAIL_ID.match(value):
        raise RuleError(
            "L'identifiant France Travail compte 7 à 11 chiffres ou lettres (exemple : 1234567A)."
        )
    return value


def refuse_control_characters(value: str, *, what: str, allow_lines: bool = False) -> None:
    """A NUL or another control character (pasted from elsewhere) is refused: it would stop the text from
    being found, printed or exported. Line breaks and tabs are kept in free texts."""
    allowed = "\n\t" if allow_lines else ""
    for character in value:
        if unicodedata.category(character) == "Cc" and character not in allowed:
            raise RuleError(
                f"{what} contient un caractère de contrôle invisible (code {ord(character)}), sans "
                "doute venu d'un copier-coller : retapez ce passage."
            )


def clean_name(value: str, *, what: str) -> str:
    """A trimmed name with inner runs of spaces collapsed; accents, apostrophes and hyphens are kept as
    typed."""
    refuse_control_characters(value.replace("\t", " "), what=f"Le {what}")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise RuleError(f"Le {what} est obligatoire.")
    if len(cleaned) > NAME_MAX:
        raise RuleError(f"Le {what} est trop long ({len(cleaned)} caractères, {NAME_MAX} au plus).")
    return cleaned


def clean_text(text: str, *, what: str, limit: int = TEXT_MAX, required: bool = False) -> str:
    """A free text trimmed at both ends; line breaks inside are kept as typed (Windows' \\r\\n as \\n)."""
    value = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    refuse_control_characters(value, what=what, allow_lines=True)
    if required and not value:
        raise RuleError(f"{what} est obligatoire.")
    if len(value) > limit:
        raise RuleError(
            f"{what} est trop long : {len(value)} caractères pour {limit} au plus. Rien n'a été effacé."
        )
    return value
