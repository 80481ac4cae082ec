import errno
import io
import struct
import zlib

import numpy as np
import pytest
from conftest import natural_image
from icc_helpers import swapped_red_green_profile
from PIL import Image, ImageCms

from colorizer_app.core import images
from colorizer_app.core.images import ImageReadError, ImageWriteError, output_format_for, read_header, read_photo, write_photo

RGB = natural_image(40, 60)


@pytest.mark.parametrize(
    "suffix, options",
    [(".jpg", {"quality": 95}), (".png", {}), (".tif", {}), (".bmp", {}), (".webp", {"quality": 95}), (".gif", {})],
)
def test_reads_and_writes_each_format(tmp_path, suffix, options):
    source = tmp_path / f"in{suffix}"
    Image.fromarray(RGB).save(source, **options)
    photo = read_photo(source)
    assert photo.pixels.shape == (40, 60, 3) and photo.pixels.dtype == np.uint8
    assert photo.format == Image.open(source).format
    out = write_photo(tmp_path / f"out{suffix}", photo.pixels, photo)
    with Image.open(out) as written:
        assert written.size == (60, 40)
        assert written.format == output_format_for(photo.format)
    if suffix in (".png", ".tif", ".bmp"):
        assert np.array_equal(read_photo(out).pixels, photo.pixels)  # lossless formats lose nothing


def test_gif_results_are_png_and_first_frame_is_read(tmp_path):
    frames = [Image.new("RGB", (10, 10), colour) for colour in ((250, 0, 0), (0, 0, 250))]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:])
    photo = read_photo(tmp_path / "anim.gif")
    assert photo.pixels[5, 5, 0] > 200 and photo.pixels[5, 5, 2] < 50
    assert output_format_for(photo.format) == "PNG"


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I"])
def test_odd_modes_become_srgb(tmp_path, mode):
    image = Image.fromarray(RGB).convert(mode if mode not in ("I;16", "I") else "L")
    if mode in ("I;16", "I"):
        image = Image.fromarray((np.asarray(image).astype(np.uint16) * 257).astype(np.uint16 if mode == "I;16" else np.int32))
    suffix = ".jpg" if mode == "CMYK" else ".tif" if mode == "I" else ".png"
    image.save(tmp_path / f"in{suffix}")
    photo = read_photo(tmp_path / f"in{suffix}")
    assert photo.pixels.shape == (40, 60, 3)
    assert (photo.alpha is not None) == (mode in ("LA", "RGBA"))
    if mode in ("I;16", "I"):
        assert photo.pixels.dtype == np.uint16
        assert photo.pixels.max() > 255


def test_palette_with_transparency_keeps_alpha(tmp_path):
    image = Image.new("P", (8, 8), 1)
    image.putpalette([0, 0, 0, 200, 100, 50] + [0] * 762)
    image.info["transparency"] = 0
    image.paste(0, (0, 0, 4, 8))
    image.save(tmp_path / "p.png", transparency=0)
    photo = read_photo(tmp_path / "p.png")
    assert photo.alpha is not None and photo.alpha[0, 0] == 0 and photo.alpha[0, 7] == 255


def test_alpha_is_carried_to_the_output_unchanged(tmp_path):
    alpha = np.tile(np.linspace(0, 255, 60).astype(np.uint8), (40, 1))
    Image.fromarray(np.dstack([RGB, alpha]), "RGBA").save(tmp_path / "a.png")
    photo = read_photo(tmp_path / "a.png")
    out = write_photo(tmp_path / "out.png", photo.pixels, photo)
    with Image.open(out) as written:
        assert written.mode == "RGBA"
        assert np.array_equal(np.asarray(written.getchannel("A")), alpha)


def _read_png16(data: bytes) -> tuple[int, np.ndarray]:
    """Decode the 16-bit PNGs our writer makes (filters None and Up only)."""
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour_type = header[:4]
    channels = 4 if colour_type == 6 else 3
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels * 2)
    rows = raw[:, 1:].copy()
    for row in range(1, height):
        if raw[row, 0] == 2:
            rows[row] = rows[row] + rows[row - 1]
    return depth, rows.view(">u2").reshape(height, width, channels).astype(np.uint16)


def test_16_bit_grey_scan_keeps_16_bits_through_to_the_output(tmp_path):
    grey = (np.linspace(0, 65535, 60 * 40).reshape(40, 60)).astype(np.uint16)
    Image.fromarray(grey).save(tmp_path / "scan.png")
    photo = read_photo(tmp_path / "scan.png")
    assert photo.pixels.dtype == np.uint16 and np.array_equal(photo.pixels[:, :, 0], grey)
    out = write_photo(tmp_path / "out.png", photo.pixels, photo)
    depth, pixels = _read_png16(out.read_bytes())
    assert depth == 16 and np.array_equal(pixels[:, :, 1], grey)


