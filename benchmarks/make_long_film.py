"""A long film for the memory run (docs/FILM.md): a clip repeated N times by stream copy.

The packets of every stream (picture and sound) are copied with their timestamps shifted by
the clip's length each time, so the long film decodes like the clip, needs no encoding and
its sound packets are the clip's own. Used to show that colouring a film needs the same
memory at its fifth minute as at its first.

    .venv/bin/python benchmarks/make_long_film.py ../shared/data/video/bigbuckbunny.mp4 /tmp/bunny5min.mp4 57
"""

from __future__ import annotations

import argparse

import av


def repeat_clip(source: str, target: str, repeats: int) -> None:
    with av.open(source) as first, av.open(target, "w") as output:
        kept = [stream for stream in first.streams if stream.type in ("video", "audio")]
        lengths = {stream.index: stream.duration or 0 for stream in kept}
        streams = {stream.index: output.add_stream_from_template(stream) for stream in kept}
        for turn in range(repeats):
            with av.open(source) as clip:
                for packet in clip.demux():
                    if packet.dts is None or packet.stream.index not in streams:
                        continue  # the demuxer's flush packets, and streams not kept
                    shift = turn * lengths[packet.stream.index]
                    packet.pts += shift
                    packet.dts += shift
                    packet.stream = streams[packet.stream.index]
                    output.mux(packet)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clip")
    parser.add_argument("output")
    parser.add_argument("repeats", type=int)
    arguments = parser.parse_args()
    repeat_clip(arguments.clip, arguments.output, arguments.repeats)


if __name__ == "__main__":
    main()
