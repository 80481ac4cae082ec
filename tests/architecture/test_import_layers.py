"""The engine must never import Qt: the CLI, CI and training child processes run without a screen."""

import subprocess
import sys

import pytest

HEADLESS = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt imported from headless code: ' + name)
sys.meta_path.insert(0, BlockQt())
import colorizer_app.cli, colorizer_app.core.batch, colorizer_app.core.model_files, colorizer_app.core.interactive
print('no Qt')
from colorizer_app.core.models import build_model
build_model("unet_efficientnet_lite0", {"decoder_width": 8})
assert "torchvision" not in sys.modules, "torchvision imported"
print('no torchvision')
"""


@pytest.fixture(scope="module")
def headless_child():
    """One child for two facts (it imports torch once, seconds): the engine and the command line
    import without Qt, and a default-kind model is built and run without torchvision."""
    return subprocess.run([sys.executable, "-c", HEADLESS], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_engine_and_cli_import_without_qt(headless_child):
    assert headless_child.stdout.startswith("no Qt\n"), headless_child.stderr


NO_TORCH = """
import io, sys, contextlib
from colorizer_app.cli import main
for argv in (["models"], ["--help"], ["colorize", "--help"], ["train", "--help"], ["eval", "--help"]):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main(argv)
        except SystemExit:
            pass
    assert "torch" not in sys.modules, f"colorizer {' '.join(argv)} imported torch"
print('ok')
"""


def test_help_and_the_model_list_answer_without_importing_torch():
    """Importing torch takes seconds; listing models and options must not wait for it (issue 15)."""
    result = subprocess.run([sys.executable, "-c", NO_TORCH], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_import_contracts_hold():
    """pyproject.toml's [tool.importlinter] contracts: no Qt in the engine, trainer or CLI; the
    engine independent of the trainer and the app; the trainer independent of the app."""
    from pathlib import Path

    lint_imports = Path(sys.executable).parent / "lint-imports"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True, timeout=300, cwd=root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_no_module_imports_itself_through_others():
    """No import cycles between our modules (function-level imports included): a cycle makes
    the import order matter and every part harder to take out or test alone (issue 16)."""
    import grimp

    graph = grimp.build_graph("colorizer_app", "trainer", cache_dir=None, exclude_type_checking_imports=True)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    parents = {module.rsplit(".", 1)[0] for module in graph.modules}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in imports.get(module, ()):
            if imported in parents and imported == module.rsplit(".", 1)[0]:
                continue  # a package's __init__ importing its own submodules is not a cycle of ours
            if state.get(imported) == 1:
                cycles.append(" -> ".join([*path[path.index(imported) :], imported]))
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(imports):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


@pytest.mark.slow
def test_colorizing_with_the_default_kind_of_model_does_not_import_torchvision(headless_child):
    """torchvision takes ~1 s to import; only the ResNet-based networks need it (start-up, issue 15)."""
    assert headless_child.returncode == 0, headless_child.stderr
    assert headless_child.stdout.split() == ["no", "Qt", "no", "torchvision"]
