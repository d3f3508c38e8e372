"""The joint action plan and its PDF, read back with pypdf: what the person will hold in their hands."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from accomp_desktop.domain.enums import ActionStatus, CarrierKind, ObstacleLevel, Route, Side
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.validation import InvalidFields
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import ActionDraft, PlanService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import seed


@pytest.fixture
def setting(store: Store, referentiel: Referentiel) -> tuple[PlanService, str, str, str]:
    conseiller, social, binome = seed(store)
    dossiers = DossierService(store)
    dossier = dossiers.create(
        OrientationDraft(
            PersonDraft("N'Diaye-Lefèvre", "Aïssatou", "04/07/1985"),
            binome.id,
            conseiller.id,
            Route.GLOBAL,
            "02/11/2026",
            "Logement et emploi.",
            True,
        ),
        author_id=conseiller.id,
        today=TODAY,
    ).dossier.id
    dossiers.start_diagnostic(dossier, author_id=conseiller.id, today=TODAY)
    return PlanService(store, referentiel), dossier, conseiller.id, social.id


def text_of(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def test_the_plan_has_three_parts_referents_dates_and_metadata(
    setting: tuple[PlanService, str, str, str],
) -> None:
    service, dossier, conseiller, social = setting
    for draft in (
        ActionDraft(
            "Déposer une demande de logement social", Side.SOCIAL, CarrierKind.PERSON, due_date="15/12/2026"
        ),
        ActionDraft("Chercher une immersion (PMSMP) en logistique", Side.EMPLOI, CarrierKind.CONSEILLER),
        ActionDraft(
            "Aide au permis de conduire",
            Side.SOCIAL,
            CarrierKind.PARTNER,
            carrier_name="Mission locale",
            start_date="01/12/2026",
            due_date="01/02/2027",
        ),
        ActionDraft("Action abandonnée", Side.EMPLOI, CarrierKind.CONSEILLER, status=ActionStatus.CANCELLED),
    ):  # each professional writes the actions of his own side
        service.save_action(dossier, draft, author_id=social if draft.side is Side.SOCIAL else conseiller)
    issued, pdf = service.issue(dossier, with_confidential=False, author_id=social, today=TODAY)
    reader, pages = text_of(pdf)
    text = " ".join(pages).replace("\n", " ")  # table cells wrap: compare words, not lines
    assert issued.version == 1 and "Pour Aïssatou N'DIAYE-LEFÈVRE" in text
    for expected in (
        "Ce que je vais faire",
        "Ce que fait mon conseiller France Travail",
        "Ce que fait mon travailleur social",
        "Déposer une demande de logement social",
        "Avant le 15 décembre 2026",
        "Du 1er décembre 2026 au 1er février 2027",
        "Avec : Mission locale",
        "Jean-Marc Lefèvre",
        "Aïcha N'Diaye",
        "Remis le 22 novembre 2026",
        "Pas de rendez-vous prévu",
        "Téléphone : non indiqué",
        "Date et signature",
    ):
        assert expected in text, expected
    assert "Action abandonnée" not in text
    assert pages[-1].rstrip().endswith(f"Page {len(pages)} / {len(pages)}")
    metadata = reader.metadata
    assert metadata is not None and metadata.title == "Mon plan d'action — Aïssatou N'DIAYE-LEFÈVRE"
    assert metadata.author == "Aïcha N'Diaye"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    fonts = {font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert all("DejaVuSans" in name for name in fonts)  # embedded subsets, no unembedded Helvetica


def test_confidential_obstacles_are_printed_only_when_ticked(
    setting: tuple[PlanService, str, str, str], store: Store, referentiel: Referentiel
) -> None:
    service, dossier, conseiller, social = setting
    DiagnosticService(store, referentiel).save_entry(
        dossier, EntryDraft("sante", (), ObstacleLevel.MAJOR, confidential=True), author_id=social
    )
    entry = DiagnosticService(store, referentiel).sheet(dossier, viewer_id=social).entries["sante"]
    objective = service.add_objective(
        dossier, theme_code="sante", label="Accéder aux soins", author_id=social
    ).objectives[0]
    assert objective.diagnostic_entry_id == entry.id  # linked to the obstacle of the same theme
    service.save_action(
        dossier,
        ActionDraft(
            "Rendez-vous au centre d'addictologie",
            Side.SOCIAL,
            CarrierKind.TRAVAILLEUR_SOCIAL,
            objective_id=objective.id,
        ),
        author_id=social,
    )
    _, hidden = service.issue(dossier, with_confidential=False, author_id=social, today=TODAY)
    assert "addictologie" not in "".join(text_of(hidden)[1])
    issued, shown = service.issue(dossier, with_confidential=True, author_id=social, today=TODAY)
    assert "addictologie" in "".join(text_of(shown)[1]) and issued.version == 2 and issued.with_confidential
    assert [p.version for p in service.sheet(dossier, viewer_id=social).issued] == [2, 1]
    assert service.issued_pdf(issued.id, viewer_id=social) == shown


def test_sixty_long_actions_split_cleanly_across_numbered_pages(
    setting: tuple[PlanService, str, str, str],
) -> None:
    service, dossier, conseiller, social = setting
    long_text = (
        "Prendre contact avec l'organisme de formation pour l'entrée en formation qualifiante « agent "
        "de propreté et d'hygiène », préparer le dossier de financement et les pièces justificatives. " * 3
    )
    for number in range(60):
        carrier = (CarrierKind.PERSON, CarrierKind.CONSEILLER, CarrierKind.TRAVAILLEUR_SOCIAL)[number % 3]
        side = Side.SOCIAL if carrier is CarrierKind.TRAVAILLEUR_SOCIAL else Side.EMPLOI
        service.save_action(
            dossier,
            ActionDraft(f"Action n° {number + 1} : {long_text}", side, carrier),
            author_id=social if side is Side.SOCIAL else conseiller,
        )
    _, pdf = service.issue(dossier, with_confidential=False, author_id=social, today=TODAY)
    _, pages = text_of(pdf)
    text = "".join(pages).replace("\n", " ")
    assert len(pages) > 5
    for number in range(1, 61):
        assert f"Action n° {number} :" in text
    assert text.count("pièces justificatives.") == 180  # every copy of the long text printed in full
    for index, page in enumerate(pages, start=1):
        assert f"Page {index} / {len(pages)}" in page


def test_wrong_action_fields_are_named(setting: tuple[PlanService, str, str, str]) -> None:
    service, dossier, conseiller, _ = setting
    with pytest.raises(InvalidFields) as caught:
        service.save_action(
            dossier,
            ActionDraft(
                " ", Side.SOCIAL, CarrierKind.PARTNER, start_date="10/12/2026", due_date="01/12/2026"
            ),
            author_id=conseiller,
        )
    assert set(caught.value.errors) == {"label", "carrier_name", "due_date"}


def test_actions_are_reordered_and_deadlines_found(setting: tuple[PlanService, str, str, str]) -> None:
    service, dossier, conseiller, _ = setting
    for label, due in (("A", "20/11/2026"), ("B", "25/11/2026"), ("C", "")):
        service.save_action(
            dossier,
            ActionDraft(label, Side.EMPLOI, CarrierKind.CONSEILLER, due_date=due),
            author_id=conseiller,
        )
    sheet = service.sheet(dossier, viewer_id=conseiller)
    moved = service.move(dossier, sheet.actions[2].id, 0, author_id=conseiller)
    assert [a.label for a in moved.actions] == ["C", "A", "B"]
    assert [a.label for a in moved.overdue(TODAY)] == ["A"] and [a.label for a in moved.due_soon(TODAY)] == [
        "B"
    ]
    assert moved.due_soon(date(2026, 11, 30)) == []


def test_an_exited_dossier_has_no_late_actions(
    setting: tuple[PlanService, str, str, str], store: Store
) -> None:
    from accomp_desktop.domain.enums import ExitMotif

    service, dossier, conseiller, _ = setting
    service.save_action(
        dossier,
        ActionDraft("Relancer l'employeur", Side.EMPLOI, CarrierKind.PERSON, due_date="10/11/2026"),
        author_id=conseiller,
        today=TODAY,
    )
    assert len(service.sheet(dossier, viewer_id=conseiller).overdue(TODAY)) == 1
    DossierService(store).close(
        dossier,
        exit_date="20/11/2026",
        motif=ExitMotif.TRAINING,
        bilan="Entrée en formation.",
        author_id=conseiller,
        today=TODAY,
    )
    sheet = service.sheet(dossier, viewer_id=conseiller)
    assert not sheet.followed and sheet.overdue(TODAY) == [] and sheet.due_soon(TODAY) == []
    assert service.deadlines(conseiller, TODAY) == []
