"""User settings: defaults, a round trip, and a damaged or hand-edited file that never stops the
application."""

import json
from pathlib import Path

from accomp_desktop.settings import Settings, load_settings, save_settings


def test_defaults_when_missing(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.json") == Settings()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(current_professional_id="abc", autosave_delay_ms=1500), path)
    assert load_settings(path) == Settings(current_professional_id="abc", autosave_delay_ms=1500)
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write leaves no temporary file behind


def test_damaged_or_hand_edited_file_falls_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ pas du json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text(
        json.dumps(
            {
                "backups_kept": True,
                "autosave_delay_ms": "vite",
                "unknown": 1,
                "show_weekends": True,
                "lock_after_minutes": 5,
            }
        ),
        encoding="utf-8",
    )
    assert load_settings(path) == Settings(lock_after_minutes=5)  # an old setting is ignored, not an error
