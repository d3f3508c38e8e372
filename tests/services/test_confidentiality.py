"""Professional secrecy in the services: the France Travail side sees the social side only with the person's
consent, and never what is marked confidential; the travailleur social sees everything."""

from datetime import date

import pytest

from accomp_desktop.domain.access import AccessDenied
from accomp_desktop.domain.enums import ConsentMethod, EventKind, ObstacleLevel, Route
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.validation import InvalidFields
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import seed


@pytest.fixture
def setting(
    store: Store, referentiel: Referentiel
) -> tuple[DossierService, DiagnosticService, str, str, str]:
    conseiller, social, binome = seed(store)
    dossiers, diagnostic = DossierService(store), DiagnosticService(store, referentiel)
    dossier = dossiers.create(
        OrientationDraft(
            PersonDraft("Lefèvre", "Anne", "04/07/1985"),
            binome.id,
            conseiller.id,
            Route.GLOBAL,
            "02/11/2026",
            "Logement.",
            True,
        ),
        author_id=conseiller.id,
        today=TODAY,
    ).dossier.id
    dossiers.start_diagnostic(dossier, author_id=conseiller.id, today=TODAY)
    diagnostic.save_entry(
        dossier,
        EntryDraft("logement", (), ObstacleLevel.MAJOR, "Hébergée chez sa sœur."),
        author_id=social.id,
    )
    diagnostic.save_entry(
        dossier,
        EntryDraft("sante", (), ObstacleLevel.BLOCKING, "Addiction.", confidential=True),
        author_id=social.id,
    )
    diagnostic.save_entry(
        dossier, EntryDraft("numerique", (), ObstacleLevel.TO_WORK_ON), author_id=conseiller.id
    )
    dossiers.add_note(dossier, "Dette de loyer de 2 000 €.", author_id=social.id)
    dossiers.add_note(dossier, "CV à reprendre.", author_id=conseiller.id)
    return dossiers, diagnostic, dossier, conseiller.id, social.id


def test_without_consent_france_travail_sees_only_the_emploi_side(
    setting: tuple[DossierService, DiagnosticService, str, str, str],
) -> None:
    dossiers, diagnostic, dossier, conseiller, _ = setting
    sheet = diagnostic.sheet(dossier, viewer_id=conseiller)
    assert set(sheet.entries) == {"numerique"}
    assert "accord" in sheet.hidden["logement"] and sheet.hidden["sante"].startswith("Confidentiel")
    detail = dossiers.detail(dossier, viewer_id=conseiller)
    assert [line.note.text for line in detail.notes] == ["CV à reprendre."] and detail.hidden_notes == 1
    assert set(detail.obstacles) == {"numerique"}
    assert {line.part for line in diagnostic.history(dossier, viewer_id=conseiller)} == {"Numérique"}


def test_with_consent_the_useful_social_side_is_shared_but_never_the_confidential(
    setting: tuple[DossierService, DiagnosticService, str, str, str],
) -> None:
    dossiers, diagnostic, dossier, conseiller, social = setting
    detail = dossiers.set_consent(dossier, True, method=ConsentMethod.WRITTEN, author_id=social, today=TODAY)
    assert detail.dossier.share_consent and detail.dossier.share_consent_on == TODAY
    assert detail.history[0].kind is EventKind.CONSENT
    sheet = diagnostic.sheet(dossier, viewer_id=conseiller)
    assert set(sheet.entries) == {"numerique", "logement"} and set(sheet.hidden) == {"sante"}
    assert dossiers.detail(dossier, viewer_id=conseiller).hidden_notes == 0
    assert "Santé" not in {line.part for line in diagnostic.history(dossier, viewer_id=conseiller)}
    # The travailleur social sees everything; withdrawing the consent hides the social side again.
    assert set(diagnostic.sheet(dossier, viewer_id=social).entries) == {"numerique", "logement", "sante"}
    dossiers.set_consent(dossier, False, author_id=social, today=TODAY)
    assert set(diagnostic.sheet(dossier, viewer_id=conseiller).entries) == {"numerique"}


def test_consent_is_the_travailleur_socials_to_record(
    setting: tuple[DossierService, DiagnosticService, str, str, str],
) -> None:
    dossiers, _, dossier, conseiller, social = setting
    with pytest.raises(AccessDenied, match="accord de partage"):
        dossiers.set_consent(dossier, True, method=ConsentMethod.ORAL, author_id=conseiller, today=TODAY)
    with pytest.raises(InvalidFields, match="comment l'accord a été recueilli"):
        dossiers.set_consent(dossier, True, author_id=social, today=TODAY)
    detail = dossiers.set_consent(
        dossier, True, method=ConsentMethod.ORAL, given_on="20/11/2026", author_id=social, today=TODAY
    )
    assert detail.dossier.share_consent_method is ConsentMethod.ORAL
    assert detail.dossier.share_consent_on == date(2026, 11, 20)
    assert "Accord recueilli le 20/11/2026 (à l'oral" in detail.history[0].details
    seen = dossiers.detail(dossier, viewer_id=conseiller).dossier  # the conseiller sees its state
    assert seen.share_consent and seen.share_consent_method is ConsentMethod.ORAL
    withdrawn = dossiers.set_consent(dossier, False, author_id=social, today=TODAY)
    assert not withdrawn.dossier.share_consent and withdrawn.dossier.share_consent_method is None
    assert "retire son accord" in withdrawn.history[0].details
