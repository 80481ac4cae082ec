"""With the shipped default model: a hint pulls the colour near it toward the hint's colour,
and leaves far-away regions nearly alone."""

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from colorizer_app.core.color import rgb_to_lab
from colorizer_app.core.colorize import ColorizeSettings, colorize_pixels
from colorizer_app.core.hints import ColorHint
from colorizer_app.core.model_files import load_model, read_entry

REPO = Path(__file__).resolve().parents[3]
DEFAULT_MODEL = REPO / "resources" / "models" / "default.safetensors"
SAMPLE = REPO / "resources" / "samples" / "astronaut-bw.jpg"

pytestmark = pytest.mark.skipif(not DEFAULT_MODEL.is_file(), reason="no default model shipped yet")


def ab_of(pixels):
    return rgb_to_lab(torch.from_numpy(pixels.astype(np.float32) / 255).permute(2, 0, 1))[1:]


@pytest.mark.slow
def test_a_hint_recolours_its_neighbourhood_toward_its_colour():
    model = load_model(read_entry(DEFAULT_MODEL))
    pixels = np.asarray(Image.open(SAMPLE).convert("RGB").resize((256, 256)))
    settings = ColorizeSettings(render_size=256)
    plain = ab_of(colorize_pixels(pixels, model, settings))
    hint = ColorHint(0.3, 0.7, "#00b000", size=0.03)  # green on the (white) space suit
    hinted = ab_of(colorize_pixels(pixels, model, settings, hints=[hint]))
    change = hinted - plain
    rows, columns = torch.meshgrid(torch.arange(256), torch.arange(256), indexing="ij")
    distance = torch.hypot(rows / 256 - hint.y, columns / 256 - hint.x)
    near = distance < 0.04
    far = distance > 0.5
    assert change[0][near].mean() < -5  # a (green-red axis) moves toward green near the hint
    assert change.norm(dim=0)[near].mean() > 3 * change.norm(dim=0)[far].mean()
