"""Adding a trained model to the user's models without ever replacing one silently.

A name is taken when a built-in or user model has it, or when its file name in the
user models folder is in use (two names can share a file name: "a b" and "a-b").
Registration under a taken name replaces the user's model only when asked; otherwise
the model gets the first free name "NAME-2", "NAME-3"...  Built-in models are never
replaced (a user model of the same name would only hide behind them).
"""

from __future__ import annotations

from pathlib import Path

from colorizer_app.core.model_files import (
    CARD_SUFFIX,
    WEIGHTS_SUFFIX,
    ModelEntry,
    ModelExistsError,
    import_model,
    list_models,
    safe_file_stem,
    user_models_dir,
)

MAX_SUFFIX = 10000


def builtin_names() -> set[str]:
    return {entry.name for entry in list_models() if entry.origin == "built-in"}


def is_taken(name: str) -> bool:
    """Would a model called ``name`` collide with an existing one?"""
    if name in {entry.name for entry in list_models()}:
        return True
    weights = user_models_dir() / f"{safe_file_stem(name)}{WEIGHTS_SUFFIX}"
    return weights.exists() or weights.with_suffix(CARD_SUFFIX).exists()


def free_name(name: str) -> str:
    """``name`` itself when free, else the first free "NAME-2", "NAME-3"..."""
    if not is_taken(name):
        return name
    for suffix in range(2, MAX_SUFFIX):
        candidate = f"{name}-{suffix}"
        if not is_taken(candidate):
            return candidate
    raise ModelExistsError(f"no free name like {name!r} in {user_models_dir()}")


def register_model(source: str | Path, name: str, replace: bool = False) -> ModelEntry:
    """Check ``source`` and add it to the user models as ``name`` (atomically).

    Without ``replace``, a taken name gives the model the first free name instead;
    with it, a user model of that name is replaced (a built-in one never is).
    The returned entry carries the name the model really got.
    """
    if replace and name not in builtin_names():
        return import_model(source, name=name, replace=True)
    for _ in range(100):  # another process may take the free name between the check and the write
        candidate = free_name(name)
        try:
            return import_model(source, name=candidate, replace=False)
        except ModelExistsError:
            continue
    raise ModelExistsError(f"could not find a free name like {name!r} in {user_models_dir()}")
