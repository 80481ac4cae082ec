"""Fault drills on the batch and the command line (issue 27): the output folder's faults are
said once and stop the batch, a photo is never its own result, bad limits are refused, a
16-bit TIFF stays 16-bit, and a long thin panorama is not rendered 2 pixels high."""

from __future__ import annotations

import errno
import io
import os

import numpy as np
import pytest
from conftest import natural_image
from PIL import Image

from colorizer_app.cli import main
from colorizer_app.core import batch as batch_module
from colorizer_app.core import batch_io
from colorizer_app.core.batch import plan_batch, run_batch
from colorizer_app.core.colorize import ColorizeSettings, render_shape
from colorizer_app.core.images import ImageWriteError, read_photo, write_photo

FAST = ColorizeSettings(render_size=64)


@pytest.fixture
def ten_photos(tmp_path):
    folder = tmp_path / "ten"
    folder.mkdir()
    for number in range(10):
        Image.fromarray(natural_image(40, 52, seed=number)).convert("L").save(folder / f"photo{number}.png")
    return folder


def failing_writes(monkeypatch, number: int, from_call: int = 1) -> list:
    """write_photo raises OSError(number) from its ``from_call``-th call on, as the real one wraps it."""
    real, calls = batch_module.write_photo, []

    def write(path, *args, **kwargs):
        calls.append(path)
        if len(calls) >= from_call:
            raise ImageWriteError(f"{path}: could not write ({os.strerror(number)})") from OSError(number, os.strerror(number))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch_module, "write_photo", write)
    return calls


def test_a_full_disk_names_the_folder_and_counts_done_and_not_started(ten_photos, tmp_path, tiny_model, monkeypatch):
    failing_writes(monkeypatch, errno.ENOSPC, from_call=4)
    out = tmp_path / "out"
    seen = []
    summary = run_batch(plan_batch([ten_photos], out), tiny_model, FAST, on_result=lambda i, n, result: seen.append(result))
    assert (
        summary.stopped_reason
        == f"The output folder {out.resolve()} is full: 3 done and kept, 7 not finished; run again once it can be written"
    )
    assert summary.count("done") == 3 and not summary.failed and summary.not_started == 7
    assert [result.status for result in seen] == ["done"] * 3, "the photo that hit the limit is not blamed"
    assert not [path for path in out.rglob("*") if path.is_file() and not path.name.startswith("photo")], "no partial file"


def test_a_read_only_folder_is_found_before_the_first_photo(photo_folder, tmp_path, tiny_model, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    colorized = []
    monkeypatch.setattr(batch_io.tempfile, "NamedTemporaryFile", read_only)
    monkeypatch.setattr(batch_module, "colorize_pixels", lambda *args, **kwargs: colorized.append(1))
    out = tmp_path / "out"
    summary = run_batch(plan_batch([photo_folder], out), tiny_model, FAST)
    assert not colorized and not summary.results
    assert (
        summary.stopped_reason
        == f"The output folder {out.resolve()} is on a read-only disk: nothing was written there; run again once it can be written"
    )


def test_a_folder_made_read_only_during_the_batch_stops_it_at_the_first_write(ten_photos, tmp_path, tiny_model, monkeypatch):
    calls = failing_writes(monkeypatch, errno.EROFS, from_call=2)
    summary = run_batch(plan_batch([ten_photos], tmp_path / "out"), tiny_model, FAST)
    assert summary.count("done") == 1 and not summary.failed and summary.not_started == 9
    assert "read-only disk: 1 done and kept, 9 not finished" in summary.stopped_reason
    assert len(calls) == 2, "no photo is written after the folder failed"


def test_an_output_under_a_file_is_one_line_on_the_command_line(photo_folder, tmp_path, tiny_model_path, capsys):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    out = tmp_path / "notes.txt" / "results"
    code = main(["colorize", str(photo_folder), "-o", str(out), "--model", str(tiny_model_path), "--render-size", "64"])
    err = capsys.readouterr().err
    assert code == 1 and "  failed: " not in err and err.count(str(out)) == 2  # the "Colorizing ... into" line and the stop
    assert f"The output folder {out} is not a folder" in err and "nothing was written there" in err


def test_one_unwritable_result_is_the_photos_own_failure_not_the_folders(photo_folder, tmp_path, tiny_model, monkeypatch):
    calls = failing_writes(monkeypatch, errno.EACCES, from_call=1)
    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, FAST)
    assert summary.count("failed") == 3 and not summary.stopped_reason and len(calls) == 3


def test_a_photo_whose_result_would_be_itself_is_refused(tmp_path, tiny_model_path, capsys):
    Image.fromarray(natural_image()).convert("L").save(tmp_path / "photo.jpg")
    before = (tmp_path / "photo.jpg").read_bytes()
    code = main(["colorize", str(tmp_path / "photo.jpg"), "-o", str(tmp_path), "--model", str(tiny_model_path)])
    err = capsys.readouterr().err
    assert code != 0 and "would replace the photo itself" in err and "skipped" not in err
    assert (tmp_path / "photo.jpg").read_bytes() == before


