"""The database key, wrapped per professional by a passphrase: unlock, wrong passphrase, damaged file."""

from pathlib import Path

import pytest

from accomp_desktop.domain.rules import RuleError
from accomp_desktop.storage.keys import (
    KeyFile,
    KeyFileDamaged,
    NoKeyForProfile,
    Profile,
    WrongPassphrase,
    new_database_key,
)

PASSPHRASE = "trois mots faciles"


def profile(ident: str) -> Profile:
    return Profile(ident, "Zoé", "N'Diaye-Lefèvre", "departement", "travailleur_social")


def test_each_professional_unlocks_the_same_key_with_their_own_passphrase(tmp_path: Path) -> None:
    keys, key = KeyFile(tmp_path / "keys.json"), new_database_key()
    keys.grant(profile("p1"), PASSPHRASE, key)
    keys.grant(profile("p2"), "une autre phrase de passe", key)
    assert keys.unlock("p1", PASSPHRASE) == key == keys.unlock("p2", "une autre phrase de passe")
    assert keys.professionals() == {"p1", "p2"}
    text = (tmp_path / "keys.json").read_text()
    assert key.hex() not in text and PASSPHRASE not in text


def test_wrong_passphrase_unknown_profile_short_passphrase(tmp_path: Path) -> None:
    keys, key = KeyFile(tmp_path / "keys.json"), new_database_key()
    keys.grant(profile("p1"), PASSPHRASE, key)
    with pytest.raises(WrongPassphrase, match="incorrecte"):
        keys.unlock("p1", "trois mots faciles!")
    with pytest.raises(NoKeyForProfile):
        keys.unlock("p3", PASSPHRASE)
    with pytest.raises(RuleError, match="au moins 10"):
        keys.grant(profile("p2"), "court", key)


def test_a_passphrase_change_rewraps_only_that_profile(tmp_path: Path) -> None:
    keys, key = KeyFile(tmp_path / "keys.json"), new_database_key()
    keys.grant(profile("p1"), PASSPHRASE, key)
    keys.grant(profile("p1"), "nouvelle phrase de passe", keys.unlock("p1", PASSPHRASE))
    with pytest.raises(WrongPassphrase):
        keys.unlock("p1", PASSPHRASE)
    assert keys.unlock("p1", "nouvelle phrase de passe") == key


def test_a_damaged_key_file_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text("{ pas du json", encoding="utf-8")
    with pytest.raises(KeyFileDamaged, match="abîmé"):
        KeyFile(path).unlock("p1", PASSPHRASE)
    path.write_text('{"profiles": {"p1": {"wrap": {"salt": "x"}}}}', encoding="utf-8")
    with pytest.raises(KeyFileDamaged):
        KeyFile(path).unlock("p1", PASSPHRASE)


def test_profiles_are_listed_before_the_database_is_open_and_can_be_revoked(tmp_path: Path) -> None:
    keys, key = KeyFile(tmp_path / "keys.json"), new_database_key()
    keys.grant_many(
        [profile("p1"), Profile("p2", "Ana", "Bé", "france_travail", "conseiller")], PASSPHRASE, key
    )
    assert [p.display_name for p in KeyFile(tmp_path / "keys.json").profiles()] == [
        "Ana Bé",
        "Zoé N'Diaye-Lefèvre",
    ]
    assert keys.unlock("p2", PASSPHRASE) == key == keys.unlock("p1", PASSPHRASE)
    keys.revoke("p2")
    with pytest.raises(NoKeyForProfile):
        keys.unlock("p2", PASSPHRASE)
    assert keys.unlock("p1", PASSPHRASE) == key


def test_new_wraps_use_argon2id_and_old_pbkdf2_wraps_still_open(tmp_path: Path) -> None:
    import base64
    import hashlib
    import json
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    keys, key = KeyFile(tmp_path / "keys.json"), new_database_key()
    keys.grant(profile("p1"), PASSPHRASE, key)
    stored = json.loads((tmp_path / "keys.json").read_text())["profiles"]["p1"]["wrap"]["kdf"]
    assert stored == {"name": "argon2id", "memory_kib": 65536, "passes": 1, "lanes": 4}
    # A wrap written by the first version (PBKDF2-SHA256, "iterations" only) is still read.
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(hashlib.pbkdf2_hmac("sha256", PASSPHRASE.encode(), salt, 1000, dklen=32)).encrypt(
        nonce, key, b"p2"
    )
    data = json.loads((tmp_path / "keys.json").read_text())
    data["profiles"]["p2"] = {
        "profile": profile("p2").to_json(),
        "wrap": {
            "salt": base64.b64encode(salt).decode(),
            "nonce": base64.b64encode(nonce).decode(),
            "wrapped": base64.b64encode(sealed).decode(),
            "iterations": 1000,
        },
    }
    (tmp_path / "keys.json").write_text(json.dumps(data))
    assert keys.unlock("p2", PASSPHRASE) == key == keys.unlock("p1", PASSPHRASE)
