"""The Train tab's progress line in plain words, from the trainer's ``step`` events.

Why: a run with a time budget does not know its length for its first steps (it measures
its speed first), which read as "Step 9 of ?". Until the length is known the line says
the time left is being worked out; then it says the time left, never a bare question mark.
"""

from __future__ import annotations

from colorizer_app.ui.look.words import duration_words


def progress_words(event: dict) -> str:
    """ "Step 120 of 1,500 · about 12 minutes left · 40 photos a second" (or "working out the time left")."""
    step, total, eta = event["step"], event.get("total_steps"), event.get("eta_seconds")
    speed = f"{event.get('images_per_second', 0):.0f} photos a second"
    if total and eta is not None:
        left = "finishing" if step >= total else f"{duration_words(eta)} left"
        return f"Step {step:,} of {total:,} · {left} · {speed}"
    if eta is not None:  # a time budget: how long is left before the number of steps is known
        return f"Step {step:,} · {duration_words(eta)} left · {speed}"
    return f"Step {step:,} · working out how long this takes… · {speed}"


def ended_words(event: dict | None, ending: str) -> str:
    """The progress line once the run has ended ("Step 12 of 40 · stopped"), never "working out…"."""
    if not event:
        return ""
    total = event.get("total_steps")
    if ending == "finished":  # a time budget's last estimate of the length can be a step past the end
        return f"Finished at step {event['step']:,}"
    return f"Step {event['step']:,}{f' of {total:,}' if total else ''} · {ending}"


class StepClock:
    """How long a training step takes, from the step events' times: Stop says how long it waits."""

    def __init__(self) -> None:
        self.last_time: float | None = None
        self.seconds: float | None = None

    def tick(self, event: dict) -> None:
        now = event.get("time")
        if isinstance(now, (int, float)):
            if self.last_time is not None and now > self.last_time:
                self.seconds = now - self.last_time
            self.last_time = now

    def stopping_words(self) -> str:
        wait = f" (about {round(self.seconds)} s)" if self.seconds and self.seconds >= 3 else ""
        return f"Stopping: finishing this step{wait}, then saving it so Resume continues from here…"


def resumed_subtitle(step: int, total_steps: int | None, when) -> str:
    """A resumed run's line under its title: where it continues from, not its folder."""
    of = f" of {total_steps:,}" if total_steps else ""
    return f"Resumed at step {step:,}{of} (stopped {when:%d %b %Y, %H:%M})"
