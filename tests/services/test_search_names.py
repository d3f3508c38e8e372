"""Search finds every name as people type it: Latin letters folded to their plain form, dashes and apostrophes
of every kind alike, zero-width characters ignored — in the index and in what is typed."""

from __future__ import annotations

import pytest

from accomp_desktop.domain.caselist import CaseQuery, Scope
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.dossier_records import PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import add_dossier, seed

NAMES = [
    ("Łukasiewicz", "Łukasz"),
    ("Żółć", "Zoé"),
    ("Ærø", "Anna"),
    ("Strauß", "Lena"),
    ("Dupont–Moretti", "Éric"),
    ("N’Diaye", "Aïssatou"),
    ("Đorđević", "Mila"),
    ("Yıldız", "İlkay"),
    ("Øster\u200bgaard", "Søren"),
    ("Bœuf", "Chloé"),
]


@pytest.fixture
def found(store: Store) -> tuple[CaseListService, str]:
    conseiller, _, binome = seed(store)
    for last, first in NAMES:
        add_dossier(store, binome.id, conseiller.id, last_name=last, first_name=first)
    return CaseListService(store), conseiller.id


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lukasz", "Łukasz"),
        ("lukasiewicz", "Łukasiewicz"),
        ("zolc", "Żółć"),
        ("aero", "Ærø"),
        ("strauss", "Strauß"),
        ("strauß", "Strauß"),
        ("STRAUSS", "Strauß"),
        ("dupont-moretti", "Dupont–Moretti"),
        ("dupont–moretti", "Dupont–Moretti"),
        ("dupont moretti", "Dupont–Moretti"),
        ("dupontmoretti", "Dupont–Moretti"),
        ("n'diaye", "N’Diaye"),
        ("n’diaye", "N’Diaye"),
        ("ndiaye", "N’Diaye"),
        ("djordjevic", None),
        ("dordevic", "Đorđević"),
        ("yildiz", "Yıldız"),
        ("ilkay", "İlkay"),
        ("ostergaard", "Øster\u200bgaard"),
        ("oster\u200bgaard", "Øster\u200bgaard"),
        ("soren", "Søren"),
        ("boeuf", "Bœuf"),
        ("bœuf", "Bœuf"),
    ],
)
def test_every_name_is_found_as_typed(
    found: tuple[CaseListService, str], typed: str, expected: str | None
) -> None:
    service, me = found
    ids = service.ids(CaseQuery(professional_id=me, today=TODAY, text=typed, scope=Scope.ALL))
    rows = service.rows(ids, today=TODAY, viewer_id=me)
    names = {f"{row.last_name} {row.first_name}" for row in rows.values()}
    if expected is None:
        assert names == set()
    else:
        assert names and all(expected in name for name in names), names


def test_a_control_character_in_a_name_or_a_text_is_refused(store: Store) -> None:
    conseiller, _, binome = seed(store)
    dossier = add_dossier(store, binome.id, conseiller.id)
    service = DossierService(store)
    with pytest.raises(RuleError, match="caractère de contrôle"):
        service.update_person(
            dossier, PersonDraft("Lef\x00èvre", "Anne", "04/07/1985"), author_id=conseiller.id, today=TODAY
        )
    with pytest.raises(RuleError, match="La note contient un caractère de contrôle"):
        service.add_note(dossier, "Rendez-vous\x07 CAF", author_id=conseiller.id)
    kept = service.add_note(dossier, "Ligne 1\r\nLigne 2\tfin", author_id=conseiller.id)
    assert kept.notes[0].note.text == "Ligne 1\nLigne 2\tfin"
