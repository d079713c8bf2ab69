"""The command line: `lmstudio-app [gui]`, `tokenize`, `train`, `eval`, `generate`, `next`,
`export`, `import-arpa`, `experiment`.

Bad input exits with code 2 and one plain sentence on stderr; a bug exits with code 1 and a
short note, the traceback going to the log file. Heavy modules (torch, Qt) load only for the
commands that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence

from lmstudio_app import __version__
from lmstudio_app.commands.common import EXIT_BAD_INPUT, EXIT_BUG
from lmstudio_app.commands.signals import Terminated, handle_signals, signal_name

# command name -> (module under lmstudio_app.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "gui": ("gui", "open the window (the default)"),
    "tokenize": ("tokenize", "build a tokenizer on a corpus and show what it does"),
    "train": ("train", "train a model on a corpus and save it in a run folder"),
    "score": ("score", "how surprised models are by a text, token by token; which expects it most"),
    "eval": ("evaluate", "measure a saved model's perplexity on a text"),
    "generate": ("generate", "write text with a saved model"),
    "next": ("next_token", "show a saved model's next-token distribution, raw and as sampled"),
    "inspect": ("inspect", "inside a saved model: hidden states, gates, neurons, embeddings"),
    "export": ("export", "save an n-gram model as an ARPA file, or a GPT for Hugging Face"),
    "import-arpa": ("import_arpa", "make a run folder from an ARPA n-gram model"),
    "experiment": (
        "experiment",
        "vary one setting over several runs; choose by validation, test once",
    ),
    "mix": ("mix", "combine runs that share a tokenizer, weights tuned on validation text"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lmstudio-app",
        description="Language Model Studio: see how a language model learns.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="run the whole workflow once without a person (sample, tokenizer, LSTM, n-gram, "
        "generation, the window), print one line and exit: 0 if it all worked",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(f"lmstudio_app.commands.{module_name}")
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from lmstudio_app.core.errors import Cancelled, StudioError

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--smoke-test"]:
        from lmstudio_app.commands import smoke

        return smoke.main(argv[1:])
    if not argv or (argv[0].startswith("-") and argv[0] not in {"-h", "--help", "--version"}):
        argv = ["gui", *argv]
    parser = build_parser()
    args = parser.parse_args(argv)
    module = importlib.import_module(f"lmstudio_app.commands.{COMMANDS[args.command][0]}")
    _tolerate_undecodable_names()
    try:
        # SIGTERM / SIGHUP raise Terminated (a KeyboardInterrupt): locks and temporary files
        # are cleaned up as for Ctrl-C, and training saves and stops (its own handler). Not
        # in the window: an exception raised inside Qt's event loop would not unwind it.
        stop_signals = handle_signals() if args.command != "gui" else contextlib.nullcontext()
        with stop_signals:
            return int(module.run(args) or 0)
    except StudioError as exc:
        print(f"lmstudio-app: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Cancelled:
        print("lmstudio-app: cancelled.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Terminated as exc:
        _say(f"\nlmstudio-app: stopped by {signal_name(exc.signum)} before the work was done.")
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("\nlmstudio-app: interrupted.", file=sys.stderr)
        return 130
    except MemoryError:
        print(
            "lmstudio-app: this computer ran out of memory. Use a smaller text or model.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: say so plainly, keep the details in the log
        from lmstudio_app.core.appdirs import log_exception

        log = log_exception(exc, f"lmstudio-app {' '.join(argv)}")
        where = f" Details are in {log}." if log else ""
        print(
            f"lmstudio-app: internal error ({type(exc).__name__}: {exc}). "
            f"This is a bug in Language Model Studio, please report it.{where}",
            file=sys.stderr,
        )
        return EXIT_BUG


def _say(line: str) -> None:
    """A last line on stderr; after SIGHUP the terminal may be gone, and that is no error."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr)


def _tolerate_undecodable_names() -> None:
    """Let stdout print file names that are not UTF-8 (on Linux they arrive as lone
    surrogates, `os.fsdecode`): they are written back as the bytes they came from, as `ls`
    shows them, instead of failing with UnicodeEncodeError after the work is done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding == "utf8":
            with contextlib.suppress(Exception):
                reconfigure(errors="surrogateescape")


if __name__ == "__main__":
    sys.exit(main())
