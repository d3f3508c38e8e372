"""What a professional types is read the French way, or refused with a sentence that says what is expected."""

from datetime import date

import pytest

from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import (
    check_birth_date,
    clean_email,
    clean_france_travail_id,
    clean_phone,
    clean_postcode,
    clean_text,
    parse_date,
)


@pytest.mark.parametrize(
    "typed", ["04/07/1985", "4/7/1985", "04-07-1985", "04.07.1985", "04071985", " 4 / 7 / 1985 "]
)
def test_dates_are_read_day_first(typed: str) -> None:
    assert parse_date(typed) == date(1985, 7, 4)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "obligatoire"),
        ("1985-07-04", "JJ/MM/AAAA"),
        ("hier", "JJ/MM/AAAA"),
        ("29/02/2025", "n'existe pas"),
        ("12/13/2020", "n'existe pas"),
    ],
)
def test_wrong_dates_say_why(typed: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_date(typed)


def test_birth_dates_must_give_a_plausible_age() -> None:
    today = date(2026, 11, 22)
    assert check_birth_date(date(1985, 7, 4), today=today) == date(1985, 7, 4)
    with pytest.raises(RuleError, match="futur"):
        check_birth_date(date(2027, 1, 1), today=today)
    with pytest.raises(RuleError, match="âge de 1 ans"):
        check_birth_date(date(2025, 1, 1), today=today)


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("0612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("+33 (0)6 12 34 56 78", "06 12 34 56 78"),
        ("0033 6 12 34 56 78", "06 12 34 56 78"),
        ("+330612345678", "06 12 34 56 78"),  # as the earlier versions stored it: read right when saved again
        ("+262 692 12 34 56", "06 92 12 34 56"),
        ("0692 12 34 56", "06 92 12 34 56"),  # La Réunion
        ("+32 470 12 34 56", "+32 470 12 34 56"),
        ("+32 (0)2 555 12 34", "+32 2 555 12 34"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("", ""),
    ],
)
def test_phones(typed: str, clean: str) -> None:
    assert clean_phone(typed) == clean


@pytest.mark.parametrize(
    "typed", ["12", "06 12 34 56", "0612345678901", "06 12 AB 56 78", "+33 6 12 34 56 7"]
)
def test_wrong_phones(typed: str) -> None:
    with pytest.raises(RuleError, match="10 chiffres"):
        clean_phone(typed)


def test_email_postcode_identifier_and_texts() -> None:
    assert clean_email(" marie.lefevre@exemple.fr ") == "marie.lefevre@exemple.fr"
    for wrong in ("marie@", "marie.exemple.fr", "a b@c.fr"):
        with pytest.raises(RuleError, match="e-mail"):
            clean_email(wrong)
    assert clean_postcode("10 000") == "10000" and clean_postcode("97400") == "97400"
    with pytest.raises(RuleError, match="5 chiffres"):
        clean_postcode("1000")
    assert clean_france_travail_id(" 1234567a ") == "1234567A"
    with pytest.raises(RuleError, match="7 à 11"):
        clean_france_travail_id("123-45")
    assert clean_text("  Ligne 1\nLigne 2  ", what="La note") == "Ligne 1\nLigne 2"
    with pytest.raises(RuleError, match="10 caractères pour 5 au plus"):
        clean_text("x" * 10, what="La note", limit=5)
