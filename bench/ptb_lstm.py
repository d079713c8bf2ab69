"""Penn Treebank with the pytorch/examples word_language_model defaults.

LSTM 2x200, embedding 200, dropout 0.2, untied; SGD, learning rate 20 divided by 4 whenever the
validation loss does not improve after an epoch; gradient clipping 0.25; bptt 35; batch 20;
validation and test read as 10 streams, as the example does. Text: the `whitespace`
tokenizer with an end-of-sentence token per line (as the example's `data.Corpus` reads it).

Peer: the example's published result after 6 epochs, test perplexity 117.61 (README of
pytorch/examples word_language_model; tied weights 110.44). Ours reports tokens/s, validation
perplexity after each epoch and, at the end, test perplexity of the best-validation weights
(the example also tests its best saved model).

    python bench/ptb_lstm.py [--epochs 1] [--threads 2] [--device cpu]
    python bench/ptb_lstm.py --preset small --minutes 5     # our word preset instead
"""

from __future__ import annotations

import argparse
import math

from _recurrent import DATA, load_average, save_result, train

PEER_TEST_PERPLEXITY = 117.61


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--tied", action="store_true")
    parser.add_argument("--data", default=str(DATA / "ptb"))
    parser.add_argument("--preset", help="train with our word preset instead of the example's")
    parser.add_argument("--minutes", type=float, default=5.0, help="time budget of --preset")
    args = parser.parse_args()
    from pathlib import Path

    from lmstudio_app.core.corpus import load_split_files
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.specs import ModelSpec, TrainSpec
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

    folder = Path(args.data)
    _, splits = load_split_files(
        folder / "ptb.train.txt", folder / "ptb.valid.txt", folder / "ptb.test.txt"
    )
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), splits.train)
    data = encode_splits(tokenizer, splits)
    print(f"vocabulary {tokenizer.vocab_size}, tokens train {data.train.size:,} "
          f"valid {data.valid.size:,} test {data.test.size:,}")
    model_spec = ModelSpec(family="lstm", embed_dim=200, hidden_size=200, layers=2,
                           dropout=0.2, tied=args.tied)
    train_spec = TrainSpec(
        batching="contiguous", seq_len=35, batch_size=20, optimizer="sgd", lr=20.0,
        schedule="plateau", lr_factor=4.0, clip=0.25, epochs=args.epochs, max_steps=0,
        max_minutes=0, eval_every=0, eval_tokens=0, seed=1111, threads=args.threads,
        device=args.device, checkpoint_every=0, sample_tokens=30, warmup_steps=0,
    )
    if args.preset:
        import dataclasses

        from lmstudio_app.core.specs import preset_specs

        model_spec, train_spec = preset_specs(args.preset, "whitespace", "lstm",
                                              int(data.train.size))
        train_spec = dataclasses.replace(
            train_spec, max_minutes=args.minutes, threads=args.threads, device=args.device,
            eval_tokens=0, checkpoint_every=0,
        )
    print(f"model {model_spec}\ntrain {train_spec}")
    load_before = load_average()
    print(f"load average before: {load_before}", flush=True)
    result = train(model_spec, train_spec, tokenizer, data, eval_batch_size=10)
    load_after = load_average()
    valid_ppl = [round(math.exp(loss), 2) for _, _, loss, _ in result["curve"]]
    test_ppl = result.get("test_perplexity", math.nan)
    print(
        f"\nPTB, LSTM 2x200, {args.epochs} epoch(s) on {args.device} with "
        f"{args.threads} threads: {result['tokens_per_s']:,.0f} tokens/s; valid perplexity per "
        f"epoch {valid_ppl}; test perplexity {test_ppl:.2f} (ours) vs {PEER_TEST_PERPLEXITY} "
        f"(published, 6 epochs); ratio ours/published {test_ppl / PEER_TEST_PERPLEXITY:.3f}; "
        f"wall {result['wall_s']:.0f} s"
    )
    print(f"load average after: {load_after}")
    result.update(load_before=load_before, load_after=load_after, device=args.device,
                  valid_perplexity_per_epoch=valid_ppl, peer=PEER_TEST_PERPLEXITY)
    name = f"preset-{args.preset}" if args.preset else f"{args.epochs}ep"
    print("saved", save_result(f"ptb_lstm-{name}-{args.device}", result))


if __name__ == "__main__":
    main()
