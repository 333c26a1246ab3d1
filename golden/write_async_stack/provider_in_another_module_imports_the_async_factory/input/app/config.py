DATABASE_URL = "sqlite:///./app.db"
