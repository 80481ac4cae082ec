"""Issue 26: a result says on the file that its colours are simulated (EXIF ImageDescription and
Software, XMP, PNG text), keeps the original's other EXIF, and can carry a small corner mark."""

import numpy as np
import pytest
from conftest import natural_image
from PIL import Image

from colorizer_app.core.images import read_photo, write_photo
from colorizer_app.core.photo_metadata import ResultNote

NOTE = ResultNote("Default", when=__import__("datetime").date(2026, 5, 1))
TEXT = "Colours simulated by Colorizer, model Default, 2026-05-01"


def original(path, file_format):
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "EOS 5D"  # Model
    exif[0x8298] = "Family archive"  # Copyright
    exif.get_ifd(0x8769)[0x9003] = "1952:07:14 10:00:00"  # DateTimeOriginal, in EXIF's own directory
    Image.fromarray(natural_image(seed=4)).convert("L").save(path, format=file_format, exif=exif.tobytes())
    return path


@pytest.mark.parametrize(("name", "file_format"), [("old.jpg", "JPEG"), ("old.png", "PNG"), ("old.tif", "TIFF"), ("old.webp", "WEBP")])
def test_the_result_says_its_colours_are_simulated_and_keeps_the_originals_exif(tmp_path, name, file_format):
    photo = read_photo(original(tmp_path / name, file_format))
    colour = np.repeat(photo.pixels[:, :, :1], 3, axis=2).copy()
    out = write_photo(tmp_path / "out" / name, colour, photo, note=NOTE)
    with Image.open(out) as result:
        result.load()
        exif = result.getexif()
        assert exif.get(0x010E) == TEXT  # ImageDescription
        assert exif.get(0x0131, "").startswith("Colorizer ")  # Software
        assert (exif.get(0x010F), exif.get(0x0110), exif.get(0x8298)) == ("Canon", "EOS 5D", "Family archive")
        if file_format != "TIFF":  # (Pillow's TIFF writer left the input without its Exif sub-directory: tests/test_tiff_metadata.py)
            assert exif.get_ifd(0x8769).get(0x9003) == "1952:07:14 10:00:00"
        xmp = result.info.get("xmp") or result.info.get("XML:com.adobe.xmp") or (result.tag_v2.get(700) if file_format == "TIFF" else b"")
        assert TEXT in (xmp.decode() if isinstance(xmp, bytes) else xmp)
        if file_format == "PNG":
            assert result.text["Description"] == TEXT and result.text["Software"].startswith("Colorizer ")


def test_a_16_bit_png_and_a_photo_without_exif_get_the_note_too(tmp_path):
    Image.fromarray(natural_image(seed=5)).convert("L").save(tmp_path / "plain.png")
    photo = read_photo(tmp_path / "plain.png")
    deep = (np.repeat(photo.pixels[:, :, :1], 3, axis=2).astype(np.uint16) * 257).copy()
    for name, pixels in (("deep.png", deep), ("plain.jpg", deep.astype(np.float32) / 257)):
        out = write_photo(tmp_path / "out" / name, pixels.astype(np.uint16) if name.endswith("png") else pixels.round().astype(np.uint8), photo, note=NOTE)
        with Image.open(out) as result:
            assert result.getexif().get(0x010E) == TEXT


def test_without_a_note_nothing_is_added(tmp_path):
    photo = read_photo(original(tmp_path / "old.jpg", "JPEG"))
    out = write_photo(tmp_path / "out.jpg", photo.pixels.copy(), photo)
    with Image.open(out) as result:
        assert 0x010E not in result.getexif() and result.getexif().get(0x010F) == "Canon"


def test_the_corner_mark_touches_only_the_bottom_right_corner(tmp_path):
    Image.fromarray(natural_image(height=600, width=900, seed=6)).save(tmp_path / "big.png")
    photo = read_photo(tmp_path / "big.png")
    plain = write_photo(tmp_path / "plain.png", photo.pixels.copy(), photo, note=NOTE)
    marked = write_photo(tmp_path / "marked.png", photo.pixels.copy(), photo, note=ResultNote("Default", mark=True))
    a = np.asarray(Image.open(plain).convert("RGB"), dtype=np.int16)
    b = np.asarray(Image.open(marked).convert("RGB"), dtype=np.int16)
    changed = np.argwhere(np.abs(a - b).max(axis=2) > 0)
    assert len(changed) > 200  # the mark is there
    assert changed[:, 0].min() > 600 * 0.85 and changed[:, 1].min() > 900 * 0.6  # and only in the corner
    assert b[-15:, -40:].mean() < a[-15:, -40:].mean()  # on a dark band


def test_the_windows_batch_and_the_command_line_write_the_note_and_the_mark_when_asked(tmp_path, tiny_model_path):
    """Through run_batch (as the window's batch and `colorizer colorize` call it) and the CLI's --mark."""
    from colorizer_app.cli import main as cli_main
    from colorizer_app.core.batch import plan_batch, run_batch
    from colorizer_app.core.model_files import load_model, read_entry

    folder = tmp_path / "album"
    folder.mkdir()
    Image.fromarray(natural_image(height=300, width=400, seed=7)).convert("L").save(folder / "old.jpg", quality=95)
    model = load_model(read_entry(tiny_model_path))
    run_batch(plan_batch([folder], tmp_path / "plain"), model)
    run_batch(plan_batch([folder], tmp_path / "marked"), model, mark=True)
    assert cli_main(["colorize", str(folder), "-o", str(tmp_path / "cli"), "--model", str(tiny_model_path), "--mark"]) == 0
    for name in ("plain", "marked", "cli"):
        with Image.open(tmp_path / name / "album" / "old.jpg") as result:
            assert result.getexif().get(0x010E).startswith(f"Colours simulated by Colorizer, model {model.card.name}, ")
    plain, marked, cli = (np.asarray(Image.open(tmp_path / name / "album" / "old.jpg"), dtype=np.int16) for name in ("plain", "marked", "cli"))
    assert np.abs(plain[-12:, -40:] - marked[-12:, -40:]).mean() > 10 and np.abs(plain[:200, :200] - marked[:200, :200]).max() <= 3
    assert np.abs(cli[-12:, -40:] - marked[-12:, -40:]).mean() < 3
