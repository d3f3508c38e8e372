"""Entry point for ``python -m accomp_desktop``: the same as the ``accomp-desktop`` command."""

from accomp_desktop.cli import main

raise SystemExit(main())
