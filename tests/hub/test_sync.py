"""Two machines of a binôme share a dossier through a hub on a real PostgreSQL: the travailleur social's edits
reach the conseiller's machine only as the access rules and the person's consent allow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from accomp_desktop.domain.enums import ConsentMethod, ObstacleLevel
from accomp_desktop.domain.errors import HubUnreachable
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.hub.schema import READER, WRITER
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.conflicts import ConflictService
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossier_records import PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage import replica
from tests.factories import add_dossier, canary_dossier
from tests.hub.conftest import SERVICE_ROLE, HubDatabase
from tests.hub.machines import Desktop, restore, snapshot

CANARY = "Zébulon-Kerguélen"
TODAY = date(2026, 11, 22)


@pytest.fixture
def pair(tmp_path: Path, hub_db: HubDatabase) -> Iterator[tuple[Desktop, Desktop, str, str, str]]:
    """The travailleur social's machine with a dossier (a canary in its identity, reasons and a social note),
    synchronised first; then the conseiller's new, empty machine."""
    social_pc = Desktop.new(tmp_path / "ts")
    social, dossier_id = canary_dossier(social_pc.store, CANARY)
    conseiller_id = str(social_pc.scalar("SELECT conseiller_id FROM binomes"))
    social_pc.enrol(hub_db, social.id)
    social_pc.sync()
    conseiller_pc = Desktop.new(tmp_path / "cfT")
    conseiller_pc.enrol(hub_db, conseiller_id)
    conseiller_pc.sync()
    yield social_pc, conseiller_pc, dossier_id, social.id, conseiller_id
    social_pc.close()
    conseiller_pc.close()


def test_a_new_machine_receives_the_directory_and_its_dossiers_but_no_social_note(
    pair: tuple[Desktop, Desktop, str, str, str],
) -> None:
    social_pc, conseiller_pc, dossier_id, _, _ = pair
    assert conseiller_pc.scalar("SELECT count(*) FROM professionals") == 2
    assert conseiller_pc.scalar(
        "SELECT reference FROM dossiers WHERE id = :d", d=dossier_id
    ) == social_pc.scalar("SELECT reference FROM dossiers")
    assert conseiller_pc.scalar("SELECT last_name FROM persons") == CANARY
    assert conseiller_pc.scalar("SELECT count(*) FROM notes") == 0  # social, and no consent
    assert social_pc.scalar("SELECT count(*) FROM notes") == 1


def test_consent_opens_the_social_side_but_never_the_confidential_and_withdrawal_forgets(
    pair: tuple[Desktop, Desktop, str, str, str], referentiel: Referentiel
) -> None:
    social_pc, conseiller_pc, dossier_id, social_id, _ = pair
    diagnostic = DiagnosticService(social_pc.store, referentiel)
    DossierService(social_pc.store).start_diagnostic(dossier_id, author_id=social_id, today=TODAY)
    diagnostic.save_entry(
        dossier_id, EntryDraft("logement", (), ObstacleLevel.MAJOR, "Hébergée."), author_id=social_id
    )
    diagnostic.save_entry(
        dossier_id,
        EntryDraft("sante", (), ObstacleLevel.BLOCKING, f"Addiction {CANARY}", confidential=True),
        author_id=social_id,
    )
    DossierService(social_pc.store).set_consent(
        dossier_id, True, method=ConsentMethod.WRITTEN, author_id=social_id, today=TODAY
    )
    social_pc.sync()
    conseiller_pc.sync()
    assert conseiller_pc.scalar("SELECT count(*) FROM notes") == 1
    assert (
        conseiller_pc.scalar("SELECT comment FROM diagnostic_entries WHERE theme_code = 'logement'")
        == "Hébergée."
    )
    assert conseiller_pc.scalar("SELECT count(*) FROM diagnostic_entries WHERE theme_code = 'sante'") == 0

    DossierService(social_pc.store).set_consent(
        dossier_id, False, method=None, author_id=social_id, today=TODAY
    )
    social_pc.sync()
    report = conseiller_pc.sync()
    assert report.forgotten >= 2
    assert conseiller_pc.scalar("SELECT count(*) FROM notes") == 0
    assert conseiller_pc.scalar("SELECT count(*) FROM diagnostic_entries WHERE side = 'social'") == 0


