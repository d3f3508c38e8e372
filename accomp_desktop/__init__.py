"""Accomp Desktop: the offline desktop tool of the "accompagnement global" binômes.

A France Travail conseiller and a Département travailleur social follow together 70–100 job seekers facing
social and professional obstacles. This package holds the whole application: ``domain`` (pure rules),
``storage`` (SQLite through SQLAlchemy), ``services`` (use cases), ``documents`` (PDF, ICS) and ``ui`` (Qt).
"""

__version__ = "0.1.0"
