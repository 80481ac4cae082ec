"""PhotoEdits without a window (issue 25): the rule in its docstring, as of the issue 26
change (the controls set the batch's; *Only this photo* or a hint gives a photo its own),
and which paths its ``updated`` signal names. Only a QApplication (pytest-qt's qapp), no widgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from colorizer_app.core.hints import ColorHint
from colorizer_app.ui.colorize.edits.photo_edits import PhotoEdits
from colorizer_app.ui.colorize.photos.recipe import Recipe, SavedResult

A, B, C = Path("/photos/a.jpg"), Path("/photos/b.jpg"), Path("/photos/c.jpg")
OUT = Path("/results")
RED = ColorHint(0.2, 0.3, "#c83232")


class Session:
    """PhotoEdits with hints in a dict (HintsStore's place) and every ``updated`` path heard."""

    def __init__(self, model="default", saturation=1.0) -> None:
        self.hints: dict[Path, list[ColorHint]] = {}
        self.edits = PhotoEdits(lambda path: self.hints.get(path, []), model, saturation)
        self.heard: list[Path] = []
        self.edits.updated.connect(self.heard.append)

    def hear(self) -> list[Path]:
        heard, self.heard[:] = list(self.heard), []
        return heard

    def add_hint(self, path: Path, hint: ColorHint = RED) -> None:
        """What the edits controller does for a hint edit."""
        self.hints.setdefault(path, []).append(hint)
        self.edits.pin(path)
        self.edits.hints_changed(path)

    def colorized(self, *paths: Path) -> None:
        """A batch saved these photos with what they showed."""
        for path in paths:
            self.edits.record_result(path, OUT / path.name, self.edits.recipe(path))


@pytest.fixture
def session(qapp) -> Session:
    return Session()


def shown(edits: PhotoEdits, path: Path) -> tuple[str, float]:
    recipe = edits.recipe(path)
    return recipe.model, recipe.saturation


# ----- the controls set the batch's ------------------------------------------------------


def test_a_photo_without_its_own_choice_follows_the_batch(session):
    edits = session.edits
    assert edits.own(A) is None and edits.recipe(A) == Recipe("default", 1.0, ())
    edits.set_default("fast", 1.5)
    assert edits.recipe(A) == Recipe("fast", 1.5, ()) and edits.recipe(B) == Recipe("fast", 1.5, ())


def test_a_change_with_a_photo_selected_is_the_batchs_not_the_photos(session):
    edits = session.edits
    edits.choose(A, "fast", 0.5)
    assert edits.own(A) is None  # no edit of its own the user never meant to make (issue 26)
    assert (edits.default_model, edits.default_saturation) == ("fast", 0.5)
    assert shown(edits, A) == shown(edits, B) == ("fast", 0.5)


def test_only_this_photo_keeps_what_it_shows_and_later_changes_are_its_alone(session):
    edits = session.edits
    edits.set_default("fast", 1.25)
    edits.pin(A)  # "Only this photo" ticked
    assert edits.own(A) == ("fast", 1.25)
    edits.choose(A, "default", 1.75)
    assert edits.own(A) == ("default", 1.75) and shown(edits, A) == ("default", 1.75)
    assert (edits.default_model, edits.default_saturation) == ("fast", 1.25) and shown(edits, B) == ("fast", 1.25)
    edits.set_default("other", 0.0)  # the batch moves on without it
    assert shown(edits, A) == ("default", 1.75) and shown(edits, B) == ("other", 0.0)


def test_pinning_a_photo_that_has_its_own_choice_keeps_that_choice(session):
    edits = session.edits
    edits.keep_own(A, "fast", 0.8)
    edits.set_default("default", 1.2)
    edits.pin(A)
    assert edits.own(A) == ("fast", 0.8)


def test_a_hint_edit_makes_the_photo_keep_the_model_and_saturation_it_shows(session):
    edits = session.edits
    edits.set_default("fast", 1.3)
    session.add_hint(A)
    assert edits.own(A) == ("fast", 1.3) and edits.recipe(A) == Recipe("fast", 1.3, (RED,))
    edits.set_default("default", 1.0)
    assert edits.recipe(A) == Recipe("fast", 1.3, (RED,))  # its hints were placed on that picture
    assert edits.own(B) is None and shown(edits, B) == ("default", 1.0)


def test_use_batch_settings_makes_the_photo_follow_the_batch_again(session):
    edits = session.edits
    edits.keep_own(A, "fast", 0.4)
    edits.set_default("default", 1.1)
    edits.use_batch_settings(A)
    assert edits.own(A) is None and shown(edits, A) == ("default", 1.1)
    edits.choose(A, "other", 1.9)  # now a change is the batch's again
    assert edits.own(A) is None and (edits.default_model, edits.default_saturation) == ("other", 1.9)


def test_saturation_follows_the_one_rule_two_decimals_zero_to_two(session):
    edits = session.edits
    edits.keep_own(A, "fast", 1.23456)
    assert edits.own(A) == ("fast", 1.23)
    with pytest.raises(ValueError):
        edits.set_default("fast", 2.5)
    with pytest.raises(ValueError):
        edits.keep_own(B, "fast", -0.1)
    assert shown(edits, B) == ("default", 1.0) and edits.own(B) is None  # a refused value changes nothing


def test_a_path_given_as_text_is_the_same_photo(session):
    edits = session.edits
    edits.keep_own(str(A), "fast", 0.5)
    assert edits.own(A) == ("fast", 0.5)
    session.hints[A] = [RED]
    assert edits.recipe(str(A)).hints == (RED,)


# ----- changed, not saved ---------------------------------------------------------------


def test_a_photo_without_a_saved_result_is_never_changed(session):
    edits = session.edits
    session.add_hint(A)
    edits.set_default("fast", 2.0)
    assert not edits.is_changed(A) and not edits.is_changed(B) and edits.result(A) is None


def test_a_result_made_with_what_the_photo_shows_is_not_changed(session):
    session.colorized(A)
    assert session.edits.result(A) == SavedResult(OUT / "a.jpg", Recipe("default", 1.0, ()), True)
    assert not session.edits.is_changed(A)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda s: s.edits.keep_own(A, "fast", 1.0), id="its own model"),
        pytest.param(lambda s: s.edits.keep_own(A, "default", 1.4), id="its own saturation"),
        pytest.param(lambda s: s.add_hint(A), id="a hint"),
        pytest.param(lambda s: s.edits.set_default("fast", 1.0), id="the batch's model"),
        pytest.param(lambda s: s.edits.set_default("default", 0.6), id="the batch's saturation"),
        pytest.param(lambda s: s.edits.choose(A, "fast", 1.0), id="the controls with it selected"),
    ],
)
def test_any_difference_since_the_result_was_saved_makes_it_changed(session, edit):
    session.colorized(A)
    edit(session)
    assert session.edits.is_changed(A)


