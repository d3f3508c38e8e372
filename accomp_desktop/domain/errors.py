"""The errors a person reads, in a module of their own: the sign-in window catches them before it paints,
without loading the rules, the référentiel or the database they belong to.

Two kinds: what the rules refuse (:class:`RuleError`, :class:`ReferentielError`), and what the environment
prevents (:class:`StorageError` and its kinds: another instance, a damaged or newer file, a full disk, a file
not written) — raised by ``storage``, shown by the interface as ``str(error)``, and nothing lost. Bugs are not
caught here; they reach the crash handler.
"""

from __future__ import annotations

import errno
from pathlib import Path


class RuleError(ValueError):
    """A request that the rules of the dispositif refuse; ``str(error)`` is a French sentence for the user."""


class ReferentielError(ValueError):
    """The référentiel file cannot be used; the message names the file and the line."""


class StorageError(Exception):
    """Base class; ``str(error)`` is a complete French message."""


class HubUnreachable(StorageError):
    """The département's hub could not be reached, or answered something unusable: a calm state (the machine
    keeps working, its edits wait), said in French."""


class HubRefused(StorageError):
    """The hub refused this machine (revoked, unknown, a wrong code): synchronisation waits for an
    administrator; the message is the hub's, in French."""


class RecordGone(StorageError):
    """The record was deleted meanwhile (for instance from another window or by a synchronisation)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} n'existe plus : il a peut-être été supprimé entre-temps. Rien n'a été modifié."
        )


class AlreadyRunning(StorageError):
    def __init__(self, data_dir: Path, pid: int | None = None) -> None:
        self.data_dir, self.pid = data_dir, pid
        super().__init__(
            "Accomp Desktop est déjà ouvert sur ce dossier de données "
            f"({data_dir}).\nUtilisez la fenêtre déjà ouverte : deux fenêtres sur la même base "
            "risqueraient de perdre des modifications. Rien n'a été modifié."
        )


class InstanceNotAnswering(StorageError):
    """An instance holds the data folder but shows no window that answers: say how to end it."""

    def __init__(self, data_dir: Path, pid: int | None) -> None:
        number = f" (processus n° {pid})" if pid else ""
        how = (
            "sous Windows, Gestionnaire des tâches › Accomp Desktop › Fin de tâche ; sous Linux, « kill "
            f"{pid} »"
            if pid
            else "dans le gestionnaire des tâches"
        )
        super().__init__(
            f"Accomp Desktop est déjà lancé sur ce dossier de données{number}, mais sa fenêtre ne répond "
            "pas.\n"
            f"Fermez-le ({how}), puis relancez Accomp Desktop. Vos saisies déjà enregistrées sont "
            "conservées ; "
            f"si cela se reproduit, transmettez le dossier « crash » ({data_dir / 'crash'}) à votre support."
        )


class DatabaseUnreadable(StorageError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"La base de données ne peut pas être ouverte : {path}\n{reason}\nLe fichier n'a pas été modifié."
        )


class DatabaseDamaged(StorageError):
    def __init__(self, path: Path, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            "Le fichier de base de données est endommagé ou n'est pas une base Accomp Desktop : "
            f"{path}{extra}.\n"
            "Il n'a pas été modifié. Restaurez la dernière sauvegarde saine : Fichier › Sauvegardes › "
            "Restaurer, "
            "ou « Restaurer une sauvegarde… » sur la fenêtre de connexion, ou, l'application fermée, "
            "« accomp-desktop restaurer SAUVEGARDE » (dossier « backups ») ; sinon contactez votre support "
            "informatique."
        )


class DatabaseTooNew(StorageError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"Cette base de données a été créée par une version plus récente d'Accomp Desktop "
            f"(schéma « {revision} ») : {path}\nInstallez la dernière version de l'application. "
            "Le fichier n'a pas été modifié."
        )


class DatabaseBusy(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "La base de données est occupée par un autre programme. Votre saisie est conservée : "
            "réessayez dans un instant."
        )


class DiskFull(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "Le disque est plein : l'enregistrement n'a pas pu se faire. Votre saisie est conservée à "
            "l'écran ; "
            "libérez de la place puis réessayez."
        )


_OS_REASONS = {
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota de disque est atteint",
    errno.EACCES: "l'accès est refusé (droits du dossier)",
    errno.EPERM: "l'accès est refusé (droits du dossier)",
    errno.EROFS: "le support est en lecture seule",
    errno.ENOENT: "le dossier n'existe pas",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENAMETOOLONG: "le nom est trop long",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in French (the system's own text is English, and may be empty)."""
    return _OS_REASONS.get(error.errno or 0, "erreur du système de fichiers")


class FileNotWritten(StorageError):
    """A file the professional asked for could not be written; nothing half-written is left."""

    def __init__(self, what: str, path: Path, error: OSError) -> None:
        super().__init__(
            f"{what} n'a pas pu être écrit dans {path} : {os_reason(error)}. Rien n'a été écrit."
        )


class KeyFileDamaged(StorageError):
    def __init__(self, path: Path) -> None:
        copy = path.parent / "backups" / path.name
        where = (
            f"Une copie est gardée dans {copy} : « Reprendre la copie de sauvegarde » la remet en place (le "
            "fichier abîmé est gardé à côté)."
            if copy.exists()
            else "Remettez-le en place depuis une copie de sauvegarde du dossier des données."
        )
        super().__init__(
            f"Le fichier des clés est abîmé : {path}. Sans lui la base chiffrée ne peut pas être "
            f"ouverte. {where} Rien n'a été modifié."
        )
