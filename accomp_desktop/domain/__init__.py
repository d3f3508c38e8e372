"""The domain of l'accompagnement global, in pure Python: vocabulary, records and rules. No Qt, no
database."""
