"""Everything Qt: the main window, its places (Dossiers, Diagnostic, Agenda), dialogs and the task helper."""
