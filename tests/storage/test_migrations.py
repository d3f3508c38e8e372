"""Migrations: from an empty file, from the previous revision with data in it, and models in step."""

import sqlite3
from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from accomp_desktop.domain.replication import stable_id
from accomp_desktop.storage.engine import make_engine
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import (
    KNOWN_REVISIONS,
    head_revision,
    inspect_file,
    open_database,
    script_directory,
    upgrade,
)
from accomp_desktop.storage.models import Base

SEARCH_TABLE = "dossier_search"


def test_a_new_file_is_created_at_the_current_revision(data_folder: DataFolder) -> None:
    engine = open_database(data_folder)
    engine.dispose()
    assert inspect_file(data_folder.database) == head_revision()
    assert list(data_folder.backups.iterdir()) == []  # nothing to back up for a new file


def test_known_revisions_match_the_migrations_folder() -> None:
    revisions = [rev.revision for rev in reversed(list(script_directory().walk_revisions()))]
    assert tuple(revisions) == KNOWN_REVISIONS
    assert script_directory().get_current_head() == head_revision()


def test_models_and_migrations_describe_the_same_schema() -> None:
    engine = make_engine(None)
    upgrade(engine)
    with engine.connect() as connection:
        # The FTS5 search index and its shadow tables (migration 0003) and the outbox's tables
        # (storage.outbox) are managed in SQL, not by models.
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _parent: (
                    not (kind == "table" and name.startswith((SEARCH_TABLE, "sync_")))
                )
            },
        )
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_from_previous_revision_keeps_data_and_makes_a_backup(data_folder: DataFolder) -> None:
    engine = make_engine(data_folder.database)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO professionals (id, first_name, last_name, institution, role, email, phone, "
            "created_at, "
            "updated_at) VALUES ('p1', 'Zoé', 'N''Diaye', 'france_travail', 'conseiller', '', '', "
            "'2026-01-01 09:00:00', '2026-01-01 09:00:00')"
        )
    engine.dispose()
    assert inspect_file(data_folder.database) == "0001"

    engine = open_database(data_folder)
    with engine.connect() as connection:
        name = connection.exec_driver_sql("SELECT last_name FROM professionals WHERE id='p1'").scalar()
        tables = {
            r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        }
    engine.dispose()
    assert name == "N'Diaye"
    assert {"diagnostic_entries", "actions", "appointments", "notes"} <= tables
    assert inspect_file(data_folder.database) == head_revision()

    backups = list(data_folder.backups.glob("accomp-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT last_name FROM professionals").fetchone() == ("N'Diaye",)
    copy.close()


def test_opening_twice_does_not_back_up_again(data_folder: DataFolder) -> None:
    open_database(data_folder).dispose()
    open_database(data_folder).dispose()
    assert list(data_folder.backups.iterdir()) == []


def test_engine_pragmas_favour_durability(data_folder: DataFolder) -> None:
    engine = open_database(data_folder)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()


def test_foreign_keys_are_enforced(data_folder: DataFolder) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    engine = open_database(data_folder)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO binomes (id, name, territory, conseiller_id, travailleur_social_id, created_at, "
            "updated_at)"
            f" VALUES ('b1', 'B', 'Troyes', 'nobody', 'nobody', '{date.today()}', '{date.today()}')"
        )
    engine.dispose()


def test_dossiers_already_entered_count_as_having_a_validated_diagnostic(data_folder: DataFolder) -> None:
    engine = make_engine(data_folder.database)
    upgrade(engine, "0003")
    stamp = "'2026-01-01 09:00:00', '2026-01-01 09:00:00'"
    with engine.begin() as connection:
        for sql in (
            "INSERT INTO professionals (id, first_name, last_name, institution, role, email, phone, "
            "created_at, "
            f"updated_at) VALUES ('p1', 'Zoé', 'Abadie', 'france_travail', 'conseiller', '', '', {stamp})",
            "INSERT INTO binomes (id, name, territory, conseiller_id, travailleur_social_id, "
            "created_at, updated_at) "
            f"VALUES ('b1', 'Binôme Troyes', 'Troyes', 'p1', 'p1', {stamp})",
            f"INSERT INTO persons (id, last_name, first_name, phone, email, address, postcode, city, "
            f"france_travail_id, rsa, sort_key, created_at, updated_at) "
            f"VALUES ('x1', 'Lefèvre', 'Anne', '', '', '', '', '', '', 0, 'lefevre anne', {stamp})",
            *(
                "INSERT INTO dossiers (id, reference, person_id, binome_id, route, status, "
                "orientation_date, "
                "orientation_reasons, person_agreement, renewed, exit_bilan, entry_date, created_at, "
                "updated_at) "
                f"VALUES ('{ident}', 'AG-2026-000{n}', 'x1', 'b1', 'global', '{status}', '2026-01-05', "
                "'', 1, 0, '', "
                f"{entry}, {stamp})"
                for n, (ident, status, entry) in enumerate(
                    [("d1", "accompagnement", "'2026-02-01'"), ("d2", "diagnostic", "NULL")], start=1
                )
            ),
        ):
            connection.exec_driver_sql(sql)
    engine.dispose()
    engine = open_database(data_folder)
    with engine.connect() as connection:
        validated = dict(connection.exec_driver_sql("SELECT id, diagnostic_validated_on FROM dossiers").all())
    engine.dispose()
    assert validated == {"d1": "2026-02-01", "d2": None}


def test_notes_the_convocation_printed_become_what_to_bring(data_folder: DataFolder) -> None:
    """Before 0015 the convocation printed notes beginning with « Apporter » or « Pièces »: still printed
    after."""
    engine = make_engine(data_folder.database)
    upgrade(engine, "0014")
    stamp = "'2026-01-01 09:00:00', '2026-01-01 09:00:00'"
    with engine.begin() as connection:
        for ident, notes in (
            ("a1", "Pièces à apporter : avis d'imposition"),
            ("a2", "Apporter le CV"),
            ("a3", "Ordre du jour : budget"),
        ):
            connection.exec_driver_sql(
                "INSERT INTO appointments (id, type, mode, start, duration_minutes, place, notes, "
                "attendance, "
                f"cancel_reason, created_at, updated_at) VALUES ('{ident}', 'tripartite', 'on_site', "
                f"'2026-12-01 10:00:00', 60, 'Agence', '{notes.replace(chr(39), chr(39) * 2)}', "
                "'planned', '', "
                f"{stamp})"
            )
    engine.dispose()
    engine = open_database(data_folder)
    with engine.connect() as connection:
        to_bring = dict(connection.exec_driver_sql("SELECT id, to_bring FROM appointments").all())
    engine.dispose()
    assert to_bring == {"a1": "Pièces à apporter : avis d'imposition", "a2": "Apporter le CV", "a3": ""}


def test_phones_stored_with_the_international_zero_are_read_again(data_folder: DataFolder) -> None:
    engine = make_engine(data_folder.database)
    upgrade(engine, "0015")
    stamp = "'2026-01-01 09:00:00', '2026-01-01 09:00:00'"
    with engine.begin() as connection:
        for ident, phone in (("x1", "+330612345678"), ("x2", "+32470123456"), ("x3", "06 12 34 56 78")):
            connection.exec_driver_sql(
                "INSERT INTO persons (id, last_name, first_name, phone, email, address, postcode, city, "
                f"france_travail_id, rsa, sort_key, created_at, updated_at) VALUES ('{ident}', 'Roy', 'Léa', "
                f"'{phone}', '', '', '', '', '', 0, 'roy lea', {stamp})"
            )
    engine.dispose()
    engine = open_database(data_folder)
    with engine.connect() as connection:
        phones = dict(connection.exec_driver_sql("SELECT id, phone FROM persons").all())
    engine.dispose()
    assert phones == {"x1": "06 12 34 56 78", "x2": "+32470123456", "x3": "06 12 34 56 78"}


def test_the_pole_emploi_situation_becomes_france_travail(data_folder: DataFolder) -> None:
    """Else a theme holding it could not be saved again: its situation would be unknown to the référentiel."""
    engine = make_engine(data_folder.database)
    upgrade(engine, "0016")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")  # one theme, without its dossier
        connection.exec_driver_sql(
            "INSERT INTO diagnostic_entries (id, dossier_id, theme_code, side, level, situations, comment, "
            "confidential, created_at, updated_at) VALUES ('e1', 'd1', 'emploi', 'emploi', 'major', "
            "'[\"Inscrit à Pôle emploi\", \"Plus de 2 ans sans emploi\"]', '', 0, '2026-01-01', '2026-01-01')"
        )
        connection.commit()
    upgrade(engine, "0017")
    with engine.connect() as connection:
        situations = connection.exec_driver_sql("SELECT situations FROM diagnostic_entries").scalar()
    engine.dispose()
    assert situations == '["Inscrit à France Travail", "Plus de 2 ans sans emploi"]'


def test_ticked_situations_become_one_row_each(data_folder: DataFolder) -> None:
    """Two machines ticking different situations of one theme must both keep theirs: one row per tick, its id
    the same wherever it is made."""
    engine = make_engine(data_folder.database)
    upgrade(engine, "0018")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")  # a dossier without its binôme
        connection.exec_driver_sql(
            "INSERT INTO persons (id, last_name, first_name, phone, email, address, postcode, city, "
            "france_travail_id, rsa, created_at, updated_at) VALUES ('p1', 'Bénard', 'Zoé', '', '', '', "
            "'', '', "
            "'', 0, '2026-01-01', '2026-01-01')"
        )
        connection.exec_driver_sql(
            "INSERT INTO dossiers (id, reference, person_id, binome_id, route, status, orientation_date, "
            "orientation_reasons, person_agreement, renewed, exit_bilan, created_at, updated_at) VALUES "
            "('d1', 'AG-2026-0001', 'p1', 'b1', 'social', 'orientation', '2026-01-01', '', 0, 0, '', "
            "'2026-01-01', '2026-01-01')"
        )
        for entry, situations in (("e1", '["Dettes", "Logement précaire", "Dettes"]'), ("e2", "[]")):
            connection.exec_driver_sql(
                "INSERT INTO diagnostic_entries (id, dossier_id, theme_code, side, level, situations, "
                "comment, "
                f"confidential, created_at, updated_at) VALUES ('{entry}', 'd1', 'theme-{entry}', 'social', "
                f"'major', '{situations}', '', 0, '2026-01-01', '2026-01-01')"
            )
        connection.commit()
    upgrade(engine, "0019")
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT id, entry_id, dossier_id, label FROM diagnostic_situations ORDER BY label"
        ).all()
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(diagnostic_entries)")]
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (stable_id("e1", "Dettes"), "e1", "d1", "Dettes"),
        (stable_id("e1", "Logement précaire"), "e1", "d1", "Logement précaire"),
    ]
    assert "situations" not in columns
