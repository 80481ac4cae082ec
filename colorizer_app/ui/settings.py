"""What the app remembers between runs, as JSON in the platform's config folder."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from colorizer_app.core.atomic import atomic_writer
from colorizer_app.core.colorize_settings import DEFAULT_RENDER_SIZE, saturation_value
from colorizer_app.core.user_folders import default_output_dir, settings_file

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
RECENT_COLOURS_KEPT = 8


def default_output_folder() -> str:
    """A "Colorizer" folder in the user's Pictures: never inside the photos being colorized."""
    return str(default_output_dir())


@dataclass
class AppSettings:
    model: str = "default"
    render_size: int = DEFAULT_RENDER_SIZE
    saturation: float = 1.0
    output_folder: str = ""
    output_format: str = ""  # "" = same as each input
    mark_results: bool = False  # a small "Colours simulated" mark in each result's corner
    last_input_folder: str = ""
    last_model_folder: str = ""
    last_training_folder: str = ""
    window_geometry: str = ""  # hex of QWidget.saveGeometry()
    window_maximized: bool = False  # shown maximised at the next start (a window manager may ignore the geometry's flag)
    theme: str = "system"  # "system", "light" or "dark" (View ▸ Theme; ui/look/theme.py)
    recent_colours: list = field(default_factory=list)  # "#rrggbb", most recent first (the hint palette's)

    def __post_init__(self) -> None:
        self.output_folder = self.output_folder or default_output_folder()
        try:
            self.saturation = saturation_value(self.saturation)
        except ValueError:
            self.saturation = 1.0  # a hand-edited or foreign value: the default
        self.recent_colours = [c for c in self.recent_colours if isinstance(c, str) and _HEX_COLOUR.fullmatch(c)][:RECENT_COLOURS_KEPT]

    @staticmethod
    def path() -> Path:
        return settings_file()

    @classmethod
    def load(cls) -> AppSettings:
        """The saved settings; damaged or foreign values fall back to defaults."""
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {field.name: field.type for field in fields(cls)}
        defaults = cls()
        values = {}
        for name, value in data.items() if isinstance(data, dict) else ():
            if name in known and type(value) is type(getattr(defaults, name)):
                values[name] = value
        return cls(**values)

    def save(self) -> None:
        try:
            with atomic_writer(self.path()) as stream:
                stream.write(json.dumps(asdict(self), indent=2).encode("utf-8"))
        except OSError:
            pass  # settings are a convenience; never fail the app over them
