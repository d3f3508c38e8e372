"""The log file: written in the data folder, rolled over at start once it is full, five old files kept."""

import logging
from pathlib import Path

from accomp_desktop.logs import LOG_FILE, roll_over, setup_logging


def test_records_go_to_the_file_and_a_full_file_rolls_over_at_start(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    logging.getLogger("accomp.test").info("dossier %s ouvert", "d-1")
    assert path == tmp_path / LOG_FILE and "accomp.test: dossier d-1 ouvert" in path.read_text(
        encoding="utf-8"
    )
    with path.open("a", encoding="utf-8") as log:
        log.write("x" * 1_000_000)
    setup_logging(tmp_path)
    logging.getLogger("accomp.test").info("nouvelle session")
    assert "nouvelle session" in path.read_text(encoding="utf-8") and path.stat().st_size < 1000
    assert "dossier d-1 ouvert" in (tmp_path / f"{LOG_FILE}.1").read_text(encoding="utf-8")
    for handler in logging.getLogger("accomp").handlers[:]:
        logging.getLogger("accomp").removeHandler(handler)
        handler.close()


def test_only_five_old_files_are_kept(tmp_path: Path) -> None:
    path = tmp_path / LOG_FILE
    for generation in range(8):
        path.write_text(f"génération {generation}\n" + "x" * 20, encoding="utf-8")
        roll_over(path, max_bytes=10, kept=5)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == [f"{LOG_FILE}.{n}" for n in range(1, 6)]
    assert (tmp_path / f"{LOG_FILE}.1").read_text(encoding="utf-8").startswith("génération 7")
    assert (tmp_path / f"{LOG_FILE}.5").read_text(encoding="utf-8").startswith("génération 3")
