"""Where Colorizer keeps the user's things, in one place: the platform's standard folders
(platformdirs) under one application name. Nothing is written beside the app or into the
photo folders unless the user chooses so."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Colorizer"


def user_models_dir() -> Path:
    """Models the user trained or imported."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "models"


def training_runs_dir() -> Path:
    """The Train tab's run folders (checkpoints, events, previews)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "runs"


def training_cache_dir() -> Path:
    """Decoded training photos, reused by later runs over the same folder."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "training-data"


def log_dir() -> Path:
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def settings_file() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "settings.json"


def session_file() -> Path:
    """The Colorize tab's last photo list and per-photo edits, offered back on the next launch."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "session.json"


def default_output_dir() -> Path:
    """A "Colorizer" folder in the user's Pictures: never inside the photos being colorized."""
    return platformdirs.user_pictures_path() / APP_NAME
