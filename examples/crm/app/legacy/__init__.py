"""Code the team keeps sync on purpose (`keep-sync` in pyproject.toml)."""
