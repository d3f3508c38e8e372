"""The command line: every command is known to the light parsing of a window start."""

import argparse

import pytest

from accomp_desktop.cli import COMMANDS, build_parser, parse_options


def test_the_command_list_matches_the_parser() -> None:
    [commands] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
    assert set(commands.choices) == set(COMMANDS)


def test_a_window_start_and_a_command_parse_the_same_options() -> None:
    window = parse_options(["--data-dir", "dossiers", "--quit-after", "2"])  # a folder named like a command
    assert (window.command, str(window.data_dir), window.quit_after) == (None, "dossiers", 2.0)
    listing = parse_options(["--data-dir", "d", "dossiers", "--search", "N'Diaye"])
    assert (listing.command, listing.search) == ("dossiers", "N'Diaye")
    with pytest.raises(SystemExit):
        parse_options(["--quit-after", "bientôt"])
