import atexit
import os
import shutil
import tempfile

_TMP_DIR = tempfile.mkdtemp(prefix="crm-tests-")
atexit.register(shutil.rmtree, _TMP_DIR, ignore_errors=True)

os.environ["CRM_DATABASE_URL"] = os.environ.get(
    "CRM_TEST_DATABASE_URL"
) or "sqlite:///" + os.path.join(_TMP_DIR, "crm.db")
os.environ.setdefault("PASSWORD_HASH_ITERATIONS", "1000")

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import app.models  # noqa: E402,F401
from app.database import Base, engine  # noqa: E402
from app.main import app  # noqa: E402

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session", autouse=True)
def _dispose_engine():
    yield
    engine.dispose()


@pytest.fixture(scope="session")
def _schema():
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)


def _empty_tables():
    tables = Base.metadata.sorted_tables
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.exec_driver_sql(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE")
        else:
            for table in reversed(tables):
                connection.execute(table.delete())


@pytest.fixture()
def client(_schema):
    _empty_tables()
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture()
def register_user(client):
    def _register(
        email: str,
        password: str = PASSWORD,
        full_name: str | None = None,
        tenant: str = "default",
    ) -> dict:
        response = client.post(
            "/auth/register",
            json={
                "email": email,
                "password": password,
                "full_name": full_name,
                "tenant": tenant,
            },
        )
        assert response.status_code == 201, response.text
        login = client.post("/auth/login", json={"email": email, "password": password})
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        return {
            **response.json(),
            "password": password,
            "token": token,
            "headers": {"Authorization": f"Bearer {token}"},
        }

    return _register


@pytest.fixture()
def admin(register_user) -> dict:
    return register_user("ada@acme.test", full_name="Ada Admin")


@pytest.fixture()
def admin_headers(admin) -> dict:
    return admin["headers"]


@pytest.fixture()
def agent(register_user, admin) -> dict:
    return register_user("sam@acme.test", full_name="Sam Sales")


@pytest.fixture()
def agent_headers(agent) -> dict:
    return agent["headers"]


@pytest.fixture()
def make_customer(client):
    def _make(headers: dict, name: str, **fields) -> dict:
        response = client.post(
            "/customers", json={"name": name, **fields}, headers=headers
        )
        assert response.status_code == 201, response.text
        return response.json()

    return _make


@pytest.fixture()
def make_contact(client):
    def _make(headers: dict, customer_id: int, first_name: str, **fields) -> dict:
        response = client.post(
            f"/customers/{customer_id}/contacts",
            json={"first_name": first_name, **fields},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        return response.json()

    return _make


@pytest.fixture()
def make_product(client, admin_headers):
    def _make(sku: str, name: str, unit_price: float, **fields) -> dict:
        response = client.post(
            "/products",
            json={"sku": sku, "name": name, "unit_price": unit_price, **fields},
            headers=admin_headers,
        )
        assert response.status_code == 201, response.text
        return response.json()

    return _make


@pytest.fixture()
def make_lead(client):
    def _make(headers: dict, title: str, **fields) -> dict:
        response = client.post(
            "/leads", json={"title": title, **fields}, headers=headers
        )
        assert response.status_code == 201, response.text
        return response.json()

    return _make


@pytest.fixture()
def make_ticket(client):
    def _make(headers: dict, customer_id: int, subject: str, **fields) -> dict:
        response = client.post(
            "/tickets",
            json={"customer_id": customer_id, "subject": subject, **fields},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        return response.json()

    return _make


@pytest.fixture()
def make_accepted_quote(client):
    def _make(headers: dict, customer_id: int, items: list[dict], **fields) -> dict:
        quote = client.post(
            "/quotes",
            json={
                "customer_id": customer_id,
                "title": fields.pop("title", "Order me"),
                "items": items,
                **fields,
            },
            headers=headers,
        )
        assert quote.status_code == 201, quote.text
        url = f"/quotes/{quote.json()['id']}/status"
        for step in ("sent", "accepted"):
            moved = client.post(url, json={"status": step}, headers=headers)
            assert moved.status_code == 200, moved.text
        return client.get(f"/quotes/{quote.json()['id']}", headers=headers).json()

    return _make


@pytest.fixture()
def make_order(client, make_accepted_quote):
    def _make(
        headers: dict,
        customer_id: int,
        items: list[dict],
        confirm: bool = False,
        **fields,
    ) -> dict:
        quote = make_accepted_quote(headers, customer_id, items, **fields)
        order = client.post("/orders", json={"quote_id": quote["id"]}, headers=headers)
        assert order.status_code == 201, order.text
        if confirm:
            confirmed = client.post(
                f"/orders/{order.json()['id']}/status",
                json={"status": "confirmed"},
                headers=headers,
            )
            assert confirmed.status_code == 200, confirmed.text
            return client.get(f"/orders/{order.json()['id']}", headers=headers).json()
        return order.json()

    return _make
