"""A film in the compare view: which frame is shown (the scrubber under the view), and the short
preview played in its place.

Why apart from the page: for a photo the picture on screen is its file; for a film it is one
frame (a FilmFrame), chosen on the scrubber and kept on the film's record (``Photo.frame``), so
coming back to a film shows the frame left. The page asks ``picture`` for what to render and
hears ``frame_changed`` when another frame is chosen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from colorizer_app.core.film import PREVIEW_SECONDS, FilmFrame
from colorizer_app.ui.colorize.viewing.film_bar import FilmBar
from colorizer_app.ui.colorize.viewing.film_player import FilmPlayer


class FilmView(QObject):
    frame_changed = Signal()  # another frame of the film on screen was chosen
    playing_changed = Signal(bool)  # the short preview is being coloured or played (True), or stopped
    status = Signal(str)

    def __init__(self, compare, pinned_frames, parent: QObject | None = None) -> None:
        """``pinned_frames(path)``: the frames of a film that have pins (the hints store's)."""
        super().__init__(parent)
        self.compare, self.pinned_frames = compare, pinned_frames
        self.bar = FilmBar()
        self.player = FilmPlayer(self)
        # a drag asks for its next frame once the last one asked for is on screen (the marker gone)
        self.bar.ready_for_frame = lambda: self.player.active or not compare.busy
        self.record = None  # the film on screen (a photo session record), or None
        self.bar.frame_chosen.connect(self._chosen)
        self.player.frame.connect(self._play_frame)
        self.player.progress.connect(lambda done, total: compare.set_busy(True, f"Colouring a preview: frame {done} of {total}…"))
        self.player.playing_changed.connect(self._playing_changed)
        self.player.failed.connect(lambda message: self.status.emit(f"The preview could not be made: {message}"))

    def picture(self, record) -> Path | FilmFrame | None:
        """What the compare view shows for this photo-list record: a photo's file, a film's chosen frame."""
        if record is None:
            return None
        return FilmFrame(record.source, record.frame) if record.is_film else record.source

    def show(self, record) -> None:
        """Another photo or film is selected: the scrubber shows for a film, at the frame it was left on."""
        self.player.stop()
        self.record = record if record is not None and record.is_film else None
        self.facts_known()

    def facts_known(self) -> None:
        """The film's check has read its length (the scrubber needs it): show the scrubber."""
        record = self.record
        if record is None or record.film is None or record.state == "failed":
            self.bar.hide()
            return
        facts = record.film
        if not self.bar.isVisible() or self.bar.slider.maximum() != max(0, facts.frames - 1):
            self.bar.show_film(facts.frames, facts.rate, facts.duration, record.frame, facts.frame_seconds)
        self.pins_changed()

    def pins_changed(self) -> None:
        """Pins were placed or removed: the bar's list of pinned frames follows."""
        if self.record is not None:
            self.bar.show_pinned(self.pinned_frames(self.record.source), self.record.frame)

    def _chosen(self, index: int) -> None:
        if self.record is not None and index != self.record.frame:
            self.player.stop()
            self.record.frame = index
            self.pins_changed()  # "not this one" or not
            self.frame_changed.emit()

    def play(self, model_of, entry, settings, hints) -> None:
        """Colour a few seconds from the frame shown (or the film's last few seconds, near its end)
        and play them (``hints``: the film's FilmHints or None)."""
        if self.record is None:
            return
        first = self.record.frame
        if self.record.film is not None:
            facts = self.record.film
            first = max(0, min(first, facts.frames - round(PREVIEW_SECONDS * facts.rate)))
        self.compare.set_busy(True, "Colouring a preview…")
        self.player.start(self.record.source, model_of, entry, settings, first, hints)

    def stop(self) -> None:
        self.player.stop()

    @property
    def playing(self) -> bool:
        return self.player.active

    def _play_frame(self, before, after, index: int) -> None:
        if self.compare.busy:
            self.compare.set_busy(False)
        self.bar.show_playing(index)  # the scrubber follows the frames played
        facts = self.record.film if self.record is not None else None
        self.compare.set_images(before, after, (facts.width, facts.height) if facts else None)

    def _playing_changed(self, playing: bool) -> None:
        if not playing:
            self.compare.set_busy(False)
            if self.record is not None:
                self.bar.show_playing(self.record.frame)  # back to the still frame's place
        self.compare.set_moving(playing)
        self.bar.set_playing(playing)
        self.playing_changed.emit(playing)
