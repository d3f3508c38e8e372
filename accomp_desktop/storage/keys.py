"""The database key and its wrapping by each professional's passphrase.

The database is encrypted (SQLCipher) with a random 256-bit key. That key is never written in clear: for each
professional it is wrapped with AES-256-GCM under a key derived from their passphrase by PBKDF2-HMAC-SHA256
(600,000 iterations, more than SQLCipher's own 256,000). Changing a passphrase rewraps one entry, quickly and
atomically; the database itself is untouched. The wraps live in ``keys.json`` beside the database: without a
passphrase they are useless, and they name no one (professional ids only).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from accomp_desktop.jsonfile import read_json, write_json_atomic
from accomp_desktop.storage.errors import StorageError

ITERATIONS = 600_000
PASSPHRASE_MIN = 10
FORMAT = 1


class WrongPassphrase(StorageError):
    def __init__(self) -> None:
        super().__init__("Phrase de passe incorrecte. Vérifiez les majuscules et la disposition du clavier.")


class NoKeyForProfile(StorageError):
    def __init__(self) -> None:
        super().__init__("Ce profil n'a pas encore accès à la base : un collègue déjà connecté doit l'ajouter "
                         "(Fichier › Ajouter un professionnel).")


class KeyFileDamaged(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"Le fichier des clés est illisible : {path}. Restaurez-le depuis une sauvegarde ; "
                         "sans lui la base chiffrée ne peut pas être ouverte. Rien n'a été modifié.")


def new_database_key() -> bytes:
    return os.urandom(32)


def check_passphrase(passphrase: str) -> str:
    """A passphrase long enough to resist guessing on a stolen laptop; returned as typed."""
    from accomp_desktop.domain.rules import RuleError

    if len(passphrase) < PASSPHRASE_MIN:
        raise RuleError(f"La phrase de passe doit compter au moins {PASSPHRASE_MIN} caractères "
                        "(par exemple trois mots faciles à retenir).")
    return passphrase


def _derive(passphrase: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", passphrase.encode("utf-8"), salt, iterations, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True, slots=True)
class Wrap:
    salt: bytes
    nonce: bytes
    wrapped: bytes
    iterations: int = ITERATIONS

    def to_json(self) -> dict[str, object]:
        return {"salt": _b64(self.salt), "nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped),
                "iterations": self.iterations}

    @classmethod
    def from_json(cls, value: object) -> Wrap:
        if not isinstance(value, dict):
            raise ValueError("not an object")
        return cls(base64.b64decode(value["salt"]), base64.b64decode(value["nonce"]),
                   base64.b64decode(value["wrapped"]), int(value["iterations"]))


def wrap_key(key: bytes, passphrase: str, *, associated: str) -> Wrap:
    """``associated`` (the professional id) is authenticated: a wrap cannot be moved to another profile."""
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_derive(passphrase, salt, ITERATIONS)).encrypt(nonce, key, associated.encode("utf-8"))
    return Wrap(salt, nonce, sealed)


def unwrap_key(wrap: Wrap, passphrase: str, *, associated: str) -> bytes:
    try:
        return AESGCM(_derive(passphrase, wrap.salt, wrap.iterations)).decrypt(
            wrap.nonce, wrap.wrapped, associated.encode("utf-8"))
    except InvalidTag:
        raise WrongPassphrase() from None


class KeyFile:
    """``keys.json``: one wrap of the database key per professional id."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        return self.path.exists()

    def _wraps(self) -> dict[str, Wrap]:
        data = read_json(self.path)
        if not data and self.path.exists():
            raise KeyFileDamaged(self.path)
        try:
            return {pid: Wrap.from_json(value) for pid, value in dict(data.get("wraps", {})).items()}
        except (KeyError, ValueError, TypeError):
            raise KeyFileDamaged(self.path) from None

    def professionals(self) -> set[str]:
        return set(self._wraps()) if self.exists() else set()

    def unlock(self, professional_id: str, passphrase: str) -> bytes:
        wrap = self._wraps().get(professional_id)
        if wrap is None:
            raise NoKeyForProfile()
        return unwrap_key(wrap, passphrase, associated=professional_id)

    def grant(self, professional_id: str, passphrase: str, key: bytes) -> None:
        """Give (or re-give, after a passphrase change) a professional access to the database key."""
        wraps = self._wraps() if self.exists() else {}
        wraps[professional_id] = wrap_key(key, check_passphrase(passphrase), associated=professional_id)
        write_json_atomic(self.path, {"format": FORMAT, "wraps": {pid: w.to_json() for pid, w in wraps.items()}})
