import subprocess
import sys

from conftest import make_model_file

from colorizer_app.cli import main
from colorizer_app.core.model_files import builtin_models_dir, user_models_dir


def test_colorize_without_a_trained_model_says_so(photo_folder, tmp_path, capsys):
    assert main(["colorize", str(photo_folder), "-o", str(tmp_path / "out")]) == 2
    assert "No trained model is installed" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_colorize_a_folder_with_a_model_file(photo_folder, tmp_path, tiny_model_path, capsys):
    out = tmp_path / "out"
    code = main(["colorize", str(photo_folder), "-o", str(out), "--model", str(tiny_model_path), "--render-size", "64"])
    assert code == 0
    assert "Done: 3, skipped (output exists): 0, failed: 0" in capsys.readouterr().err
    assert (out / "album" / "1950s" / "beach.png").is_file()


def test_default_model_is_used_when_installed(photo_folder, tmp_path, capsys):
    make_model_file(builtin_models_dir(), name="default")
    assert main(["colorize", str(photo_folder / "portrait.jpg"), "-o", str(tmp_path / "out"), "--render-size", "64"]) == 0
    assert (tmp_path / "out" / "portrait.jpg").is_file()


def test_failures_are_summarised_with_a_non_zero_exit(photo_folder, tmp_path, tiny_model_path, capsys):
    (photo_folder / "torn.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    code = main(["colorize", str(photo_folder), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path), "--render-size", "64"])
    err = capsys.readouterr().err
    assert code == 1
    assert "failed: 1" in err and "torn.png" in err


def test_bad_options_are_refused_before_any_work(photo_folder, tmp_path, tiny_model_path, capsys):
    args = ["colorize", str(photo_folder), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path)]
    assert main([*args, "--render-size", "5"]) == 2
    assert "render size" in capsys.readouterr().err
    assert main([*args, "--quality", "0"]) == 2
    assert main(["colorize", str(tmp_path / "nothing-here"), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path)]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main([*args[:-1], str(tmp_path / "nope.safetensors")]) == 2
    assert not (tmp_path / "out").exists()


def test_models_lists_built_in_and_user_models(capsys):
    assert main(["models"]) == 0
    assert "No trained built-in model is installed yet" in capsys.readouterr().out
    make_model_file(user_models_dir(), name="family")
    (user_models_dir() / "junk.safetensors").write_bytes(b"junk")
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "family  [user]" in out and "unet_resnet18" in out
    assert "unusable:" in out and "junk.json" in out


def test_command_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "colorizer_app", "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("Colorizer ")


def test_import_command_adds_a_model(tmp_path, tiny_model_path, capsys):
    assert main(["import", str(tiny_model_path), "--name", "family"]) == 0
    assert "Imported family" in capsys.readouterr().out
    assert main(["import", str(tmp_path / "missing.safetensors")]) == 2
    assert "missing" in capsys.readouterr().err
