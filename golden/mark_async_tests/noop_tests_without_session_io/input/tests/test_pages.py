import pytest


@pytest.fixture(scope="session")
def base_url() -> str:
    return "http://testserver"


@pytest.fixture
def client(base_url):
    return {"base_url": base_url}


def test_home(client) -> None:
    assert client["base_url"].startswith("http")
