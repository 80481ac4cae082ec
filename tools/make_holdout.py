"""Hold out a fixed share of some training folders as a validation set, as symlink views.

The issue's people validation set: a deterministic 5% of ``people-*`` (by a hash of each
photo's relative path, like the trainer's own split), never trained on. Writes two folders
of symlinks (the photos themselves are not copied):

    VIEWS/train/<top folder>/...   every training photo except the held-out ones
    VIEWS/val-people/...           the held-out photos

    .venv/bin/python tools/make_holdout.py ../shared/data/train /work/data-views --prefix people- --fraction 0.05
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from trainer.data import list_photo_files, split_indices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("views", type=Path)
    parser.add_argument("--prefix", default="people-", help="hold out photos under top folders starting with this")
    parser.add_argument("--fraction", type=float, default=0.05)
    args = parser.parse_args()
    root = args.data.resolve()
    relative = [str(path.relative_to(root)) for path in list_photo_files(root)]
    candidates = [path for path in relative if path.split("/", 1)[0].startswith(args.prefix)]
    _, held = split_indices(candidates, args.fraction, len(candidates))
    held_out = {candidates[i] for i in held}
    for path in relative:
        target = args.views / ("val-" + args.prefix.rstrip("-_") if path in held_out else "train") / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_symlink():
            os.symlink(root / path, target)
    print(f"{len(relative) - len(held_out)} training photos in {args.views / 'train'}, {len(held_out)} held out")


if __name__ == "__main__":
    main()
