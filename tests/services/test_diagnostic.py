"""The shared diagnostic through its service: sides, autosave-friendly history, validation, evolution."""

from datetime import date

import pytest

from accomp_desktop.domain.diagnostic import Evolution
from accomp_desktop.domain.enums import DossierStatus, ObstacleLevel, Route
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.services.diagnostic import (
    DiagnosticService,
    DiagnosticSheet,
    EntryDraft,
    IncompleteDiagnostic,
)
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import seed

HOUSING = "Hébergé chez un tiers"


@pytest.fixture
def setting(store: Store, referentiel: Referentiel) -> tuple[DiagnosticService, str, str, str]:
    """The service, a dossier at the diagnostic step, its conseiller and its travailleur social."""
    conseiller, social, binome = seed(store)
    dossiers = DossierService(store)
    detail = dossiers.create(
        OrientationDraft(
            PersonDraft("Lefèvre", "Anne", "04/07/1985"),
            binome.id,
            conseiller.id,
            Route.GLOBAL,
            "02/11/2026",
            "Logement et projet.",
            True,
        ),
        author_id=conseiller.id,
        today=TODAY,
    )
    dossiers.start_diagnostic(detail.dossier.id, author_id=conseiller.id, today=TODAY)
    return DiagnosticService(store, referentiel), detail.dossier.id, conseiller.id, social.id


def test_each_professional_writes_their_own_side(setting: tuple[DiagnosticService, str, str, str]) -> None:
    service, dossier, conseiller, social = setting
    service.save_entry(
        dossier,
        EntryDraft("logement", (HOUSING,), ObstacleLevel.MAJOR, "Chez sa sœur.", True),
        author_id=social,
    )
    service.save_entry(dossier, EntryDraft("numerique", (), ObstacleLevel.TO_WORK_ON), author_id=conseiller)
    with pytest.raises(RuleError, match="volet social du diagnostic est rempli par le travailleur social"):
        service.save_entry(dossier, EntryDraft("logement", (), ObstacleLevel.NONE), author_id=conseiller)
    with pytest.raises(RuleError, match="volet emploi du diagnostic est rempli par le conseiller"):
        service.save_entry(dossier, EntryDraft("numerique", (), ObstacleLevel.NONE), author_id=social)
    sheet = service.sheet(dossier, viewer_id=social)
    housing = sheet.entries["logement"]
    assert housing.situations == (HOUSING,) and housing.level is ObstacleLevel.MAJOR and housing.confidential
    assert housing.audit is not None and sheet.authors[housing.audit.updated_by or ""] == "Aïcha N'Diaye"
    assert sheet.levels() == {"logement": ObstacleLevel.MAJOR, "numerique": ObstacleLevel.TO_WORK_ON}


def test_a_burst_of_autosaves_is_one_line_of_history(
    setting: tuple[DiagnosticService, str, str, str],
) -> None:
    service, dossier, _, social = setting
    for typed in ("Chez", "Chez sa", "Chez sa sœur depuis mars."):
        service.save_entry(dossier, EntryDraft("logement", (), ObstacleLevel.MAJOR, typed), author_id=social)
    service.save_entry(
        dossier,
        EntryDraft("logement", (), ObstacleLevel.MAJOR, "Chez sa sœur depuis mars."),
        author_id=social,
    )  # nothing changed: nothing written
    lines = service.history(dossier, viewer_id=social)
    comment = [line for line in lines if line.field == "Commentaire"]
    assert len(comment) == 1 and comment[0].new == "Chez sa sœur depuis mars." and comment[0].old == ""
    assert comment[0].part == "Logement" and comment[0].author == "Aïcha N'Diaye"
    service.save_entry(
        dossier,
        EntryDraft("logement", (), ObstacleLevel.BLOCKING, "Chez sa sœur depuis mars."),
        author_id=social,
    )
    level = [line for line in service.history(dossier, viewer_id=social) if line.field == "Niveau de frein"]
    assert (level[0].old, level[0].new) == ("", "Frein bloquant")  # merged with the first save of the level


def test_unknown_situations_and_too_long_comments_are_refused(
    setting: tuple[DiagnosticService, str, str, str],
) -> None:
    service, dossier, _, social = setting
    with pytest.raises(RuleError, match="Situation inconnue"):
        service.save_entry(dossier, EntryDraft("logement", ("Château",)), author_id=social)
    with pytest.raises(RuleError, match="trop long"):
        service.save_entry(dossier, EntryDraft("logement", (), comment="x" * 20001), author_id=social)


