"""Start-up times as a user meets them; prints, asserts nothing.

    .venv/bin/python benchmarks/bench_startup.py [--repeats 3]       # needs a display for the window

`colorizer --help`, `colorizer models`, `colorizer colorize` of a 64x48 photo (wall time of
each command), and the seconds from a fresh interpreter to the starting window's show() (what
`colorizer-app` puts on screen first) and to the full window's show().
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

WINDOW = """
import sys, time
start = time.perf_counter()
from PySide6.QtWidgets import QApplication
from colorizer_app.ui.app.window import MainWindow
app = QApplication(sys.argv)
MainWindow().show()
print(time.perf_counter() - start)
"""

STARTING = """
import sys, time
start = time.perf_counter()
from PySide6.QtWidgets import QApplication
from colorizer_app.ui.settings import AppSettings
from colorizer_app.ui.app.starting_window import StartingWindow
app = QApplication(sys.argv)
StartingWindow(AppSettings.load()).show()
print(time.perf_counter() - start)
"""


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    colorizer = str(Path(sys.executable).parent / "colorizer")
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.jpg"
        Image.new("L", (64, 48), 128).save(tiny)
        runs = {
            "colorizer --help": lambda: wall([colorizer, "--help"]),
            "colorizer models": lambda: wall([colorizer, "models"]),
            "colorize a 64x48 photo": lambda: wall([colorizer, "colorize", str(tiny), "-o", str(Path(folder) / "out"), "--overwrite"]),
            "starting window shown": lambda: float(
                subprocess.run([sys.executable, "-c", STARTING], check=True, capture_output=True, text=True).stdout.strip()
            ),
            "full window shown (in-process)": lambda: float(
                subprocess.run([sys.executable, "-c", WINDOW], check=True, capture_output=True, text=True).stdout.strip()
            ),
        }
        for name, run in runs.items():
            times = [run() for _ in range(args.repeats)]
            print(f"{name:28s} " + "  ".join(f"{seconds:.2f} s" for seconds in times))


if __name__ == "__main__":
    main()