SECRET = "Kerbrat-Ørsted"  # typed only on the social side


def _files_holding(folder: Path, needle: str) -> list[str]:
    encoded = needle.encode()
    return [
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and encoded in p.read_bytes()
    ]


def test_the_social_canary_never_reaches_the_conseillers_files_and_is_purged_after_withdrawal(
    pair: tuple[Desktop, Desktop, str, str, str], referentiel: Referentiel
) -> None:
    """The conseiller's database, its WAL and its backups are scanned for a text typed on the social side."""
    social_pc, conseiller_pc, dossier_id, social_id, _ = pair
    dossiers = DossierService(social_pc.store)
    dossiers.add_note(dossier_id, f"Violences {SECRET}", author_id=social_id)
    DossierService(social_pc.store).start_diagnostic(dossier_id, author_id=social_id, today=TODAY)
    DiagnosticService(social_pc.store, referentiel).save_entry(
        dossier_id,
        EntryDraft("sante", (), ObstacleLevel.BLOCKING, f"Suivi {SECRET}", confidential=True),
        author_id=social_id,
    )
    social_pc.sync()
    conseiller_pc.sync()
    assert _files_holding(social_pc.folder.root, SECRET)  # the scan sees it where it is
    assert _files_holding(conseiller_pc.folder.root, SECRET) == []

    dossiers.set_consent(dossier_id, True, method=ConsentMethod.WRITTEN, author_id=social_id, today=TODAY)
    social_pc.sync()
    conseiller_pc.sync()
    assert conseiller_pc.scalar("SELECT count(*) FROM notes WHERE text LIKE :t", t=f"%{SECRET}%") == 1
    dossiers.set_consent(dossier_id, False, author_id=social_id, today=TODAY)
    social_pc.sync()
    conseiller_pc.sync()
    assert _files_holding(conseiller_pc.folder.root, SECRET) == []
    assert social_pc.scalar("SELECT count(*) FROM notes WHERE text LIKE :t", t=f"%{SECRET}%") == 1


def test_row_level_security_hides_what_the_service_would_not_send(
    pair: tuple[Desktop, Desktop, str, str, str], hub_db: HubDatabase
) -> None:
    """The second barrier on its own: as the reader with the conseiller's machine, PostgreSQL shows no social
    row (no consent) whatever the query, and the service's role owns no table."""
    _, conseiller_pc, _, _, _ = pair
    assert conseiller_pc.client is not None
    site = conseiller_pc.client.site_id()
    with hub_db.connect() as connection, connection.transaction():
        owners = {
            row[0]
            for row in connection.execute("SELECT tableowner FROM pg_tables WHERE tablename LIKE 'hub_%'")
        }
        assert SERVICE_ROLE not in owners
        connection.execute(f"SET LOCAL ROLE {READER}")
        connection.execute("SELECT set_config('accomp.site', %s, true)", (site,))
        parts = {row[0] for row in connection.execute("SELECT DISTINCT part FROM hub_rows")}
    with hub_db.connect() as connection, connection.transaction():
        connection.execute(f"SET LOCAL ROLE {WRITER}")
        everything = {row[0] for row in connection.execute("SELECT DISTINCT part FROM hub_rows")}
    assert "notes_social" in everything and "notes_social" not in parts
    assert {"directory", "identity"} <= parts
    with hub_db.connect() as connection, connection.transaction():
        connection.execute(f"SET LOCAL ROLE {READER}")  # no machine named: nothing but the directory
        assert {row[0] for row in connection.execute("SELECT DISTINCT part FROM hub_rows")} == {"directory"}


