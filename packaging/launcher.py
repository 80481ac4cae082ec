"""Entry point of the frozen app (PyInstaller runs this file)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # before anything else: child processes re-enter here
    from colorizer_app.desktop import main

    sys.exit(main())
