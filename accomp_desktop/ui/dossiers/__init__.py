"""The Dossiers place: the caseload and the case list, a dossier's page with its tabs (identity, plan,
history, journal) and the dialogs of its steps."""
