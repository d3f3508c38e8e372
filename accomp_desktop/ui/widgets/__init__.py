"""Widgets every place uses: form fields and their messages, the service dialog, chips, confirmations, file
dialogs in French, showing and printing PDFs."""
