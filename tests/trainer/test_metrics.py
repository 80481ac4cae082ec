import math

import numpy as np
import pytest
import torch
from skimage import color as skcolor
from skimage.metrics import structural_similarity

from colorizer_app.core.model_files import LoadedModel, ModelCard
from colorizer_app.core.models import build_model
from trainer.config import TrainConfig
from trainer.evaluate import evaluate, format_table
from trainer.metrics import MetricTotals, ciede2000, colorfulness, psnr, ssim


def test_psnr_of_a_known_error():
    truth = torch.full((1, 3, 8, 8), 0.5)
    assert math.isclose(psnr(truth + 0.1, truth).item(), 20.0, abs_tol=1e-3)  # MSE 0.01 -> 20 dB


def test_ssim_matches_skimage():
    rng = np.random.default_rng(0)
    first = rng.random((48, 48, 3))
    second = np.clip(first + rng.normal(0, 0.1, first.shape), 0, 1)
    expected = structural_similarity(
        first, second, channel_axis=2, data_range=1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False
    )
    as_tensor = lambda a: torch.tensor(a, dtype=torch.float32).permute(2, 0, 1)[None]  # noqa: E731
    assert math.isclose(ssim(as_tensor(first), as_tensor(second)).item(), expected, abs_tol=1e-4)


def test_ciede2000_matches_skimage():
    rng = np.random.default_rng(1)
    first = rng.uniform([0, -90, -90], [100, 90, 90], (30, 30, 3))
    second = first + rng.normal(0, 10, first.shape)
    as_tensor = lambda a: torch.tensor(a, dtype=torch.float64).permute(2, 0, 1)[None]  # noqa: E731
    ours = ciede2000(as_tensor(first), as_tensor(second))[0].numpy()
    assert np.abs(ours - skcolor.deltaE_ciede2000(first, second)).max() < 1e-6


def test_colorfulness_of_grey_is_zero_and_of_colour_is_not():
    grey = torch.rand(1, 1, 16, 16).expand(1, 3, 16, 16)
    assert colorfulness(grey).item() < 1e-3
    red = torch.zeros(1, 3, 16, 16)
    red[:, 0] = 1.0
    # uniform pure red: rg = 255, yb = 127.5, no spread: 0.3 * sqrt(255^2 + 127.5^2)
    assert math.isclose(colorfulness(red).item(), 0.3 * math.hypot(255, 127.5), rel_tol=1e-4)


def test_totals_report_delta_colorfulness_against_the_truth():
    totals = MetricTotals()
    truth = torch.rand(4, 3, 32, 32)
    grey = truth.mean(dim=1, keepdim=True).expand_as(truth)
    totals.add(grey, truth)
    result = totals.result()
    assert math.isclose(result["delta_colorfulness"], result["colorfulness_truth"], rel_tol=1e-3)
    assert result["images"] == 4


def test_evaluate_gives_baselines_with_known_answers():
    # Photos of one flat colour each, all the same colour: the mean-chroma baseline is
    # then exactly right, and the grey baseline misses the photos' whole colourfulness.
    photos = [np.full((256, 256, 3), (180, 90, 60), np.uint8) for _ in range(3)]
    torch.manual_seed(0)
    net = build_model("constant_resolution", {"width": 8, "dilations": [1]}).eval()
    model = LoadedModel(net, ModelCard(name="random", architecture="constant_resolution"), None)
    results = evaluate(model, photos)
    assert results["mean_chroma"]["psnr"] > 40 and results["mean_chroma"]["ciede2000"] < 0.5
    assert math.isclose(results["grey"]["delta_colorfulness"], results["grey"]["colorfulness_truth"], rel_tol=1e-3)
    assert results["model"]["images"] == 3
    table = format_table(results, "random")
    assert "grey baseline" in table and "mean chroma" in table and "CIEDE2000" in table


def test_sampled_hints_carry_the_true_colour_where_they_sit():
    from trainer.evaluate import sample_hints

    photo = np.zeros((64, 64, 3), np.uint8)
    photo[:, 32:] = (200, 40, 40)
    hints = sample_hints(photo, 20, np.random.default_rng(0))
    assert len(hints) == 20
    for hint in hints:
        expected = "#c82828" if hint.x > 34 / 64 else "#000000" if hint.x < 30 / 64 else None
        if expected:
            assert hint.color == expected


def test_eval_command_makes_a_table_by_hint_count(tmp_path, tiny_model_path, capsys):
    from PIL import Image

    from colorizer_app.cli import main

    folder = tmp_path / "photos"
    folder.mkdir()
    for index in range(3):
        Image.fromarray(np.random.default_rng(index).integers(0, 255, (40, 40, 3), dtype=np.uint8)).save(folder / f"{index}.png")
    assert main(["eval", str(folder), "--model", str(tiny_model_path), "--hint-points", "0,2,5"]) == 0
    out = capsys.readouterr().out
    assert "by number of ground-truth hints" in out and out.count("\n") >= 5
    assert main(["eval", str(folder), "--model", str(tiny_model_path), "--hint-points", "a,b"]) == 2
    capsys.readouterr()
    assert main(["eval", str(folder), "--model", str(tiny_model_path), "--hint-points", "0,2,-1"]) == 2
    for limit in ("0", "-1"):  # 0 scored every photo, -1 one
        assert main(["eval", str(folder), "--model", str(tiny_model_path), "--limit", limit]) == 2
    assert "--limit must be at least 1, not -1" in capsys.readouterr().err


