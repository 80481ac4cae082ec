"""Films from the command line: a film file or a folder of photos and films in, results out,
a one-line reason for what cannot be used, Ctrl+C leaving nothing at the destination and a
second run carrying on. Clips are made here (core/film/sample_clip.py)."""

from __future__ import annotations

import json

import av
import numpy as np
from PIL import Image

from colorizer_app.cli import main
from colorizer_app.core.film.sample_clip import make_pan_clip, make_sound_only_file
from colorizer_app.core.film.steady import SteadyColour


def frame_count(path):
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


def test_colorize_one_film(tmp_path, tiny_model_path, capsys):
    film = make_pan_clip(tmp_path / "film.mp4", 96, 64, 12)
    assert main(["colorize", str(film), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path), "--crf", "30"]) == 0
    assert frame_count(tmp_path / "out" / "film.mp4") == 12
    assert "Done: 1" in capsys.readouterr().err


def test_films_in_a_folder_beside_photos(tmp_path, tiny_model_path, capsys):
    folder = tmp_path / "box"
    folder.mkdir()
    Image.fromarray(np.full((40, 60, 3), 120, np.uint8)).save(folder / "photo.png")
    make_pan_clip(folder / "reel.avi", 64, 48, 6, sound="pcm_s16le")  # PCM sound: the result is MKV
    make_sound_only_file(folder / "sound-only.mp4")
    code = main(["colorize", str(folder), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path), "--format", "png"])
    err = capsys.readouterr().err
    assert code == 1
    assert "--format png is for photos; films are written as MP4" in err
    assert "Colorizing 1 photo(s) and 2 film(s)" in err  # photos and films counted apart ("2 film(s)" alone without photos)
    assert (tmp_path / "out" / "box" / "photo.png").exists()
    assert frame_count(tmp_path / "out" / "box" / "reel.mkv") == 6
    assert not (tmp_path / "out" / "box" / "sound-only.mp4").exists()
    reason = [line for line in err.splitlines() if "sound-only.mp4" in line and "no video stream" in line]
    assert reason, err


def test_ctrl_c_leaves_no_file_and_the_next_run_carries_on(tmp_path, tiny_model_path, monkeypatch, capsys):
    film = make_pan_clip(tmp_path / "film.mp4", 96, 64, 30)
    out = tmp_path / "out"
    pushed = []
    real_push = SteadyColour.push

    def interrupted(self, *args, **kwargs):
        pushed.append(1)
        if len(pushed) == 27:
            raise KeyboardInterrupt
        return real_push(self, *args, **kwargs)

    monkeypatch.setattr("colorizer_app.core.film.pipeline.SEGMENT_SECONDS", 0.4)  # segments of 10 frames
    monkeypatch.setattr(SteadyColour, "push", interrupted)
    assert main(["colorize", str(film), "-o", str(out), "--model", str(tiny_model_path)]) == 130
    assert "Run the same command again to carry on" in capsys.readouterr().err
    assert not (out / "film.mp4").exists()
    assert not [path for path in out.iterdir() if path.name.endswith(".part")]

    pushed.clear()
    monkeypatch.setattr(SteadyColour, "push", lambda self, *a, **k: pushed.append(1) or real_push(self, *a, **k))
    assert main(["colorize", str(film), "-o", str(out), "--model", str(tiny_model_path)]) == 0
    assert "carried on from frame 20" in capsys.readouterr().err
    assert len(pushed) == 10
    assert frame_count(out / "film.mp4") == 30
    assert [path.name for path in out.iterdir()] == ["film.mp4"]  # the parts folder is gone


def test_a_film_hints_file_is_used_and_kept_beside_the_result(tmp_path, tiny_model_path):
    film = make_pan_clip(tmp_path / "film.mp4", 96, 64, 10)
    hints = tmp_path / "pins.json"
    pins = [{"frame": 4, "hints": [{"x": 0.5, "y": 0.5, "color": "#d02020", "size": 0.1}]}]
    hints.write_text(json.dumps({"format": "colorizer-film-hints", "version": 1, "frames": pins}))
    assert main(["colorize", str(film), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path), "--hints", str(hints)]) == 0
    saved = json.loads((tmp_path / "out" / "film.mp4.hints.json").read_text())
    assert saved["format"] == "colorizer-film-hints" and saved["frames"] == pins


def test_bad_film_options_are_refused(tmp_path, tiny_model_path, capsys):
    film = make_pan_clip(tmp_path / "film.mp4", 64, 48, 4)
    assert main(["colorize", str(film), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path), "--crf", "60"]) == 2
    assert "--crf" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "colorizer-film-hints", "version": 1, "frames": [{"frame": -1, "hints": []}]}))
    assert main(["colorize", str(film), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path), "--hints", str(bad)]) == 2
    assert "frame must be a whole number" in capsys.readouterr().err
