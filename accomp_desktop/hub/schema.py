"""The hub's own schema on PostgreSQL, and its migrations.

What the hub keeps:

- ``hub_ops``: every operation received, in hub order (``hub_seq``), with what it overwrote — the history;
- ``hub_rows``: each shared row's current values (``data``), the hub sequence of each field (``seqs``), and
  what decides who may read it: its dossier, its binômes, its part of the access table, the dossier's consent;
- ``hub_sites``: the enrolled machines (their token's hash, their professional, their last ``site_seq``);
- ``hub_site_scope``: each machine's role and binômes, recomputed from the directory after each change;
- ``hub_access``: the access table of ``domain.access``, as rows the row-level security reads;
- ``hub_enrolment_codes``: one-time codes an administrator issues to enrol a machine (hashed, expiring).

Row-level security is the second barrier behind the service's own filter: the service connects as a role that
owns nothing; a pull runs ``SET LOCAL ROLE accomp_hub_reader`` with ``accomp.site`` set to the machine that
asks, and PostgreSQL itself hides every row that machine may not read (``FORCE ROW LEVEL SECURITY``: the owner
is bound too). Pushes run as ``accomp_hub_writer``.

Migrations are numbered SQL scripts applied in order in one transaction; ``hub_schema`` holds the version.
"""

from __future__ import annotations

from psycopg import Connection

from accomp_desktop.domain.access import TABLE

READER = "accomp_hub_reader"
WRITER = "accomp_hub_writer"

_V1 = f"""
CREATE TABLE hub_state (id integer PRIMARY KEY CHECK (id = 1), head bigint NOT NULL DEFAULT 0);
INSERT INTO hub_state (id, head) VALUES (1, 0);
CREATE SEQUENCE hub_seq;

CREATE TABLE hub_sites (
    site_id text PRIMARY KEY,
    name text NOT NULL DEFAULT '',
    professional_id text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    code integer NOT NULL UNIQUE,
    last_site_seq bigint NOT NULL DEFAULT 0,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    last_sync_at timestamptz
);

CREATE TABLE hub_site_scope (
    site_id text PRIMARY KEY REFERENCES hub_sites (site_id),
    role text NOT NULL,
    binome_ids text[] NOT NULL DEFAULT '{{}}'
);

CREATE TABLE hub_access (
    role text NOT NULL,
    part text NOT NULL,
    without_consent boolean NOT NULL,
    with_consent boolean NOT NULL,
    PRIMARY KEY (role, part)
);

CREATE TABLE hub_rows (
    entity text NOT NULL,
    id text NOT NULL,
    data jsonb NOT NULL DEFAULT '{{}}',
    seqs jsonb NOT NULL DEFAULT '{{}}',
    row_seq bigint NOT NULL,
    vis_seq bigint NOT NULL,
    dossier_id text,
    binome_ids text[] NOT NULL DEFAULT '{{}}',
    part text NOT NULL,
    consent boolean NOT NULL DEFAULT false,
    deleted boolean NOT NULL DEFAULT false,
    PRIMARY KEY (entity, id)
);
CREATE INDEX ix_hub_rows_row_seq ON hub_rows (row_seq);
CREATE INDEX ix_hub_rows_vis_seq ON hub_rows (vis_seq);
CREATE INDEX ix_hub_rows_dossier ON hub_rows (dossier_id);

CREATE TABLE hub_ops (
    hub_seq bigint PRIMARY KEY,
    op_id text NOT NULL UNIQUE,
    site_id text NOT NULL,
    site_seq bigint NOT NULL,
    entity text NOT NULL,
    entity_id text NOT NULL,
    field text NOT NULL,
    value jsonb,
    previous jsonb,
    base bigint NOT NULL,
    author text,
    authored_at text NOT NULL DEFAULT '',
    received_at timestamptz NOT NULL DEFAULT now(),
    outcome text NOT NULL,
    dossier_id text
);
CREATE INDEX ix_hub_ops_row ON hub_ops (entity, entity_id);

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER}') THEN
        CREATE ROLE {READER} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{WRITER}') THEN
        CREATE ROLE {WRITER} NOLOGIN;
    END IF;
END $$;

GRANT SELECT ON hub_rows, hub_state, hub_site_scope, hub_access TO {READER};
GRANT SELECT, INSERT, UPDATE, DELETE ON hub_rows, hub_ops, hub_sites, hub_site_scope, hub_state, hub_access
    TO {WRITER};
GRANT USAGE ON SEQUENCE hub_seq TO {WRITER};

ALTER TABLE hub_rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub_rows FORCE ROW LEVEL SECURITY;
CREATE POLICY hub_rows_writer ON hub_rows TO {WRITER} USING (true) WITH CHECK (true);
CREATE POLICY hub_rows_reader ON hub_rows FOR SELECT TO {READER} USING (
    part = 'directory'
    OR EXISTS (
        SELECT 1 FROM hub_site_scope s JOIN hub_access a ON a.role = s.role
        WHERE s.site_id = current_setting('accomp.site', true)
          AND hub_rows.binome_ids && s.binome_ids
          AND a.part = hub_rows.part
          AND (a.without_consent OR (a.with_consent AND hub_rows.consent))
    )
);
ALTER TABLE hub_ops ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub_ops FORCE ROW LEVEL SECURITY;
CREATE POLICY hub_ops_writer ON hub_ops TO {WRITER} USING (true) WITH CHECK (true);
"""

