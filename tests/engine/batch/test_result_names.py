"""Photos of one name but different types (X.gif, X.png, ...) each get their own result (issue 27)."""

import numpy as np
from PIL import Image

from colorizer_app.cli import main
from colorizer_app.core import fast_colour
from colorizer_app.core.batch import plan_batch
from colorizer_app.core.film.sample_clip import make_pan_clip

# 12 photos called "X": with --format png all would write X.png (11 collisions)
KINDS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "jpe": "JPEG", "jfif": "JPEG", "tif": "TIFF"}
KINDS |= {"tiff": "TIFF", "bmp": "BMP", "webp": "WEBP", "gif": "GIF", "pcx": "PCX", "tga": "TGA"}


def make_namesakes(folder, kinds=KINDS):
    """One photo per type, each of its own grey level, so each result can be told apart."""
    folder.mkdir(parents=True, exist_ok=True)
    levels = {}
    for index, (extension, pillow_format) in enumerate(sorted(kinds.items())):
        level = 20 + index * 18
        Image.fromarray(np.full((24, 32), level, np.uint8), "L").save(folder / f"X.{extension}", format=pillow_format)
        levels[extension] = level
    return levels


def test_the_planner_gives_each_namesake_its_own_result_and_the_same_names_every_time(tmp_path):
    make_namesakes(tmp_path / "in")
    plan = plan_batch([tmp_path / "in"], tmp_path / "out", "PNG")
    outputs = {item.source.suffix[1:]: item.output.name for item in plan.items}
    assert plan.problems == [] and len(outputs) == len(KINDS)
    assert len(set(outputs.values())) == len(KINDS)  # 11 collisions, none lost or shared
    assert outputs["png"] == "X.png"  # the photo already called so keeps the plain name
    assert outputs["gif"] == "X (gif).png" and outputs["jpeg"] == "X (jpeg).png"
    again = plan_batch([tmp_path / "in"], tmp_path / "out", "PNG")
    assert [item.output for item in again.items] == [item.output for item in plan.items]


def test_without_a_chosen_format_only_results_of_one_name_are_told_apart(tmp_path):
    make_namesakes(tmp_path / "in", {"gif": "GIF", "png": "PNG", "jpg": "JPEG", "apng": "PNG"})
    outputs = {item.source.name: item.output.name for item in plan_batch([tmp_path / "in"], tmp_path / "out").items}
    assert outputs == {"X.apng": "X (apng).png", "X.gif": "X (gif).png", "X.png": "X.png", "X.jpg": "X.jpg"}


def test_a_name_already_taken_by_another_photo_is_not_reused(tmp_path):
    folder = tmp_path / "in"
    make_namesakes(folder, {"gif": "GIF", "png": "PNG"})
    Image.new("L", (8, 8)).save(folder / "X (gif).png")  # a photo really called so
    outputs = {item.source.name: item.output.name for item in plan_batch([folder], tmp_path / "out").items}
    assert outputs == {"X (gif).png": "X (gif).png", "X.gif": "X (gif 2).png", "X.png": "X.png"}


def test_the_command_line_writes_every_namesake_and_finds_them_done_next_time(tmp_path, tiny_model_path, capsys):
    levels = make_namesakes(tmp_path / "in")
    out = tmp_path / "out"
    args = ["colorize", str(tmp_path / "in"), "-o", str(out), "--format", "png", "--model", str(tiny_model_path), "--render-size", "64"]
    assert main(args) == 0
    assert f"Done: {len(KINDS)}, skipped (output exists): 0, failed: 0" in capsys.readouterr().err
    for extension, level in levels.items():
        name = "X.png" if extension == "png" else f"X ({extension}).png"
        with Image.open(out / "in" / name) as result:
            kept = fast_colour.lightness(np.asarray(result.convert("RGB")))
        own = fast_colour.lightness(np.full((1, 1, 3), level, np.uint8))[0, 0]
        assert np.abs(kept - own).max() < 1.0, name  # its own photo's L (the levels lie 5+ L apart)
    assert main(args) == 0
    assert f"Done: 0, skipped (output exists): {len(KINDS)}, failed: 0" in capsys.readouterr().err


def test_an_original_of_the_results_name_beside_the_photo_is_never_taken_for_a_result(tmp_path, tiny_model_path, capsys):
    # X.gif coloured into its own folder, where X.png is another photo (not given): X.png was
    # skipped as "done", and replaced with --overwrite; the result takes the type-named name
    folder = tmp_path / "album"
    make_namesakes(folder, {"gif": "GIF", "png": "PNG"})
    original = (folder / "X.png").read_bytes()
    args = ["colorize", str(folder / "X.gif"), "-o", str(folder), "--model", str(tiny_model_path), "--render-size", "64"]
    assert main([*args, "--overwrite"]) == 0
    assert "Done: 1," in capsys.readouterr().err
    assert (folder / "X.png").read_bytes() == original and (folder / "X (gif).png").is_file()
    assert main(args) == 0  # the same name again: found done
    assert "Done: 0, skipped (output exists): 1" in capsys.readouterr().err
    # an earlier result of the plain name (it says it is one) is still found done, as before
    (folder / "X (gif).png").rename(folder / "Y.png")
    (folder / "X.png").unlink()
    (folder / "Y.png").rename(folder / "X.png")
    assert plan_batch([folder / "X.gif"], folder).items[0].output.name == "X.png"


def test_a_film_beside_an_original_film_of_its_results_name_gets_its_own(tmp_path):
    folder = tmp_path / "films"
    folder.mkdir()
    make_pan_clip(folder / "holiday.mov", 48, 32, 4)
    make_pan_clip(folder / "holiday.mp4", 48, 32, 4, seed=3)  # another original
    assert plan_batch([folder / "holiday.mov"], folder).items[0].output.name == "holiday (mov).mp4"


def test_a_films_own_result_beside_it_is_found_done_next_time(tmp_path, tiny_model_path, capsys):
    folder = tmp_path / "films"
    folder.mkdir()
    make_pan_clip(folder / "holiday.mov", 48, 32, 4)
    args = ["colorize", str(folder / "holiday.mov"), "-o", str(folder), "--model", str(tiny_model_path), "--render-size", "64"]
    assert main(args) == 0 and (folder / "holiday.mp4").is_file()
    assert main(args) == 0
    assert "Done: 0, skipped (output exists): 1" in capsys.readouterr().err
    assert sorted(path.name for path in folder.iterdir()) == ["holiday.mov", "holiday.mp4"]


def test_a_bmp_beside_the_photo_is_never_replaced(tmp_path, tiny_model_path, capsys):
    # a BMP has no place for the result's note: one beside the photo is taken for an original
    folder = tmp_path / "album"
    make_namesakes(folder, {"jpg": "JPEG", "bmp": "BMP"})
    original = (folder / "X.bmp").read_bytes()
    args = ["colorize", str(folder / "X.jpg"), "-o", str(folder), "--format", "bmp", "--model", str(tiny_model_path), "--render-size", "64"]
    assert main([*args, "--overwrite"]) == 0
    assert (folder / "X.bmp").read_bytes() == original and (folder / "X (jpg).bmp").is_file()
