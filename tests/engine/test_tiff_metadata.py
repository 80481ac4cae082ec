"""A TIFF's EXIF reaches its result, as a JPEG's and a PNG's do, and its orientation is applied (issue 27)."""

import dataclasses

import numpy as np
import pytest
from conftest import natural_image
from icc_helpers import swapped_red_green_profile
from PIL import Image, TiffImagePlugin

from colorizer_app.core.images import read_photo, write_photo
from colorizer_app.core.photo_metadata import ResultNote

TAKEN = "1952:07:14 10:00:00"


def scanned_tiff(path, orientation=1, compression="raw", pixels=None):
    """A grey TIFF as a scanner writes one: camera/scanner tags in its own directory, the date
    taken in an Exif sub-directory (written with Pillow's own writer, which keeps it)."""
    tags = TiffImagePlugin.ImageFileDirectory_v2()
    tags[271], tags[272], tags[33432] = "Nikon", "LS-50 scan", "Family archive"  # Make, Model, Copyright
    tags[274] = orientation
    if compression == "raw":  # (libtiff, which compresses, cannot write the sub-directory)
        tags[0x8769] = {0x9003: TAKEN}  # DateTimeOriginal
    grey = natural_image(40, 60, seed=6)[:, :, 0] if pixels is None else pixels
    Image.fromarray(grey, "L").save(path, tiffinfo=tags, compression=compression)
    return path


@pytest.mark.parametrize("name", ["result.jpg", "result.png", "result.tif", "result.webp"])
def test_a_tiffs_exif_is_carried_to_the_result(tmp_path, name):
    photo = read_photo(scanned_tiff(tmp_path / "scan.tif"))
    out = write_photo(tmp_path / name, photo.pixels.copy(), photo, note=ResultNote("Default"))
    with Image.open(out) as result:
        result.load()
        exif = result.getexif()
        assert (exif.get(271), exif.get(272), exif.get(33432)) == ("Nikon", "LS-50 scan", "Family archive")
        assert exif.get_ifd(0x8769).get(0x9003) == TAKEN  # the date taken, in its own sub-directory
        assert exif.get(0x010E, "").startswith("Colours simulated")
        if not name.endswith(".tif"):  # the scan's own file structure is not the result's EXIF
            assert not {256, 257, 273, 279, 259} & set(exif)
        assert 274 not in exif  # turned upright once, by us


@pytest.mark.parametrize("compression", ["raw", "tiff_deflate"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_tiff_is_turned_upright_like_any_other_photo(tmp_path, orientation, compression):
    """Uncompressed grey TIFFs turned a quarter came out garbled (Pillow memory-maps them at the
    turned size); the reference is the same picture and orientation in a PNG."""
    grey = natural_image(40, 60, seed=7)[:, :, 0]
    exif = Image.Exif()
    exif[274] = orientation
    Image.fromarray(grey, "L").save(tmp_path / "same.png", exif=exif.tobytes())
    expected = read_photo(tmp_path / "same.png").pixels
    photo = read_photo(scanned_tiff(tmp_path / "scan.tif", orientation, compression, grey))
    assert photo.pixels.shape == expected.shape == ((60, 40, 3) if orientation >= 5 else (40, 60, 3))
    assert np.array_equal(photo.pixels, expected)
    with Image.open(tmp_path / "scan.tif") as tiff:
        assert tiff.getexif().get(274) == orientation  # (the input is untouched)


def test_an_8_bit_tiff_result_with_alpha_and_a_profile_is_written_whole(tmp_path):
    rgba = np.dstack((natural_image(30, 40, seed=8), np.linspace(0, 255, 30 * 40).reshape(30, 40).astype(np.uint8)))
    Image.fromarray(rgba, "RGBA").save(tmp_path / "in.png", icc_profile=swapped_red_green_profile())
    photo = read_photo(tmp_path / "in.png")
    out = write_photo(tmp_path / "out.tif", photo.pixels.copy(), photo)
    with Image.open(out) as result:
        assert result.mode == "RGBA" and result.info.get("icc_profile") == photo.icc_profile
        assert np.array_equal(np.asarray(result)[:, :, 3], rgba[:, :, 3])


def test_a_tiff_results_alpha_takes_the_colours_depth(tmp_path):
    """An 8-bit alpha beside 16-bit colour is widened (x257); a 16-bit alpha beside 8-bit colour
    is rounded by the one 16-to-8-bit rule (core/images.as_8_bit)."""
    photo = read_photo(scanned_tiff(tmp_path / "scan.tif"))
    alpha8 = np.linspace(0, 255, 40 * 60).reshape(40, 60).astype(np.uint8)
    wide = write_photo(tmp_path / "wide.tif", photo.pixels.astype(np.uint16) * 257, dataclasses.replace(photo, alpha=alpha8))
    assert np.array_equal(read_photo(wide).alpha, alpha8)  # (read back at 8 bits: written at 16, x257, it rounds back exactly)
    alpha16 = np.minimum(alpha8.astype(np.uint32) * 257 + 100, 65535).astype(np.uint16)
    narrow = write_photo(tmp_path / "narrow.tif", photo.pixels.copy(), dataclasses.replace(photo, alpha=alpha16))
    assert np.array_equal(read_photo(narrow).alpha, alpha8)  # (+100 of 257 rounds down)
