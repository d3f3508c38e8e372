import json
from pathlib import Path

from accomp_desktop.settings import Settings, load_settings, save_settings


def test_defaults_when_missing(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.json") == Settings()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(current_professional_id="abc", show_weekends=True), path)
    assert load_settings(path) == Settings(current_professional_id="abc", show_weekends=True)
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write leaves no temporary file behind


def test_damaged_or_hand_edited_file_falls_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ pas du json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text(json.dumps({"backups_kept": True, "autosave_delay_ms": "vite", "unknown": 1,
                                "show_weekends": True}), encoding="utf-8")
    assert load_settings(path) == Settings(show_weekends=True)
