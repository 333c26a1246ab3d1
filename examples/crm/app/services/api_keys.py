from app.models import ApiKey, User
from app.security import generate_api_key


def get_api_keys(db, tenant: str) -> list[ApiKey]:
    return db.query(ApiKey).filter_by(tenant=tenant).order_by(ApiKey.id).all()


def create_api_key(db, tenant: str, name: str, created_by: User) -> tuple[ApiKey, str]:
    raw_key, prefix, hashed = generate_api_key()
    api_key = ApiKey(
        tenant=tenant,
        name=name,
        prefix=prefix,
        hashed_key=hashed,
        created_by_id=created_by.id,
    )
    db.add(api_key)
    db.commit()
    db.refresh(api_key)
    return api_key, raw_key
