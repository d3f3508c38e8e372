"""What travails between the binôme's machines, and which part of the access table each shared row belongs to.

Sharing is by **field operations** (see ``../shared/guide/sync.md``): one per changed column of a shared row,
captured in the same transaction as the change. This module is the single description both ends read: the
desktop's capture triggers and the hub's filters.

- :data:`TABLES` lists every shared table with the columns that travel. Derived columns (sort keys, the search
  index, the last contact date, positions) are recomputed by each machine and never travel; ``updated_at`` and
  ``updated_by`` are given by the operation itself (its author, its hub time).
- :data:`NARRATIVE` are the texts a person wrote (notes, comments, bilans, strengths, wishes): they are never
  overwritten by a writer who had not seen them; both versions are kept as a conflict to resolve.
- :func:`row_parts` says, for the rows of one dossier, which :class:`~accomp_desktop.domain.access.Part` each
  belongs to, from the same rules the services apply (a confidential entry, the side of an objective, the role
  of a note's author…). The hub filters every pull by it, and PostgreSQL's row-level security by its result.

Values travel as the local database stores them (text, integers for booleans, ISO dates), so both ends compare
them without interpretation.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from accomp_desktop.domain.access import SENSITIVITY, Part, notes_part, plan_part
from accomp_desktop.domain.enums import Role, Side

DIRECTORY = "directory"
"""The pseudo-part of the dispositif's set-up (professionals, territories, binômes): every machine has it."""

CONFLICTS = "text_conflicts"
"""The texts kept when two professionals wrote the same narrative field without seeing each other's: made by
the hub, resolved (removed) by a professional in « Conflits à résoudre »."""

DELETED = "_deleted"
"""The field of a tombstone operation: the row was removed."""

_RECORD = ("created_at", "created_by", "deleted_at", "deleted_by")


@dataclass(frozen=True, slots=True)
class Table:
    """A shared table: its columns that travel (beyond ``id``)."""

    name: str
    columns: tuple[str, ...]
    dossier_column: str | None = "dossier_id"
    """The column leading to the dossier the row belongs to (None: the directory, or found another way)."""


def _t(name: str, *columns: str, dossier_column: str | None = "dossier_id") -> Table:
    return Table(name, (*columns, *_RECORD), dossier_column)


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        _t(
            "professionals",
            "first_name",
            "last_name",
            "institution",
            "role",
            "email",
            "phone",
            "admin",
            "deactivated_on",
            dossier_column=None,
        ),  # fmt: skip
        _t("territories", "name", "postcodes", dossier_column=None),
        _t(
            "binomes",
            "name",
            "territory",
            "conseiller_id",
            "travailleur_social_id",
            "target_min",
            "target_max",
            dossier_column=None,
        ),  # fmt: skip
        _t("binome_members", "binome_id", "professional_id", "role", "since", "until", dossier_column=None),
        _t("directory_changes", "kind", "subject_id", "summary", dossier_column=None),
        _t(
            "persons",
            "last_name",
            "first_name",
            "birth_date",
            "phone",
            "email",
            "address",
            "postcode",
            "city",
            "france_travail_id",
            "rsa",
            dossier_column=None,
        ),  # fmt: skip
        _t(
            "dossiers",
            "reference",
            "person_id",
            "binome_id",
            "route",
            "status",
            "orientation_date",
            "oriented_by",
            "orientation_reasons",
            "person_agreement",
            "entry_date",
            "planned_end",
            "renewed",
            "exit_date",
            "exit_motif",
            "exit_bilan",
            "diagnostic_validated_on",
            "share_consent",
            "share_consent_on",
            "share_consent_method",
            "anonymised_on",
            dossier_column="id",
        ),  # fmt: skip
        _t("dossier_events", "dossier_id", "kind", "occurred_on", "details"),
        _t("diagnostic_entries", "dossier_id", "theme_code", "side", "level", "comment", "confidential"),
        _t("diagnostic_situations", "entry_id", "dossier_id", "label"),
        _t("diagnostic_texts", "dossier_id", "strengths", "wishes"),
        _t("diagnostic_changes", "dossier_id", "part", "field", "old_value", "new_value"),
        _t(
            "diagnostic_validations",
            "dossier_id",
            "validated_on",
            "conseiller_id",
            "travailleur_social_id",
            "person_agreement",
            "snapshot",
        ),  # fmt: skip
        _t("diagnostic_approvals", "dossier_id", "professional_id", "role", "approved_on", "fingerprint"),
        _t("objectives", "dossier_id", "theme_code", "label", "side", "diagnostic_entry_id"),
        _t(
            "actions",
            "dossier_id",
            "objective_id",
            "label",
            "side",
            "carrier",
            "carrier_name",
            "status",
            "start_date",
            "due_date",
            "result_note",
        ),  # fmt: skip
        _t(
            "appointments",
            "dossier_id",
            "type",
            "mode",
            "start",
            "duration_minutes",
            "place",
            "notes",
            "to_bring",
            "attendance",
            "cancel_reason",
        ),  # fmt: skip
        _t("appointment_participants", "appointment_id", "professional_id", dossier_column=None),
        _t("notes", "dossier_id", "author_id", "text", "written_at"),
        _t("note_versions", "note_id", "text", "written_at", dossier_column=None),
        _t("issued_plans", "dossier_id", "version", "issued_on", "with_confidential", "content_part", "pdf"),
        _t("busy_times", "professional_id", "start", "end", "summary", "source", "uid", dossier_column=None),
        _t(
            "text_conflicts",
            "dossier_id",
            "entity",
            "entity_id",
            "field",
            "other_value",
            "other_author",
            "other_at",
        ),  # fmt: skip
    )
}
"""Every shared table, parents before children (the order a first download applies them in)."""

