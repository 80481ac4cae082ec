import shutil
from pathlib import Path

import pytest
from conftest import make_model_file

from colorizer_app.core.model_files import builtin_models_dir, resources_dir
from colorizer_app.desktop import SELF_TEST_FLAG, main

REPO_SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.mark.slow
def test_self_test_passes_with_a_default_model(capsys, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    make_model_file(builtin_models_dir(), name="default")
    shutil.copytree(REPO_SAMPLES, resources_dir() / "samples")
    assert main(["colorizer-app", SELF_TEST_FLAG]) == 0
    out = capsys.readouterr().out
    assert "ok   colorize" in out and "ok   train" in out and "self-test passed" in out


def test_self_test_fails_clearly_without_a_model(capsys, monkeypatch):
    from colorizer_app import selftest

    monkeypatch.setattr(selftest, "check_training", lambda folder: "skipped here")
    assert main(["colorizer-app", SELF_TEST_FLAG]) == 1
    out = capsys.readouterr().out
    assert "FAIL colorize: NoModelInstalledError" in out and "self-test FAILED (1 check(s))" in out
