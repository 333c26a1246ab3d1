"""The audit: rule-coded findings about what still keeps a project from AsyncSession."""
