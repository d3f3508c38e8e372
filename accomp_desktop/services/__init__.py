"""Use cases of the application: take plain values, return frozen dataclasses. No Qt here."""
