"""`--dist=loadgroup` keeps the tests of one `xdist_group` on one worker (the shared
artefacts' consumers rely on it, tests/conftest.py): checked on a tiny project that loads
this suite's conftest as a plugin, run by pytest-xdist on two workers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {
    "conftest.py": 'pytest_plugins = ["tests.conftest"]\n',
    "test_grouped.py": (
        "import os\n"
        "import pytest\n\n"
        "@pytest.mark.xdist_group('together')\n"
        "@pytest.mark.parametrize('n', range(6))\n"
        "def test_grouped(n, tmp_path_factory):\n"
        "    log = tmp_path_factory.getbasetemp().parent / f'grouped-{n}'\n"
        "    log.write_text(os.environ['PYTEST_XDIST_WORKER'])\n\n"
        "@pytest.mark.parametrize('n', range(6))\n"
        "def test_free(n):\n"
        "    pass\n"
    ),
}


def test_the_tests_of_a_group_run_on_one_worker(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name, text in PROJECT.items():
        (project / name).write_text(text)
    basetemp = tmp_path / "basetemp"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2"]
    argv += ["--dist=loadgroup", f"--basetemp={basetemp}"]
    done = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "12 passed" in done.stdout
    workers = {(basetemp / f"grouped-{n}").read_text() for n in range(6)}
    assert len(workers) == 1, workers
