"""Loaded models by weights path, shared by the preview, compare-models and batch tasks (loading takes a moment)."""

from __future__ import annotations

import threading
from pathlib import Path

from colorizer_app.core.devices import pick_device
from colorizer_app.core.model_files import LoadedModel, ModelEntry, load_model


class ModelCache:
    """Loaded models by weights path, shared by the workers (loading takes a moment)."""

    def __init__(self) -> None:
        self._models: dict[Path, LoadedModel] = {}
        self._lock = threading.Lock()

    def get(self, entry: ModelEntry) -> LoadedModel:
        with self._lock:
            if entry.weights_path not in self._models:
                self._models[entry.weights_path] = load_model(entry, pick_device("auto"))
            return self._models[entry.weights_path]
