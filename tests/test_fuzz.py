"""Property: on any valid Python the engine returns, never raises, and its code compiles."""

from __future__ import annotations

import hypothesmith
from hypothesis import HealthCheck, given, settings

from codemods.engine import MigrationResult, SourceError, migrate_source
from codemods.index import ProjectIndex
from codemods.settings import Settings

# Generated programs rarely mention sessions, so each one is also tried with an
# AsyncSession function prepended: that makes the transforms and rules really run.
PRELUDE = (
    "from sqlalchemy.ext.asyncio import AsyncSession\n"
    "async def _sqla_async_probe(db: AsyncSession):\n"
    "    db.commit()\n"
    "    return db.query(User).get(1)\n"
)


def _check(source: str) -> None:
    result = migrate_source(source, Settings(), ProjectIndex(), relpath="fuzz.py")
    if isinstance(result, SourceError):
        # Only code LibCST itself cannot parse, or that never compiled, may be refused.
        assert result.kind in {"syntax", "unsupported"}, result
        return
    assert isinstance(result, MigrationResult)
    compile(result.code, "fuzz.py", "exec", dont_inherit=True)
    again = migrate_source(result.code, Settings(), ProjectIndex(), relpath="fuzz.py")
    assert isinstance(again, MigrationResult)
    assert again.code == result.code


# Bounded: the suite runs these on every CI run; generated programs are slow to make.
BOUNDED = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@BOUNDED
@given(hypothesmith.from_grammar())
def test_engine_is_total_on_generated_programs(source: str) -> None:
    _check(source)
    _check(PRELUDE + source)


@BOUNDED
@given(hypothesmith.from_node())
def test_engine_is_total_on_generated_syntax_trees(source: str) -> None:
    _check(source)
    _check(PRELUDE + source)