def test_eval_scores_photos_at_their_own_size_or_a_long_side(tmp_path, tiny_model_path, capsys):
    from PIL import Image

    from colorizer_app.cli import main
    from trainer.evaluate import load_eval_photos

    folder = tmp_path / "photos"
    folder.mkdir()
    for index, size in enumerate(((60, 40), (30, 50), (60, 40))):
        Image.fromarray(np.random.default_rng(index).integers(0, 255, (*size[::-1], 3), dtype=np.uint8)).save(folder / f"{index}.png")
    assert [photo.shape[:2] for photo in load_eval_photos(folder, long_side=None)[0]] == [(40, 60), (50, 30), (40, 60)]
    assert [photo.shape[:2] for photo in load_eval_photos(folder, long_side=120)[0]] == [(80, 120), (120, 72), (80, 120)]
    assert main(["eval", str(folder), "--model", str(tiny_model_path), "--size", "own"]) == 0
    assert "3 photos, each at its own size" in capsys.readouterr().out
    assert main(["eval", str(folder), "--model", str(tiny_model_path), "--size", "0"]) == 2


def test_eval_reads_a_model_out_at_another_colour_gain(tmp_path, tiny_model_path, capsys):
    # Models are compared at equal colour strength by scoring them at one gain: the gain must
    # reach the read-out colour, and a gain outside the card's range is refused, not clamped.
    import json

    from PIL import Image

    from colorizer_app.cli import main

    folder = tmp_path / "photos"
    folder.mkdir()
    for index in range(2):
        Image.fromarray(np.random.default_rng(index).integers(0, 255, (40, 40, 3), dtype=np.uint8)).save(folder / f"{index}.png")
    colour = {}
    for gain in ("0.5", "2"):
        assert main(["eval", str(folder), "--model", str(tiny_model_path), "--chroma-gain", gain, "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["chroma_gain"] == float(gain)
        colour[gain] = report["model"]["colorfulness"]
    assert colour["2"] > colour["0.5"] * 2
    assert main(["eval", str(folder), "--model", str(tiny_model_path), "--chroma-gain", "2"]) == 0
    assert "at colour gain 2" in capsys.readouterr().out
    assert main(["eval", str(folder), "--model", str(tiny_model_path), "--chroma-gain", "5"]) == 2
    assert "chroma_gain must be a number from 0.5 to 2.0" in capsys.readouterr().err


def test_the_film_look_is_scored_on_the_truths_lightness():
    # A model that gets the colour right from any grey scores the same on old-film looks:
    # only the chosen colours count, never the look's own lightness.
    from trainer.film_look import film_lightness

    photos = [np.full((64, 64, 3), (180, 90, 60), np.uint8) for _ in range(2)]
    torch.manual_seed(0)
    net = build_model("constant_resolution", {"width": 8, "dilations": [1]}).eval()
    model = LoadedModel(net, ModelCard(name="random", architecture="constant_resolution"), None)
    clean, old = evaluate(model, photos), evaluate(model, photos, film_look=True)
    assert old["grey"]["psnr"] == clean["grey"]["psnr"]
    assert abs(old["model"]["psnr"] - clean["model"]["psnr"]) < 3
    rgb = torch.rand(4, 3, 32, 32)
    first, again = (film_lightness(rgb, torch.Generator().manual_seed(3)) for _ in range(2))
    assert torch.equal(first, again) and not torch.allclose(first, film_lightness(rgb, torch.Generator().manual_seed(3), chance=0.0))


def test_the_film_looks_blur_can_be_scaled_for_training():
    # --film-look-blur: a small print that the app enlarges is softer to the network; the
    # trainer can make its old prints that much softer (or sharper).
    from trainer.film_look import old_print_lightness

    rgb = torch.rand(8, 3, 48, 48)

    def detail(blur: float) -> float:
        lightness = old_print_lightness(rgb, torch.Generator().manual_seed(5), parts=("blur",), blur=blur)
        return float((lightness[..., 1:] - lightness[..., :-1]).abs().mean())

    assert detail(2.0) < 0.9 * detail(1.0) and detail(1.0) < detail(0.5)
    with pytest.raises(ValueError, match="film-look-blur"):
        TrainConfig(data="/photos", out="/run", epochs=1, film_look=0.5, film_look_blur=5.0).validate()


def test_each_part_of_the_film_look_alone_looks_as_it_does_in_the_whole():
    # tools/film_look_parts.py measures one part at a time: with no part the look is the clean
    # L, each part changes it, and all the parts are the whole look, draw for draw.
    from trainer.film_look import LOOK_PARTS, film_lightness, old_print_lightness

    rgb = torch.rand(3, 3, 32, 32)
    clean = film_lightness(rgb, torch.Generator(), chance=0.0)
    assert torch.allclose(old_print_lightness(rgb, torch.Generator().manual_seed(1), parts=()), clean, atol=1e-3)
    faded = old_print_lightness(rgb, torch.Generator().manual_seed(1), parts=("fade",))
    assert not torch.allclose(faded, clean, atol=1)
    whole = old_print_lightness(rgb, torch.Generator().manual_seed(1), parts=LOOK_PARTS)
    assert torch.equal(whole, old_print_lightness(rgb, torch.Generator().manual_seed(1)))
    response_and_fade = old_print_lightness(rgb, torch.Generator().manual_seed(1), parts=("response", "fade"))
    assert not torch.allclose(response_and_fade, faded, atol=1)
