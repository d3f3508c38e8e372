"""The application's data files — the national référentiel, the fonts the PDFs embed, the icons.

This folder is installed as the package ``accomp_desktop.assets`` (see ``pyproject.toml``), so that a wheel
carries it and ``accomp_desktop.resources`` reads it through ``importlib.resources`` wherever the code runs.
"""
