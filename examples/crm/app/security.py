import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

from app.config import settings

HASH_ALGORITHM = "pbkdf2_sha256"
API_KEY_PREFIX_LENGTH = 8


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(data: str) -> bytes:
    padding = "=" * (-len(data) % 4)
    return base64.urlsafe_b64decode(data + padding)


def hash_password(password: str, *, iterations: int | None = None) -> str:
    iterations = iterations or settings.password_hash_iterations
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), salt.encode("ascii"), iterations
    )
    return f"{HASH_ALGORITHM}${iterations}${salt}${_b64encode(digest)}"


def verify_password(password: str, hashed_password: str) -> bool:
    try:
        algorithm, iterations, salt, expected = hashed_password.split("$", 3)
    except ValueError:
        return False
    if algorithm != HASH_ALGORITHM:
        return False
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), salt.encode("ascii"), int(iterations)
    )
    return hmac.compare_digest(_b64encode(digest), expected)


def _sign(message: bytes) -> str:
    key = settings.secret_key.encode("utf-8")
    return _b64encode(hmac.new(key, message, hashlib.sha256).digest())


def create_access_token(
    subject: str | int, expires_in_minutes: int | None = None
) -> str:
    minutes = expires_in_minutes or settings.access_token_expire_minutes
    payload = {"sub": str(subject), "exp": int(time.time()) + minutes * 60}
    body = _b64encode(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    signature = _sign(body.encode("utf-8"))
    return f"{body}.{signature}"


def decode_access_token(token: str) -> dict[str, Any] | None:
    try:
        body, signature = token.split(".", 1)
    except ValueError:
        return None
    if not hmac.compare_digest(_sign(body.encode("utf-8")), signature):
        return None
    try:
        payload = json.loads(_b64decode(body))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict) or "sub" not in payload:
        return None
    if int(payload.get("exp", 0)) < time.time():
        return None
    return payload


def generate_api_key() -> tuple[str, str, str]:
    raw_key = "crm_" + secrets.token_urlsafe(32)
    prefix = raw_key[: 4 + API_KEY_PREFIX_LENGTH]
    hashed = hashlib.sha256(raw_key.encode("utf-8")).hexdigest()
    return raw_key, prefix, hashed
