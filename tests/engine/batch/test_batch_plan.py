"""The batch planner without colorizing (issue 25): expand_inputs and plan_photos directly.

What tests/engine/batch/test_batch.py (mirroring, a file given twice, a missing input, two files
of one name, the output folder inside the input, --format webp, a single photo into its own
folder) and tests/engine/batch/test_result_names.py (X.gif and X.png) already cover is not repeated here.
The planner reads names only, so the "photos" are a few bytes each."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PIL import Image

from colorizer_app.core.batch import InputPhoto, expand_inputs, plan_batch, plan_photos


def touch(*paths: Path) -> None:
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"not really a photo: the planner reads names only")


def relative(plan, root: Path) -> list[str]:
    return [item.output.relative_to(root).as_posix() for item in plan.items]


def assert_one_line_each(problems: list[str]) -> None:
    assert all(problem and "\n" not in problem for problem in problems), problems


def assert_safe(plan, inputs: list[Path]) -> None:
    """No two results share a file, and none is a photo of the batch or one that was given."""
    outputs = [item.output for item in plan.items]
    assert len(set(outputs)) == len(outputs)
    photos = {item.source.resolve() for item in plan.items} | {path.resolve() for path in inputs if path.is_file()}
    assert not photos & set(outputs)


# ----- expand_inputs: which files are photos, and their place under the output folder ------


def test_a_folder_is_walked_in_sorted_order_and_keeps_its_tree_under_its_own_name(tmp_path):
    album = tmp_path / "album"
    touch(album / "b.jpg", album / "a.png", album / "sub" / "c.tif", album / "Alpha" / "d.jpeg", album / "sub" / "deeper" / "e.gif")
    photos, problems = expand_inputs([album])
    assert problems == []
    assert [photo.relative_output.as_posix() for photo in photos] == [
        "album/a.png",
        "album/b.jpg",
        "album/Alpha/d.jpeg",
        "album/sub/c.tif",
        "album/sub/deeper/e.gif",
    ]
    assert all(photo.source == album / photo.relative_output.relative_to("album") for photo in photos)


def test_a_file_goes_to_its_name_and_inputs_keep_their_order(tmp_path):
    touch(tmp_path / "x" / "later.jpg", tmp_path / "y" / "sooner.png", tmp_path / "folder" / "z.bmp")
    photos, _ = expand_inputs([tmp_path / "x" / "later.jpg", tmp_path / "folder", tmp_path / "y" / "sooner.png"])
    assert [photo.relative_output.as_posix() for photo in photos] == ["later.jpg", "folder/z.bmp", "sooner.png"]


def test_hidden_files_hidden_folders_and_other_files_are_not_photos(tmp_path):
    album = tmp_path / "album"
    touch(album / "keep.JPG", album / ".hidden.jpg", album / ".thumbs" / "t.jpg", album / "notes.txt", album / "photo.jpg.bak")
    touch(album / "raw.cr2", album / "scan.TIFF")
    photos, problems = expand_inputs([album])
    assert [photo.source.name for photo in photos] == ["keep.JPG", "scan.TIFF"] and problems == []


def test_films_in_a_folder_only_when_asked(tmp_path):
    album = tmp_path / "album"
    touch(album / "clip.mp4", album / "photo.jpg", album / ".hidden.mov")
    assert [photo.source.name for photo in expand_inputs([album])[0]] == ["photo.jpg"]  # the app's list
    assert [photo.source.name for photo in expand_inputs([album], films=True)[0]] == ["clip.mp4", "photo.jpg"]  # the command line


def test_camcorder_dvd_and_old_phone_films_are_films_too(tmp_path):
    # they were left out of a folder without a word, and a lone .mts was read as a photo
    album = tmp_path / "album"
    touch(album / "a.MTS", album / "b.m2ts", album / "c.mpg", album / "d.3gp", album / "e.VOB", album / "f.wmv", album / "code.ts")
    films = [photo.source.name for photo in expand_inputs([album], films=True)[0]]
    assert films == ["a.MTS", "b.m2ts", "c.mpg", "d.3gp", "e.VOB", "f.wmv"]  # a TypeScript file is not a film


def test_a_folder_reached_through_a_link_is_mirrored_under_its_real_name(tmp_path):
    touch(tmp_path / "real" / "album" / "a.jpg")
    (tmp_path / "shortcut").symlink_to(tmp_path / "real" / "album")
    (photo,), _ = expand_inputs([tmp_path / "shortcut"])
    assert photo.relative_output == Path("album/a.jpg") and photo.source == tmp_path / "shortcut" / "a.jpg"


def test_results_mirrored_into_the_input_folder_are_not_taken_as_photos(tmp_path):
    """``colorize F -o F``: the results land in F/F; the next walk of F leaves F/F out, and the
    walk of another input leaves the output folder out."""
    album = tmp_path / "album"
    touch(album / "a.jpg", album / "album" / "a.jpg", album / "album" / "sub" / "b.jpg", album / "trip" / "c.jpg")
    photos, _ = expand_inputs([album], skip_folder=album)
    assert [photo.relative_output.as_posix() for photo in photos] == ["album/a.jpg", "album/trip/c.jpg"]
    photos, _ = expand_inputs([tmp_path], skip_folder=album / "trip")
    assert "c.jpg" not in [photo.source.name for photo in photos] and len(photos) == 3


def test_inputs_that_cannot_be_used_are_one_line_each_and_the_rest_go_on(tmp_path):
    touch(tmp_path / "album" / "a.jpg")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "ring1").symlink_to(tmp_path / "ring2")
    (tmp_path / "ring2").symlink_to(tmp_path / "ring1")
    photos, problems = expand_inputs([tmp_path / "loop", tmp_path / "missing folder", tmp_path / "album", tmp_path / "ring1"])
    assert [photo.source.name for photo in photos] == ["a.jpg"]
    assert_one_line_each(problems)
    assert len(problems) == 3
    assert problems[0].startswith(f"{tmp_path / 'loop'}: ") and "symbolic link that leads nowhere" in problems[0]
    assert problems[1] == f"{tmp_path / 'missing folder'}: no such file or folder"
    assert "ring1" in problems[2] and "leads nowhere" in problems[2]


def test_a_looping_link_inside_a_folder_is_one_problem_and_its_neighbours_are_planned(tmp_path):
    album = tmp_path / "album"
    touch(album / "a.jpg", album / "z.jpg")
    (album / "m.jpg").symlink_to(album / "m.jpg")
    plan = plan_batch([album], tmp_path / "out")
    assert [item.source.name for item in plan.items] == ["a.jpg", "z.jpg"]
    assert len(plan.problems) == 1 and plan.problems[0].startswith(f"{album / 'm.jpg'}: a symbolic link that leads nowhere")


# ----- plan_photos: where each result goes ------------------------------------------------


def test_a_relative_output_folder_gives_absolute_results(tmp_path, monkeypatch):
    touch(tmp_path / "album" / "a.jpg")
    monkeypatch.chdir(tmp_path)
    plan = plan_photos([InputPhoto(Path("album/a.jpg"), Path("album/a.jpg"))], "out")
    assert plan.output_dir == (tmp_path / "out").resolve()
    assert plan.items[0].output == (tmp_path / "out" / "album" / "a.jpg").resolve() and plan.items[0].output.is_absolute()


def test_planning_writes_nothing(tmp_path):
    touch(tmp_path / "album" / "a.jpg")
    plan_batch([tmp_path / "album"], tmp_path / "out" / "deep")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "file_format", "result"),
    [
        ("a.jpg", None, "a.jpg"),
        ("a.JPEG", None, "a.JPEG"),  # a kept format keeps its spelling
        ("a.tiff", None, "a.tiff"),
        ("a.gif", None, "a.png"),  # 256 colours cannot hold a colour photo
        ("a.psd", None, "a.png"),  # a format not written
        ("a.apng", None, "a.png"),  # a still picture, not an animation
        ("a.mpo", None, "a.jpg"),
        ("a.jpg", "png", "a.png"),
        ("a.png", "JPEG", "a.jpg"),
        ("a.tif", "Tiff", "a.tif"),
        ("a.gif", "bmp", "a.bmp"),
    ],
)
def test_the_result_format_decides_the_extension(tmp_path, name, file_format, result):
    touch(tmp_path / "in" / name)
    plan = plan_photos([InputPhoto(tmp_path / "in" / name, Path(name))], tmp_path / "out", file_format)
    assert relative(plan, (tmp_path / "out").resolve()) == [result]


def test_a_photo_given_under_two_paths_is_planned_once(tmp_path):
    album = tmp_path / "album"
    touch(album / "a.jpg")
    (album / "same.jpg").symlink_to(album / "a.jpg")
    (tmp_path / "shortcut").symlink_to(album)
    plan = plan_batch([album, tmp_path / "shortcut" / "a.jpg", album / "." / "a.jpg"], tmp_path / "out")
    assert [item.source for item in plan.items] == [album / "a.jpg"] and plan.problems == []


def test_a_looping_photo_given_to_the_planner_directly_is_refused_in_one_line(tmp_path):
    """The window hands the planner its list, not folders: a photo that became a loop since."""
    touch(tmp_path / "a.jpg")
    (tmp_path / "b.jpg").symlink_to(tmp_path / "b.jpg")
    photos = [InputPhoto(tmp_path / "b.jpg", Path("b.jpg")), InputPhoto(tmp_path / "a.jpg", Path("a.jpg"))]
    plan = plan_photos(photos, tmp_path / "out")
    assert [item.source.name for item in plan.items] == ["a.jpg"]
    assert plan.problems == [f"{tmp_path / 'b.jpg'}: a symbolic link that leads nowhere (a loop or a missing target); skipped"]


# ----- no result replaces a photo, and no two photos share a result ------------------------


def test_a_film_whose_result_would_replace_it_is_called_a_film(tmp_path):
    album = tmp_path / "album"
    touch(album / "clip.mp4")
    plan = plan_batch([album], tmp_path)
    assert plan.items == [] and plan.problems == [
        f"{album / 'clip.mp4'}: its result would replace the film itself; choose another output folder"
    ]


def test_a_folder_colorized_into_its_parent_refuses_every_photo_with_a_reason(tmp_path):
    album = tmp_path / "album"
    touch(album / "a.jpg", album / "sub" / "b.png", album / "c.gif")
    plan = plan_batch([album], tmp_path)
    names = [path.name for path in sorted(album.rglob("*"))]
    assert [item.source.name for item in plan.items] == ["c.gif"] and plan.items[0].output == album / "c.png"  # a new file
    assert len(plan.problems) == 2 and all("would replace the photo itself" in problem for problem in plan.problems)
    assert_one_line_each(plan.problems)
    assert [path.name for path in sorted(album.rglob("*"))] == names


def test_an_output_folder_that_is_the_input_under_another_path_is_still_refused(tmp_path):
    """The results' place is compared with each photo's real path, links followed."""
    touch(tmp_path / "real" / "album" / "a.jpg")
    (tmp_path / "parent link").symlink_to(tmp_path / "real")
    plan = plan_batch([tmp_path / "real" / "album"], tmp_path / "parent link")
    assert plan.items == [] and "would replace the photo itself" in plan.problems[0]


def test_folders_of_one_name_from_two_places_never_share_a_result(tmp_path):
    touch(tmp_path / "2019" / "album" / "a.jpg", tmp_path / "2019" / "album" / "b.jpg", tmp_path / "2020" / "album" / "a.jpg")
    plan = plan_batch([tmp_path / "2019" / "album", tmp_path / "2020" / "album"], tmp_path / "out")
    out = (tmp_path / "out").resolve()
    assert relative(plan, out) == ["album/a.jpg", "album/b.jpg"]
    assert [item.source.parent.parent.name for item in plan.items] == ["2019", "2019"]  # the first asked keeps it
    assert plan.problems == [f"{tmp_path / '2020' / 'album' / 'a.jpg'}: another input already writes {out / 'album' / 'a.jpg'}; skipped"]


def test_a_chosen_format_never_lets_two_photos_share_a_result_across_folders(tmp_path):
    """``--format png`` gives a.jpg and a.png (of one folder) one name; a.gif of another folder keeps its own."""
    album = tmp_path / "album"
    touch(album / "a.jpg", album / "a.png", album / "sub" / "a.gif")
    plan = plan_batch([album], tmp_path / "out", "png")
    assert_safe(plan, [album])
    assert relative(plan, (tmp_path / "out").resolve()) == ["album/a (jpg).png", "album/a.png", "album/sub/a.png"]


def test_a_messy_batch_is_safe_whatever_it_holds(tmp_path):
    """Folders in folders, a file also inside a given folder, namesakes, links and the output
    folder inside an input: every result is its own and none is a photo."""
    root = tmp_path / "photos"
    touch(root / "a.jpg", root / "a.png", root / "a.gif", root / "trip" / "a.jpg", root / "trip" / "b.tif", root / "b.tif")
    touch(root / "results" / "photos" / "a.jpg")  # a result of an earlier run of this very batch
    (root / "trip" / "alias.jpg").symlink_to(root / "a.jpg")
    (root / "loop.png").symlink_to(root / "loop.png")
    inputs = [root, root / "trip", root / "a.png", root / "trip" / "b.tif", tmp_path / "gone.jpg"]
    for file_format in (None, "png", "jpeg"):
        plan = plan_batch(inputs, root / "results", file_format)
        assert_safe(plan, inputs)
        assert_one_line_each(plan.problems)
        assert not [item for item in plan.items if "results" in item.source.parts]  # its own results are not photos
        sources = [item.source.resolve() for item in plan.items]
        assert len(sources) == len(set(sources)) == 6  # a.jpg a.png a.gif b.tif trip/a.jpg trip/b.tif, each once
        assert any("loop.png" in problem for problem in plan.problems) and any("gone.jpg" in problem for problem in plan.problems)


def test_the_same_photos_get_the_same_plan_every_time(tmp_path):
    root = tmp_path / "photos"
    touch(root / "x.gif", root / "x.png", root / "x.jpg", root / "sub" / "x.bmp")
    first = plan_batch([root], tmp_path / "out", "png")
    again = plan_batch([root], tmp_path / "out", "png")
    assert [(item.source, item.output) for item in first.items] == [(item.source, item.output) for item in again.items]
    assert first.problems == again.problems == []


def test_nothing_to_plan_is_an_empty_plan(tmp_path):
    (tmp_path / "empty").mkdir()
    plan = plan_batch([tmp_path / "empty"], tmp_path / "out")
    assert plan.items == [] and plan.problems == [] and plan.output_dir == (tmp_path / "out").resolve()
    assert plan_photos([], tmp_path / "out").items == []


def test_an_output_folder_that_loops_is_planned_and_left_to_the_folder_check(tmp_path):
    """The planner does not decide it: the output folder check before the first photo says it in one line."""
    touch(tmp_path / "a.jpg")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    plan = plan_photos([InputPhoto(tmp_path / "a.jpg", Path("a.jpg"))], tmp_path / "loop")
    assert plan.output_dir == tmp_path / "loop" and plan.items[0].output == tmp_path / "loop" / "a.jpg"


def test_an_unreadable_folder_is_one_line_and_the_rest_is_planned(tmp_path, monkeypatch):
    """A folder the user may not list (simulated: these tests may run as root, who lists every one)."""
    album = tmp_path / "album"
    touch(album / "a.jpg", album / "locked" / "b.jpg", album / "z" / "c.jpg")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == album / "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    plan = plan_batch([album], tmp_path / "out")
    assert [item.source.name for item in plan.items] == ["a.jpg", "c.jpg"]
    assert plan.problems == [f"{album / 'locked'}: cannot be read (Permission denied); skipped"]


def test_results_in_the_output_folder_given_as_input_are_left_out_with_a_line(tmp_path):
    # the output folder dropped on the window (or a folder or result inside it) was taken in as
    # photos; Colorize all then refused every row, the originals too, as "would replace an original"
    from conftest import natural_image
    from PIL import Image

    from colorizer_app.core.images import read_photo, write_photo
    from colorizer_app.core.photo_metadata import ResultNote

    original = tmp_path / "scans" / "aunt.jpg"
    original.parent.mkdir()
    Image.fromarray(natural_image(seed=3)).save(original)
    output = tmp_path / "results"
    photo = read_photo(original)
    result = write_photo(output / "scans" / "aunt.jpg", photo.pixels.copy(), photo, note=ResultNote("Default"))
    stray = output / "scans" / "uncle.jpg"  # a photo the user put there: not a result, still a photo
    Image.fromarray(natural_image(seed=4)).save(stray)
    for given in (output, output / "scans"):
        photos, problems = expand_inputs([given], output)
        assert [photo.source.name for photo in photos] == ["uncle.jpg"]
        assert problems == [f"{given}: in the output folder; 1 result Colorizer made there left out"]
    photos, problems = expand_inputs([result, original], output)
    assert [photo.source for photo in photos] == [original]
    assert problems == [f"{result}: a result Colorizer made (it is in the output folder); left out"]
    assert expand_inputs([output], tmp_path / "elsewhere")[0] != []  # elsewhere, a result is a photo like any


def test_a_named_file_that_is_not_a_photo_is_left_out_with_a_line(tmp_path, photo_folder):
    """A notes file dropped with the photos was listed and then failed ("cannot identify image
    file"); a scan saved under an odd name is still a photo, read by its content."""
    notes, odd_scan, no_suffix = tmp_path / "notes.txt", tmp_path / "scan.dat", tmp_path / "scan"
    notes.write_text("grandmother's album, 1948")
    odd_scan.write_bytes((photo_folder / "portrait.jpg").read_bytes())
    no_suffix.write_bytes(b"whatever it is, the reading says")
    huge = tmp_path / "huge.dat"  # a big scan under an odd name: over Pillow's own guard, still a photo
    Image.new("1", (20000, 20000)).save(huge, format="PNG")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 a JPEG cut short")
    photos, problems = expand_inputs([notes, odd_scan, no_suffix, huge, broken])
    assert [photo.source for photo in photos] == [odd_scan, no_suffix, huge, broken]  # a broken photo fails on its row
    assert problems == [f"{notes}: not a photo or a film Colorizer can read; left out"]
