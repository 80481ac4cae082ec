"""The one event reader (issue 25): EventFollower takes only complete lines of a growing
events.jsonl, keeps its place, skips a damaged line; read_events is the follower from the start."""

from __future__ import annotations

import json

from trainer.events import EventFollower, EventLog, read_events


def line(kind: str, **fields) -> bytes:
    return (json.dumps({"type": kind, **fields}) + "\n").encode()


def append(path, data: bytes) -> None:
    with open(path, "ab") as stream:
        stream.write(data)


def test_a_missing_file_gives_nothing_until_it_appears(tmp_path):
    path = tmp_path / "events.jsonl"
    follower = EventFollower(path)
    assert follower.read_new() == [] and follower.offset == 0
    assert read_events(path) == []
    append(path, line("start", total_steps=10))
    assert follower.read_new() == [{"type": "start", "total_steps": 10}]


def test_a_folder_in_its_place_gives_nothing(tmp_path):
    (tmp_path / "events.jsonl").mkdir()
    assert EventFollower(tmp_path / "events.jsonl").read_new() == []


def test_each_event_is_read_once_as_the_file_grows(tmp_path):
    path = tmp_path / "events.jsonl"
    follower = EventFollower(path)
    append(path, line("start") + line("step", step=1))
    assert [event["type"] for event in follower.read_new()] == ["start", "step"]
    assert follower.offset == path.stat().st_size
    assert follower.read_new() == []  # nothing new: nothing again
    append(path, line("step", step=2))
    assert follower.read_new() == [{"type": "step", "step": 2}]


def test_a_line_still_being_written_waits_for_its_end(tmp_path):
    path = tmp_path / "events.jsonl"
    follower = EventFollower(path)
    whole = line("validation", step=5, metrics={"psnr": 24.5})
    append(path, line("start") + whole[:17])  # the writer is mid-line
    assert follower.read_new() == [{"type": "start"}]
    assert follower.offset == len(line("start"))  # its place is before the half line
    assert follower.read_new() == []
    append(path, whole[17:])
    assert follower.read_new() == [{"type": "validation", "step": 5, "metrics": {"psnr": 24.5}}]
    assert follower.offset == path.stat().st_size


DAMAGE = [
    b'{"type": "step", "st\n',  # cut short
    b"\xff\xfe not text\n",  # not UTF-8
    b"\x00\x00\x00\x00\x00\x00\x00\x00\n",  # what a power cut can leave in a file being appended to
    b"\n",
    b"7\n",  # JSON, but not an event
    b'["type", "step"]\n',
    b'"finished"\n',
    b"null\n",
]


def test_a_damaged_line_is_skipped_and_the_next_ones_are_read(tmp_path):
    """Each damaged line is passed over, never raised (the window polls this on a timer)."""
    path = tmp_path / "events.jsonl"
    append(path, line("start") + b"".join(DAMAGE) + line("finished", step=9))
    follower = EventFollower(path)
    assert follower.read_new() == [{"type": "start"}, {"type": "finished", "step": 9}]
    assert follower.offset == path.stat().st_size  # the damaged lines are not read again
    append(path, line("exported", path="m.safetensors"))
    assert follower.read_new() == [{"type": "exported", "path": "m.safetensors"}]


def test_a_step_line_written_in_another_key_order_is_still_a_step(tmp_path):
    """The reader parses JSON; it does not match the literal text '{"type": "step"' (issue 25)."""
    path = tmp_path / "events.jsonl"
    append(path, b'{"step": 3, "type": "step", "loss": 0.5}\n{ "type" : "step", "step": 4}\n')
    assert [event["step"] for event in read_events(path) if event["type"] == "step"] == [3, 4]


def test_read_events_equals_a_new_follower_from_the_start(tmp_path):
    path = tmp_path / "events.jsonl"
    append(path, line("scan", usable=12) + line("start") + b"garbage\n" + line("step", step=1) + b'{"type": "st')
    follower = EventFollower(path)
    follower.read_new()
    append(path, line("step", step=2))  # completes nothing: the half line swallows it
    append(path, b"\n" + line("step", step=3))
    follower.read_new()
    everything = read_events(path)
    assert everything == EventFollower(path).read_new()
    assert [event["type"] for event in everything] == ["scan", "start", "step", "step"]
    assert [event.get("step") for event in everything][2:] == [1, 3]


def test_what_the_event_log_writes_the_reader_reads_back(tmp_path):
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    follower = EventFollower(path)
    log.emit("start", total_steps=100, config={"lr": 0.001})
    first = follower.read_new()
    log.emit("step", step=1, loss=0.25, folder=tmp_path)  # a Path is written as text
    second = follower.read_new()
    log.close()
    assert [event["type"] for event in first] == ["start"] and first[0]["config"] == {"lr": 0.001}
    assert second[0]["step"] == 1 and second[0]["folder"] == str(tmp_path) and isinstance(second[0]["time"], float)
    assert read_events(path) == first + second


def test_a_log_without_a_path_writes_nothing(tmp_path):
    log = EventLog(None)
    log.emit("step", step=1)
    log.close()
    assert list(tmp_path.iterdir()) == []
