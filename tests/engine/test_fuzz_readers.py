"""Fuzzed inputs to the three readers of untrusted files: only the module's own error comes out, quickly."""

import io
import json

import pytest
from conftest import make_model_file, natural_image
from PIL import Image

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from colorizer_app.core.hints import HintsFileError, load_hints  # noqa: E402
from colorizer_app.core.images import ImageReadError, read_photo  # noqa: E402
from colorizer_app.core.model_files import ModelFileError, read_entry  # noqa: E402

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _valid_photos() -> list[bytes]:
    photos = []
    for file_format in ("JPEG", "PNG", "TIFF", "GIF", "WEBP"):
        buffer = io.BytesIO()
        Image.fromarray(natural_image(24, 32)).save(buffer, file_format, exif=Image.Exif().tobytes())
        photos.append(buffer.getvalue())
    return photos


PHOTOS = _valid_photos()


@st.composite
def mutated(draw, originals: list[bytes]) -> bytes:
    """A valid file with a few bytes changed, or cut short, or random bytes."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(0, 6))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.integers(1, len(data)))
    return bytes(data[:cut]) if draw(st.booleans()) else bytes(data)


@FUZZ
@given(data=st.one_of(mutated(PHOTOS), st.binary(min_size=1, max_size=300)))
def test_read_photo_raises_only_its_own_error(tmp_path, data):
    path = tmp_path / "fuzz.img"
    path.write_bytes(data)
    try:
        read_photo(path, max_pixels=1_000_000)
    except ImageReadError:
        pass


@pytest.fixture(scope="module")
def card_text(tmp_path_factory):
    return make_model_file(tmp_path_factory.mktemp("model")).with_suffix(".json").read_text()


@FUZZ
@given(data=st.data())
def test_card_reader_raises_only_its_own_error(tmp_path, card_text, data):
    card = json.loads(card_text)
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
        max_leaves=8,
    )
    key = data.draw(st.sampled_from([*card, "config"]))
    if key == "config" and data.draw(st.booleans()):
        card["config"][data.draw(st.sampled_from(["decoder_width", "context_dilations", "head", "bins", "temperature"]))] = data.draw(
            json_values
        )
    else:
        card[key] = data.draw(json_values)
    weights = tmp_path / "fuzz.safetensors"
    weights.write_bytes(b"\0" * 8)
    weights.with_suffix(".json").write_text(json.dumps(card))
    try:
        read_entry(weights).card.summary()
    except ModelFileError:
        pass


@FUZZ
@given(
    data=st.one_of(
        mutated([json.dumps({"format": "colorizer-hints", "version": 1, "hints": [{"x": 0.1, "y": 0.9, "color": "#102030"}]}).encode()]),
        st.binary(max_size=200),
    )
)
def test_hints_reader_raises_only_its_own_error(tmp_path, data):
    path = tmp_path / "hints.json"
    path.write_bytes(data)
    try:
        load_hints(path)
    except HintsFileError:
        pass
