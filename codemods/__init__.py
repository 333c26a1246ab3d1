"""sqla-async: migrate sync SQLAlchemy sessions to AsyncSession."""

__version__ = "0.1.0"
