"""The audit log: append-only, hash-chained, tampering detected, purged after 12 months without breaking."""

from datetime import datetime

import pytest
from sqlalchemy import text

from accomp_desktop.services.audit import GENESIS, PART_LABELS, AuditAction, AuditService, entry_hash
from accomp_desktop.storage.session import Store
from tests.factories import seed


@pytest.fixture
def audit(store: Store) -> tuple[AuditService, str]:
    conseiller, _, _ = seed(store)
    service = AuditService(store)
    for part in ("dossier", "diagnostic", "notes"):
        service.record(professional_id=conseiller.id, dossier_id=None, part=part, action=AuditAction.OPEN)
    return service, conseiller.id


def test_entries_chain_and_verify(audit: tuple[AuditService, str]) -> None:
    service, conseiller = audit
    lines = service.lines(viewer_id=conseiller)
    assert [(line.part, line.action, line.who) for line in lines] == [
        ("Journal du binôme", "Consultation", "Jean-Marc Lefèvre"),
        ("Diagnostic partagé", "Consultation", "Jean-Marc Lefèvre"),
        ("Dossier (identité, journal)", "Consultation", "Jean-Marc Lefèvre"),
    ]
    check = service.verify()
    assert check.ok and check.checked == 3 and check.sentence.startswith("Journal intact")


def test_the_database_refuses_changes_and_early_deletions(
    audit: tuple[AuditService, str], store: Store
) -> None:
    with pytest.raises(Exception, match="append-only"), store.unit_of_work() as session:
        session.execute(text("UPDATE audit_log SET part = 'plan' WHERE seq = 2"))
    with pytest.raises(Exception, match="kept 12 months"), store.unit_of_work() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq = 2"))


def test_tampering_behind_the_triggers_is_detected(audit: tuple[AuditService, str], store: Store) -> None:
    service, _ = audit
    with store.unit_of_work() as session:  # someone with the file in hand drops the trigger and edits a row
        session.execute(text("DROP TRIGGER audit_log_no_update"))
        session.execute(text("UPDATE audit_log SET part = 'plan' WHERE seq = 2"))
    check = service.verify()
    assert not check.ok and check.first_broken == 2 and "altéré" in check.sentence


def test_a_purge_keeps_the_chain_verifiable(audit: tuple[AuditService, str], store: Store) -> None:
    service, professional = audit
    with store.unit_of_work() as session:  # the first two entries are from two years ago
        session.execute(text("DROP TRIGGER audit_log_no_update"))
        session.execute(text("UPDATE audit_log SET at = '2024-10-01 09:00:00' WHERE seq <= 2"))
    with store.unit_of_work() as session:  # ...and their hashes are recomputed as if written then
        previous = GENESIS
        for seq, at, who, dossier, part, action in session.execute(
            text("SELECT seq, at, professional_id, dossier_id, part, action FROM audit_log ORDER BY seq")
        ).all():
            value = entry_hash(previous, seq, datetime.fromisoformat(at), who, dossier, part, action)
            session.execute(
                text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": previous, "h": value, "s": seq},
            )
            previous = value
    assert service.verify().ok
    assert service.purge(now=datetime(2026, 11, 22)) == 2
    assert [line.seq for line in service.lines(viewer_id=professional)] == [3]
    assert service.verify().ok
    service.record(professional_id=professional, dossier_id=None, part="plan", action=AuditAction.CHANGE)
    assert service.verify().ok and service.verify().checked == 2


def test_a_professional_reads_his_binomes_entries_and_an_administrator_all(store: Store) -> None:
    from accomp_desktop.domain.enums import Institution, Role
    from accomp_desktop.domain.model import Binome, Professional
    from accomp_desktop.storage import repositories as repo
    from accomp_desktop.storage.models import new_id
    from tests.factories import add_dossier

    conseiller, social, binome = seed(store)
    other_conseiller = Professional(new_id(), "Paul", "Ôzil", Institution.FRANCE_TRAVAIL, Role.CONSEILLER)
    admin = Professional(new_id(), "Claire", "Martin", Institution.DEPARTEMENT, Role.OTHER, admin=True)
    with store.unit_of_work() as session:
        repo.add_professional(session, other_conseiller, author_id=None)
        repo.add_professional(session, admin, author_id=None)
        repo.add_binome(
            session,
            Binome(new_id(), "Binôme Troyes", "Troyes", other_conseiller.id, social.id),
            author_id=None,
        )
    mine = add_dossier(store, binome.id, conseiller.id)
    service = AuditService(store)
    service.record(professional_id=social.id, dossier_id=mine, part="diagnostic", action=AuditAction.OPEN)
    service.record(professional_id=admin.id, dossier_id=None, part="directory", action=AuditAction.CHANGE)
    seen_by_other = {(line.who, line.part) for line in service.lines(viewer_id=other_conseiller.id)}
    assert seen_by_other == set()  # neither the dossier of another binôme, nor the administration
    seen_by_conseiller = {(line.who, line.part) for line in service.lines(viewer_id=conseiller.id)}
    assert ("Aïcha N'Diaye", "Diagnostic partagé") in seen_by_conseiller
    assert ("Claire Martin", PART_LABELS["directory"]) not in seen_by_conseiller
    assert ("Claire Martin", PART_LABELS["directory"]) in {
        (line.who, line.part) for line in service.lines(viewer_id=admin.id)
    }
