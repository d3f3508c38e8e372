"""The database key and its wrapping by each professional's passphrase.

The database is encrypted (SQLCipher) with a random 256-bit key. That key is never written in clear: for each
professional it is wrapped with AES-256-GCM under a key derived from their passphrase by Argon2id (64 MiB of
memory, 1 pass, 4 lanes). That is more memory than OWASP's first recommendation (46 MiB, 1 pass), and
memory-hard, which PBKDF2 is not: a stolen key file costs an attacker with graphics cards far more per guess.
It takes ~90 ms here, against ~370 ms for PBKDF2-SHA256 at 600,000 iterations, still read for wraps made that
way. Changing a passphrase rewraps one entry, quickly and atomically; the database itself is untouched. The
wraps live in ``keys.json`` beside the database: without a passphrase they are useless. Each entry also
carries the professional's name and role, so that the sign-in screen can list the profiles before the database
is open: these are the professionals' own names, never those of the people followed.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any, NamedTuple

from accomp_desktop.domain.errors import KeyFileDamaged, StorageError
from accomp_desktop.domain.passphrase import PASSPHRASE_MIN
from accomp_desktop.jsonfile import read_json, write_json_atomic

ITERATIONS = 600_000
"""PBKDF2-SHA256 iterations of the first key files (read only; new wraps use Argon2id)."""
ARGON2 = {"memory_kib": 65_536, "passes": 1, "lanes": 4}
"""Argon2id cost of new wraps (stored with each wrap, so it can be raised later without breaking old ones)."""
FORMAT = 2


class WrongPassphrase(StorageError):
    def __init__(self) -> None:
        super().__init__("Phrase de passe incorrecte. Vérifiez les majuscules et la disposition du clavier.")


class NoKeyForProfile(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "Ce profil n'a pas encore accès à la base : un collègue déjà connecté doit l'ajouter "
            "(Fichier › Ajouter un professionnel)."
        )


def new_database_key() -> bytes:
    return os.urandom(32)


def check_passphrase(passphrase: str) -> str:
    """A passphrase long enough to resist guessing on a stolen laptop; returned as typed."""
    from accomp_desktop.domain.errors import RuleError

    if len(passphrase) < PASSPHRASE_MIN:
        raise RuleError(
            f"La phrase de passe doit compter au moins {PASSPHRASE_MIN} caractères "
            "(par exemple trois mots faciles à retenir)."
        )
    return passphrase


def _derive(passphrase: str, salt: bytes, kdf: dict[str, int | str]) -> bytes:
    secret = passphrase.encode("utf-8")
    if kdf["name"] == "pbkdf2-sha256":  # the first wraps; hashlib (OpenSSL) is loaded only to open them
        import hashlib

        return hashlib.pbkdf2_hmac("sha256", secret, salt, int(kdf["iterations"]), dklen=32)
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(
        salt=salt,
        length=32,
        iterations=int(kdf["passes"]),
        lanes=int(kdf["lanes"]),
        memory_cost=int(kdf["memory_kib"]),
    ).derive(secret)


def new_kdf() -> dict[str, int | str]:
    return {"name": "argon2id", **ARGON2}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class Wrap(NamedTuple):
    """The database key sealed by one passphrase. (This and Profile are NamedTuples, not frozen dataclasses:
    they are defined before the first window paints, where a dataclass costs ~2 ms to build.)"""

    salt: bytes
    nonce: bytes
    wrapped: bytes
    kdf: dict[str, int | str]

    def to_json(self) -> dict[str, object]:
        return {
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
            "kdf": self.kdf,
        }

    @classmethod
    def from_json(cls, value: object) -> Wrap:
        if not isinstance(value, dict):
            raise ValueError("not an object")
        kdf = value.get("kdf") or {"name": "pbkdf2-sha256", "iterations": int(value["iterations"])}
        if not isinstance(kdf, dict) or kdf.get("name") not in ("argon2id", "pbkdf2-sha256"):
            raise ValueError("unknown key derivation")
        return cls(
            base64.b64decode(value["salt"]),
            base64.b64decode(value["nonce"]),
            base64.b64decode(value["wrapped"]),
            kdf,
        )


def wrap_key(key: bytes, passphrase: str, *, associated: str) -> Wrap:
    """``associated`` (the professional id) is authenticated: a wrap cannot be moved to another profile."""
    return wrap_key_many(key, passphrase, [associated])[0]


def wrap_key_many(key: bytes, passphrase: str, associated: list[str]) -> list[Wrap]:
    """One wrap per id under the same passphrase, for the cost of one derivation: the salt is shared, each
    wrap has its own nonce (so AES-GCM's one rule holds) and its own id as associated data."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # on use: the sign-in window paints sooner

    salt, kdf = os.urandom(16), new_kdf()
    sealer = AESGCM(_derive(passphrase, salt, kdf))
    wraps = []
    for ident in associated:
        nonce = os.urandom(12)
        wraps.append(Wrap(salt, nonce, sealer.encrypt(nonce, key, ident.encode("utf-8")), kdf))
    return wraps


def unwrap_key(wrap: Wrap, passphrase: str, *, associated: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(_derive(passphrase, wrap.salt, wrap.kdf)).decrypt(
            wrap.nonce, wrap.wrapped, associated.encode("utf-8")
        )
    except InvalidTag:
        raise WrongPassphrase() from None


class Profile(NamedTuple):
    """What the sign-in screen shows of a professional before the database is open."""

    id: str
    first_name: str
    last_name: str
    institution: str
    role: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def to_json(self) -> dict[str, object]:
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "institution": self.institution,
            "role": self.role,
        }

    @classmethod
    def from_json(cls, ident: str, value: dict[str, object]) -> Profile:
        return cls(
            ident,
            str(value["first_name"]),
            str(value["last_name"]),
            str(value["institution"]),
            str(value["role"]),
        )


class KeyFile:
    """``keys.json``: for each professional, their profile and their wrap of the database key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        return self.path.exists()

    def _raw(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        data = read_json(self.path)
        try:
            return dict(data["profiles"])
        except (KeyError, ValueError, TypeError):
            raise KeyFileDamaged(self.path) from None

    def _entries(self) -> dict[str, tuple[Profile, Wrap]]:
        try:
            return {
                pid: (Profile.from_json(pid, value["profile"]), Wrap.from_json(value["wrap"]))
                for pid, value in self._raw().items()
            }
        except (KeyError, ValueError, TypeError):
            raise KeyFileDamaged(self.path) from None

    def _write(self, entries: dict[str, tuple[Profile, Wrap]]) -> None:
        write_json_atomic(
            self.path,
            {
                "format": FORMAT,
                "profiles": {
                    pid: {"profile": profile.to_json(), "wrap": wrap.to_json()}
                    for pid, (profile, wrap) in entries.items()
                },
            },
        )

    def profiles(self) -> list[Profile]:
        """Every professional who can open the database, by name. The wraps are not decoded here (the sign-in
        window lists the profiles before it paints); a damaged one is found when its owner signs in."""
        try:
            profiles = [Profile.from_json(pid, value["profile"]) for pid, value in self._raw().items()]
        except (KeyError, ValueError, TypeError):
            raise KeyFileDamaged(self.path) from None
        return sorted(profiles, key=lambda p: (p.last_name.casefold(), p.first_name.casefold()))

    def professionals(self) -> set[str]:
        return set(self._entries())

    def unlock(self, professional_id: str, passphrase: str) -> bytes:
        entry = self._entries().get(professional_id)
        if entry is None:
            raise NoKeyForProfile()
        return unwrap_key(entry[1], passphrase, associated=professional_id)

    def entry(self, professional_id: str) -> tuple[Profile, Wrap] | None:
        return self._entries().get(professional_id)

    def put(self, professional_id: str, entry: tuple[Profile, Wrap]) -> None:
        """Write one professional's entry as it is (a repair from the copy kept beside the backups)."""
        entries = self._entries()
        entries[professional_id] = entry
        self._write(entries)

    def grant(self, profile: Profile, passphrase: str, key: bytes) -> None:
        """Give (or re-give, after a passphrase change) a professional access to the database key."""
        self.grant_many([profile], passphrase, key)

    def grant_many(self, profiles: list[Profile], passphrase: str, key: bytes) -> None:
        """Give several professionals access under one passphrase (the demonstration's profiles)."""
        entries = self._entries()
        wraps = wrap_key_many(key, check_passphrase(passphrase), [p.id for p in profiles])
        for profile, wrap in zip(profiles, wraps, strict=True):
            entries[profile.id] = (profile, wrap)
        self._write(entries)

    def relabel(self, profile: Profile) -> None:
        """Write a professional's name and role as the directory now gives them (the sign-in screen shows them
        before the database is open); the wrap is untouched. Nothing happens for a profile without access."""
        entries = self._entries()
        current = entries.get(profile.id)
        if current is not None and current[0] != profile:
            entries[profile.id] = (profile, current[1])
            self._write(entries)

    def revoke(self, professional_id: str) -> None:
        """Withdraw a professional's access (they leave the office); the others keep theirs."""
        entries = self._entries()
        if entries.pop(professional_id, None) is not None:
            self._write(entries)
