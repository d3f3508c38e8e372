"""A département's IT sets a computer up with the two documented commands, then the application opens on
it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "la phrase de l'administratrice"
ENV = dict(os.environ, ACCOMP_PASSPHRASE=PASSPHRASE, QT_QPA_PLATFORM="offscreen")


def command(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )


def test_initialise_then_load_the_directory_then_sign_in(tmp_path: Path) -> None:
    data = tmp_path / "poste"
    created = command(
        data,
        "initialiser",
        "--prenom",
        "Claire",
        "--nom",
        "Rousseau",
        "--fonction",
        "other",
        "--institution",
        "departement",
        "--email",
        "claire.rousseau@aube.fr",
    )
    assert created.returncode == 0, created.stderr
    assert "administrateur : Claire Rousseau" in created.stdout
    again = command(data, "initialiser", "--prenom", "X", "--nom", "Y", "--fonction", "conseiller")
    assert (
        again.returncode == 2 and "contient déjà une base" in again.stderr and "Traceback" not in again.stderr
    )

    sheet = tmp_path / "annuaire.csv"
    assert command(data, "annuaire", "--modele", str(sheet)).returncode == 0
    assert sheet.read_bytes().startswith("\ufeffprénom;nom;fonction".encode())
    loaded = command(data, "annuaire", str(sheet))
    assert loaded.returncode == 0, loaded.stderr
    assert "2 professionnel(s) ajouté(s)" in loaded.stdout and "1 binôme(s) créé(s)" in loaded.stdout
    twice = command(data, "annuaire", str(sheet))
    assert twice.returncode == 0 and "rien à changer" in twice.stdout

    broken = tmp_path / "abime.csv"
    broken.write_bytes(sheet.read_bytes().replace(b"Conseiller;", b"Chef;"))
    refused = command(data, "annuaire", str(broken))
    assert refused.returncode == 2 and "Ligne 2 : fonction « Chef » inconnue" in refused.stderr
    assert "rien n'a été modifié" in refused.stderr and "Traceback" not in refused.stderr

    window = command(data, "--quit-after", "1")  # the administrator signs in (ACCOMP_PASSPHRASE)
    assert window.returncode == 0, window.stderr
    log = (data / "logs" / "accomp.log").read_text(encoding="utf-8")
    assert "workspace opened for professional" in log and "Traceback" not in window.stderr
