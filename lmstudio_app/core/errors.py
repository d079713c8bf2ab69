"""One exception family whose messages a non-programmer understands.

Every error has a stable `code` and keyword `params`. The English sentence comes from
`MESSAGES[code]`; the view layer can translate the same code with the same params, so core
stays free of Qt and of any translation machinery.
"""

from __future__ import annotations

from typing import Any

from lmstudio_app.core.i18n import Text

MESSAGES: dict[str, str] = {
    # corpus
    "path_not_found": "{path}: there is no file or folder with this name.",
    "not_readable": "{path}: the file cannot be read ({reason}).",
    "permission_denied": "{path}: you do not have permission to read this file.",
    "empty_file": "{path}: the file is empty, there is no text to learn from.",
    "empty_folder": "{path}: the folder contains no text files.",
    "no_text_files": "{path}: none of the {skipped} files in this folder is a text file.",
    "binary_file": "{path}: this is not a text file (it looks like {kind}).",
    "too_large": (
        "{path}: the file is {size_mb:.0f} MB, more than the limit of {limit_mb:.0f} MB. "
        "Use a smaller part of it."
    ),
    "undecodable": (
        "{path}: the text could not be read as {encoding}. Choose another encoding, "
        "or save the file as UTF-8."
    ),
    "unknown_encoding": "{encoding!s} is not an encoding this app knows.",
    "not_text_encoding": (
        "{encoding!s} is not a text encoding: it turns bytes into other bytes. "
        "Choose the encoding the text was saved in, such as UTF-8."
    ),
    "not_regular_file": "{path}: this is not a regular file (it is {kind}).",
    "utf8_damaged": (
        "{path}: this file is UTF-8 but has {count} damaged byte(s), the first at byte "
        "{position}. Choose the encoding \"UTF-8 (replace damaged bytes)\" (utf-8:replace) "
        "to read it anyway."
    ),
    "encoding_undetected": (
        "{path}: the encoding of this file could not be recognised. "
        "Choose the encoding by hand, or save the file as UTF-8."
    ),
    "no_corpus": "No text was given: choose a file, a folder or a sample.",
    "empty_text": "The text is empty, there is nothing to learn from.",
    "unknown_sample": "There is no sample called {name!s}. The samples are: {choices}.",
    "bad_split": "The split fractions {fractions} must be positive and add up to 1.",
    "copies_text_too_large": (
        "The training text is too large ({chars:,} characters) to look for passages copied "
        "from it: that works on texts read into memory, from files of up to {limit_mb:g} MB."
    ),
    "split_too_small": (
        "The text is too short to split: the {split} part would be empty. "
        "Use a longer text or a larger {split} fraction."
    ),
    # tokenizer
    "unknown_tokenizer": "{kind!s} is not a tokenizer kind. The kinds are: {choices}.",
    "bad_vocab_size": "The vocabulary size must be between {low} and {high}, not {value}.",
    "tokenizer_file_bad": "{path}: this is not a tokenizer file this app can read ({reason}).",
    "cancelled": "Cancelled.",
    # settings
    "bad_setting": "{label} must be {expected}, not {value}.",
    "setting_not_for_model": "{flag!s} is not a setting of {kind} models.",
    # run folders
    "run_not_found": "{path}: there is no run folder here.",
    "run_corrupt": "{path}: the run folder is damaged ({reason}).",
    # not damage: a kind counted in one go (the n-gram) has no training to resume
    "nothing_to_resume": (
        "{path}: {kind} models are counted in one go, so this run has nothing to continue. "
        "Train a new one instead."
    ),
    "run_future_version": (
        "{path}: this run was saved by a newer version of the app (format {version}); "
        "update the app to open it."
    ),
    "write_failed": "{path}: could not save ({reason}). Nothing already saved was lost.",
    # training
    "diverged": (
        "Training stopped at step {step}: the loss became {value}. The learning rate "
        "({lr:g}) is probably too high; try a smaller one. The last good weights were kept."
    ),
    "corpus_too_short": (
        "The {split} text has {tokens} tokens, too short for one training window of "
        "{needed}. Use a longer text or a shorter sequence length."
    ),
    "text_too_short_to_learn": (
        "The training text has only {tokens} token(s), and a model needs at least two to "
        "learn which token follows which: use a longer text."
    ),
    "out_of_memory": (
        "The model is too large for this computer's memory ({detail}). "
        "Choose a smaller model or batch size."
    ),
    "device_unavailable": "The device {device!s} is not available on this computer.",
    "no_checkpoint": (
        "{path}: this run has nothing to continue from (it stopped before anything was saved). "
        "Start it again instead."
    ),
    "resume_change": (
        "{label} cannot be changed when continuing a run; start a new run to change it."
    ),
    "resume_corpus_changed": (
        "The text this run was trained on has changed since ({what}). "
        "Continue it with the same text, or start a new run."
    ),
    "resume_not_the_text": (
        "{path} is not the text this run was trained on ({what}): choose the one it was "
        "trained on, or start a new run."
    ),
    "run_exists": (
        "{path} already holds a run. Choose another folder, or continue that run with "
        "--resume {path}."
    ),
    "no_output": "Say where to save the run, with --out FOLDER.",
    # n-gram models and ARPA files
    "arpa_bad": "{path}: this is not an ARPA language model file this app can read ({reason}).",
    "arpa_vocab_mismatch": (
        "{path}: {count} words of this language model are not in the tokenizer "
        "(for example {examples}). Import it with the tokenizer it was built with."
    ),
    "not_ngram_run": (
        "{path}: this run holds a {kind} model; only n-gram models can be saved as ARPA files."
    ),
    "no_attention": (
        "{path}: this run's model is of the kind {kind}, which has no attention to show; "
        "only transformer (gpt) models have."
    ),
    "run_folder_taken": "{path} already holds a run. Choose another folder for the new one.",
    # mixes of runs (`mix`)
    "mix_too_few": "A mix needs two or more runs.",
    "mix_part_missing": (
        "{path}: this mix is made of the run {part}, which is not there any more; put it back, "
        "or mix the runs again."
    ),
    "mix_tokenizer_differs": (
        "{part} does not use the tokenizer of {first}, so the two cannot be mixed; train it "
        "with --tokenizer-from {first} (\"Use the tokenizer of a run\")."
    ),
    "mix_no_valid": (
        "There is no validation text to tune the mix's weights on: give one with --valid FILE."
    ),
    # lesson files (.lmlesson)
    "lesson_bad": "{path}: this is not a lesson file this app can read ({reason}).",
    "lesson_too_large": (
        "{path}: the lesson file is {size_mb:.1f} MB, more than the limit of {limit_mb:.0f} MB "
        "for a lesson."
    ),
    "lesson_future_version": (
        "{path}: this lesson was saved by a newer version of the app (format {version}); "
        "update the app to open it."
    ),
    "lesson_field_unknown": (
        "{path}: the lesson has a field this app does not know: {field!s}. "
        "The fields it can have here are: {choices}."
    ),
    "lesson_field_missing": "{path}: the lesson lacks {field!s}, which every lesson needs.",
    "lesson_field_bad": "{path}: in the lesson, {field!s} must be {expected}, not {value}.",
    "lesson_setting_bad": "{path}: a setting in the lesson is wrong: {problem}",
    "lesson_path_refused": (
        "{path}: the lesson points to a file or folder ({field!s}). A lesson must carry its "
        "text inside it, or name a sample, so that it works on every student's computer."
    ),
    "lesson_unknown_sample": (
        "{path}: the lesson uses a sample called {name!s}, which this app does not have. "
        "The samples are: {choices}."
    ),
    "lesson_unknown_setting": (
        "{path}: {field!s} in the lesson names a setting that does not exist: {name!s}. "
        "The settings there are: {choices}."
    ),
    "lesson_text_too_large": (
        "The text {name!s} is {size_mb:.1f} MB, too large to put inside a lesson (the limit is "
        "{limit_mb:.0f} MB). Use a smaller text, or a sample."
    ),
    "lesson_locked": (
        "{label} is locked by the lesson {path}; it cannot be changed. Leave it out, or ask "
        "for a lesson that does not lock it."
    ),
    "lesson_with_resume": "--lesson starts a new run; to continue a run, use --resume alone.",
    # reliability: full disks, read-only folders, locked and interrupted runs
    "disk_full": (
        "{path}: the disk is full, so this could not be saved. Free some space and try again; "
        "nothing already saved was lost."
    ),
    "cannot_write": (
        "{path}: the app cannot write here (the folder is read-only or you do not have "
        "permission). Choose another folder."
    ),
    "ddp_process_lost": (
        "Training stopped: another training process stopped or stopped answering ({detail}). "
        "The run is saved up to its last checkpoint; start the same torchrun command with "
        "--resume to continue, with as many processes as you like."
    ),
    "ddp_batch_split": (
        "The batch size ({batch_size}) must split evenly between the {processes} training "
        "processes. Choose a batch size that is a multiple of {processes}."
    ),
    "run_locked": (
        "{path}: this run is being trained by another window or program. Wait until it "
        "finishes, or stop it there first."
    ),
    "diverged_untrained": (
        "Training stopped at step {step}: the loss became {value} before the model had "
        "learned anything. The learning rate ({lr:g}) is probably too high; start again with "
        "a smaller one."
    ),
    "not_enough_memory": (
        "The model is too large for this computer's memory: training it needs about "
        "{needed_mb:,.0f} MB and only {available_mb:,.0f} MB are free. Choose a smaller model, "
        "batch size or sequence length."
    ),
    "file_changed": (
        "{path}: the file changed while it was being read. Wait until it is saved completely, "
        "then load it again."
    ),
    "resume_file_refused": (
        "{path}: this file is not read again to continue the run ({reason}). Name the text "
        "to continue it with yourself: lmstudio-app train --resume {run} FILE"
    ),
    "bad_special_tokens": (
        "Each special token (unknown, beginning, end, padding) must be a short text without "
        "spaces, and all four must be different (not {tokens})."
    ),
    # run folders from anyone: exports never overwrite the run or another file by surprise
    "export_inside_run": (
        "{target}: this is inside the run folder {path}. Choose a place outside the run "
        "folder, so that none of the run's own files is overwritten."
    ),
    "export_target_exists": "{target} already exists. Choose another name or folder.",
    # Hugging Face export (`export RUN --hf DIR`)
    "not_gpt_run": (
        "{path}: only a GPT run can be exported to Hugging Face's format; this run's model "
        "kind is {kind}."
    ),
    "hf_target_not_empty": (
        "{target} already exists and is not an empty folder. Choose a new folder name, or an "
        "empty folder."
    ),
    # experiments (`experiment`, "Vary a setting")
    "experiment_setting": "{name!s} is not a setting an experiment can vary. These can: {choices}.",
    "experiment_values": (
        "Give at least two values for {label} (as 1,2,3 or a range such as 0.001:0.1:5), "
        "not {value}."
    ),
    "experiment_exists": (
        "{path} already holds an experiment or other files. Choose a new or empty folder."
    ),
    "experiment_not_done": "{path}: no run of this experiment finished, so there is nothing "
    "to choose.",
}


class StudioError(Exception):
    """A problem caused by the user's input or environment, explained in one plain sentence."""

    def __init__(self, code: str, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"unknown error code {code!r}")
        self.code = code
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> Text:
        """The English sentence; a `Text`, so the window can show it translated."""
        return Text(MESSAGES[self.code], **self.params)


class CorpusError(StudioError):
    """The text could not be loaded or split."""


class TokenizerError(StudioError):
    """A tokenizer could not be built, loaded or used."""


class ConfigError(StudioError):
    """A setting is out of its valid range."""


class RunFolderError(StudioError):
    """A run folder is missing, damaged or from an unknown version."""


class TrainingError(StudioError):
    """Training could not go on (diverged, out of memory, corpus too short)."""


class Cancelled(Exception):
    """Long work stopped because its cancel check said so."""
