import os


class Settings:
    def __init__(self) -> None:
        self.project_name: str = os.getenv("CRM_PROJECT_NAME", "Acme CRM")
        self.database_url: str = os.getenv("CRM_DATABASE_URL", "sqlite:///./crm.db")
        self.secret_key: str = os.getenv("SECRET_KEY", "insecure-dev-key-change-me")
        self.access_token_expire_minutes: int = int(
            os.getenv("ACCESS_TOKEN_EXPIRE_MINUTES", "120")
        )
        self.password_hash_iterations: int = int(
            os.getenv("PASSWORD_HASH_ITERATIONS", "210000")
        )
        self.tax_rate: float = float(os.getenv("CRM_TAX_RATE", "0.20"))


settings = Settings()
