"""Entry point of the bundled application (PyInstaller runs this file): the same as ``accomp-desktop``."""

import sys

from accomp_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
