"""Keeping and offering back the Colorize tab's session (the file format is in colorize/photos/session_file.py).

Why: the last photo list and its edits come back only when the user says so, through a bar
at the top of the tab that never blocks the window. The session is saved a moment after
any change and when the window closes. Until the offer is answered, an empty list is not
saved, so opening and closing the app does not throw the last session away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from colorizer_app.ui.colorize.photos.session import PhotoSession
from colorizer_app.ui.colorize.photos.session_file import SessionPhoto, photo_data, read_session, write_session
from colorizer_app.ui.look.words import files_words, photos_words
from colorizer_app.ui.tasks.lane import Lane

SAVE_DELAY_MS = 1500
MISSING_SHOWN = 5  # names listed in the bar; the rest are counted


class RestoreBar(QFrame):
    """ "Your last session had N photos… Restore / Not now"; afterwards, what came back and what is gone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # paths to copy
        self.restore_button = QPushButton("Restore")
        self.dismiss_button = QPushButton("Not now")
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.dismiss_button)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()

    def offer(self, count: str, edited: list[str], unfinished: int = 0) -> None:
        """``edited``: the names of the photos with edits of their own (hints, or a model or
        saturation of their own): named, so the user knows what restoring brings back."""
        with_edits = f", {len(edited)} with edits of their own ({_names(edited)})" if edited else ""
        left = f" Colorizing was stopped by quitting with {photos_words(unfinished)} still to do." if unfinished else ""
        self.label.setText(f"Your last session had {count}{with_edits}.{left} Restore them with their edits?")
        self.restore_button.show()
        self.dismiss_button.setText("Not now")
        self.show()

    def report(self, restored: int, missing: list[str]) -> None:
        text = f"Restored {photos_words(restored)} from your last session."
        if missing:
            text += f" {photos_words(len(missing))} {'is' if len(missing) == 1 else 'are'} no longer there: {_names(missing)}."
        self.label.setText(text)
        self.restore_button.hide()
        self.dismiss_button.setText("Close")
        self.setVisible(bool(missing))  # all back: the list says so; something gone: say what


def _names(names: list[str]) -> str:
    """ "a.jpg, b.jpg, c.jpg and 4 more" """
    shown = ", ".join(names[:MISSING_SHOWN])
    return shown + (f" and {len(names) - MISSING_SHOWN} more" if len(names) > MISSING_SHOWN else "")


class SessionKeeper(QObject):
    """Saves the photo session's records a moment after a change; offers the last session back.

    Restoring lists the photos that are still there through ``restoring`` (the page adds them
    and puts their edits back) and says what came back and what is gone."""

    restoring = Signal(list)  # the SessionPhotos still on disk and not listed yet
    status = Signal(str)

    def __init__(
        self, photos: PhotoSession, is_busy: Callable[[], bool], current_path: Callable[[], object], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.photos, self.is_busy, self.current_path = photos, is_busy, current_path
        self.bar = RestoreBar()
        self.offered: list[SessionPhoto] = read_session()
        self.pending = bool(self.offered)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self._writer = Lane(1, self)  # one thread, so saves land in order
        self.bar.restore_button.clicked.connect(self.restore)
        self.bar.dismiss_button.clicked.connect(self._dismissed)
        if self.offered:
            edited = [photo.photo.source.name for photo in self.offered if photo.own or photo.hints]
            count = files_words(photo.photo.source for photo in self.offered)  # "2 photos and 12 films"
            self.bar.offer(count, edited, sum(photo.unfinished for photo in self.offered))

    def schedule(self) -> None:
        self._timer.start()

    def save(self, wait: bool = False) -> None:
        """Write the list and every photo's edits; skipped while an offer waits and the list is empty.

        The window's thread only takes a snapshot of the edits; turning it into the file (a
        look at each result on disk, JSON, an atomic write) happens on a writer thread, one
        save after another: with 20,000 photos that took over a second, every time a batch
        finished a photo. ``wait``: return only once it is written (when the window closes).
        """
        self._timer.stop()
        if not (self.pending and self.photos.count() == 0):
            busy, current = self.is_busy(), self.current_path()
            snapshot = [  # each photo's record in the session, as plain values
                (
                    record.photo,
                    record.own,
                    list(record.hints.hints) if record.hints is not None else [],
                    record.result,
                    record.message if record.state == "failed" else "",
                    busy and record.state in ("waiting", "working"),
                    record.source == current,
                    record.hints.by_frame() if hasattr(record.hints, "by_frame") else None,  # a film's pins by frame
                )
                for record in self.photos.photos()
            ]
            self._writer.start(lambda task: _write(snapshot))
        if wait:
            self._writer.wait()

    def _dismissed(self) -> None:
        self.pending = False

    def restore(self) -> None:
        """Put the last session's photos back with their edits; report the ones that are gone."""
        present, missing = [], []
        for photo in self.offered:  # each file looked at once
            (present if photo.photo.source.is_file() else missing).append(photo)
        fresh = [photo for photo in present if self.photos.find(photo.photo.source) is None]
        self.restoring.emit(fresh)
        self.pending, self.offered = False, []
        gone = [str(photo.photo.source) for photo in missing]
        self.bar.report(len(fresh), gone)
        message = f"Restored {photos_words(len(fresh))} from your last session."  # not "Added N photo(s)."
        if gone:
            message += f" {photos_words(len(gone))} {'is' if len(gone) == 1 else 'are'} no longer there."
        self.status.emit(message)
        self.schedule()


def _write(snapshot: list[tuple]) -> bool:
    return write_session([photo_data(*entry) for entry in snapshot])
