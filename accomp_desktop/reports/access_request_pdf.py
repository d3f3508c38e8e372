"""« Vos données » : the answer to a person's right-of-access request, printed for them in plain French.

It lays out the same export as the JSON file (:mod:`services.access_request`), section by section, with French
labels, dates as the person writes them, and none of the technical identifiers; it ends with the person's
rights and whom to ask.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from accomp_desktop.reports.pdf_base import (
    CELL,
    CELL_HEAD,
    HEADING,
    LINE,
    SHADE,
    SMALL,
    TITLE,
    HeadingWithFirstRows,
    SplittingTable,
    build_pdf,
    paragraph,
    table_style,
)

LABELS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "birth_date": "Date de naissance",
    "phone": "Téléphone",
    "email": "E-mail",
    "address": "Adresse",
    "postcode": "Code postal",
    "city": "Ville",
    "france_travail_id": "Identifiant France Travail",
    "rsa": "Allocataire du RSA",
    "reference": "Référence du dossier",
    "route": "Parcours",
    "status": "Statut",
    "orientation_date": "Orienté le",
    "orientation_reasons": "Motif de l'orientation",
    "person_agreement": "Votre accord pour l'accompagnement",
    "entry_date": "Entrée dans l'accompagnement",
    "planned_end": "Fin prévue",
    "renewed": "Renouvelé",
    "exit": "Sortie",
    "diagnostic_validated_on": "Diagnostic validé le",
    "last_contact_date": "Dernier contact",
    "share_consent": "Votre accord pour partager le volet social avec France Travail",
    "share_consent_on": "Accord donné le",
    "nom": "Binôme",
    "territoire": "Territoire",
    "conseiller": "Votre conseiller France Travail",
    "travailleur_social": "Votre travailleur social",
    "kind": "Étape",
    "occurred_on": "Date",
    "details": "Détails",
    "level": "Niveau de frein",
    "situations": "Situations",
    "comment": "Commentaire",
    "confidential": "Confidentiel",
    "side": "Volet",
    "label": "Intitulé",
    "carrier": "Qui s'en charge",
    "carrier_name": "Organisme",
    "start_date": "Début",
    "due_date": "Échéance",
    "done_date": "Réalisée le",
    "result": "Résultat",
    "text": "Texte",
    "written_at": "Écrite le",
    "starts_at": "Début",
    "ends_at": "Fin",
    "place": "Lieu",
    "subject": "Objet",
    "attendance": "Présence",
    "notes": "Notes",
    "kind_label": "Type",
    "version": "Version",
    "date": "Date",
    "accord_personne": "Votre accord",
    "points_d_appui": "Vos points d'appui",
    "parole": "Votre parole",
    "motif": "Motif",
    "bilan": "Bilan",
    "exit_date": "Date de sortie",
    "versions": "Versions précédentes",
    "auteur": "Par",
    "edited_at": "Modifiée le",
    "at": "Enregistré le",
    "oriente_par": "Orienté par",
    "duree": "Durée",
    "mode_label": "Forme",
    "avec": "Avec",
    "cancel_reason": "Motif de l'annulation",
}
HIDDEN = {"id", "format", "exporte_le", "audit", "anonymised_on", "theme_code", "position", "oriented_by"}

SHORT_RECORD = 10  # rows: a record this short is never cut across two pages

SECTIONS = (
    ("personne", "Vous"),
    ("dossier", "Votre accompagnement"),
    ("binome", "Les professionnels qui vous accompagnent"),
    ("diagnostic", "Le diagnostic partagé"),
    ("diagnostic_textes", "Ce que vous avez dit de vous"),
    ("diagnostic_validations", "Validation du diagnostic"),
    ("objectifs", "Vos objectifs"),
    ("actions", "Votre plan d'action"),
    ("plans_remis", "Les plans d'action qui vous ont été remis"),
    ("rendez_vous", "Vos rendez-vous"),
    ("notes", "Les notes des professionnels"),
    ("historique", "L'historique de votre dossier"),
)


def _date_text(value: str) -> str | None:
    """An ISO date or date-time of the export, as the person writes it; None for any other text."""
    try:
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        if len(value) >= 16 and value[4] == "-" and value[10] == "T":
            return datetime.fromisoformat(value).strftime("%d/%m/%Y à %H:%M")
    except ValueError:
        return None
    return None


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list):
        return " / ".join(_value(item) for item in value)
    if isinstance(value, dict):
        return " ; ".join(f"{LABELS.get(k, k)} : {_value(v)}" for k, v in value.items() if _shown(k, v))
    if isinstance(value, str):
        return _date_text(value) or value
    return str(value)


def _shown(key: str, value: Any) -> bool:
    return (
        key not in HIDDEN
        and not key.endswith("_id")
        and key != "participant_ids"
        and value not in (None, "", [])
    )


def _rows(record: dict[str, Any], themes: dict[str, str]) -> list[list[Any]]:
    rows = []
    if "theme_code" in record:
        rows.append(
            [
                paragraph("Thème", CELL_HEAD),
                paragraph(themes.get(record["theme_code"], record["theme_code"]), CELL),
            ]
        )
    for key, value in record.items():
        if _shown(key, value):
            rows.append([paragraph(LABELS.get(key, key), CELL_HEAD), paragraph(_value(value), CELL)])
    return rows


def _table(rows: list[list[Any]]) -> Table:
    table = SplittingTable(rows, colWidths=[5.5 * cm, 11.5 * cm])  # a note longer than a page is cut inside
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def render_access_request(data: dict[str, Any], *, themes: dict[str, str], author: str) -> bytes:
    """``data`` is :meth:`AccessRequestService.export`; ``themes`` gives the référentiel's theme labels."""
    person = data.get("personne", {})
    name = f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()
    story: list[Any] = [
        paragraph("Vos données", TITLE),
        paragraph(
            f"Tout ce que le dossier {data.get('dossier', {}).get('reference', '')} de l'accompagnement "
            "global "
            f"contient sur vous, {name}, au {_value(data.get('exporte_le', ''))}. Rien n'est retiré : les "
            "informations marquées confidentielles par votre travailleur social y figurent aussi.",
            SMALL,
        ),
        Spacer(1, 6),
    ]
    for key, title in SECTIONS:
        content = data.get(key)
        if not content:
            continue
        heading: Paragraph | None = paragraph(title, HEADING)  # goes with the first record's first rows
        records = content if isinstance(content, list) else [content]
        for record in records:
            rows = _rows(record, themes) if isinstance(record, dict) else [[paragraph(_value(record), CELL)]]
            if not rows:
                continue
            table = _table(rows)
            if heading is not None:
                story.append(HeadingWithFirstRows(heading, table))
                heading = None
            else:  # a short record is read whole: it moves to the next page rather than being cut
                story.append(KeepTogether([table]) if len(rows) <= SHORT_RECORD else table)
            story.append(Spacer(1, 6))
    story += [
        paragraph("Vos droits", HEADING),
        paragraph(
            "Vous pouvez demander que soit corrigée une information inexacte, ou effacée une information qui "
            "n'est plus utile ; vous pouvez aussi retirer votre accord au partage du volet social. Adressez-"
            "vous à votre conseiller ou à votre travailleur social. Si la réponse ne vous convient pas, vous "
            "pouvez saisir la CNIL (www.cnil.fr). Votre dossier est conservé deux ans après le dernier "
            "contact, puis anonymisé."
        ),
    ]
    return build_pdf(
        story,
        title="Vos données",
        author=author,
        subject=f"Droit d'accès — {name}",
        footer=f"Vos données — {name}",
    )
