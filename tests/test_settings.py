"""`[tool.sqla-async]` loading: every key, and clear errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemods.settings import AllowEntry, Settings, SettingsError, load_settings


def _load(tmp_path: Path, toml: str) -> Settings:
    (tmp_path / "pyproject.toml").write_text(toml)
    return load_settings(tmp_path)


def test_defaults_without_pyproject(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()


def test_every_key_is_read(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        """
[tool.sqla-async]
session-names = ["db", "conn"]
session-types = ["myapp.db.Session"]
dependencies = { get_session = "get_async_session" }
factories = { Maker = "AsyncMaker" }
keep-sync = ["app.legacy.*"]
first-style = "one-or-none"
target = "async"
todo-comments = true
exclude = ["alembic/versions"]
[[tool.sqla-async.allow]]
path = "app/scripts/*.py"
rule = "SQA003"
reason = "one-off maintenance scripts stay sync"
""",
    )
    assert settings == Settings(
        session_names=("db", "conn"),
        session_types=("myapp.db.Session",),
        dependencies=(("get_session", "get_async_session"),),
        factories=(("Maker", "AsyncMaker"),),
        keep_sync=("app.legacy.*",),
        first_style="one-or-none",
        target="async",
        todo_comments=True,
        exclude=("alembic/versions",),
        allow=(AllowEntry("app/scripts/*.py", "SQA003", "one-off maintenance scripts stay sync"),),
    )
    assert settings.session_kind_of_type("myapp.db.Session") == "sync"
    assert settings.provider_kind("deps.get_async_session") == "async"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        pytest.param("[tool.sqla-async]\nfoo = 1\n", "unknown key(s)", id="unknown key"),
        pytest.param(
            "[tool.sqla-async]\nsession-names = 'db'\n", "list of strings", id="not a list"
        ),
        pytest.param("[tool.sqla-async]\nfirst-style = 'fast'\n", "first-style", id="bad style"),
        pytest.param(
            "[tool.sqla-async]\ndependencies = ['a']\n", "table of names", id="not a table"
        ),
        pytest.param(
            "[[tool.sqla-async.allow]]\nrule = 'SQA001'\n", "path glob", id="allow without path"
        ),
        pytest.param("[tool.sqla-async\n", "cannot read TOML", id="broken toml"),
        pytest.param("[tool.sqla-async]\ntodo-comments = 1\n", "true or false", id="not a bool"),
        pytest.param("[tool.sqla-async]\ntarget = 'trio'\n", "`target`", id="bad target"),
    ],
)
def test_bad_configuration_is_an_error(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _load(tmp_path, toml)
