"""Many short background tasks, one after another, never crash the process.

Under load the suite aborted now and then right after a test whose page had just finished a
task (issue 15). Two ways were found for a task's objects to be deleted badly: a worker
deleted by `deleteLater()` in its own finishing thread while Python let go of it here, and a
finished-relay that kept its owner alive and deleted it while being deleted itself (a crash
within the first few tasks whenever the owner had no parent). Each case runs in a fresh
process, so that a crash fails this test instead of ending the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = r"""
import gc, sys
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from lmstudio_app.ui.workers import EventPump, TaskRunner

app = QApplication([])
kind, tasks = sys.argv[1], int(sys.argv[2])
kept = []
for index in range(tasks):
    runner = TaskRunner() if kind == "task" else EventPump()
    if index % 2:
        kept.append(runner)  # half of them outlive their task, half are dropped at once
    loop = QEventLoop()
    runner.finished.connect(loop.quit)
    if kind == "task":
        runner.start(lambda progress, cancel: sum(range(100)))
    else:
        runner.start(lambda: iter(range(3)))
    loop.exec()
    assert not runner.is_running()
    if index % 50 == 0:
        gc.collect()
print("done", tasks)
"""


@pytest.mark.parametrize("kind", ["task", "pump"])
def test_many_short_tasks_one_after_another_end_cleanly(kind: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, kind, "1000"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done 1000"


DROPPED = r"""
import gc, time
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from lmstudio_app.ui import workers
from lmstudio_app.ui.workers import TaskRunner

app = QApplication([])
for _ in range(50):
    runner = TaskRunner()  # no parent: freed at once, its task still running
    runner.start(lambda progress, cancel: time.sleep(0.05))
    del runner
    gc.collect()
loop = QEventLoop()
QTimer.singleShot(2000, loop.quit)
loop.exec()
print("kept", len(workers._KEEPER._kept))
"""


def test_a_runner_freed_while_its_task_runs_does_not_take_the_thread_with_it() -> None:
    """A test's page freed when the test returns, its task still finishing: its QThread
    went with it and Qt aborted ("destroyed while thread is still running", seen in a core
    dump of the suite's abort after the tokenizer page's tests). The threads are kept until
    they finish, then let go."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    result = subprocess.run(
        [sys.executable, "-c", DROPPED], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "kept 0"
