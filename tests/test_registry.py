"""The registry, the golden/ folders and the README agree; every transform documents itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codemods.audit.findings import CATALOGUE, RULE_CODES
from codemods.audit.rules import RULES
from codemods.transforms import TRANSFORMS, Transform
from tests.golden_cases import GOLDEN

README = Path(__file__).resolve().parent.parent / "README.md"
# golden/ folders that pin a behaviour of the pipeline rather than of one transform.
AREAS = {"pipeline", "audit"}  # audit: projects whose lines expect findings


def test_names_are_unique_and_descriptions_one_line() -> None:
    names = [t.NAME for t in TRANSFORMS]
    assert len(names) == len(set(names))
    assert all(t.DESCRIPTION and "\n" not in t.DESCRIPTION for t in TRANSFORMS)


@pytest.mark.parametrize("transform", TRANSFORMS, ids=[t.NAME for t in TRANSFORMS])
def test_transform_has_positive_and_noop_golden_cases(transform: type[Transform]) -> None:
    folder = GOLDEN / transform.NAME
    cases = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    assert any(name.startswith("noop_") for name in cases), f"no noop case in {folder}"
    assert any(not name.startswith("noop_") for name in cases), f"no positive case in {folder}"


def test_every_golden_folder_belongs_to_a_transform_or_an_area() -> None:
    folders = {p.name for p in GOLDEN.iterdir() if p.is_dir()}
    assert folders - AREAS == {t.NAME for t in TRANSFORMS}


@pytest.mark.parametrize("transform", TRANSFORMS, ids=[t.NAME for t in TRANSFORMS])
def test_transform_module_docstring_shows_before_and_after(transform: type[Transform]) -> None:
    doc = sys.modules[transform.__module__].__doc__ or ""
    assert "->" in doc, f"{transform.__module__} needs a before -> after example"


def test_readme_lists_every_transform_and_rule_in_order() -> None:
    text = README.read_text(encoding="utf-8")
    positions = [text.find(f"| `{t.NAME}` |") for t in TRANSFORMS]
    assert -1 not in positions, "README transform table is missing a transform"
    assert positions == sorted(positions), "README lists transforms out of pipeline order"
    for info in CATALOGUE:
        assert f"| {info.code} |" in text, f"README does not document {info.code}"


def test_every_checked_rule_is_in_the_catalogue() -> None:
    codes = {info.code for info in CATALOGUE}
    assert {rule.CODE for rule in RULES} <= codes


def test_every_audit_rule_is_documented_in_the_readme() -> None:
    from codemods.audit.findings import CATALOGUE

    text = README.read_text(encoding="utf-8")
    for info in CATALOGUE:
        assert f"### {info.code} {info.name}\n" in text, info.code
        assert f"| {info.code} | {info.name} |" in text, info.code


def test_the_codes_known_without_importing_the_rules_are_the_registrys() -> None:
    assert tuple(dict.fromkeys(rule.CODE for rule in RULES)) == RULE_CODES


def test_the_process_that_runs_a_pool_does_not_load_the_engine() -> None:
    """The workers import the engine (LibCST's codemods, the transforms, the rules,
    black); the main process only indexes and collects, and its imports come first."""
    heavy = ["codemods.engine", "codemods.transforms", "codemods.audit.rules", "black"]
    script = "import sys, codemods.cli, codemods.runner\n"
    script += f"print([m for m in {heavy} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
