"""The real application, started as a user would, offscreen on a temporary data folder."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accomp_desktop.services.signin import DEMO_PASSPHRASE, SignInService
from accomp_desktop.settings import load_settings, save_settings
from accomp_desktop.storage.location import DataFolder

COMMAND_ENV = dict(os.environ, ACCOMP_PASSPHRASE=DEMO_PASSPHRASE)


def launch(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1", ACCOMP_PASSPHRASE=DEMO_PASSPHRASE
    )
    return subprocess.Popen(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def run_app(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    process = launch(data_dir, *args)
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def log_text(data_dir: Path) -> str:
    return (data_dir / "logs" / "accomp.log").read_text(encoding="utf-8")


def test_demo_start_paints_and_quits_cleanly(tmp_path: Path) -> None:
    result = run_app(tmp_path, "--demo", "--demo-size", "120", "--quit-after", "1.5")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    log = log_text(tmp_path)
    assert re.search(r"window painted \d+ ms after start", log)
    assert "demo database ready: 120 dossiers" in log
    assert "WARNING" not in log and "ERROR" not in log, log
    assert list((tmp_path / "crash").glob("crash-*.txt")) == []


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--version"], capture_output=True, text=True, check=True
    )
    assert re.fullmatch(r"Accomp Desktop \d+\.\d+\.\d+\n", result.stdout)


def test_bad_arguments_get_a_french_message(tmp_path: Path) -> None:
    result = run_app(tmp_path, "--demo-size", "beaucoup")
    assert result.returncode == 2
    assert "n'est pas un nombre entier" in result.stderr
    assert "Traceback" not in result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_second_instance_brings_the_first_forward_and_writes_nothing(tmp_path: Path) -> None:
    first = launch(tmp_path, "--demo", "--demo-size", "30", "--quit-after", "20")
    try:
        deadline = time.monotonic() + 60
        # Until the first instance is idle: painted, and its daily backup (2 s after start) taken.
        while "daily backup taken" not in (
            log_text(tmp_path) if (tmp_path / "logs" / "accomp.log").exists() else ""
        ):
            assert first.poll() is None, first.communicate()[1]
            assert time.monotonic() < deadline, "the first instance never painted"
            time.sleep(0.1)
        files_before = {p: p.stat().st_mtime_ns for p in tmp_path.glob("accomp.db*")}
        second = run_app(tmp_path, "--demo", "--quit-after", "0.5")
        assert second.returncode == 0  # the first one's window came to the front: nothing else to do
        assert "déjà ouvert" in second.stderr
        assert "Traceback" not in second.stderr
        assert {p: p.stat().st_mtime_ns for p in tmp_path.glob("accomp.db*")} == files_before
    finally:
        first.terminate()
        first.communicate(timeout=30)


def test_a_damaged_database_is_explained_and_left_untouched(tmp_path: Path) -> None:
    database = tmp_path / "accomp.db"
    database.write_bytes(b"\x00\x01 pas une base " * 500)
    before = digest(database)
    result = run_app(tmp_path, "--quit-after", "0.5")
    assert result.returncode == 2
    assert "endommagé" in result.stderr and "Traceback" not in result.stderr
    assert digest(database) == before


def test_the_last_profile_is_offered_at_the_next_sign_in(tmp_path: Path) -> None:
    assert run_app(tmp_path, "--demo", "--demo-size", "40", "--quit-after", "0.5").returncode == 0
    log = log_text(tmp_path)
    assert re.search(r"database opened \d+ ms after the passphrase", log)
    first = re.search(r"workspace opened for professional (\S+)", log)
    assert first is not None
    other = next(p.id for p in SignInService(DataFolder(tmp_path)).profiles() if p.id != first.group(1))
    settings = load_settings(tmp_path / "settings.json")
    assert settings.current_professional_id == first.group(1)
    save_settings(settings._replace(current_professional_id=other), tmp_path / "settings.json")
    (tmp_path / "logs" / "accomp.log").unlink()
    assert run_app(tmp_path, "--demo", "--quit-after", "0.5").returncode == 0
    assert f"workspace opened for professional {other}" in log_text(tmp_path)


def test_without_the_passphrase_the_window_waits_and_nothing_is_read(tmp_path: Path) -> None:
    assert run_app(tmp_path, "--demo", "--demo-size", "20", "--quit-after", "0.3").returncode == 0
    (tmp_path / "logs" / "accomp.log").unlink()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("ACCOMP_PASSPHRASE", None)
    result = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), "--demo", "--quit-after", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0
    assert "sign-in window closed without signing in" in log_text(tmp_path)
    assert "workspace opened" not in log_text(tmp_path)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(tmp_path / "accomp.db").execute("SELECT count(*) FROM dossiers").fetchone()
    command = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), "dossiers"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert command.returncode == 2 and "Phrase de passe requise" in command.stderr
    assert "Traceback" not in command.stderr


def test_dossiers_command_prints_csv_of_the_search(tmp_path: Path) -> None:
    assert run_app(tmp_path, "--demo", "--demo-size", "60", "--quit-after", "0.3").returncode == 0
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "accomp_desktop",
            "--data-dir",
            str(tmp_path),
            "dossiers",
            "--status",
            "sortie",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=COMMAND_ENV,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "référence;nom;prénom;identifiant France Travail;statut;binôme"
    assert len(lines) > 2 and all(line.split(";")[4] == "Sorti" for line in lines[1:])
    first_name = lines[1].split(";")[1]
    searched = subprocess.run(
        [
            sys.executable,
            "-m",
            "accomp_desktop",
            "--data-dir",
            str(tmp_path),
            "dossiers",
            "--search",
            first_name,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=COMMAND_ENV,
    )
    assert any(line.split(";")[1] == first_name for line in searched.stdout.splitlines()[1:])


def test_dossiers_command_explains_a_missing_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path / "vide"), "dossiers"],
        capture_output=True,
        text=True,
        env=COMMAND_ENV,
    )
    assert result.returncode == 2
    assert "Aucune base de données" in result.stderr and "Traceback" not in result.stderr


def test_plan_pdf_command_prints_plans_in_bulk(tmp_path: Path) -> None:
    from pypdf import PdfReader

    assert run_app(tmp_path, "--demo", "--demo-size", "30", "--quit-after", "0.3").returncode == 0
    listing = subprocess.run(
        [
            sys.executable,
            "-m",
            "accomp_desktop",
            "--data-dir",
            str(tmp_path),
            "dossiers",
            "--status",
            "accompagnement",
            "--mine",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=COMMAND_ENV,
    ).stdout.splitlines()[1:3]
    references = [line.split(";")[0] for line in listing]
    out = tmp_path / "plans"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "accomp_desktop",
            "--data-dir",
            str(tmp_path),
            "plan-pdf",
            *references,
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=COMMAND_ENV,
    )
    assert result.returncode == 0, result.stderr
    for reference, line in zip(references, listing, strict=True):
        text = PdfReader(out / f"{reference}.pdf").pages[0].extract_text()
        assert "Mon plan d'action" in text and line.split(";")[2] in text  # the first name
    unknown = subprocess.run(
        [
            sys.executable,
            "-m",
            "accomp_desktop",
            "--data-dir",
            str(tmp_path),
            "plan-pdf",
            "AG-1999-0001",
            "-o",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        env=COMMAND_ENV,
    )
    assert (
        unknown.returncode == 2 and "Aucun dossier ne porte la référence « AG-1999-0001 »" in unknown.stderr
    )
    assert not (tmp_path / "x.pdf").exists()
    # Another binôme's dossier: listed with « Tous », refused to print, nothing written.
    everyone = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), "dossiers"],
        capture_output=True,
        text=True,
        check=True,
        env=COMMAND_ENV,
    ).stdout.splitlines()[1:]
    mine = {line.split(";")[5] for line in listing}
    other = next(line.split(";")[0] for line in everyone if line.split(";")[5] not in mine)
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "accomp_desktop",
            "--data-dir",
            str(tmp_path),
            "plan-pdf",
            other,
            "-o",
            str(tmp_path / "y.pdf"),
        ],
        capture_output=True,
        text=True,
        env=COMMAND_ENV,
    )
    assert refused.returncode == 2 and "seuls les deux professionnels de ce binôme" in refused.stderr
    assert not (tmp_path / "y.pdf").exists() and "Traceback" not in refused.stderr


def test_a_daily_backup_is_taken_and_the_restore_command_puts_it_back(tmp_path: Path) -> None:
    assert run_app(tmp_path, "--demo", "--demo-size", "30", "--quit-after", "4").returncode == 0
    assert "daily backup taken" in log_text(tmp_path)
    (daily,) = (tmp_path / "backups").glob("accomp-*-daily.db")
    assert (tmp_path / "backups" / "keys.json").exists()
    result = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), "restaurer", daily.name],
        capture_output=True,
        text=True,
        env=COMMAND_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "Sauvegarde restaurée" in result.stdout
    assert len(list((tmp_path / "backups").glob("accomp-*-before-restore.db"))) == 1
    missing = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), "restaurer", "nulle-part.db"],
        capture_output=True,
        text=True,
        env=COMMAND_ENV,
    )
    assert missing.returncode == 2 and "Sauvegarde introuvable" in missing.stderr


def test_the_licences_command_lists_the_bundled_components() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "licences"], capture_output=True, text=True, check=True
    )
    names = {line.split(";")[0] for line in result.stdout.splitlines() if ";" in line}
    assert {"PySide6-Essentials", "SQLAlchemy", "reportlab", "sqlcipher3", "cryptography"} <= names
    assert "LGPL v3" in result.stdout


def test_a_command_whose_reader_stops_early_prints_no_traceback(tmp_path: Path) -> None:
    """« accomp-desktop dossiers | head » printed a BrokenPipeError traceback once head had its lines."""
    assert run_app(tmp_path, "--demo", "--demo-size", "20", "--quit-after", "0.3").returncode == 0
    # Buffered output, as on a user's machine (a developer's PYTHONUNBUFFERED hid the failure): a listing
    # shorter than the buffer meets the gone reader only when flushed.
    env = {name: value for name, value in COMMAND_ENV.items() if name != "PYTHONUNBUFFERED"}
    for command in (["dossiers"], ["licences"]):
        read_end, write_end = os.pipe()
        os.close(read_end)  # a reader that has already gone, like head after its lines
        try:
            result = subprocess.run(
                [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), *command],
                stdout=write_end,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                timeout=120,
            )
        finally:
            os.close(write_end)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr


def test_without_a_graphical_session_the_window_says_so_in_french(tmp_path: Path) -> None:
    """Qt used to abort with « could not connect to display » and a note about xcb-cursor."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), "--demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert "a besoin d'une session graphique" in result.stderr
    assert "xcb" not in result.stderr and "Traceback" not in result.stderr
    env["DISPLAY"] = ":4242"  # a display nobody serves
    result = subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), "--demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2 and "L'affichage :4242 n'est pas joignable" in result.stderr


def test_a_missing_system_library_of_the_window_is_named() -> None:
    from accomp_desktop.display import graphical_session_problem

    remote = {
        "DISPLAY": "localhost:10.0"
    }  # a remote display (ssh -X): reached over the network, not by a socket
    assert graphical_session_problem(remote) is None  # the library is installed here
    problem = graphical_session_problem(remote, xcb_cursor="libxcb-cursor-absente.so.0")
    assert problem is not None and "libxcb-cursor0" in problem and "apt-get install" in problem
    assert graphical_session_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