def test_two_machines_offline_never_make_the_same_reference(
    pair: tuple[Desktop, Desktop, str, str, str],
) -> None:
    social_pc, conseiller_pc, _, social_id, conseiller_id = pair
    binome_id = str(social_pc.scalar("SELECT id FROM binomes"))
    add_dossier(social_pc.store, binome_id, social_id, last_name="Lefèvre")
    add_dossier(conseiller_pc.store, binome_id, conseiller_id, last_name="N'Diaye")
    for machine in (social_pc, conseiller_pc, social_pc):
        machine.sync()
    with social_pc.store.engine.connect() as connection:
        on_social = sorted(connection.exec_driver_sql("SELECT reference FROM dossiers").scalars())
    with conseiller_pc.store.engine.connect() as connection:
        on_conseiller = sorted(connection.exec_driver_sql("SELECT reference FROM dossiers").scalars())
    assert on_social == on_conseiller and len(set(on_social)) == 3
    assert {ref.split("-")[2] for ref in on_social if ref.count("-") == 3} == {"1", "2"}


def test_two_texts_written_unseen_are_both_kept_until_a_professional_merges_them(
    pair: tuple[Desktop, Desktop, str, str, str], referentiel: Referentiel
) -> None:
    social_pc, conseiller_pc, dossier_id, social_id, conseiller_id = pair
    for machine, author, words in (
        (social_pc, social_id, "Sait se faire aider par sa sœur"),
        (conseiller_pc, conseiller_id, "Permis B, véhicule"),
    ):
        DiagnosticService(machine.store, referentiel).save_texts(
            dossier_id, strengths=words, wishes="", author_id=author
        )
    for machine in (social_pc, conseiller_pc, social_pc):
        machine.sync()
    for machine in (social_pc, conseiller_pc):  # the first arrived is in the record, on both machines
        assert machine.scalar("SELECT strengths FROM diagnostic_texts") == "Sait se faire aider par sa sœur"
    lines = ConflictService(conseiller_pc.store).of_dossier(dossier_id, viewer_id=conseiller_id)
    assert [(line.conflict.kept, line.conflict.other, line.what) for line in lines] == [
        ("Sait se faire aider par sa sœur", "Permis B, véhicule", "les points d'appui de la personne")
    ]
    assert lines[0].other_author == "Jean-Marc Lefèvre" and lines[0].writable
    assert len(ConflictService(social_pc.store).of_dossier(dossier_id, viewer_id=social_id)) == 1

    merged = "Sait se faire aider par sa sœur ; permis B, véhicule"
    ConflictService(social_pc.store).resolve(lines[0].conflict.id, merged, author_id=social_id)
    for machine in (social_pc, conseiller_pc):
        machine.sync()
    for machine, viewer in ((social_pc, social_id), (conseiller_pc, conseiller_id)):
        assert machine.scalar("SELECT strengths FROM diagnostic_texts") == merged
        assert ConflictService(machine.store).of_dossier(dossier_id, viewer_id=viewer) == []


def _phone(machine: Desktop) -> object:
    return machine.scalar("SELECT phone FROM persons")


def _set_phone(machine: Desktop, dossier_id: str, author: str, phone: str) -> None:
    draft = PersonDraft(CANARY, "Zoé", "04/07/1985", phone=phone, address=f"3 rue {CANARY}", postcode="10000",
                        city="Troyes")  # fmt: skip
    DossierService(machine.store).update_person(dossier_id, draft, author_id=author, today=TODAY)


def test_a_machine_restored_from_an_older_copy_loses_nothing_it_had_sent(
    pair: tuple[Desktop, Desktop, str, str, str], tmp_path: Path
) -> None:
    """Its counter goes back: the hub says so, the machine numbers what it still has to send after what the
    hub holds, and gets back from the hub what it had sent after the copy."""
    social_pc, conseiller_pc, dossier_id, social_id, _ = pair
    copy = snapshot(social_pc, tmp_path / "copies")
    _set_phone(social_pc, dossier_id, social_id, "06 11 11 11 11")
    social_pc.sync()  # acknowledged by the hub, then the machine goes back to the copy
    restore(social_pc, copy)
    assert _phone(social_pc) == "06 12 34 56 78"
    DossierService(social_pc.store).add_note(dossier_id, "Écrit après la restauration", author_id=social_id)
    social_pc.sync()
    assert social_pc.scalar("SELECT count(*) FROM sync_outbox") == 0
    assert _phone(social_pc) == "06 11 11 11 11"  # what it had sent came back
    conseiller_pc.sync()
    assert _phone(conseiller_pc) == "06 11 11 11 11"
    with social_pc.store.engine.connect() as connection:
        held = replica.local_hashes(connection, [dossier_id])
    assert social_pc.client is not None
    assert dict(social_pc.client._transport.hashes([dossier_id])) == held  # noqa: SLF001