_V2 = f"""
CREATE TABLE hub_enrolment_codes (
    code_hash text PRIMARY KEY,
    professional_id text NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    site_id text
);
GRANT SELECT, INSERT, UPDATE ON hub_enrolment_codes TO {WRITER};
"""

_V3 = """
ALTER TABLE hub_rows ADD COLUMN origins jsonb NOT NULL DEFAULT '{}';
"""
"""Which machine wrote each field last: a machine is not sent back its own changes as news from its
partner."""

_V4 = """
ALTER TABLE hub_rows ADD COLUMN first_seq bigint NOT NULL DEFAULT 0;
UPDATE hub_rows SET first_seq = coalesce((SELECT min(value::bigint) FROM jsonb_each_text(seqs)), row_seq);
"""
"""When each row first reached the hub: a machine is told to forget only rows it may have received."""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)


def _access_rows() -> list[tuple[str, str, bool, bool]]:
    from accomp_desktop.domain.access import Access

    return [
        (role.value, part.value, without is not Access.NONE, with_consent is not Access.NONE)
        for role, parts in TABLE.items()
        for part, (without, with_consent) in parts.items()
    ]


def migrate(connection: Connection) -> int:
    """Create or bring the hub's schema to the current version (in one transaction); refresh the access table
    from the application's rules. Returns the version."""
    with connection.transaction():
        connection.execute("CREATE TABLE IF NOT EXISTS hub_schema (version integer NOT NULL)")
        connection.execute("LOCK TABLE hub_schema IN EXCLUSIVE MODE")
        row = connection.execute("SELECT version FROM hub_schema").fetchone()
        version = row[0] if row else 0
        if version > len(MIGRATIONS):
            raise RuntimeError(
                f"Le schéma du hub (version {version}) est plus récent que cette version d'Accomp Desktop "
                f"(version {len(MIGRATIONS)}) : installez la dernière version."
            )
        for script in MIGRATIONS[version:]:
            connection.execute(script)  # type: ignore[arg-type]  # our own constant text
        if row is None:
            connection.execute("INSERT INTO hub_schema (version) VALUES (%s)", (len(MIGRATIONS),))
        else:
            connection.execute("UPDATE hub_schema SET version = %s", (len(MIGRATIONS),))
        connection.execute("DELETE FROM hub_access")
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO hub_access VALUES (%s, %s, %s, %s)", _access_rows())
    return len(MIGRATIONS)


def grant_service(connection: Connection, login_role: str) -> None:
    """Let the service's login role (which owns nothing) act as reader and writer."""
    from psycopg import sql

    with connection.transaction():
        connection.execute(
            sql.SQL("GRANT {}, {} TO {}").format(
                sql.Identifier(READER), sql.Identifier(WRITER), sql.Identifier(login_role)
            )
        )
