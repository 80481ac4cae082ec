"""The photo view by keyboard: zoom, pan, the divider, and colour hints without a mouse.

Why: pins could only be placed and moved with a mouse, and a zoomed-in photo only panned by
dragging, so someone who works by keyboard could not use hints at all (a keyboard-only trial,
2026-12-06). Keys, while the photo has focus (its frame shows it):

- ``+`` / ``-`` zoom, ``0`` fits, ``1`` is 1:1;
- the arrows pan a zoomed-in photo; Shift+Left / Shift+Right move the divider;
- editing hints: Enter (or Insert) pins a colour in the middle of what is in view, the arrows
  move the selected pin (Shift: one pixel at a time), ``N`` / Shift+``N`` select the next or
  previous pin, Delete removes it, Escape lets it go.

A run of arrow presses is one move (one undo step, one re-colouring), made once the keys rest.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, QTimer

from colorizer_app.core.hints import ColorHint

ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
PIN_STEP = 8  # window pixels an arrow moves a pin (Shift: 1)
PAN_STEP = 0.1  # of the pane an arrow pans
DIVIDER_STEP = 0.05  # of the width Shift+arrow moves the divider
REST_MS = 450  # a pin's moves by arrow are one change once the keys rest this long
OWN_KEYS = {
    Qt.Key.Key_Plus,
    Qt.Key.Key_Equal,
    Qt.Key.Key_Minus,
    Qt.Key.Key_0,
    Qt.Key.Key_1,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Insert,
    Qt.Key.Key_N,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Shift,
}
KEYS_HELP = "Colour hints: Enter adds a pin, arrows move it, N picks the next, Delete removes it"


class ViewKeys:
    """Turns key presses on a CompareView into its zoom, pan and hint gestures."""

    def __init__(self, view) -> None:
        self.view = view
        self.moved_pin: int | None = None  # a pin moved by arrows, not yet reported
        self.rest = QTimer(view)
        self.rest.setSingleShot(True)
        self.rest.setInterval(REST_MS)
        self.rest.timeout.connect(self.report_move)

    def press(self, event) -> bool:
        """Handle ``event``; False for a key the view does not use (it goes to the window)."""
        view, key = self.view, event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False  # the window's shortcuts
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            view.zoom_to(view.scale * 1.25, view.pane_centre())
        elif key == Qt.Key.Key_Minus:
            view.zoom_to(view.scale / 1.25, view.pane_centre())
        elif key == Qt.Key.Key_0:
            view.fit()
        elif key == Qt.Key.Key_1:
            view.actual_size()
        elif key in ARROWS:
            self._arrow(*ARROWS[key], shift)
        elif view.hints_mode and view.before is not None:
            return self._hint_key(key, shift)
        else:
            return False
        return True

    def _arrow(self, dx: int, dy: int, shift: bool) -> None:
        view = self.view
        if view.hints_mode and view.selected_hint is not None:
            self._nudge(dx, dy, 1 if shift else PIN_STEP)
        elif shift and dx and view.divider_shown():
            view.divider = min(1.0, max(0.0, view.divider + dx * DIVIDER_STEP))
            view.update()
        elif view.before is not None:
            step = QPointF(-dx * view.pane_width() * PAN_STEP, -dy * view.height() * PAN_STEP)
            view.pan_by(step)

    def _hint_key(self, key, shift: bool) -> bool:
        view = self.view
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Insert):
            self.report_move()
            point = view.relative_point(view.centre_in_view())
            if point is not None:
                view.hint_added.emit(*point)
        elif key == Qt.Key.Key_N and view.hints:
            self.report_move()
            step = -1 if shift else 1
            current = view.selected_hint if view.selected_hint is not None else (-1 if step > 0 else 0)
            view.select_hint((current + step) % len(view.hints))
        elif key == Qt.Key.Key_Escape and view.selected_hint is not None:
            self.report_move()
            view.select_hint(None)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and view.selected_hint is not None:
            self.forget()
            view.hint_removed.emit(view.selected_hint)
        else:
            return False
        return True

    def _nudge(self, dx: int, dy: int, pixels: int) -> None:
        """Move the selected pin on screen now; report it once the keys rest."""
        view = self.view
        rect = view.image_rect()
        if rect.isEmpty():
            return
        index = view.selected_hint
        if self.moved_pin not in (None, index):
            self.report_move()
        old = view.hints[index]
        x = min(1.0, max(0.0, old.x + dx * pixels / rect.width()))
        y = min(1.0, max(0.0, old.y + dy * pixels / rect.height()))
        view.hints[index] = ColorHint(x, y, old.color, old.size)
        self.moved_pin = index
        self.rest.start()
        view.update()

    def own_key(self, event) -> bool:
        """A key this view acts on itself (a window shortcut is any other: a pin's move is reported before it)."""
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        return event.key() in ARROWS or event.key() in OWN_KEYS

    def takes(self, event) -> bool:
        """Whether a key that a window shortcut could take is the photo's: Escape with a pin selected."""
        view = self.view
        return event.key() == Qt.Key.Key_Escape and view.hints_mode and view.selected_hint is not None and not event.modifiers()

    def forget(self) -> None:
        """Drop a move not yet reported: the hints it was made on are gone (another photo, an undo)."""
        self.rest.stop()
        self.moved_pin = None

    def report_move(self) -> None:
        """The pin moved by arrows becomes a change of the photo's hints (undoable, re-coloured)."""
        self.rest.stop()
        index, self.moved_pin = self.moved_pin, None
        view = self.view
        if index is not None and index < len(view.hints):
            hint = view.hints[index]
            view.hint_moved.emit(index, hint.x, hint.y)
