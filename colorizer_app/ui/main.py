"""`colorizer-app`: the desktop window's entry point."""

from __future__ import annotations

import sys


def main() -> int:
    # The window is built in its own issue; until then say so plainly instead of
    # opening an empty window.
    print(
        "colorizer-app: the desktop window is not built yet in this version. "
        "Use the command line meanwhile: colorizer colorize PHOTOS... -o OUTDIR",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
