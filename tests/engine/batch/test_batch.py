import errno
import threading

import numpy as np
from PIL import Image

from colorizer_app.core import batch as batch_module
from colorizer_app.core.batch import plan_batch, run_batch
from colorizer_app.core.colorize import ColorizeSettings
from colorizer_app.core.film.sample_clip import make_pan_clip
from colorizer_app.core.hints import HintsFileError
from colorizer_app.core.images import ImageWriteError

FAST = ColorizeSettings(render_size=64)


def outputs_of(plan, root):
    return sorted(str(item.output.relative_to(root)) for item in plan.items)


def test_plan_mirrors_folders_and_places_files(photo_folder, tmp_path):
    out = tmp_path / "out"
    single = photo_folder / "portrait.jpg"
    plan = plan_batch([photo_folder, single], out)
    assert outputs_of(plan, out.resolve()) == ["album/1950s/beach.png", "album/1950s/house.tif", "album/portrait.jpg"]
    assert plan.problems == []  # the file given twice (inside the folder and alone) is planned once


def test_plan_reports_missing_inputs_and_collisions(photo_folder, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    Image.new("L", (8, 8)).save(other / "portrait.jpg")
    plan = plan_batch([photo_folder / "portrait.jpg", other / "portrait.jpg", tmp_path / "missing"], tmp_path / "out")
    assert len(plan.items) == 1
    assert any("missing: no such file or folder" in problem for problem in plan.problems)
    assert any("already writes" in problem for problem in plan.problems)


def test_output_folder_inside_the_input_is_not_colorized_again(photo_folder, tiny_model):
    out = photo_folder / "colour"
    run_batch(plan_batch([photo_folder], out), tiny_model, FAST)
    again = plan_batch([photo_folder], out)
    assert all("colour" not in item.source.parts for item in again.items)
    assert len(again.items) == 3


def test_batch_writes_colour_results_and_resumes(photo_folder, tmp_path, tiny_model):
    out = tmp_path / "out"
    plan = plan_batch([photo_folder], out)
    first = run_batch(plan, tiny_model, FAST)
    assert first.count("done") == 3 and first.ok
    for item in plan.items:
        with Image.open(item.output) as result, Image.open(item.source) as source:
            assert result.size == source.size and result.mode == "RGB"
    stamp = plan.items[0].output.stat().st_mtime_ns
    second = run_batch(plan, tiny_model, FAST)
    assert second.count("skipped") == 3 and plan.items[0].output.stat().st_mtime_ns == stamp
    third = run_batch(plan, tiny_model, FAST, overwrite=True)
    assert third.count("done") == 3


def test_one_bad_photo_is_reported_and_the_batch_goes_on(photo_folder, tmp_path, tiny_model):
    (photo_folder / "broken.jpg").write_bytes(b"\xff\xd8\xff garbage")
    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, FAST)
    assert summary.count("done") == 3 and not summary.ok
    assert [r.item.source.name for r in summary.failed] == ["broken.jpg"]
    assert "damaged" in summary.failed[0].message or "not an image" in summary.failed[0].message


def test_chosen_format_changes_the_extension(photo_folder, tmp_path, tiny_model):
    plan = plan_batch([photo_folder], tmp_path / "out", file_format="webp")
    assert all(item.output.suffix == ".webp" for item in plan.items)
    run_batch(plan, tiny_model, FAST, file_format="WEBP")
    assert Image.open(plan.items[0].output).format == "WEBP"


def test_a_full_disk_stops_the_batch(photo_folder, tmp_path, tiny_model, monkeypatch):
    def full_disk(path, *args, **kwargs):
        raise ImageWriteError(f"{path}: the disk is full") from OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch_module, "write_photo", full_disk)
    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, FAST)
    assert not summary.results and "is full: nothing was written there" in summary.stopped_reason  # no photo blamed (issue 27)


def test_a_full_disk_is_known_by_its_error_not_by_words_in_a_message(photo_folder, tmp_path, tiny_model, monkeypatch):
    def odd_failure(path, *args, **kwargs):
        raise ImageWriteError(f"{path}: could not write (the disk is full)")  # words, but no full disk

    monkeypatch.setattr(batch_module, "write_photo", odd_failure)
    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, FAST)
    assert summary.count("failed") == 3 and not summary.stopped_reason


def test_stop_request_cancels_between_photos(photo_folder, tmp_path, tiny_model):
    """The first result arrives while the second photo is colorized (its file is written
    meanwhile); a stop then keeps the photo already colorized and starts no other."""
    seen = []
    summary = run_batch(
        plan_batch([photo_folder], tmp_path / "out"),
        tiny_model,
        FAST,
        on_result=lambda index, total, result: seen.append((index, total, result.status)),
        should_stop=lambda: len(seen) >= 1,
    )
    assert summary.cancelled and seen == [(0, 3, "done"), (1, 3, "done")]
    assert len(list((tmp_path / "out").rglob("*.*"))) == 2  # the third photo never started


def test_a_stop_inside_a_film_says_so(tmp_path, tiny_model):
    # the window then says the film carries on next time, not "Nothing was colorized"
    (tmp_path / "in").mkdir()
    film = make_pan_clip(tmp_path / "in" / "clip.mp4", 64, 48, 30)
    asked = []
    summary = run_batch(plan_batch([film], tmp_path / "out"), tiny_model, FAST, should_stop=lambda: asked.append(1) or len(asked) > 3)
    assert summary.cancelled and summary.film_stopped_partway and not summary.results
    photos = run_batch(plan_batch([film.parent], tmp_path / "out2"), tiny_model, FAST, should_stop=lambda: True)
    assert photos.cancelled and not photos.film_stopped_partway  # stopped before it began