def test_switching_the_batch_after_a_run_changes_only_the_photos_that_follow_it(session):
    edits = session.edits
    session.add_hint(B)  # B keeps ("default", 1.0) with its hint
    edits.keep_own(C, "default", 1.0)  # C keeps its own choice too
    session.colorized(A, B, C)
    edits.set_default("fast", 1.0)
    assert [edits.is_changed(path) for path in (A, B, C)] == [True, False, False]
    edits.set_default("default", 1.0)  # back to what A was made with
    assert not edits.is_changed(A)


def test_a_hint_taken_away_again_is_no_change(session):
    session.add_hint(A)
    session.colorized(A)
    session.hints[A].append(ColorHint(0.5, 0.5, "#3232c8"))
    assert session.edits.is_changed(A)
    session.hints[A].pop()  # undone
    assert not session.edits.is_changed(A)


def test_saving_again_with_the_new_recipe_clears_changed(session):
    session.colorized(A)
    session.add_hint(A)
    assert session.edits.is_changed(A)
    session.colorized(A)
    assert not session.edits.is_changed(A) and session.edits.result(A).recipe.hints == (RED,)


# ----- results found on disk -----------------------------------------------------------


def test_a_result_found_on_disk_is_taken_as_made_with_what_the_photo_shows_then(session):
    edits = session.edits
    edits.set_default("fast", 1.2)
    edits.found_result(A, OUT / "a.jpg")
    assert edits.result(A) == SavedResult(OUT / "a.jpg", Recipe("fast", 1.2, ()), known=False)
    assert not edits.is_changed(A)
    edits.set_default("default", 1.2)
    assert edits.is_changed(A)  # assumed at finding, not re-assumed at every look


