"""What the Train page says once an n-gram is counted."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from lmstudio_app.ui.pages.train_display import TrainDisplay


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0.04, "Counted 1,234 tokens in under 0.1 s."), (2.35, "Counted 1,234 tokens in 2.4 s.")],
)
def test_a_quick_count_is_not_said_to_take_no_time(
    qtbot: QtBot, seconds: float, said: str
) -> None:
    display = TrainDisplay()
    qtbot.addWidget(display)
    metrics = {"train_tokens": 1234, "build_seconds": seconds, "valid_perplexity": 9.5}
    display.show_counted(metrics, "a sample")
    assert display.metrics_label.text().startswith(said)
    assert "0.0 s" not in display.metrics_label.text()