def test_a_stop_while_colorizing_still_finishes_the_previous_write(photo_folder, tmp_path, tiny_model):
    calls = []

    def stop_during_the_second_photo():
        calls.append(1)
        return len(calls) > 3  # polled before photo 1, per strip of photo 1, before photo 2, ...

    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, FAST, should_stop=stop_during_the_second_photo)
    assert summary.cancelled and [result.status for result in summary.results] == ["done"]
    outputs = [path for path in (tmp_path / "out").rglob("*") if path.is_file()]
    assert len(outputs) == 1 and not [path for path in outputs if ".part" in path.name]


def test_the_next_photo_is_read_while_this_one_is_colorized(photo_folder, tmp_path, tiny_model, monkeypatch):
    from colorizer_app.core import batch_io

    threads = []
    real_read = batch_io.read_photo

    def recording_read(path, max_pixels):
        threads.append(threading.current_thread().name)
        return real_read(path, max_pixels)

    monkeypatch.setattr(batch_io, "read_photo", recording_read)
    summary = run_batch(plan_batch([photo_folder], tmp_path / "out"), tiny_model, FAST)
    assert summary.count("done") == 3
    assert threads[0] == threading.current_thread().name and all(name.startswith("photo-reader") for name in threads[1:])


def test_inputs_are_never_modified(photo_folder, tmp_path, tiny_model):
    before = {path: path.read_bytes() for path in photo_folder.rglob("*") if path.is_file()}
    run_batch(plan_batch([photo_folder], photo_folder.parent), tiny_model, FAST, overwrite=True)
    assert {path: path.read_bytes() for path in before} == before


def test_greyscale_photo_comes_back_in_colour(photo_folder, tmp_path, tiny_model):
    plan = plan_batch([photo_folder / "1950s" / "house.tif"], tmp_path / "out")
    run_batch(plan, tiny_model, FAST)
    pixels = np.asarray(Image.open(plan.items[0].output)).astype(int)
    assert np.abs(pixels[:, :, 0] - pixels[:, :, 2]).mean() > 1


def test_overwrite_never_replaces_an_input(photo_folder, tiny_model):
    portrait = photo_folder / "portrait.jpg"
    before = portrait.read_bytes()
    plan = plan_batch([portrait], photo_folder)  # its result would be itself: refused when planned (issue 27)
    assert not plan.items and "would replace the photo itself" in plan.problems[0]
    plan.items = [batch_module.BatchItem(portrait, portrait)]
    summary = run_batch(plan, tiny_model, FAST, overwrite=True)
    assert summary.failed[0].message == "refusing to overwrite an input file"
    assert portrait.read_bytes() == before


def test_cancel_inside_a_big_photo_stops_it_and_leaves_no_file(tmp_path, tiny_model, monkeypatch):
    from colorizer_app.core import colorize

    monkeypatch.setattr(colorize, "_STRIP_PIXELS", 64 * 10)  # many strips
    Image.new("L", (64, 400), 90).save(tmp_path / "tall.png")
    polls = []

    def stop_after_a_few_polls():
        polls.append(1)
        return len(polls) > 3

    plan = plan_batch([tmp_path / "tall.png"], tmp_path / "out")
    summary = run_batch(plan, tiny_model, FAST, should_stop=stop_after_a_few_polls)
    assert summary.cancelled and summary.results == []
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").rglob("*")) == []


def test_a_broken_next_photo_never_fails_the_one_before_it(photo_folder, tmp_path, tiny_model):
    """The next photo is looked at early (to read it ahead); its own problems stay its own."""
    plan = plan_batch([photo_folder], tmp_path / "out")
    broken = plan.items[1].source

    def hints_for(source):
        if source == broken:
            raise HintsFileError(f"{source}: its hints file is damaged")
        return None

    summary = run_batch(plan, tiny_model, FAST, hints_for=hints_for)
    assert [result.status for result in summary.results] == ["done", "failed", "done"]
    assert "hints file is damaged" in summary.results[1].message


def test_resolver_agrees_with_resolve_through_links_and_loops(tmp_path):
    from colorizer_app.core.path_lookup import Resolver

    real = tmp_path / "real"
    real.mkdir()
    (real / "a.jpg").write_bytes(b"x")
    (tmp_path / "linked").symlink_to(real)
    (real / "alias.jpg").symlink_to(real / "a.jpg")
    (tmp_path / "loop.jpg").symlink_to(tmp_path / "loop.jpg")
    resolve = Resolver()
    for path in (real / "a.jpg", tmp_path / "linked" / "a.jpg", real / "alias.jpg", real / ".." / "real" / "a.jpg"):
        assert resolve(path) == path.resolve(), path
    assert resolve(tmp_path / "loop.jpg") is None


def test_file_listing_answers_like_the_file_system(tmp_path):
    from colorizer_app.core.path_lookup import FileListing

    (tmp_path / "there.png").write_bytes(b"x")
    (tmp_path / "folder.png").mkdir()
    files = FileListing()
    assert files.exists(tmp_path / "there.png")
    assert not files.exists(tmp_path / "missing.png") and not files.exists(tmp_path / "folder.png")
    assert not files.exists(tmp_path / "no-such-folder" / "there.png")
