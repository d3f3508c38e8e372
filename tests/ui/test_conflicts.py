"""« Conflits à résoudre » in the real window: a dossier where the hub kept two texts shows it, and the dialog
keeps the merge the professional types; the conflict is closed and the text travels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.replication import TABLES, stable_id
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.storage import replica
from accomp_desktop.storage.session import Store
from tests.factories import add_dossier, seed
from tests.ui.windows import make_window


def test_a_conflict_is_shown_and_a_merge_kept(
    qtbot: QtBot, store: Store, tmp_path: Path, referentiel: Referentiel
) -> None:
    conseiller, social, binome = seed(store)
    dossier_id = add_dossier(store, binome.id, social.id)
    DiagnosticService(store, referentiel).save_texts(
        dossier_id, strengths="Sait se faire aider", wishes="", author_id=social.id
    )
    texts_id = str(store.engine.connect().execute(text("SELECT id FROM diagnostic_texts")).scalar())
    conflict = {  # as the hub sends it after two machines wrote the strengths unseen
        "dossier_id": dossier_id, "entity": "diagnostic_texts", "entity_id": texts_id, "field": "strengths",
        "other_value": "Permis B, véhicule", "other_author": conseiller.id, "other_at": "2026-11-22T10:15:00",
        "created_at": "2026-11-22 10:15:00.000000", "created_by": conseiller.id, "deleted_at": None,
        "deleted_by": None,
    }  # fmt: skip
    assert set(conflict) == set(TABLES["text_conflicts"].columns)
    with store.engine.begin() as connection:
        replica.apply_pull(
            connection,
            [
                {
                    "entity": "text_conflicts",
                    "id": stable_id("c"),
                    "full": True,
                    "data": conflict,
                    "seqs": dict.fromkeys(conflict, 7),
                }
            ],  # fmt: skip
            [],
        )

    window = make_window(qtbot, store, tmp_path)
    window.set_professional(social)
    window.show()
    window.workspace.dossiers.open_dossier(dossier_id)
    page = window.workspace.dossiers.page
    qtbot.waitUntil(lambda: page.conflict_button.isVisible())
    assert "1 texte écrit en même temps" in page.conflict_banner.text()
    qtbot.mouseClick(page.conflict_button, Qt.MouseButton.LeftButton)
    dialog = page.conflicts_dialog
    assert dialog is not None and len(dialog.boxes) == 1
    box = dialog.boxes[0]
    assert box.title() == "Deux versions pour les points d'appui de la personne"
    qtbot.mouseClick(box.both, Qt.MouseButton.LeftButton)
    assert box.merged.toPlainText() == "Sait se faire aider\n\nPermis B, véhicule"
    qtbot.mouseClick(box.save, Qt.MouseButton.LeftButton)
    with store.engine.connect() as connection:
        kept = connection.execute(text("SELECT strengths FROM diagnostic_texts")).scalar()
        closed = connection.execute(text("SELECT deleted_at IS NOT NULL FROM text_conflicts")).scalar()
        travelling = connection.execute(
            text("SELECT count(*) FROM sync_outbox WHERE entity = 'text_conflicts' AND field = 'deleted_at'")
        ).scalar()
    assert kept == "Sait se faire aider\n\nPermis B, véhicule" and closed and travelling == 1
    assert dialog.boxes == [] and not page.conflict_button.isVisible()
