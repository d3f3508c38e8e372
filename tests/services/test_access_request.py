"""The right of access: everything the dossier holds about the person, as JSON for the machine and as a PDF
for her; made only by whoever may read every part of the dossier."""

import json
from datetime import datetime

import pytest

from accomp_desktop.domain.enums import AppointmentMode, AppointmentType, ObstacleLevel, Route
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.services.access_request import FORMAT, AccessRequestService
from accomp_desktop.services.agenda import AgendaService, AppointmentDraft
from accomp_desktop.services.audit import AuditService
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import seed


def followed_dossier(
    store: Store, referentiel: Referentiel, note: str
) -> tuple[Professional, Professional, str]:
    """A dossier in diagnostic with a confidential health entry and a note: (conseiller, social worker,
    id)."""
    conseiller, social, binome = seed(store)
    dossiers = DossierService(store)
    dossier = dossiers.create(
        OrientationDraft(
            PersonDraft("N'Diaye", "Aïssatou", "04/07/1985", phone="0612345678"),
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
    DiagnosticService(store, referentiel).save_entry(
        dossier,
        EntryDraft("sante", (), ObstacleLevel.MAJOR, "Suivi médical en cours.", confidential=True),
        author_id=social.id,
    )
    dossiers.add_note(dossier, note, author_id=social.id)
    return conseiller, social, dossier


def test_the_export_holds_every_record_of_the_dossier(store: Store, referentiel: Referentiel) -> None:
    _, social, dossier = followed_dossier(store, referentiel, "Rappeler la CAF.")
    agenda = AgendaService(store)
    agenda.save(
        AppointmentDraft(
            AppointmentType.SOCIAL_INTERVIEW,
            AppointmentMode.PHONE,
            "24/11/2026",
            "10:00",
            30,
            (social.id,),
            dossier,
        ),
        author_id=social.id,
        today=TODAY,
    )
    data = json.loads(
        AccessRequestService(store, agenda).export_json(
            dossier, now=datetime(2026, 11, 22, 10), viewer_id=social.id
        )
    )
    assert data["format"] == FORMAT and data["personne"]["last_name"] == "N'Diaye"
    assert data["personne"]["phone"] == "06 12 34 56 78" and data["dossier"]["status"] == "Diagnostic"
    assert (
        data["diagnostic"][0]["comment"] == "Suivi médical en cours."
    )  # confidential is not secret from her
    assert data["notes"][0]["text"] == "Rappeler la CAF."
    assert [e["kind"] for e in data["historique"]] == ["Début du diagnostic partagé", "Orientation"]
    assert data["rendez_vous"][0]["kind_label"] == "Entretien travailleur social"
    assert data["binome"]["travailleur_social"] == "Aïcha N'Diaye"


def test_the_pdf_for_the_person_says_it_all_in_french(store: Store, referentiel: Referentiel) -> None:
    import io

    from pypdf import PdfReader

    conseiller, social, dossier = followed_dossier(store, referentiel, "Rappeler la CAF <urgent>.")
    service = AccessRequestService(store, AgendaService(store), {t.code: t.label for t in referentiel.themes})
    with pytest.raises(RuleError, match="fait par le travailleur social"):
        service.export_pdf(dossier, now=datetime(2026, 11, 22, 10), viewer_id=conseiller.id)
    pdf = service.export_pdf(dossier, now=datetime(2026, 11, 22, 10), viewer_id=social.id)
    assert (
        AuditService(store).lines(viewer_id=social.id, dossier_id=dossier)[0].part
        == "Export complet (droit d'accès)"
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Vos données",
        "Aïssatou",
        "N'Diaye",
        "04/07/1985",
        "06 12 34 56 78",
        "Le diagnostic partagé",
        "Santé",
        "Suivi médical en cours.",
        "Rappeler la CAF <urgent>.",
        "Vos droits",
        "CNIL",
        "Aïcha N'Diaye",
        "22/11/2026 à 10:00",
    ):
        assert expected in text, expected
    assert "1985-07-04" not in text and "theme_code" not in text and dossier not in text  # no technical ids


def test_every_field_the_person_reads_has_a_french_label_and_no_identifier(
    store: Store, referentiel: Referentiel
) -> None:
    import io

    from pypdf import PdfReader

    from accomp_desktop.reports.access_request_pdf import LABELS, _shown

    conseiller, social, dossier = followed_dossier(store, referentiel, "Rappeler la CAF.")
    agenda = AgendaService(store)
    agenda.save(
        AppointmentDraft(
            AppointmentType.TRIPARTITE,
            AppointmentMode.ON_SITE,
            "24/11/2026",
            "10:00",
            90,
            (conseiller.id, social.id),
            dossier,
            place="Agence de Troyes",
        ),
        author_id=social.id,
        today=TODAY,
    )
    service = AccessRequestService(store, agenda, {t.code: t.label for t in referentiel.themes})
    data = service.export(dossier, now=datetime(2026, 11, 22, 10), viewer_id=social.id)
    unlabelled: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            unlabelled.update(k for k, v in value.items() if _shown(k, v) and k not in LABELS)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for section in data.values():  # the sections are headings, not fields
        walk(section)
    assert not unlabelled
    assert data["dossier"]["oriente_par"] == conseiller.display_name
    appointment = data["rendez_vous"][0]
    assert appointment["duree"] == "1 h 30" and appointment["avec"] == [
        conseiller.display_name,
        social.display_name,
    ]
    pdf = service.export_pdf(dossier, now=datetime(2026, 11, 22, 10), viewer_id=social.id)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for raw in (
        "oriented_by",
        "duration_minutes",
        "start",
        "participant",
        "masked",
        conseiller.id,
        social.id,
    ):
        assert raw not in text, raw
    for shown in ("Orienté par", "Durée", "1 h 30", "Agence de Troyes", "24/11/2026 à 10:00"):
        assert shown in text, shown
