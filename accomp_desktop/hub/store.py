"""The hub's work on PostgreSQL: enrol machines, apply their pushes, answer their pulls.

**Push** (``docs: ../shared/guide/sync.md``): one transaction per batch, pushes one after the other (an
advisory
lock), so hub sequences are committed in order and a pull never skips one. For each operation in ``site_seq``
order: a known ``op_id`` is skipped (a resend after a lost acknowledgement); a ``site_seq`` beyond the next
expected stops the batch (a gap: the answer says where to resume); one already passed with a new ``op_id``
means the machine went back in time (restored from a backup): the answer says so and the machine renumbers.
Otherwise the operation gets the next hub sequence and is applied by the rules:

- a removed row stays removed (deletions win), and the texts of an anonymised dossier stay empty;
- a narrative text (``domain.replication.NARRATIVE``) whose author had not seen the current value (``base``
  older than the field's sequence) does not replace it: both are kept, as a conflict row both machines
  receive;
- any other field: the last writer in hub order wins, the overwritten value kept in ``hub_ops.previous``.

Then the rows of every dossier touched are classified again (their part, consent and binômes, from
``domain.replication.row_parts``); a row whose visibility changed gets a new ``vis_seq``, so the next pulls
send
it whole, or tell a machine to forget it.

**Pull** by cursor (the last hub sequence the machine holds), as ``accomp_hub_reader`` with row-level security
on: rows changed or made visible since, whole when newly visible, else only their changed fields; and the ids
of
rows no longer visible to that machine (« forget »), which it purges.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import Connection, sql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from accomp_desktop.domain.access import Part
from accomp_desktop.domain.replication import (
    CONFLICTS,
    DELETED,
    DIRECTORY,
    NARRATIVE,
    TABLES,
    dossier_hash,
    row_parts,
    stable_id,
)
from accomp_desktop.hub.schema import READER, WRITER

_PUSH_LOCK = 0x61636370  # "accp": one push at a time, so hub sequences commit in order
ERASED_BY_ANONYMISATION = frozenset(NARRATIVE) | {
    ("notes", "text"),
    ("note_versions", "text"),
    ("diagnostic_changes", "old_value"),
    ("diagnostic_changes", "new_value"),
    ("diagnostic_validations", "snapshot"),
    ("appointments", "cancel_reason"),
    ("dossier_events", "details"),
}


class HubRefusal(Exception):
    """A request the hub refuses; ``code`` for the machine, the message in French for the person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Enrolment:
    site_id: str
    token: str
    code: int
    """The machine's short number: its dossier references carry it, so two machines never make the same."""


@dataclass
class PushResult:
    acknowledged: int
    """The last ``site_seq`` the hub holds for this machine: everything up to it can leave the outbox."""
    hub_seqs: dict[str, int] = field(default_factory=dict)
    gap: bool = False
    behind: bool = False
    """The machine sent a ``site_seq`` the hub already had under another operation: it was restored from an
    older copy; it must renumber its outbox from ``acknowledged + 1``."""


@dataclass
class PullResult:
    rows: list[dict[str, Any]]
    """``{"entity", "id", "full", "data": {field: value}, "seqs": {field: hub_seq}}``"""
    forget: list[tuple[str, str]]
    cursor: int
    more: bool


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _set_role(connection: Connection, role: str, site_id: str | None = None) -> None:
    connection.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
    # short queries, run often: compiling them (PostgreSQL's JIT) costs more than it saves
    connection.execute("SET LOCAL jit = off")
    if site_id is not None:
        connection.execute("SELECT set_config('accomp.site', %s, true)", (site_id,))


