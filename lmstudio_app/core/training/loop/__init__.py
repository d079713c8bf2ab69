"""The training loop: `Trainer` (trainer.py), the session it carries (session.py), measuring
while training (evaluation.py) and how a run ends (ending.py)."""

from lmstudio_app.core.training.loop.trainer import Trainer

__all__ = ["Trainer"]