LOCAL_ONLY = frozenset({"app_meta", "audit_log", "alembic_version"})
"""Tables that never travel: the database's own facts, and each machine's audit chain (anchored at the hub by
its head only)."""

LOCAL_COLUMNS = frozenset(
    {
        "id",
        "updated_at",
        "updated_by",
        "sort_key",
        "search_terms",
        "search_key",
        "last_contact_date",
        "position",
    }
)
"""Columns of shared tables that never travel: the id names the row, the operation gives who changed it and
when, and the rest is derived by each machine (sort keys, the search index, the last contact, positions)."""

NARRATIVE: frozenset[tuple[str, str]] = frozenset(
    {
        ("notes", "text"),
        ("dossiers", "exit_bilan"),
        ("dossiers", "orientation_reasons"),
        ("diagnostic_entries", "comment"),
        ("diagnostic_texts", "strengths"),
        ("diagnostic_texts", "wishes"),
        ("actions", "result_note"),
        ("appointments", "notes"),
    }
)

_ID_NAMESPACE = uuid.UUID("5b0f6a52-3f0e-4c57-9a57-6f1d4d1b7a11")


def stable_id(*parts: str) -> str:
    """The id of a row that is one per key (a dossier's theme entry, its texts, a ticked situation): two
    machines creating it offline make the same row, so their edits meet instead of colliding."""
    return str(uuid.uuid5(_ID_NAMESPACE, "\x1f".join(parts)))


Row = Mapping[str, Any]


def _truthy(value: Any) -> bool:
    return value not in (None, 0, "0", False, "")


