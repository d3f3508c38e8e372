"""Local storage: SQLAlchemy models on SQLite, the engine factory, migrations, repositories, the data
folder."""
