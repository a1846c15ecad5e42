#!/usr/bin/env python3
"""Make the cue clips in sounds/: the tones and the spoken phrases of the bundled programmes.

Usage (from the repository root):

    apt-get install flite sox              # once; sox resamples flite's 16 kHz, trims and normalises
    .venv/bin/python scripts/make_sounds.py              # write what is missing or changed
    .venv/bin/python scripts/make_sounds.py --check      # exit 1 listing what is missing or stale
    .venv/bin/python scripts/make_sounds.py --tones-only # only sounds/tones/, no flite needed
    .venv/bin/python scripts/make_sounds.py --force      # render every phrase again
    .venv/bin/python scripts/make_sounds.py --out DIR    # somewhere other than sounds/

It writes sounds/tones/<name>.wav for every tone in trainertui.tones.TONES and
sounds/voice/<slug>.wav for every phrase the bundled programmes say (start, halfway,
remaining and finish cues; the 3-2-1 countdown is a tone) plus EXTRA_PHRASES, and deletes
voice clips that no phrase needs any more. Running it again changes nothing.

Phrases are spoken by flite's rms voice, a touch quicker than its default:

    flite -voice rms --setf duration_stretch=0.95 -t TEXT -o TMP.wav

then resampled to 22050 Hz, trimmed and normalised by sox (trainertui.voice.render).

Tones are deterministic, so they are compared byte for byte. Speech depends on the
flite version, so an existing voice clip is kept unless --force is given; --check only
asks that every needed clip exists.
"""

from __future__ import annotations

import argparse
import sys
import wave
from pathlib import Path

try:
    from trainertui.catalogue import load_catalogue
    from trainertui.timeline import compile_session
    from trainertui.tones import TONES, wav_bytes
    from trainertui.voice import FLITE, VoiceError, installed, render, slug
except ImportError as error:  # run by a Python without the project installed
    sys.exit(f"{error}: run this with the project's venv: .venv/bin/python scripts/make_sounds.py")

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "sounds"
SPOKEN_KINDS = ("start", "halfway", "remaining", "finish")
EXTRA_PHRASES = (
    "Run now",
    "Walk now",
    "Rest",
    "Halfway",
    "One minute left",
    "Five minutes to go",
    "Cool down",
    "Warm up",
    "Workout complete, well done",
    "Sound check",
)


def spoken_texts() -> list[str]:
    """Every phrase the bundled programmes say, then the extras, each once, in order."""
    texts: dict[str, None] = {}
    for programme in load_catalogue().programmes:
        if not programme.bundled:
            continue
        kits = [kit.id for kit in programme.equipment[1:]]
        for session in programme.sessions:
            for done_as in [session, *(session.using(kit) for kit in kits)]:  # and with other equipment
                for cue in compile_session(done_as).cues:
                    if cue.kind in SPOKEN_KINDS:
                        texts[cue.text] = None
    texts.update(dict.fromkeys(EXTRA_PHRASES))
    return list(texts)


def voice_clips() -> dict[str, str]:
    """File name -> the phrase it holds (the first phrase wins if two share a slug)."""
    clips: dict[str, str] = {}
    for text in spoken_texts():
        clips.setdefault(f"{slug(text)}.wav", text)
    return clips


def tone_files() -> dict[str, bytes]:
    return {f"{name}.wav": wav_bytes(make()) for name, make in TONES.items()}


def unneeded_voice(out: Path, clips: dict[str, str]) -> list[Path]:
    folder = out / "voice"
    return sorted(p for p in folder.glob("*.wav") if p.name not in clips) if folder.is_dir() else []


def check(out: Path, *, tones_only: bool) -> list[str]:
    """What a run would change, one line each; empty when everything is current."""
    problems = []
    for name, data in tone_files().items():
        path = out / "tones" / name
        if not path.is_file():
            problems.append(f"missing tones/{name}")
        elif path.read_bytes() != data:
            problems.append(f"stale tones/{name}")
    if not tones_only:
        clips = voice_clips()
        for name, text in clips.items():
            if not (out / "voice" / name).is_file():
                problems.append(f"missing voice/{name} ({text!r})")
        problems += [f"unneeded voice/{path.name}" for path in unneeded_voice(out, clips)]
    return problems


def describe(path: Path, out: Path) -> str:
    with wave.open(str(path), "rb") as clip:
        seconds = clip.getnframes() / clip.getframerate()
    return f"{path.relative_to(out)}  {seconds:.2f} s  {path.stat().st_size / 1024:.1f} KB"


def write(out: Path, *, tones_only: bool, force: bool) -> int:
    written = 0
    (out / "tones").mkdir(parents=True, exist_ok=True)
    for name, data in tone_files().items():
        path = out / "tones" / name
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            print(describe(path, out))
            written += 1
    failed = 0
    if not tones_only:
        clips = voice_clips()
        for name, text in clips.items():
            path = out / "voice" / name
            if path.is_file() and not force:
                continue
            try:
                render(text, path, FLITE)
            except VoiceError as error:
                print(f"error: voice/{name} ({text!r}): {error}", file=sys.stderr)
                failed += 1
                continue
            print(describe(path, out))
            written += 1
        for path in unneeded_voice(out, clips):
            path.unlink()
            print(f"removed voice/{path.name}")
    clips_now = sorted((out / "tones").glob("*.wav")) + sorted((out / "voice").glob("*.wav"))
    total = sum(p.stat().st_size for p in clips_now)
    print(f"wrote {written} file(s); {out} holds {len(clips_now)} clips, {total / 1024:.0f} KB")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the cue clips in sounds/.")
    parser.add_argument("--tones-only", action="store_true", help="only the tones; no flite needed")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 listing what is missing or stale")
    parser.add_argument("--force", action="store_true", help="render every phrase again, even if its clip exists")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the sounds folder (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)

    if args.check:
        problems = check(args.out, tones_only=args.tones_only)
        for line in problems:
            print(line)
        return 1 if problems else 0
    if not args.tones_only and not (installed(FLITE) and installed("sox")):
        print("flite and sox are needed: apt-get install flite sox (or use --tones-only)", file=sys.stderr)
        return 2
    return write(args.out, tones_only=args.tones_only, force=args.force)


if __name__ == "__main__":
    sys.exit(main())