def test_an_output_symlink_loop_is_a_usage_error(photo_folder, tmp_path, tiny_model_path, capsys):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    code = main(["colorize", str(photo_folder), "-o", str(loop), "--model", str(tiny_model_path)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "loop" in err and "unexpected" not in err


@pytest.mark.parametrize("value", ["0", "-1", "nan", "1e308", "inf"])
def test_max_megapixels_is_checked_before_any_work(photo_folder, tmp_path, value, capsys):
    code = main(["colorize", str(photo_folder), "-o", str(tmp_path / "out"), "--max-megapixels", value])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("colorizer: --max-megapixels must be above 0") and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_16_bit_tiff_comes_back_16_bit_with_its_exif(tmp_path, tiny_model):
    tifffile = pytest.importorskip("tifffile")
    grey = (np.asarray(Image.fromarray(natural_image(60, 80)).convert("L"), np.uint16) * 257 + 3).astype(np.uint16)
    exif = Image.Exif()
    exif[0x010F] = "Scanner Co"  # Make
    exif.get_ifd(0x8769)[0x9003] = "1954:07:01 10:00:00"  # DateTimeOriginal
    Image.fromarray(grey).save(tmp_path / "scan.tif")
    Image.fromarray(grey).save(tmp_path / "scan.png", exif=exif.tobytes())
    summary = run_batch(plan_batch([tmp_path / "scan.tif"], tmp_path / "out"), tiny_model, FAST)
    output = summary.results[0].item.output
    assert summary.count("done") == 1 and output.suffix == ".tif"
    pixels = tifffile.imread(output)
    assert pixels.dtype == np.uint16 and pixels.shape == (60, 80, 3)
    assert len(np.unique(pixels[:, :, 1] & 0xFF)) > 16, "real 16-bit values, not 8-bit ones times 257"
    # a 16-bit photo's EXIF is carried into a 16-bit TIFF, its Exif sub-IFD included
    second = run_batch(plan_batch([tmp_path / "scan.png"], tmp_path / "tiff", "TIFF"), tiny_model, FAST, file_format="TIFF")
    assert second.count("done") == 1, second.results
    output = tmp_path / "tiff" / "scan.tif"
    assert tifffile.imread(output).dtype == np.uint16
    with Image.open(output) as result:
        carried = result.getexif()
        assert carried[0x010F] == "Scanner Co" and carried.get_ifd(0x8769)[0x9003] == "1954:07:01 10:00:00"


def test_a_16_bit_tiff_with_alpha_round_trips_exactly(tmp_path):
    tifffile = pytest.importorskip("tifffile")
    rgb = np.random.default_rng(0).integers(0, 65536, (33, 47, 3), dtype=np.uint16)
    alpha = np.random.default_rng(1).integers(0, 65536, (33, 47), dtype=np.uint16)
    photo = read_photo_like(tmp_path, alpha)
    write_photo(tmp_path / "out.tif", rgb, photo)
    back = tifffile.imread(tmp_path / "out.tif")
    assert back.shape == (33, 47, 4) and (back[:, :, :3] == rgb).all() and (back[:, :, 3] == alpha).all()


def read_photo_like(tmp_path, alpha):
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((33, 47), np.uint16)).save(buffer, "PNG")
    (tmp_path / "grey16.png").write_bytes(buffer.getvalue())
    photo = read_photo(tmp_path / "grey16.png")
    photo.alpha = alpha
    return photo


def test_a_long_thin_panorama_is_rendered_at_a_sensible_short_side(tmp_path, tiny_model):
    height, width = render_shape(200, 30000, 256)
    assert height >= 64 and width > 256, "not 2 pixels high"
    assert render_shape(3000, 4000, 256) == (192, 256) and render_shape(1000, 500, 256) == (256, 128)  # ordinary photos as before
    strip = np.tile(np.linspace(0, 255, 6000, dtype=np.float32), (40, 1)).astype(np.uint8)
    Image.fromarray(strip).save(tmp_path / "panorama.png")
    summary = run_batch(plan_batch([tmp_path / "panorama.png"], tmp_path / "out"), tiny_model, FAST)
    assert summary.count("done") == 1 and "very long, thin picture" in summary.results[0].message  # said, where it stays thin
    assert min(render_shape(40, 6000, 64)) > min(40 * 64 / 6000, 1) * 10, "still far more than the long side alone allows"


def test_the_folder_sentence_names_a_film_only_when_the_batch_stopped_inside_one(tmp_path):
    from colorizer_app.core.batch import BatchItem, BatchSummary, ItemResult, folder_stop_sentence

    photo, film = BatchItem(tmp_path / "a.jpg", tmp_path / "o" / "a.jpg"), BatchItem(tmp_path / "b.mp4", tmp_path / "o" / "b.mp4")
    later = BatchItem(tmp_path / "c.jpg", tmp_path / "o" / "c.jpg")
    stopped = BatchSummary(results=[ItemResult(photo, "done")], folder_fault=(tmp_path, "is full"), not_started=2)
    assert "film" not in folder_stop_sentence(stopped, [photo, film, later])  # found before it began: nothing saved
    (tmp_path / "o" / ".b.mp4.parts").mkdir(parents=True)  # its first segments
    assert folder_stop_sentence(stopped, [photo, film, later]) == (
        f"The output folder {tmp_path} is full: 1 done and kept, 2 not finished; run again once it can be written "
        "(the film it stopped in carries on where it stopped)"
    )
    assert "film" not in folder_stop_sentence(stopped, [photo, later, film])  # the film had not started
    inside_first = BatchSummary(folder_fault=(tmp_path, "is full"), not_started=2)
    assert folder_stop_sentence(inside_first, [film, later]).startswith(f"The output folder {tmp_path} is full: nothing was finished;")