def test_finding_a_recorded_result_again_keeps_the_record(session):
    edits = session.edits
    session.colorized(A)
    edits.set_default("fast", 1.0)  # A is now changed
    session.hear()
    edits.found_result(A, OUT / "a.jpg")
    assert edits.result(A).known is True and edits.result(A).recipe.model == "default" and edits.is_changed(A)
    assert session.hear() == []
    edits.found_result(A, OUT / "elsewhere" / "a.jpg")  # another output folder: another file
    assert edits.result(A) == SavedResult(OUT / "elsewhere" / "a.jpg", Recipe("fast", 1.0, ()), known=False)
    assert session.hear() == [A]


# ----- the session file brings it back --------------------------------------------------


def test_restore_sets_both_the_own_choice_and_the_result(session):
    edits = session.edits
    result = SavedResult(OUT / "a.jpg", Recipe("fast", 0.7, ()), True)
    edits.restore(A, ("fast", 0.704), result)
    assert edits.own(A) == ("fast", 0.7) and edits.result(A) is result and not edits.is_changed(A)
    edits.restore(B, None, None)
    assert edits.own(B) is None and edits.result(B) is None and shown(edits, B) == ("default", 1.0)


def test_restore_replaces_what_was_there(session):
    edits = session.edits
    edits.keep_own(A, "fast", 0.5)
    session.colorized(A)
    edits.restore(A, None, None)
    assert edits.own(A) is None and edits.result(A) is None


# ----- who hears about it -----------------------------------------------------------------


def test_a_batch_change_names_every_known_photo_that_follows_it_and_no_other(session):
    edits = session.edits
    session.colorized(A, B)
    edits.keep_own(C, "fast", 1.0)
    session.hear()
    edits.set_default("other", 1.0)
    assert sorted(session.hear()) == [A, B]  # C keeps its own: its recipe did not move
    edits.set_default("other", 1.004)  # the same after the saturation rule: no change
    assert session.hear() == []


def test_a_change_to_a_photos_own_choice_names_that_photo_only(session):
    edits = session.edits
    session.colorized(A, B)
    session.hear()
    edits.pin(A)
    assert session.hear() == [A]
    edits.choose(A, "fast", 1.0)
    assert session.hear() == [A]
    edits.choose(A, "fast", 1.0)  # the same again
    assert session.hear() == []


def test_choosing_for_a_photo_that_follows_the_batch_names_the_others_that_follow(session):
    edits = session.edits
    session.colorized(A, B)
    session.hear()
    edits.choose(A, "fast", 1.0)
    assert sorted(session.hear()) == [A, B]


def test_pin_use_batch_and_hints_name_the_photo_only_when_something_moved(session):
    edits = session.edits
    edits.use_batch_settings(A)  # it already follows the batch
    assert session.hear() == []
    edits.pin(A)
    assert session.hear() == [A]
    edits.pin(A)  # already its own
    assert session.hear() == []
    edits.use_batch_settings(A)
    assert session.hear() == [A]
    edits.hints_changed(B)
    assert session.hear() == [B]


def test_recording_finding_and_restoring_results_name_the_photo(session):
    edits = session.edits
    edits.record_result(str(A), OUT / "a.jpg", edits.recipe(A))
    edits.found_result(B, OUT / "b.jpg")
    edits.restore(C, None, None)
    assert session.hear() == [A, B, C] and all(isinstance(path, Path) for path in (A, B, C))