def test_shared_texts_are_written_by_either(setting: tuple[DiagnosticService, str, str, str]) -> None:
    service, dossier, conseiller, social = setting
    service.save_texts(dossier, strengths="Très motivée, permis B.", wishes="", author_id=conseiller)
    service.save_texts(
        dossier,
        strengths="Très motivée, permis B.",
        wishes="« Je veux travailler avec des enfants. »",
        author_id=social,
    )
    sheet = service.sheet(dossier, viewer_id=conseiller)
    assert sheet.strengths == "Très motivée, permis B." and sheet.wishes.startswith("« Je veux")
    assert {line.part for line in service.history(dossier, viewer_id=conseiller)} == {
        "Points d'appui",
        "Parole de la personne",
    }


def test_validation_is_joint_and_unlocks_the_entry(
    setting: tuple[DiagnosticService, str, str, str], store: Store
) -> None:
    service, dossier, conseiller, social = setting

    def validate(
        who: str, *, on: str = "20/11/2026", confirmed: frozenset[str] = frozenset(), **agree: bool
    ) -> DiagnosticSheet:
        values = {"i_agree": True, "person_agrees": True} | agree
        return service.validate(
            dossier, validated_on=on, author_id=who, today=TODAY, confirmed=confirmed, **values
        )

    with pytest.raises(RuleError, match="vide"):
        validate(conseiller)
    service.save_entry(dossier, EntryDraft("logement", (HOUSING,), ObstacleLevel.MAJOR), author_id=social)
    with pytest.raises(RuleError, match="chaque professionnel valide pour lui-même"):
        validate(conseiller, i_agree=False)
    with pytest.raises(RuleError, match="accord"):
        validate(conseiller, person_agrees=False)
    with pytest.raises(IncompleteDiagnostic) as asked:  # nothing on the emploi side: asked first
        validate(conseiller)
    assert list(asked.value.questions) == ["empty_side:emploi"]
    service.save_entry(dossier, EntryDraft("numerique", (), ObstacleLevel.TO_WORK_ON), author_id=conseiller)
    waiting = validate(conseiller, on="19/11/2026")  # his own approval: the diagnostic waits for hers
    assert waiting.validated_on is None and not waiting.validations
    assert [(a.name, a.current) for a in waiting.approvals] == [("Jean-Marc Lefèvre", True)]
    service.save_entry(dossier, EntryDraft("logement", (HOUSING,), ObstacleLevel.BLOCKING), author_id=social)
    changed = validate(social)  # she approves a content he has not seen: his approval must be given again
    assert changed.validated_on is None
    assert {(a.name, a.current) for a in changed.approvals} == {
        ("Jean-Marc Lefèvre", False),
        ("Aïcha N'Diaye", True),
    }
    sheet = validate(conseiller)
    assert sheet.validated_on == date(2026, 11, 20) and len(sheet.validations) == 1
    assert sheet.approvals == ()
    validation = sheet.validations[0]
    assert (validation.conseiller_id, validation.travailleur_social_id) == (conseiller, social)
    entered = DossierService(store).enter(
        dossier,
        entry_date="21/11/2026",
        conseiller_agrees=True,
        social_agrees=True,
        author_id=conseiller,
        today=TODAY,
    )
    assert entered.dossier.status is DossierStatus.ACCOMPAGNEMENT
    assert entered.history[1].details.startswith("Diagnostic validé le 20/11/2026 par Jean-Marc Lefèvre et")


def test_a_later_diagnostic_is_compared_with_the_validated_one(
    setting: tuple[DiagnosticService, str, str, str],
) -> None:
    service, dossier, conseiller, social = setting
    service.save_entry(dossier, EntryDraft("logement", (HOUSING,), ObstacleLevel.BLOCKING), author_id=social)
    service.save_entry(dossier, EntryDraft("mobilite", (), ObstacleLevel.MAJOR), author_id=social)
    service.save_entry(dossier, EntryDraft("numerique", (), ObstacleLevel.TO_WORK_ON), author_id=conseiller)
    for who in (conseiller, social):
        validated = service.validate(
            dossier, validated_on="20/11/2026", i_agree=True, person_agrees=True, author_id=who, today=TODAY
        )
    service.save_entry(dossier, EntryDraft("logement", (), ObstacleLevel.NONE), author_id=social)
    service.save_entry(dossier, EntryDraft("mobilite", (), ObstacleLevel.TO_WORK_ON), author_id=social)
    service.save_entry(dossier, EntryDraft("sante", (), ObstacleLevel.MAJOR), author_id=social)
    changes = {
        e.theme_code: e.evolution
        for e in service.evolution(dossier, validated.validations[0].id, viewer_id=social)
    }
    assert changes == {
        "logement": Evolution.LIFTED,
        "mobilite": Evolution.BETTER,
        "numerique": Evolution.SAME,
        "sante": Evolution.NEW,
    }
