"""Odd and broken files, generated here: one bad file never ends a batch (issue 13, findings 1, 2, 6)."""

import io
import os
import struct

import pytest
from conftest import natural_image
from PIL import Image, ImageFile

from colorizer_app.cli import main
from colorizer_app.core import batch as batch_module
from colorizer_app.core.batch import plan_batch, run_batch
from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.images import ImageReadError, read_photo

FAST = ColorizeSettings(render_size=64)
ASCII, SHORT = 2, 3


def exif_block(*entries: tuple[int, int, int, bytes]) -> bytes:
    """Raw EXIF (one IFD, little-endian), each entry's value inline: lets a test store any type."""
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")
    return b"Exif\0\0II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0)


def jpeg_bytes(height=120, width=96, **options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(natural_image(height, width)).convert("L").save(buffer, "JPEG", **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "entry",
    [
        (0x011A, ASCII, 3, b"72\0"),  # XResolution, a rational, stored as text
        (0x0112, ASCII, 2, b"6\0"),  # Orientation, a short, stored as text
    ],
)
def test_exif_with_wrong_value_types_is_dropped_and_the_photo_colorized(tmp_path, tiny_model, entry):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "odd.jpg").write_bytes(jpeg_bytes(exif=exif_block(entry)))
    Image.fromarray(natural_image()).save(tmp_path / "in" / "zz_fine.png")
    photo = read_photo(tmp_path / "in" / "odd.jpg")
    assert any("EXIF" in warning for warning in photo.warnings)
    summary = run_batch(plan_batch([tmp_path / "in"], tmp_path / "out"), tiny_model, FAST)
    assert summary.count("done") == 2 and summary.ok
    assert "EXIF" in summary.results[0].message


def test_an_unexpected_error_fails_one_photo_with_one_line_and_the_batch_goes_on(photo_folder, tmp_path, tiny_model, monkeypatch):
    real = batch_module.colorize_pixels
    calls = []

    def fails_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise TypeError("bad operand type for abs(): 'str'")
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_module, "colorize_pixels", fails_once)
    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, FAST)
    assert summary.count("done") == 2 and summary.count("failed") == 1 and not summary.stopped_reason
    message = summary.failed[0].message
    assert "TypeError" in message and "details in" in message and "\n" not in message
    log = message.rsplit("details in ", 1)[1]
    assert "Traceback" in open(log).read()


@pytest.mark.parametrize("keep, outcome", [(-2, "done"), (-40, "done"), (0.75, "done"), (0.25, "failed")])
def test_truncated_jpeg_is_colorized_with_a_warning_unless_too_little_is_there(tmp_path, tiny_model, keep, outcome):
    data = jpeg_bytes()
    cut = keep if keep < 0 else int(len(data) * keep)
    (tmp_path / "old.jpg").write_bytes(data[:cut])
    summary = run_batch(plan_batch([tmp_path / "old.jpg"], tmp_path / "out"), tiny_model, FAST)
    result = summary.results[0]
    assert result.status == outcome
    assert ("the file is truncated" if outcome == "done" else "truncated") in result.message
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # scoped to that one read, never left on


def test_truncated_png_reports_how_much_is_there(tmp_path):
    buffer = io.BytesIO()
    Image.fromarray(natural_image(200, 64)).save(buffer, "PNG")
    (tmp_path / "cut.png").write_bytes(buffer.getvalue()[: int(len(buffer.getvalue()) * 0.8)])
    warnings = read_photo(tmp_path / "cut.png").warnings
    assert len(warnings) == 1 and warnings[0].startswith("the file is truncated (about")


def test_a_header_only_file_is_still_refused(tmp_path):
    (tmp_path / "stub.jpg").write_bytes(jpeg_bytes()[:200])
    with pytest.raises(ImageReadError, match="damaged or truncated|truncated"):
        read_photo(tmp_path / "stub.jpg")


def test_a_symlink_loop_is_reported_and_the_rest_colorized(photo_folder, tmp_path, tiny_model_path, capsys):
    os.symlink("loop.jpg", photo_folder / "loop.jpg")
    os.symlink("b.png", photo_folder / "a.png")
    os.symlink("a.png", photo_folder / "b.png")
    code = main(["colorize", str(photo_folder), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path), "--render-size", "64"])
    err = capsys.readouterr().err
    assert code == 1  # the loops are problems worth a non-zero exit
    assert "Done: 3," in err and "loop.jpg: a symbolic link that leads nowhere" in err and "a.png" in err


def _nest_beyond_the_path_limit(root) -> None:
    """Folders of 250-byte names, deeper than PATH_MAX, with a photo at the bottom (made via dir_fd)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(20):
            os.mkdir("d" * 250, dir_fd=fd)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        photo = os.open("deep.png", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        buffer = io.BytesIO()
        Image.new("L", (8, 8), 100).save(buffer, "PNG")
        os.write(photo, buffer.getvalue())
        os.close(photo)
    finally:
        os.close(fd)


def test_photos_beyond_the_path_limit_are_reported_not_skipped_silently(photo_folder, tmp_path):
    _nest_beyond_the_path_limit(photo_folder)
    plan = plan_batch([photo_folder], tmp_path / "out")
    assert len(plan.items) == 3
    assert any("cannot be read" in problem for problem in plan.problems)


def test_a_name_near_the_file_name_limit_is_colorized(tmp_path, tiny_model):
    name = "é" * 120 + ".jpg"  # 244 bytes: a temporary name built from it would pass 255
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(jpeg_bytes())
    summary = run_batch(plan_batch([tmp_path / "in"], tmp_path / "out"), tiny_model, FAST)
    assert summary.ok and summary.count("done") == 1
    assert [path.name for path in (tmp_path / "out" / "in").iterdir()] == [name]
