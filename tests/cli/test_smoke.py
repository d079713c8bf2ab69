"""`lmstudio-app --smoke-test`: the whole workflow in a fresh process, as installers run it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lmstudio_app.commands import smoke


@pytest.mark.slow
def test_smoke_test_passes_in_a_fresh_process(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               LMSTUDIO_SMOKE_REPORT=str(tmp_path / "report.txt"))
    done = subprocess.run(
        [sys.executable, "-m", "lmstudio_app", "--smoke-test"],
        capture_output=True, text=True, env=env, timeout=240, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("smoke test")]
    assert len(lines) == 1, done.stdout
    assert re.fullmatch(
        r"smoke test passed: tokenizer \d+ tokens, LSTM 20 steps loss [\d.]+->[\d.]+, "
        r"3-gram ppl [\d.]+, generated '.*', window built in [\d.]+ s",
        lines[0],
    ), lines[0]
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").strip() == lines[0]


def test_a_failure_exits_1_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(work: Path) -> str:
        raise smoke.SmokeFailure("the bundled sample is missing")

    monkeypatch.setattr(smoke, "smoke_test", broken)
    assert smoke.main([]) == 1
    assert capsys.readouterr().out.strip() == (
        "smoke test failed: the bundled sample is missing"
    )


def test_the_flag_is_routed_by_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from lmstudio_app.cli import main

    monkeypatch.setattr(smoke, "smoke_test", lambda work: "fine")
    assert main(["--smoke-test"]) == 0
