"""The gate every service passes before it reads or changes a dossier: who acts, and may he?

:func:`actor` builds the acting professional from the directory (his role, his administrator right, his
binômes): what a window, a command line or a file claims about him is never trusted. :func:`dossier_for`
opens a dossier only for a member of its binôme (:class:`~accomp_desktop.domain.access.OutOfScope`
otherwise). The table of :mod:`accomp_desktop.domain.access` then decides part by part.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from accomp_desktop.domain.access import AccessDenied, Actor, OutOfScope
from accomp_desktop.domain.model import Binome, Dossier, Person
from accomp_desktop.storage import directory_repository as directory
from accomp_desktop.storage import repositories as repo


def actor(session: Session, professional_id: str) -> Actor:
    """The professional who acts; :class:`AccessDenied` when he is unknown or was deactivated."""
    professional = repo.get_professional(session, professional_id) if professional_id else None
    if professional is None:
        raise AccessDenied("Profil inconnu sur ce poste : reconnectez-vous.")
    if not professional.active:
        raise AccessDenied("Ce profil a été désactivé par l'administrateur du dispositif.")
    return Actor(
        professional.id,
        professional.display_name,
        professional.role,
        professional.admin,
        directory.binome_ids_of(session, professional.id),
    )


def dossier_for(session: Session, who: Actor, dossier_id: str) -> tuple[Dossier, Person, Binome]:
    """The dossier with its person and binôme, if ``who`` belongs to its binôme."""
    dossier, person, binome = repo.dossier_in_full(session, dossier_id)
    if not who.follows(binome.id):
        raise OutOfScope(binome.name)
    return dossier, person, binome


def colleagues(session: Session, who: Actor) -> frozenset[str]:
    """The actor and the members of his binômes: the agendas he reads and writes in."""
    members = {who.id}
    for binome_id in who.binome_ids:
        binome = repo.get_binome(session, binome_id)
        if binome is not None:
            members.update(binome.members)
    return frozenset(members)
