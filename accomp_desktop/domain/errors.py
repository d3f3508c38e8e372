"""The errors the domain raises for the user to read, in a module of their own: the sign-in window catches them
before it paints, without loading the rules and the référentiel they belong to."""

from __future__ import annotations


class RuleError(ValueError):
    """A request that the rules of the dispositif refuse; ``str(error)`` is a French sentence for the user."""


class ReferentielError(ValueError):
    """The référentiel file cannot be used; the message names the file and the line."""
