"""`colorizer-app --self-test`: proves an installed or frozen app works, without a screen.

Loads the default model, colorizes a shipped sample and checks the result, colorizes a tiny
generated film (its sound copied untouched), then runs a short training through the same child-process path the Trainer panel uses.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from trainer.practice import make_practice_photos, quick_training_arguments

SAMPLE = "astronaut-bw.jpg"


def _say(text: str) -> None:
    if sys.stdout is not None:  # a windowed frozen app may have no stdout
        print(text, flush=True)


def check_colorizing(folder: Path) -> str:
    import torch

    from colorizer_app.core.color import rgb_to_lab
    from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
    from colorizer_app.core.images import read_photo, write_photo
    from colorizer_app.core.model_files import find_model, load_model, resources_dir

    model = load_model(find_model())
    photo = read_photo(resources_dir() / "samples" / SAMPLE)
    result = colorize_pixels(photo.pixels, model, ColorizeSettings(render_size=256))
    written = write_photo(folder / SAMPLE, result, photo)
    back = read_photo(written).pixels
    if back.shape != photo.pixels.shape:
        raise AssertionError(f"result is {back.shape}, the sample {photo.pixels.shape}")
    lab_in = rgb_to_lab(torch.from_numpy(photo.pixels / 255.0).permute(2, 0, 1).float())
    lab_out = rgb_to_lab(torch.from_numpy(result / 255.0).permute(2, 0, 1).float())
    lightness_error = float((lab_in[0] - lab_out[0]).abs().max())
    chroma = float(lab_out[1:].norm(dim=0).mean())
    if lightness_error > 0.6:
        raise AssertionError(f"the luminance changed by up to {lightness_error:.2f}")
    if chroma < 3:
        raise AssertionError(f"the result has almost no colour (mean chroma {chroma:.1f})")
    return f"colorized {SAMPLE} with {model.card.name}: mean chroma {chroma:.1f}, luminance kept within {lightness_error:.2f}"


def check_film(folder: Path) -> str:
    """A tiny generated film (a pan with a sine-wave sound track) through the whole film path:
    PyAV's FFmpeg libraries, the H.264 encoder, the optical flow and the sound copy."""
    import av
    import numpy as np

    from colorizer_app.core import fast_colour
    from colorizer_app.core.film.pipeline import FilmJob, colorize_film
    from colorizer_app.core.film.sample_clip import make_pan_clip
    from colorizer_app.core.model_files import find_model, load_model

    source = make_pan_clip(folder / "film-in.mp4", 96, 64, 12)
    output = folder / "film-out.mp4"
    result = colorize_film(FilmJob(source, output), load_model(find_model()))

    def read(path: Path) -> tuple[list[np.ndarray], list[bytes]]:
        with av.open(str(path)) as container:
            frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]
        with av.open(str(path)) as container:
            return frames, [bytes(packet) for packet in container.demux(audio=0) if packet.size]

    (frames_in, sound_in), (frames_out, sound_out) = read(source), read(output)
    if len(frames_out) != len(frames_in) or frames_out[0].shape != frames_in[0].shape:
        raise AssertionError(
            f"the film came back with {len(frames_out)} frames of {frames_out[0].shape}, not {len(frames_in)} of {frames_in[0].shape}"
        )
    if sound_out != sound_in or not sound_in:
        raise AssertionError("the sound was not copied untouched")
    error = max(
        float(np.abs(fast_colour.lightness(a) - fast_colour.lightness(b)).mean()) for a, b in zip(frames_in, frames_out, strict=True)
    )
    if error > 3:
        raise AssertionError(f"the film's lightness changed by {error:.1f} on average")
    return f"colorized a {len(frames_out)}-frame film with its sound copied untouched (PyAV {av.__version__}, {result.shots} shot)"


def check_training(folder: Path, timeout_s: float = 600) -> str:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from colorizer_app.ui.train.process import TrainingProcess, training_command

    application = QCoreApplication.instance() or QCoreApplication([])  # QProcess needs an event loop
    data = make_practice_photos(folder / "photos")
    run_dir = folder / "run"
    arguments = quick_training_arguments(data, run_dir, 1, "--no-register")
    process = TrainingProcess(run_dir)
    outcome: dict = {}
    loop = QEventLoop()
    process.ended.connect(lambda success, message: (outcome.update(success=success, message=message), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    process.start(training_command(arguments))
    loop.exec()
    application.processEvents()
    if not outcome:
        process.process.kill()
        raise AssertionError(f"training did not finish within {timeout_s:.0f} s")
    if not outcome["success"]:
        raise AssertionError(f"training failed: {outcome['message']}")
    if process.last_event.get("type") != "finished":
        raise AssertionError(f"training ended with {process.last_event.get('type')!r}, not 'finished'")
    return f"trained {process.last_event['step']} steps in a child process; model at {process.last_event['model']}"


def run_self_test() -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="colorizer-self-test-") as temporary:
        for name, check in (("colorize", check_colorizing), ("film", check_film), ("train", check_training)):
            started = time.monotonic()
            if name == "film" and failures:  # the same model: its failure is already reported
                _say("skip film: needs the model the colorize check could not use")
                continue
            try:
                detail = check(Path(temporary))
            except Exception as error:
                failures += 1
                _say(f"FAIL {name}: {type(error).__name__}: {error}")
            else:
                _say(f"ok   {name} ({time.monotonic() - started:.1f} s): {detail}")
    _say("self-test passed" if not failures else f"self-test FAILED ({failures} check(s))")
    return 0 if not failures else 1
