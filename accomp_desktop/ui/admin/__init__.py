"""The Administration place and the account's windows: the directory, its dialogs, the first-use guide, the
audit log, the backups, the passphrase and colleagues' access."""
