from .users import user

__all__ = ["user"]
