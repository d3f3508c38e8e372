"""Who the professionals are — institution and role — and the labelled enum all vocabularies are built on.

Apart from :mod:`enums` (which re-exports them) because the sign-in window needs these two before it paints,
and building every vocabulary of the domain costs ~6 ms.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a French label for display."""

    label: str

    # The default lets type checkers accept lookups by value (``Side("emploi")``); at run time the Enum
    # machinery calls this only while defining members, always with both arguments.
    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Institution(LabelledEnum):
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    DEPARTEMENT = "departement", "Département"
    PARTNER = "partner", "Partenaire (CCAS…)"


class Role(LabelledEnum):
    CONSEILLER = "conseiller", "Conseiller France Travail"
    TRAVAILLEUR_SOCIAL = "travailleur_social", "Travailleur social"
    OTHER = "other", "Autre"


NOUN = {
    Role.CONSEILLER: "conseiller France Travail",
    Role.TRAVAILLEUR_SOCIAL: "travailleur social",
    Role.OTHER: "professionnel (autre fonction)",
}
"""A role as a noun in a sentence (« un conseiller France Travail »), where the label's capital would be
wrong."""

INSTITUTIONS_OF = {
    Role.CONSEILLER: (Institution.FRANCE_TRAVAIL,),
    Role.TRAVAILLEUR_SOCIAL: (Institution.DEPARTEMENT, Institution.PARTNER),
    Role.OTHER: tuple(Institution),
}
"""Which institutions each role belongs to (a conseiller is of France Travail; a travailleur social of the
Département or of a partner such as a CCAS)."""