def row_parts(
    rows: Mapping[str, Mapping[str, Row]], author_roles: Mapping[str, str]
) -> dict[tuple[str, str], Part]:
    """The part of each row of one dossier: ``rows[table][id]`` holds the rows' current values,
    ``author_roles`` the role of each professional (a note is on its author's side)."""
    parts: dict[tuple[str, str], Part] = {}
    entries = rows.get("diagnostic_entries", {})

    def entry_part(entry: Row | None) -> Part:
        if entry is None:
            return Part.DIAGNOSTIC_SOCIAL  # unknown: as strict as the social side
        if _truthy(entry.get("confidential")):
            return Part.DIAGNOSTIC_CONFIDENTIAL
        return Part.DIAGNOSTIC_SOCIAL if entry.get("side") == Side.SOCIAL.value else Part.DIAGNOSTIC_EMPLOI

    by_theme = {entry.get("theme_code"): entry for entry in entries.values() if not entry.get("deleted_at")}
    confidential_themes = {code for code, entry in by_theme.items() if _truthy(entry.get("confidential"))}
    objectives = rows.get("objectives", {})

    def objective_part(objective: Row) -> Part:
        # as the plan service decides: an objective answering a confidential theme is confidential
        side = Side(objective.get("side") or Side.SOCIAL.value)
        return plan_part(side, confidential=objective.get("theme_code") in confidential_themes)

    def action_part(action: Row) -> Part:
        own = plan_part(Side(action.get("side") or Side.SOCIAL.value), confidential=False)
        objective = objectives.get(action.get("objective_id") or "")
        linked = objective_part(objective) if objective is not None else own
        return max(own, linked, key=SENSITIVITY.__getitem__)

    notes = rows.get("notes", {})
    conflicts = rows.get(CONFLICTS, {})
    for table, table_rows in rows.items():
        if table == CONFLICTS:
            continue
        for row_id, row in table_rows.items():
            part: Part
            if table in ("dossiers", "dossier_events", "appointments", "appointment_participants"):
                part = Part.AGENDA if table.startswith("appointment") else Part.IDENTITY
            elif table == "diagnostic_entries":
                part = entry_part(row)
            elif table == "diagnostic_situations":
                part = entry_part(entries.get(row.get("entry_id") or ""))
            elif table in ("diagnostic_texts", "diagnostic_approvals"):
                part = Part.DIAGNOSTIC_SHARED
            elif table == "diagnostic_changes":
                theme = row.get("part")
                part = (
                    Part.DIAGNOSTIC_SHARED
                    if theme in ("strengths", "wishes")
                    else entry_part(by_theme.get(theme))
                )
            elif table == "diagnostic_validations":
                # the validated copy holds every theme's situations: as sensitive as the most sensitive entry
                part = max(
                    (entry_part(e) for e in entries.values()), key=_strictness, default=Part.DIAGNOSTIC_EMPLOI
                )
            elif table == "objectives":
                part = objective_part(row)
            elif table == "actions":
                part = action_part(row)
            elif table == "notes":
                part = notes_part(
                    Role(author_roles.get(row.get("author_id") or "", Role.TRAVAILLEUR_SOCIAL.value))
                )
            elif table == "note_versions":
                note = notes.get(row.get("note_id") or "")
                role = author_roles.get(note.get("author_id") or "", "") if note else ""
                part = notes_part(Role(role or Role.TRAVAILLEUR_SOCIAL.value))
            elif table == "issued_plans":
                part = Part(row.get("content_part") or Part.PLAN_CONFIDENTIAL.value)
            else:
                raise ValueError(f"table sans partie : {table}")
            parts[(table, row_id)] = part
    for row_id, conflict in conflicts.items():  # a kept text is as private as the text it competes with
        target = (conflict.get("entity") or "", conflict.get("entity_id") or "")
        parts[(CONFLICTS, row_id)] = parts.get(target, Part.DIAGNOSTIC_CONFIDENTIAL)
    return parts


_STRICTNESS = {Part.DIAGNOSTIC_EMPLOI: 0, Part.DIAGNOSTIC_SOCIAL: 1, Part.DIAGNOSTIC_CONFIDENTIAL: 2}


def _strictness(part: Part) -> int:
    return _STRICTNESS.get(part, 0)


def to_wire(value: Any) -> Any:
    """A stored value as JSON carries it (a printed plan's bytes as base64)."""
    if isinstance(value, bytes | bytearray | memoryview):
        import base64

        return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def from_wire(value: Any) -> Any:
    if isinstance(value, dict) and "$b64" in value:
        import base64

        return base64.b64decode(value["$b64"])
    return value


def dossier_hash(rows: Iterable[tuple[str, str, Mapping[str, Any]]]) -> str:
    """The same hash on both ends of a sync: the travelling fields of a dossier's live rows (wire form), in a
    fixed order. Compared at the end of a sync; a difference means the machine's copy diverged."""
    import hashlib
    import json

    digest = hashlib.sha256()
    for entity, entity_id, data in sorted(rows, key=lambda r: (r[0], r[1])):
        if entity not in TABLES or entity == CONFLICTS or data.get(DELETED):
            continue
        values = [to_wire(data.get(column)) for column in TABLES[entity].columns]
        digest.update(json.dumps([entity, entity_id, values], ensure_ascii=False, default=str).encode())
    return digest.hexdigest()
