"""A corpus of odd files made at test time with Pillow: every file Pillow fully loads gets a
result, every other file a one-line reason (issue 27, "Every photo a viewer can open").

Pillow's wheels ship no test images, so the files are written here: multi-picture JPEGs,
animated PNGs, a clipboard DIB, a layered Photoshop file under a ``.png`` name, 16-bit
scans, odd modes, and broken files.
"""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from conftest import natural_image
from PIL import Image

from colorizer_app.cli import main
from colorizer_app.core.batch import plan_batch, run_batch
from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.images import read_photo

FAST = ColorizeSettings(render_size=64)


def psd_bytes(grey: np.ndarray, layers: int = 2) -> bytes:
    """A greyscale Photoshop file with ``layers`` layers and its merged picture (Pillow reads
    PSD but cannot write it). Layout: Adobe's PSD spec, as PsdImagePlugin reads it."""
    height, width = grey.shape
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 1, height, width, 8, 1)  # 1 channel, 8 bits, greyscale
    record = struct.pack(">iiiiH", 0, 0, height, width, 1) + struct.pack(">hI", 0, 2 + grey.size)
    record += b"8BIMnorm" + bytes([255, 0, 0, 0]) + struct.pack(">I", 0)
    info = struct.pack(">h", layers) + record * layers + (struct.pack(">H", 0) + grey.tobytes()) * layers
    layer_section = struct.pack(">I", len(info)) + info
    sections = struct.pack(">I", 0) + struct.pack(">I", 0) + struct.pack(">I", len(layer_section)) + layer_section
    return header + sections + struct.pack(">H", 0) + grey.tobytes()


def encoded(image: Image.Image, file_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, file_format, **options)
    return buffer.getvalue()


def frames(count: int = 4) -> list[Image.Image]:
    return [Image.fromarray(np.roll(natural_image(48, 64, seed=5), 8 * i, axis=1)).convert("L").convert("RGB") for i in range(count)]


