"""Smoke test of the built bundle (dist/accomp-desktop): what a département's IT would check after installing.

It starts the bundled executable (or, given a program rather than a folder, an installed ``accomp-desktop``:
tests/test_wheel.py checks a wheel so) offscreen on a temporary data folder: prints its version, opens a demo
database (created, migrated and encrypted by the bundle itself), signs in, paints the window and quits
cleanly; then lists the dossiers and prints one plan in PDF (reportlab, fonts). It reports the bundle's size
and start-up time. Run with:  .venv/bin/python packaging/smoke_test.py [dist/accomp-desktop |
path/to/bin/accomp-desktop]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def run(executable: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(executable), *args], capture_output=True, text=True, env=env, timeout=180)


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"ÉCHEC : {message}", file=sys.stderr)
        raise SystemExit(1)


def main() -> int:
    given = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "accomp-desktop"
    suffix = ".exe" if sys.platform == "win32" else ""
    bundle = None if given.is_file() else given  # a file: a program installed by pip, not a bundle's folder
    if bundle is None:
        executable = command = given
    else:
        executable = bundle / f"accomp-desktop{suffix}"
        command = bundle / f"accomp-desktop-cli{suffix}"  # Windows: the console twin, for the batch commands
        if not command.exists():
            command = executable  # Linux: one program does both
    check(executable.exists(), f"{executable} introuvable : construisez d'abord le paquet (make bundle)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ACCOMP_PASSPHRASE="demonstration")

    version = run(command, "--version", env=env)
    check(version.returncode == 0 and version.stdout.startswith("Accomp Desktop "), f"--version : {version}")
    print(version.stdout.strip())
    licences = run(command, "licences", env=env)
    check(
        licences.returncode == 0
        and "PySide6-Essentials;" in licences.stdout
        and "LGPL" in licences.stdout
        and "sqlcipher3;" in licences.stdout,
        f"licences : {licences.stdout}{licences.stderr}",
    )
    print(f"licences listées : {len(licences.stdout.splitlines()) - 1} composants")

    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        started = time.perf_counter()
        first = run(
            executable, "--data-dir", str(data), "--demo", "--demo-size", "40", "--quit-after", "2", env=env
        )
        check(first.returncode == 0, f"premier démarrage : code {first.returncode}\n{first.stderr}")
        log = (data / "logs" / "accomp.log").read_text(encoding="utf-8")
        check("window painted" in log and "ERROR" not in log, f"journal :\n{log}")
        check(not list((data / "crash").glob("crash-*.txt")), "un rapport d'incident a été écrit")
        print(
            "premier démarrage (base de démonstration créée, chiffrée) : "
            f"{time.perf_counter() - started:.1f} s"
        )

        (data / "logs" / "accomp.log").unlink()
        second = run(executable, "--data-dir", str(data), "--demo", "--quit-after", "1", env=env)
        check(second.returncode == 0, f"second démarrage : {second.stderr}")
        log = (data / "logs" / "accomp.log").read_text(encoding="utf-8")
        painted = re.search(r"window painted (\d+) ms after start", log)
        opened = re.search(r"database opened (\d+) ms after the passphrase", log)
        check(painted is not None and opened is not None, f"journal :\n{log}")
        assert painted is not None and opened is not None
        print(
            f"démarrage jusqu'à la fenêtre affichée : {painted.group(1)} ms "
            f"(dont ouverture de la base après la phrase de passe : {opened.group(1)} ms)"
        )

        listing = run(
            command, "--data-dir", str(data), "dossiers", "--mine", "--status", "accompagnement", env=env
        )
        check(
            listing.returncode == 0 and len(listing.stdout.splitlines()) > 1, f"dossiers : {listing.stderr}"
        )
        reference = listing.stdout.splitlines()[1].split(";")[0]
        # The search folds every letter with anyascii's tables (data files the bundle must carry).
        accented = next(
            (
                line.split(";")[1]
                for line in listing.stdout.splitlines()[1:]
                if not line.split(";")[1].isascii()
            ),
            listing.stdout.splitlines()[1].split(";")[1],
        )
        from anyascii import anyascii

        found = run(
            command, "--data-dir", str(data), "dossiers", "--search", anyascii(accented).lower(), env=env
        )
        check(
            found.returncode == 0 and accented in found.stdout, f"recherche « {accented} » : {found.stderr}"
        )
        print(f"recherche sans accents : « {anyascii(accented).lower()} » trouve « {accented} »")
        pdf = Path(scratch) / "plan.pdf"
        printed = run(command, "--data-dir", str(data), "plan-pdf", reference, "-o", str(pdf), env=env)
        check(
            printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF"), f"plan-pdf : {printed.stderr}"
        )
        check(b"DejaVuSans" in pdf.read_bytes(), "la police DejaVu n'est pas incorporée au PDF")
        print(f"plan imprimé : {reference} ({pdf.stat().st_size // 1000} ko)")

    if bundle is not None:
        print(f"taille du paquet : {folder_size(bundle) / 1e6:.0f} Mo")
    print("paquet vérifié")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
