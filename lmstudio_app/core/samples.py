"""The sample corpora bundled with the app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lmstudio_app.core.corpus import Corpus, load_corpus
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.resources import resources_dir


@dataclass(frozen=True)
class Sample:
    name: str
    file: str
    title: str
    language: str
    description: str
    # How to hold out validation and test text. names.txt ends with its rarest names in
    # alphabetical order, so holding out the tail would test on an unrepresentative list.
    split_method: str = "contiguous"

    @property
    def path(self) -> Path:
        return resources_dir() / "corpora" / self.file


SAMPLES: dict[str, Sample] = {
    sample.name: sample
    for sample in [
        Sample(
            "shakespeare",
            "tinyshakespeare.txt",
            N_("Tiny Shakespeare"),
            "en",
            N_("40,000 lines from Shakespeare's plays (1.1 MB). The classic for character models."),
        ),
        Sample(
            "names",
            "names.txt",
            N_("First names"),
            "en",
            N_("32,033 first names, one a line. A model learns to invent new, plausible names."),
            split_method="lines",
        ),
        Sample(
            "shijing",
            "shijing.txt",
            N_("诗经 Book of Songs"),
            "zh",
            N_("305 poems of the Book of Songs, simplified characters, one poem a line."),
        ),
        Sample(
            "lunyu",
            "lunyu.txt",
            N_("论语 Analects"),
            "zh",
            N_("The Analects of Confucius, simplified characters, one paragraph a line."),
        ),
        Sample(
            "tangshi",
            "tangshi300.txt",
            N_("唐诗三百首 Tang poems"),
            "zh",
            N_("Three Hundred Tang Poems, traditional characters, one poem a line."),
        ),
        Sample(
            "tang5000",
            "tang_poems_5000.txt",
            N_("5,000 Tang poems"),
            "zh",
            N_("5,003 Tang poems, traditional characters, one poem a line (0.9 MB)."),
        ),
    ]
}


def get_sample(name: str) -> Sample:
    try:
        return SAMPLES[name]
    except KeyError:
        raise CorpusError("unknown_sample", name=name, choices=", ".join(SAMPLES)) from None


def load_sample(name: str) -> Corpus:
    sample = get_sample(name)
    corpus = load_corpus(sample.path)
    corpus.name = sample.title
    return corpus
