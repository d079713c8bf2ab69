"""On a machine with a CUDA card: train there (bf16 autocast where the card supports it,
pinned batches), cancel, resume, and compare with a run that never stopped; continue the
card's run on the processor and a processor's run on the card; train once with --compile;
then load the run folder and generate. What the run chose is printed from run.json.

    python bench/gpu_smoke.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _recurrent import REPO


def main() -> None:
    import dataclasses
    import json

    import torch

    from lmstudio_app.core.corpus import load_corpus, split_corpus
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.generation import GenerationSpec, generate
    from lmstudio_app.core.models import load_run_model
    from lmstudio_app.core.specs import ModelSpec, TrainSpec
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
    from lmstudio_app.core.training import (
        EvalEvent,
        StepEvent,
        Trainer,
        create_run,
        resolve_device,
    )
    from lmstudio_app.core.training.accel import choose_autocast

    print("torch", torch.__version__, "cuda", torch.cuda.is_available(), resolve_device("auto"))
    print("autocast:", choose_autocast(resolve_device("auto")))
    corpus = load_corpus(REPO / "resources" / "corpora" / "tinyshakespeare.txt")
    splits = split_corpus(corpus)
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    data = encode_splits(tokenizer, splits)
    model = ModelSpec(family="lstm", embed_dim=64, hidden_size=512, layers=2, dropout=0.2)
    spec = TrainSpec(
        max_steps=300,
        max_minutes=0,
        eval_every=100,
        device="cuda",
        seq_len=128,
        batch_size=64,
        checkpoint_every=0,
    )
    root = Path(tempfile.mkdtemp())

    def run(folder: Path, resume: bool = False, stop: int | None = None, train=None) -> list:
        trainer = Trainer(model, train or spec, tokenizer, data, folder, resume=resume)
        events = []
        started = time.perf_counter()
        for event in trainer.run():
            events.append(event)
            if isinstance(event, StepEvent) and event.step == stop:
                trainer.cancel()
            if isinstance(event, EvalEvent):
                print(
                    f"  step {event.step} valid {event.valid_loss:.4f} "
                    f"({time.perf_counter() - started:.1f} s)"
                )
        print("  last:", type(events[-1]).__name__)
        return events

    def losses(events: list) -> list[float]:
        return [e.loss for e in events if isinstance(e, StepEvent)]

    whole_folder = root / "whole"
    create_run(whole_folder, model, spec, tokenizer, {})
    whole = run(whole_folder)
    metrics = whole[-1].metrics
    print("uninterrupted:", {k: metrics[k] for k in ("valid_loss", "tokens_per_s", "steps")})
    print("compute:", json.loads((whole_folder / "run.json").read_text())["compute"])
    parts_folder = root / "parts"
    create_run(parts_folder, model, spec, tokenizer, {})
    parts = run(parts_folder, stop=120) + run(parts_folder, resume=True)
    difference = max(abs(a - b) for a, b in zip(losses(whole), losses(parts), strict=True))
    print(f"resumed on cuda: max |loss difference| {difference:.2e}")
    # A card's checkpoint continued on the processor, and a processor's on the card.
    more = dataclasses.replace(spec, max_steps=320, device="cpu")
    events = list(Trainer(model, more, tokenizer, data, parts_folder, resume=True).run())
    print("card -> processor:", type(events[-1]).__name__, events[-1].step)
    cpu_folder = root / "cpu"
    on_cpu = dataclasses.replace(spec, max_steps=20, device="cpu")
    create_run(cpu_folder, model, on_cpu, tokenizer, {})
    list(Trainer(model, on_cpu, tokenizer, data, cpu_folder).run())
    back = dataclasses.replace(spec, max_steps=40, device="cuda")
    events = list(Trainer(model, back, tokenizer, data, cpu_folder, resume=True).run())
    print("processor -> card:", type(events[-1]).__name__, events[-1].step)
    compiled_folder = root / "compiled"
    compiled = dataclasses.replace(spec, compile=True)
    create_run(compiled_folder, model, compiled, tokenizer, {})
    started = time.perf_counter()
    events = run(compiled_folder, train=compiled)
    print(
        f"compiled: {time.perf_counter() - started:.1f} s,",
        {k: events[-1].metrics[k] for k in ("valid_loss", "tokens_per_s")},
    )
    _, _, lm = load_run_model(whole_folder)
    ids = [t.token_id for t in generate(lm, [], GenerationSpec(max_tokens=80, seed=1, stop="none"))]
    print("generated:", repr(tokenizer.decode(ids)))


if __name__ == "__main__":
    main()
