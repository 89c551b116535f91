"""SQLAlchemy models, sessions, migrations, the case store and the audit chain."""