def test_a_hub_restored_from_an_older_backup_is_said_and_nothing_is_applied(
    pair: tuple[Desktop, Desktop, str, str, str], hub_db: HubDatabase
) -> None:
    social_pc, conseiller_pc, dossier_id, social_id, _ = pair
    with hub_db.owner() as connection:
        before = int(connection.execute("SELECT head FROM hub_state").fetchone()[0])  # type: ignore[index]
    _set_phone(social_pc, dossier_id, social_id, "06 22 22 22 22")
    social_pc.sync()
    conseiller_pc.sync()
    with hub_db.owner() as connection:  # the hub's database put back as it was before that edit
        connection.execute("DELETE FROM hub_ops WHERE hub_seq > %s", (before,))
        connection.execute("UPDATE hub_state SET head = %s", (before,))
    with pytest.raises(HubUnreachable, match="sauvegarde plus ancienne"):
        conseiller_pc.sync()
    assert _phone(conseiller_pc) == "06 22 22 22 22"  # nothing removed here


def test_clocks_hours_apart_decide_nothing(pair: tuple[Desktop, Desktop, str, str, str]) -> None:
    """The conseiller's clock is five hours ahead: his edit, sent first, still loses to the one sent after it
    (order is the hub's, never a wall clock's)."""
    social_pc, conseiller_pc, dossier_id, social_id, conseiller_id = pair
    _set_phone(conseiller_pc, dossier_id, conseiller_id, "06 33 33 33 33")
    with conseiller_pc.store.engine.begin() as connection:
        connection.execute(text("UPDATE sync_outbox SET at = '2026-11-22 23:59:59.000'"))
    conseiller_pc.sync()
    _set_phone(social_pc, dossier_id, social_id, "06 44 44 44 44")
    social_pc.sync()
    conseiller_pc.sync()
    assert _phone(social_pc) == _phone(conseiller_pc) == "06 44 44 44 44"


def test_a_dossier_the_partner_changed_is_marked_until_opened_and_its_history_says_from_where(
    pair: tuple[Desktop, Desktop, str, str, str],
) -> None:
    social_pc, conseiller_pc, dossier_id, social_id, conseiller_id = pair
    cases = CaseListService(conseiller_pc.store)

    def marked() -> bool:
        return cases.rows([dossier_id], today=TODAY, viewer_id=conseiller_id)[dossier_id].partner_news

    DossierService(conseiller_pc.store).detail(dossier_id, viewer_id=conseiller_id)
    assert not marked()
    DossierService(social_pc.store).start_diagnostic(dossier_id, author_id=social_id, today=TODAY)
    social_pc.sync()
    assert (
        not CaseListService(social_pc.store)
        .rows([dossier_id], today=TODAY, viewer_id=social_id)[dossier_id]
        .partner_news
    )  # its own change, sent back by the hub, is no news to it
    conseiller_pc.sync()
    assert marked()
    detail = DossierService(conseiller_pc.store).detail(dossier_id, viewer_id=conseiller_id)
    assert not marked()
    lines = {line.kind.value: line for line in detail.history}
    assert lines["diagnostic"].synced_at is not None and lines["diagnostic"].author == "Aïcha N'Diaye"
    mine = DossierService(social_pc.store).detail(dossier_id, viewer_id=social_id)
    assert all(line.synced_at is None for line in mine.history)  # written there
