"""Demonstration databases of a given size for the benchmarks, built once with the demo generator and kept in
``build/bench/`` (encrypted like a real one; every profile's passphrase is the demo one)."""

from __future__ import annotations

import time
from pathlib import Path

from accomp_desktop.demo.generator import ensure_demo
from accomp_desktop.domain.referentiel import load_referentiel
from accomp_desktop.resources import resource_path
from accomp_desktop.services.signin import DEMO_PASSPHRASE, SignInService, Unlocked
from accomp_desktop.storage.location import DataFolder

ROOT = Path(__file__).resolve().parent.parent / "build" / "bench"
READY = "ready"


def demo_folder(size: int, root: Path = ROOT) -> DataFolder:
    """The data folder of a ``size``-dossier demo database, made on first use (minutes for 100,000)."""
    folder = DataFolder(root / f"demo-{size}")
    if not (folder.root / READY).exists():
        started = time.perf_counter()
        print(f"… base de démonstration de {size} dossiers à construire (une fois)", flush=True)
        if folder.root.exists():
            for path in sorted(folder.root.rglob("*"), reverse=True):  # an interrupted build: start again
                path.unlink() if path.is_file() else path.rmdir()
        folder.create()
        referentiel = load_referentiel(resource_path("referentiel.toml"))
        SignInService(folder).prepare_demo(lambda store: ensure_demo(store, referentiel, size=size) and None)
        (folder.root / READY).write_text(f"{time.perf_counter() - started:.0f} s\n", encoding="utf-8")
    _current_key_derivation(folder)
    return folder


def _current_key_derivation(folder: DataFolder) -> None:
    """Databases kept from an earlier version of the suite get their key rewrapped with today's derivation, so
    that the sign-in measured is the one a professional gets."""
    from accomp_desktop.jsonfile import read_json
    from accomp_desktop.storage.keys import new_kdf

    wraps = [entry["wrap"] for entry in read_json(folder.keys_file).get("profiles", {}).values()]
    if wraps and all(wrap.get("kdf") == new_kdf() for wrap in wraps):
        return
    service = SignInService(folder)
    profiles = service.profiles()
    key = service.keys.unlock(profiles[0].id, DEMO_PASSPHRASE)
    service.keys.grant_many(profiles, DEMO_PASSPHRASE, key)


def sign_in(folder: DataFolder) -> Unlocked:
    service = SignInService(folder)
    return service.sign_in(service.profiles()[0].id, DEMO_PASSPHRASE)


if __name__ == "__main__":
    import sys

    for value in sys.argv[1:]:
        print(demo_folder(int(value)).root)