class Hub:
    """The hub's operations on one PostgreSQL connection (the service gives each request its own)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._ops: list[tuple[Any, ...]] = []  # the batch's history, written at its end

    # --- machines ---------------------------------------------------------------------------------------

    def enrol(self, professional_id: str, *, name: str = "", site_id: str | None = None) -> Enrolment:
        """Register a machine for a professional; its token is shown once and kept only as a hash."""
        token = secrets.token_urlsafe(32)
        site = site_id or secrets.token_hex(16)
        with self.connection.transaction():
            _set_role(self.connection, WRITER)
            code = self.connection.execute("SELECT coalesce(max(code), 0) + 1 FROM hub_sites").fetchone()
            assert code is not None
            self.connection.execute(
                "INSERT INTO hub_sites (site_id, name, professional_id, token_hash, code) VALUES (%s, "
                "%s, %s, %s, %s)",
                (site, name, professional_id, _token_hash(token), code[0]),
            )
            self._refresh_scopes()
        return Enrolment(site, token, int(code[0]))

    def issue_code(self, professional_id: str, *, days: int = 7) -> str:
        """A one-time enrolment code for a professional's machine, valid ``days`` days, shown once."""
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O nor 1/I: read aloud or copied by hand
        raw = "".join(secrets.choice(alphabet) for _ in range(12))
        code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
        with self.connection.transaction():
            _set_role(self.connection, WRITER)
            self.connection.execute(
                "INSERT INTO hub_enrolment_codes (code_hash, professional_id, expires_at) "
                "VALUES (%s, %s, now() + make_interval(days => %s))",
                (_token_hash(code), professional_id, days),
            )
        return code

    def enrol_with_code(self, code: str, *, site_id: str, name: str = "") -> Enrolment:
        """Enrol the machine that presents a valid, unused code (used once, whatever happens next)."""
        normalised = code.strip().upper().replace(" ", "")
        with self.connection.transaction():
            _set_role(self.connection, WRITER)
            row = self.connection.execute(
                "UPDATE hub_enrolment_codes SET used_at = now(), site_id = %s "
                "WHERE code_hash = %s AND used_at IS NULL AND expires_at > now() RETURNING professional_id",
                (site_id, _token_hash(normalised)),
            ).fetchone()
            if row is None:
                raise HubRefusal(
                    "code",
                    "Ce code d'inscription n'est pas valable (déjà utilisé, expiré ou mal recopié) : "
                    "demandez-en "
                    "un nouveau à l'administrateur du dispositif.",
                )
            exists = self.connection.execute(
                "SELECT 1 FROM hub_sites WHERE site_id = %s", (site_id,)
            ).fetchone()
            if exists is not None:
                raise HubRefusal("enrolled", "Ce poste est déjà inscrit auprès du hub.")
        return self.enrol(str(row[0]), name=name, site_id=site_id)

    def revoke(self, site_id: str) -> None:
        """A lost laptop: it authenticates no more and its scope is emptied, so it can pull nothing."""
        with self.connection.transaction():
            _set_role(self.connection, WRITER)
            self.connection.execute("UPDATE hub_sites SET revoked_at = now() WHERE site_id = %s", (site_id,))
            self.connection.execute("DELETE FROM hub_site_scope WHERE site_id = %s", (site_id,))

    def authenticate(self, site_id: str, token: str) -> None:
        with self.connection.transaction():
            _set_role(self.connection, WRITER)
            row = self.connection.execute(
                "SELECT token_hash, revoked_at FROM hub_sites WHERE site_id = %s", (site_id,)
            ).fetchone()
        if row is None or not secrets.compare_digest(row[0], _token_hash(token)):
            raise HubRefusal(
                "unknown", "Ce poste n'est pas reconnu par le hub : demandez un nouveau code d'inscription."
            )
        if row[1] is not None:
            raise HubRefusal(
                "revoked", "L'accès de ce poste au hub a été retiré par l'administrateur du dispositif."
            )

    def _refresh_scopes(self) -> None:
        """Each machine's role and binômes, from the directory the hub holds (after every directory
        change)."""
        self.connection.execute(
            """
            INSERT INTO hub_site_scope (site_id, role, binome_ids)
            SELECT s.site_id, coalesce(p.data->>'role', ''),
                   coalesce(array(
                       SELECT b.id FROM hub_rows b WHERE b.entity = 'binomes' AND NOT b.deleted
                         AND (b.data->>'conseiller_id' = s.professional_id
                              OR b.data->>'travailleur_social_id' = s.professional_id)
                   ), '{}')
            FROM hub_sites s
            LEFT JOIN hub_rows p ON p.entity = 'professionals' AND p.id = s.professional_id
            WHERE s.revoked_at IS NULL
            ON CONFLICT (site_id) DO UPDATE SET role = excluded.role, binome_ids = excluded.binome_ids
            """
        )

    # --- push -------------------------------------------------------------------------------------------

    def push(self, site_id: str, operations: Sequence[Mapping[str, Any]]) -> PushResult:
        with self.connection.transaction():
            _set_role(self.connection, WRITER)
            self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (_PUSH_LOCK,))
            row = self.connection.execute(
                "SELECT last_site_seq FROM hub_sites WHERE site_id = %s AND revoked_at IS NULL FOR UPDATE",
                (site_id,),
            ).fetchone()
            if row is None:
                raise HubRefusal("revoked", "Ce poste n'est plus autorisé à se synchroniser.")
            last = int(row[0])
            result = PushResult(acknowledged=last)
            known = self._known(op["op_id"] for op in operations)
            rows = self._prefetch({(str(op["entity"]), str(op["entity_id"])) for op in operations})
            fresh = iter(self._sequences(len(operations)))
            touched_dossiers: set[str] = set()
            directory = False
            for op in operations:
                if op["op_id"] in known:
                    result.hub_seqs[op["op_id"]] = known[op["op_id"]]
                    continue
                seq = int(op["site_seq"])
                if seq <= last:
                    result.behind = True
                    break
                if seq > last + 1:
                    result.gap = True
                    break
                hub_seq = self._apply(site_id, op, rows, next(fresh))
                result.hub_seqs[op["op_id"]] = hub_seq
                last = seq
                entity = op["entity"]
                current = rows[(entity, op["entity_id"])]
                if current["dossier_id"]:
                    touched_dossiers.add(current["dossier_id"])
                directory |= TABLES[entity].dossier_column is None and entity in _DIRECTORY_TABLES
            self._write_ops()
            head = self._head()
            self._save_rows(rows)
            roles: dict[str, str] = dict(
                self.connection.execute(
                    "SELECT id, data->>'role' FROM hub_rows WHERE entity = 'professionals'"
                ).fetchall()
            )
            for dossier_id in touched_dossiers:
                self._classify(dossier_id, head, roles)
            if directory:
                self._refresh_scopes()
            self.connection.execute(
                "UPDATE hub_sites SET last_site_seq = %s, last_sync_at = now() WHERE site_id = %s",
                (last, site_id),
            )
            self.connection.execute("UPDATE hub_state SET head = %s", (head,))
            result.acknowledged = last
        return result

    def _known(self, op_ids: Iterable[str]) -> dict[str, int]:
        ids = list(op_ids)
        if not ids:
            return {}
        rows = self.connection.execute("SELECT op_id, hub_seq FROM hub_ops WHERE op_id = ANY(%s)", (ids,))
        return {op_id: int(seq) for op_id, seq in rows}

    def _sequences(self, count: int) -> list[int]:
        """Hub sequences for a batch, taken at once (unused ones leave gaps: only their order matters)."""
        found = self.connection.execute("SELECT nextval('hub_seq') FROM generate_series(1, %s)", (count,))
        return [int(row[0]) for row in found]

    def _prefetch(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """The current state of every row a batch touches, in one query."""
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        if not keys:
            return rows
        entities, ids = zip(*keys, strict=True)
        found = self.connection.execute(
            "SELECT r.entity, r.id, data, seqs, row_seq, vis_seq, dossier_id, deleted, origins FROM "
            "hub_rows r "
            "JOIN unnest(%s::text[], %s::text[]) AS k(entity, id) ON r.entity = k.entity AND r.id = k.id",
            (list(entities), list(ids)),
        )
        for entity, entity_id, data, seqs, row_seq, vis_seq, dossier_id, deleted, origins in found:
            rows[(entity, entity_id)] = {
                "data": data,
                "seqs": seqs,
                "row_seq": row_seq,
                "vis_seq": vis_seq,
                "dossier_id": dossier_id,
                "deleted": deleted,
                "new": False,
                "origins": origins,
            }
        return rows

    def _write_ops(self) -> None:
        """The batch's history in one statement: one array per column, unnested by PostgreSQL (COPY is refused
        on a table under row-level security; a statement per operation costs ten times more)."""
        if not self._ops:
            return
        columns = list(zip(*self._ops, strict=True))
        self.connection.execute(
            "INSERT INTO hub_ops (hub_seq, op_id, site_id, site_seq, entity, entity_id, field, value, "
            "previous, "
            "base, author, authored_at, outcome, dossier_id) SELECT * FROM unnest(%s::bigint[], %s::text[], "
            "%s::text[], %s::bigint[], %s::text[], %s::text[], %s::text[], %s::jsonb[], %s::jsonb[], "
            "%s::bigint[], "
            "%s::text[], %s::text[], %s::text[], %s::text[])",
            [list(column) for column in columns],
        )
        self._ops = []

    def _head(self) -> int:
        row = self.connection.execute("SELECT coalesce(max(hub_seq), 0) FROM hub_ops").fetchone()
        return int(row[0]) if row else 0

    def _load_row(
        self, entity: str, entity_id: str, rows: dict[tuple[str, str], dict[str, Any]]
    ) -> dict[str, Any]:
        key = (entity, entity_id)
        if key not in rows:
            found = self.connection.execute(
                "SELECT data, seqs, row_seq, vis_seq, dossier_id, deleted, origins FROM hub_rows "
                "WHERE entity = %s AND id = %s",
                key,
            ).fetchone()
            if found is None:
                rows[key] = {"data": {}, "seqs": {}, "row_seq": 0, "vis_seq": 0, "dossier_id": None,
                             "deleted": False, "new": True, "origins": {}, "first_seq": 0}  # fmt: skip
            else:
                data, seqs, row_seq, vis_seq, dossier_id, deleted, origins = found
                rows[key] = {"data": data, "seqs": seqs, "row_seq": row_seq, "vis_seq": vis_seq,
                             "dossier_id": dossier_id, "deleted": deleted, "new": False,
                             "origins": origins}  # fmt: skip
        return rows[key]

    def _dossier_of(
        self, entity: str, data: Mapping[str, Any], rows: dict[tuple[str, str], dict[str, Any]]
    ) -> str | None:
        """The dossier a row belongs to: its own column, or its parent's (a note's version, a participant)."""
        column = TABLES[entity].dossier_column
        if column is not None:
            return data.get(column)
        parent = {
            "note_versions": ("notes", "note_id"),
            "appointment_participants": ("appointments", "appointment_id"),
        }
        if entity in parent:
            table, key = parent[entity]
            if data.get(key):
                return self._load_row(table, data[key], rows)["dossier_id"] or None
        return None

    def _apply(
        self, site_id: str, op: Mapping[str, Any], rows: dict[tuple[str, str], dict[str, Any]], hub_seq: int
    ) -> int:
        entity, entity_id, name, value = op["entity"], op["entity_id"], op["field"], op.get("value")
        if entity not in TABLES:
            raise HubRefusal("malformed", f"Table inconnue dans l'envoi : {entity}.")
        current = self._load_row(entity, entity_id, rows)
        data, seqs = current["data"], current["seqs"]
        previous = data.get(name)
        outcome = "applied"
        if current["deleted"]:
            outcome = "ignored: row removed"  # deletions win
        elif name != DELETED and self._erased(entity, name, value, current, rows):
            outcome = "ignored: dossier anonymised"
        elif (
            (entity, name) in NARRATIVE
            and name in data
            and int(op.get("base") or 0) < int(seqs.get(name, 0))
            and value != previous
            and value not in (None, "")
        ):
            outcome = "conflict"  # the author had not seen the current text: both are kept
            self._conflict(site_id, op, current, hub_seq, rows)
        else:
            if name == DELETED:
                current["deleted"] = True
            data[name] = value
            seqs[name] = hub_seq
            current["origins"][name] = site_id
            current["row_seq"] = hub_seq
            if current["new"]:
                current["vis_seq"] = current["first_seq"] = hub_seq
                current["new"] = False
            if current["dossier_id"] is None:
                current["dossier_id"] = (
                    self._dossier_of(entity, data, rows) if entity != "dossiers" else entity_id
                )
        self._ops.append(
            (hub_seq, op["op_id"], site_id, op["site_seq"], entity, entity_id, name, Jsonb(value),
             Jsonb(previous), int(op.get("base") or 0), op.get("author"), op.get("at") or "", outcome,
             current["dossier_id"])
        )  # fmt: skip
        return hub_seq

    def _erased(
        self,
        entity: str,
        name: str,
        value: Any,
        current: Mapping[str, Any],
        rows: dict[tuple[str, str], dict[str, Any]],
    ) -> bool:
        """A text of an anonymised dossier being filled again (by a machine that had not seen the
        anonymisation)."""
        if (entity, name) not in ERASED_BY_ANONYMISATION or value in (None, ""):
            return False
        dossier_id = current["dossier_id"]
        if not dossier_id:
            return False
        dossier = self._load_row("dossiers", dossier_id, rows)
        return bool(dossier["data"].get("anonymised_on"))

    def _conflict(
        self,
        site_id: str,
        op: Mapping[str, Any],
        current: Mapping[str, Any],
        hub_seq: int,
        rows: dict[tuple[str, str], dict[str, Any]],
    ) -> None:
        """Keep the text that arrived late as a conflict row: the professional picks or merges."""
        conflict_id = stable_id("conflict", op["op_id"])
        row = self._load_row(CONFLICTS, conflict_id, rows)
        values = {
            "dossier_id": current["dossier_id"],
            "entity": op["entity"],
            "entity_id": op["entity_id"],
            "field": op["field"],
            "other_value": op.get("value"),
            "other_author": op.get("author"),
            "other_at": op.get("at") or "",
            "created_at": op.get("at") or "",
            "created_by": op.get("author"),
            "deleted_at": None,
            "deleted_by": None,
        }
        for name, value in values.items():
            row["data"][name] = value
            row["seqs"][name] = hub_seq
            row["origins"][name] = "hub"
        row["row_seq"] = row["vis_seq"] = hub_seq
        if row["new"]:
            row["first_seq"] = hub_seq
        row["new"] = False
        row["dossier_id"] = current["dossier_id"]

    def _save_rows(self, rows: Mapping[tuple[str, str], Mapping[str, Any]]) -> None:
        """Every row the batch changed, in one statement sent many times (psycopg pipelines it)."""
        values = [
            (entity, entity_id, Jsonb(current["data"]), Jsonb(current["seqs"]), current["row_seq"],
             current["vis_seq"], current["dossier_id"],
             DIRECTORY if entity in _DIRECTORY_TABLES else Part.DIAGNOSTIC_CONFIDENTIAL.value,
             current["deleted"], Jsonb(current["origins"]), current.get("first_seq") or current["row_seq"])
            for (entity, entity_id), current in rows.items()
            if current["row_seq"]  # only refused operations: nothing to keep
        ]  # fmt: skip
        # a new row is as private as can be until its dossier's rows are classified, in the same transaction
        with self.connection.cursor() as cursor:
            cursor.executemany(
                """
                INSERT INTO hub_rows (entity, id, data, seqs, row_seq, vis_seq, dossier_id, part, deleted,
                                      origins, first_seq)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
                ON CONFLICT (entity, id) DO UPDATE SET data = excluded.data, seqs = excluded.seqs,
                    row_seq = excluded.row_seq, dossier_id = excluded.dossier_id, deleted = excluded.deleted,
                    origins = excluded.origins
                """,
                values,
            )

    def _classify(self, dossier_id: str, head: int, roles: Mapping[str, str]) -> None:
        """Recompute the part, consent and binômes of every row of one dossier; mark those whose readers
        change."""
        found = self.connection.execute(
            "SELECT entity, id, data, part, consent, binome_ids FROM hub_rows WHERE dossier_id = %s OR "
            "(entity = 'dossiers' AND id = %s)",
            (dossier_id, dossier_id),
        ).fetchall()
        by_table: dict[str, dict[str, dict[str, Any]]] = {}
        for entity, entity_id, data, _, _, _ in found:
            by_table.setdefault(entity, {})[entity_id] = data
        dossier = by_table.get("dossiers", {}).get(dossier_id, {})
        person_id = dossier.get("person_id")
        parts = row_parts(by_table, roles)
        consent = bool(dossier.get("share_consent")) and dossier.get("share_consent") not in (0, "0")
        binomes = [dossier["binome_id"]] if dossier.get("binome_id") else []
        for entity, entity_id, _, part, old_consent, old_binomes in found:
            new_part = parts.get((entity, entity_id), Part.DIAGNOSTIC_CONFIDENTIAL).value
            if (new_part, consent, list(binomes)) != (part, old_consent, list(old_binomes)):
                self.connection.execute(
                    "UPDATE hub_rows SET part = %s, consent = %s, binome_ids = %s, vis_seq = %s "
                    "WHERE entity = %s AND id = %s",
                    (new_part, consent, binomes, head, entity, entity_id),
                )
        if person_id:
            self.connection.execute(
                """
                UPDATE hub_rows p SET part = %s, binome_ids = b.ids, vis_seq = %s
                FROM (SELECT coalesce(array_agg(DISTINCT d.data->>'binome_id'), '{}') AS ids FROM hub_rows d
                      WHERE d.entity = 'dossiers' AND d.data->>'person_id' = %s AND NOT d.deleted) b
                WHERE p.entity = 'persons' AND p.id = %s AND (p.binome_ids IS DISTINCT FROM b.ids OR p.part
                <> %s)
                """,
                (Part.IDENTITY.value, head, person_id, person_id, Part.IDENTITY.value),
            )

    # --- pull -------------------------------------------------------------------------------------------

    def pull(self, site_id: str, cursor: int, *, limit: int = 2000) -> PullResult:
        """What the machine may read and does not hold yet, from ``cursor`` on."""
        with self.connection.transaction():
            self.connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            _set_role(self.connection, READER, site_id)
            head = int(self.connection.execute("SELECT head FROM hub_state").fetchone()[0])  # type: ignore[index]
            # A row newly readable comes whole, in the order it became readable (a dossier and its person
            # together, parents before children); a row already held comes as its changed fields, in the order
            # they changed. Its key says which: a page never holds a dossier whose person comes later.
            # Two index ranges, not one scan: rows that became readable since the cursor (by vis_seq), and
            # rows
            # already readable whose fields changed since (by row_seq).
            newly = (
                "SELECT entity, id, data, seqs, origins, vis_seq, vis_seq AS key FROM hub_rows "
                "WHERE vis_seq > %(cursor)s AND vis_seq <= %(head)s {tie} ORDER BY vis_seq LIMIT %(limit)s"
            )
            changed = (
                "SELECT entity, id, data, seqs, origins, vis_seq, row_seq AS key FROM hub_rows "
                "WHERE row_seq > %(cursor)s AND row_seq <= %(head)s AND vis_seq <= %(cursor)s {tie} "
                "ORDER BY row_seq LIMIT %(limit)s"
            )
            both = f"({newly}) UNION ALL ({changed}) ORDER BY key LIMIT %(limit)s"
            with self.connection.cursor(row_factory=dict_row) as read:
                values = {"cursor": cursor, "head": head, "limit": limit}
                found = read.execute(both.format(tie=""), values).fetchall()  # type: ignore[arg-type]
                more = len(found) == limit
                if more:  # never split rows that share the last key (a consent change marks a whole dossier)
                    last = found[-1]["key"]
                    tied = (
                        f"({newly.format(tie='AND vis_seq = %(last)s')}) UNION ALL "
                        f"({changed.format(tie='AND row_seq = %(last)s')})"
                    )
                    tied = tied.replace("LIMIT %(limit)s", "")
                    found = [r for r in found if r["key"] < last] + read.execute(
                        tied,
                        {**values, "last": last},  # type: ignore[arg-type]
                    ).fetchall()
                    new_cursor = int(last)
                else:
                    new_cursor = head
            # Rows whose readers changed and that this machine may no longer read: their ids only, read as the
            # writer (the reader cannot see them, which is the point).
            _set_role(self.connection, WRITER)
            forget = self.connection.execute(
                """
                SELECT r.entity, r.id FROM hub_rows r
                WHERE r.vis_seq > %s AND r.vis_seq <= %s AND r.first_seq <= %s AND r.part <> 'directory'
                  AND NOT EXISTS (
                    SELECT 1 FROM hub_site_scope s JOIN hub_access a ON a.role = s.role
                    WHERE s.site_id = %s AND r.binome_ids && s.binome_ids AND a.part = r.part
                      AND (a.without_consent OR (a.with_consent AND r.consent)))
                """,
                (cursor, new_cursor, cursor, site_id),
            ).fetchall()
            self.connection.execute(
                "UPDATE hub_sites SET last_sync_at = now() WHERE site_id = %s", (site_id,)
            )
        rows = []
        for row in found:
            full = row["vis_seq"] > cursor
            data = (
                row["data"]
                if full
                else {k: v for k, v in row["data"].items() if row["seqs"].get(k, 0) > cursor}
            )
            # A machine's own changes come back too: restored from an older copy, it may no longer hold them
            # (its client tells them apart by their origin, and does not mark them as news).
            seqs = {k: row["seqs"].get(k, 0) for k in data}
            origins = {k: row["origins"].get(k, "") for k in data}
            rows.append(
                {
                    "entity": row["entity"],
                    "id": row["id"],
                    "full": full,
                    "data": data,
                    "seqs": seqs,
                    "origins": origins,
                }  # fmt: skip
            )
        return PullResult(rows=rows, forget=[(e, i) for e, i in forget], cursor=new_cursor, more=more)

    def dossier_rows(self, site_id: str, dossier_id: str) -> list[dict[str, Any]]:
        """Every row of a dossier the machine may read, whole (to repair a copy that diverged)."""
        with self.connection.transaction():
            _set_role(self.connection, READER, site_id)
            found = self.connection.execute(
                "SELECT entity, id, data, seqs, origins FROM hub_rows "
                "WHERE (dossier_id = %s OR (entity = 'dossiers' AND id = %s)) AND NOT deleted",
                (dossier_id, dossier_id),
            ).fetchall()
        return [
            {"entity": e, "id": i, "full": True, "data": d, "seqs": s, "origins": o}
            for e, i, d, s, o in found
        ]

    def dossier_hashes(self, site_id: str, dossier_ids: list[str]) -> dict[str, str]:
        """A hash of what the machine may read of each dossier (as the reader): compared with its own."""
        with self.connection.transaction():
            _set_role(self.connection, READER, site_id)
            found = self.connection.execute(
                "SELECT dossier_id, entity, id, data FROM hub_rows WHERE dossier_id = ANY(%s) AND NOT "
                "deleted "
                "AND entity <> %s",
                (dossier_ids, CONFLICTS),
            ).fetchall()
        grouped: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        for dossier_id, entity, entity_id, data in found:
            grouped.setdefault(dossier_id, []).append((entity, entity_id, data))
        return {d: dossier_hash(grouped.get(d, [])) for d in dossier_ids}


_DIRECTORY_TABLES = frozenset(
    {"professionals", "territories", "binomes", "binome_members", "directory_changes"}
)


__all__ = ["Enrolment", "Hub", "HubRefusal", "PullResult", "PushResult"]
