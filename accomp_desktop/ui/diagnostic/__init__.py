"""The Diagnostic place: the shared diagnostic's editor, its theme sections and its dialogs (validation,
evolution, history)."""
