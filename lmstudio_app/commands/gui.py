"""`lmstudio-app` / `lmstudio-app gui`: open the window."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", help="a corpus file or folder, or a run folder, to open"
    )


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.ui.app import run_app

    return run_app(list(args.paths))