def test_exif_orientation_is_applied_and_exif_kept(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    exif[0x010F] = "Kodak"  # camera make
    Image.fromarray(RGB).save(tmp_path / "phone.jpg", exif=exif)
    photo = read_photo(tmp_path / "phone.jpg")
    assert photo.size == (40, 60)  # width and height swapped
    out = write_photo(tmp_path / "out.jpg", photo.pixels, photo)
    with Image.open(out) as written:
        kept = written.getexif()
        assert kept.get(0x010F) == "Kodak"
        assert kept.get(0x0112, 1) == 1  # already applied: viewers must not rotate again


def test_colour_profile_is_applied_for_the_model_and_restored_on_output(tmp_path):
    profile = swapped_red_green_profile()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(tmp_path / "tagged.png", icc_profile=profile)
    photo = read_photo(tmp_path / "tagged.png")
    red, green, _ = photo.pixels[0, 0]
    assert green > 150 and red < 60  # on screen this file's "red" is green
    out = write_photo(tmp_path / "out.png", photo.pixels, photo)
    with Image.open(out) as written:
        assert written.info.get("icc_profile") == profile
        assert np.abs(np.asarray(written)[0, 0].astype(int) - (200, 30, 30)).max() <= 3


def test_srgb_profile_is_kept_and_pixels_untouched(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.fromarray(RGB).save(tmp_path / "s.png", icc_profile=srgb)
    photo = read_photo(tmp_path / "s.png")
    assert np.array_equal(photo.pixels, RGB)
    out = write_photo(tmp_path / "out.jpg", photo.pixels, photo, file_format="JPEG")
    assert Image.open(out).info.get("icc_profile") == srgb


def test_damaged_profile_is_ignored_with_a_warning(tmp_path):
    Image.fromarray(RGB).save(tmp_path / "bad.png", icc_profile=b"not a profile at all")
    photo = read_photo(tmp_path / "bad.png")
    assert np.array_equal(photo.pixels, RGB)
    assert "profile" in photo.warnings[0]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"this is not an image" * 10, "not an image"),
        (None, "damaged or truncated"),
    ],
)
def test_bad_files_give_clear_reasons(tmp_path, content, reason):
    path = tmp_path / "bad.jpg"
    if content is None:
        buffer = io.BytesIO()
        Image.fromarray(RGB).save(buffer, "JPEG")
        content = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    path.write_bytes(content)
    with pytest.raises(ImageReadError, match=reason):
        read_photo(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImageReadError, match="no such file"):
        read_photo(tmp_path / "nope.jpg")
    with pytest.raises(ImageReadError, match="not a file"):
        read_photo(tmp_path)


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    Image.new("L", (3000, 3000)).save(tmp_path / "big.png")
    with pytest.raises(ImageReadError, match="over the limit of 1 megapixels"):
        read_photo(tmp_path / "big.png", max_pixels=1_000_000)


def test_the_size_limit_is_the_callers_and_never_changes_pillow_for_the_process(tmp_path):
    """Pillow's guard is a module global: Colorizer sets it per read, under a lock, and puts it back."""
    default = Image.MAX_IMAGE_PIXELS
    Image.new("L", (3000, 3000)).save(tmp_path / "big.png")
    assert read_photo(tmp_path / "big.png", max_pixels=20_000_000).size == (3000, 3000)
    assert Image.MAX_IMAGE_PIXELS == default and default is not None
    with pytest.raises(ImageReadError, match="over the limit of 0 megapixels"):  # the caller's limit, in words
        read_photo(tmp_path / "big.png", max_pixels=1_000)
    assert Image.MAX_IMAGE_PIXELS == default


def test_the_header_alone_gives_the_size_and_the_same_reasons(tmp_path):
    Image.new("L", (3000, 2000)).save(tmp_path / "big.png")
    assert read_header(tmp_path / "big.png") == (3000, 2000)
    with pytest.raises(ImageReadError, match="over the limit of 1 megapixels"):
        read_header(tmp_path / "big.png", max_pixels=1_000_000)
    (tmp_path / "text.jpg").write_text("not a photo")
    with pytest.raises(ImageReadError, match="not an image"):
        read_header(tmp_path / "text.jpg")
    with pytest.raises(ImageReadError, match="no such file"):
        read_header(tmp_path / "nope.jpg")


def test_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    photo = read_photo(_save(tmp_path / "in.png"))
    target = tmp_path / "out" / "result.png"
    target.parent.mkdir()
    target.write_bytes(b"previous result")

    def full_disk(stream, *args):
        stream.write(b"half a PNG")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(images, "_encode", full_disk)
    with pytest.raises(ImageWriteError, match="disk is full"):
        write_photo(target, photo.pixels, photo)
    assert target.read_bytes() == b"previous result"
    assert [p.name for p in target.parent.iterdir()] == ["result.png"]


def test_never_writes_onto_an_input(tmp_path):
    source = _save(tmp_path / "in.png")
    before = source.read_bytes()
    photo = read_photo(source)
    with pytest.raises(ImageWriteError, match="input"):
        write_photo(source, photo.pixels, photo, protect=[source])
    assert source.read_bytes() == before


def test_written_files_have_ordinary_permissions(tmp_path):
    photo = read_photo(_save(tmp_path / "in.png"))
    out = write_photo(tmp_path / "out.png", photo.pixels, photo)
    assert out.stat().st_mode & 0o044  # readable by others, unlike a raw temporary file


def _save(path):
    Image.fromarray(RGB).save(path)
    return path