def make_corpus(folder) -> dict[str, bytes]:
    rgb = Image.fromarray(natural_image(48, 64, seed=4))
    grey = rgb.convert("L")
    grey16 = Image.fromarray(np.asarray(grey).astype(np.uint16) * 257)
    first, *rest = frames()
    bmp = encoded(grey, "BMP")
    jpeg = encoded(grey, "JPEG", quality=90)
    png = encoded(rgb, "PNG")
    files = {
        "plain.jpg": jpeg,
        "grey.png": encoded(grey, "PNG"),
        "grey16.png": encoded(grey16, "PNG"),
        "grey16.tif": encoded(grey16, "TIFF"),
        "colour.tif": encoded(rgb, "TIFF", compression="tiff_lzw"),
        "float.tif": encoded(Image.fromarray(np.asarray(grey, np.float32) / 255), "TIFF"),
        "pages.tif": encoded(grey, "TIFF", save_all=True, append_images=[grey.rotate(90)]),
        "bilevel.png": encoded(grey.convert("1"), "PNG"),
        "palette.gif": encoded(rgb.convert("P"), "GIF"),
        "animated.gif": encoded(first, "GIF", save_all=True, append_images=rest, duration=80),
        "transparent.png": encoded(rgb.convert("RGBA"), "PNG"),
        "grey-alpha.png": encoded(grey.convert("LA"), "PNG"),
        "cmyk.jpg": encoded(rgb.convert("CMYK"), "JPEG"),
        "lossless.webp": encoded(grey, "WEBP", lossless=True),
        "stereo.mpo": encoded(first, "MPO", save_all=True, append_images=rest[:1]),
        "phone.jpg": encoded(first, "MPO", save_all=True, append_images=rest[:1]),  # MPO under a .jpg name
        "animation.apng": encoded(first, "PNG", save_all=True, append_images=rest, duration=80),
        "spinner.png": encoded(first, "PNG", save_all=True, append_images=rest, duration=80),
        "clipboard.dib": bmp[14:],  # a BMP without its file header, as Windows' clipboard holds it
        "layered.png": psd_bytes(np.asarray(grey)),  # a Photoshop file under a .png name
        "merged.psd": psd_bytes(np.asarray(grey), layers=1),
        "scan.pgm": encoded(grey, "PPM"),
        "old.tga": encoded(grey, "TGA"),
        "paint.pcx": encoded(grey, "PCX"),
        "camera.jfif": jpeg,
        "jpeg-named.png": jpeg,  # the content decides, not the name
        "cut.jpg": jpeg[: len(jpeg) * 3 // 4],  # truncated: colorized as far as it goes, with a note
        "cut.png": png[: len(png) * 3 // 4],
        "stub.png": png[:40],  # only the header: nothing to colorize
        "empty.jpg": b"",
        "text.jpg": b"this is not a photo\n" * 20,
        "noise.bmp": bytes(np.random.default_rng(0).integers(0, 256, 3000, dtype=np.uint8)),
        "damaged-psd.png": psd_bytes(np.asarray(grey))[:60],
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def pillow_loads(path) -> bool:
    try:
        with Image.open(path) as image:
            image.load()
        return True
    except Exception:  # noqa: BLE001 (any failure means Pillow cannot fully load it)
        return False


def test_every_file_pillow_loads_gets_a_result_and_every_other_a_one_line_reason(tmp_path, tiny_model):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = make_corpus(corpus)
    summary = run_batch(plan_batch([corpus], tmp_path / "out"), tiny_model, FAST)
    by_name = {result.item.source.name: result for result in summary.results}
    assert set(by_name) == set(names), "every file of the corpus is taken as a photo"
    for name, result in by_name.items():
        if pillow_loads(corpus / name):
            assert result.status == "done", f"{name}: {result.message}"
        if result.status == "done":
            assert result.item.output.exists() and pillow_loads(result.item.output), name
        else:
            assert result.message and "\n" not in result.message and "Traceback" not in result.message, name
    # the truncated ones Pillow refuses are still colorized, with a note
    assert by_name["cut.jpg"].status == "done" and "truncated" in by_name["cut.jpg"].message
    assert {name for name, result in by_name.items() if result.status != "done"} == {
        "stub.png",
        "empty.jpg",
        "text.jpg",
        "noise.bmp",
        "damaged-psd.png",
    }
    # results are named for what they hold
    outputs = {name: result.item.output for name, result in by_name.items()}
    assert outputs["stereo.mpo"].suffix == ".jpg" and outputs["animation.apng"].suffix == ".png"
    assert outputs["clipboard.dib"].suffix == ".png" and outputs["merged.psd"].suffix == ".png"
    for name in ("jpeg-named.png", "layered.png", "phone.jpg", "camera.jfif"):
        with Image.open(outputs[name]) as image:
            assert image.format == {".png": "PNG", ".jpg": "JPEG", ".jfif": "JPEG"}[outputs[name].suffix], name


@pytest.mark.parametrize(
    "name, expected_format, note",
    [
        ("stereo.mpo", "MPO", None),
        ("phone.jpg", "MPO", None),
        ("animation.apng", "PNG", "4 frames: only the first"),
        ("spinner.png", "PNG", "4 frames: only the first"),
        ("animated.gif", "GIF", "4 frames: only the first"),
        ("pages.tif", "TIFF", "2 pages: only the first"),
        ("clipboard.dib", "DIB", None),
        ("layered.png", "PSD", None),
    ],
)
def test_odd_formats_give_their_first_picture_and_say_so_where_there_are_more(tmp_path, name, expected_format, note):
    make_corpus(tmp_path)
    photo = read_photo(tmp_path / name)
    assert photo.format == expected_format
    with Image.open(tmp_path / name) as image:
        first = np.asarray(image.convert("L"))
    assert np.abs(photo.pixels[:, :, 0].astype(int) - first).max() <= 2, "the first picture, as a viewer shows it"
    if note:
        assert any(note in warning for warning in photo.warnings)
    else:
        assert not photo.warnings


def test_a_psd_that_really_fails_gets_its_real_reason_not_a_seek_error(tmp_path):
    make_corpus(tmp_path)
    with pytest.raises(Exception) as caught:
        read_photo(tmp_path / "damaged-psd.png")
    assert "seek outside sequence" not in str(caught.value)


def test_the_command_line_colorizes_the_corpus_with_one_line_per_problem(tmp_path, tiny_model_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_corpus(corpus)
    code = main(["colorize", str(corpus), "-o", str(tmp_path / "out"), "--model", str(tiny_model_path), "--render-size", "64"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    failed = [line for line in err.splitlines() if line.startswith("  failed: ")]
    assert len(failed) == 5 and all(str(corpus) in line for line in failed)
    assert "Done: 28," in err
