"""How well the spoken cues are understood: word errors by a recogniser, and a predicted MOS.

    .venv/bin/python bench/voice_quality.py --scorer /tmp/benchvenv/bin/python [--only shipped] [--json]

Two proxies for "heard across the room", over every phrase sounds/voice/ holds (the bundled
programmes' cues and EXTRA_PHRASES, scripts/make_sounds.py):

- WER: word error rate. Each clip is resampled to 16 kHz mono by sox and transcribed by
  PocketSphinx 5 with the en-us acoustic and language models that ship inside its wheel (no
  download), each clip from the model's initial cepstral mean (not adapted to the clips
  before it, so the order of the clips does not matter); the transcript and the phrase are
  normalised (lower case, hyphens to spaces, punctuation dropped) and compared word by word
  (Levenshtein). Reported over all clips:
  the sum of substitutions, deletions and insertions over the sum of the phrases' words, so it
  can pass 100% when the recogniser hears words that are not there.
- DNSMOS: Microsoft's DNSMOS P.835 "overall" score (1-5), a predictor of how listeners rate
  speech quality, from the ONNX models in the ``speechmos`` wheel. Mean over the clips. Made
  to rate noise suppression, so it measures clean, natural-sounding speech, not clarity.

Both are weak proxies (a US English recogniser, a noise-quality model); where they agree they
are worth something.

Sets: ``shipped`` (the WAVs in sounds/voice/, as the app plays them), then, for each engine on
this machine, the same phrases rendered now and put through the shipped clips' sox trim and
normalise (trainertui.voice.SOX_EFFECTS): espeak-ng as the app uses it, flite's rms voice as
shipped (duration_stretch 0.95) and at its default pace, and flite's awb and slt voices.

The recogniser and DNSMOS need numpy, onnxruntime and librosa, kept out of the project's venv:
make a separate one and pass its python as --scorer (this script runs itself there with
--score, importing nothing from trainertui):

    python3 -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install pocketsphinx numpy speechmos

(here pip left out some of what speechmos 0.0.1.1 and librosa import: requests, scipy,
decorator, packaging, typing-extensions, python-dateutil; install them too if it does.)

Without speechmos in that venv the DNSMOS column says "n/a". Prints a table; not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: name -> (what it needs on PATH, the command speaking TEXT into OUT).
CANDIDATES: dict[str, tuple[str, list[str]]] = {
    "espeak-ng en-gb 150 wpm": ("espeak-ng", ["espeak-ng", "-v", "en-gb", "-s", "150", "-w", "OUT", "--", "TEXT"]),
    "flite rms stretch 0.95": (
        "flite",
        ["flite", "-voice", "rms", "--setf", "duration_stretch=0.95", "-t", "TEXT", "-o", "OUT"],
    ),
    "flite rms stretch 1.0": ("flite", ["flite", "-voice", "rms", "-t", "TEXT", "-o", "OUT"]),
    "flite awb": ("flite", ["flite", "-voice", "awb", "-t", "TEXT", "-o", "OUT"]),
    "flite slt": ("flite", ["flite", "-voice", "slt", "-t", "TEXT", "-o", "OUT"]),
}


# --- scoring (runs in the scorer's venv: numpy, pocketsphinx, maybe speechmos) ----------------


def normalise(text: str) -> list[str]:
    text = text.lower().replace("-", " ")
    return re.sub(r"[^a-z0-9' ]+", " ", text).split()


def edits(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance: substitutions + deletions + insertions."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def score(manifest: Path, *, mos: bool) -> None:
    """For each {"wav16k", "text"} in the manifest, one JSON line: the transcript, its edits
    and words, and the DNSMOS overall score (None without speechmos or with ``mos`` false)."""
    import wave

    import numpy as np
    from pocketsphinx import Decoder

    dnsmos = None
    if mos:
        try:
            from speechmos import dnsmos
        except ImportError:
            pass
    decoder = Decoder(loglevel="FATAL")
    # The cepstral mean adapts from one utterance to the next; starting each clip from the
    # model's own makes every clip's transcript its own, whatever came before it.
    cmn = decoder.get_cmn(False)
    for item in json.loads(manifest.read_text()):
        with wave.open(item["wav16k"], "rb") as clip:
            assert (clip.getframerate(), clip.getnchannels(), clip.getsampwidth()) == (16000, 1, 2)
            raw = clip.readframes(clip.getnframes())
        decoder.set_cmn(cmn)
        decoder.start_utt()
        decoder.process_raw(raw, full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
        heard = hyp.hypstr if hyp is not None else ""
        ref = normalise(item["text"])
        rating = None
        if dnsmos is not None:  # slow: speechmos repeats a short clip to 9-18 s and rates each 9 s window
            samples = np.frombuffer(raw, dtype="<i2").astype("float32") / 32768
            rating = float(dnsmos.run(samples, 16000)["ovrl_mos"])
        print(json.dumps({"heard": heard, "edits": edits(ref, normalise(heard)), "words": len(ref), "mos": rating}))


# --- rendering and the table (runs in the project's venv) -------------------------------------


def phrases() -> dict[str, str]:
    """File name in sounds/voice/ -> its phrase."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "scripts" / "make_sounds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    clips: dict[str, str] = module.voice_clips()
    return clips


def sox(*args: str | Path) -> None:
    # -D: no dither, which sox otherwise adds with a random seed when it resamples, and which
    # was enough to change a transcript (and the WER by a point) from one run to the next.
    subprocess.run(["sox", "-D", *map(str, args)], check=True, capture_output=True)


def render_set(name: str, command: list[str], texts: dict[str, str], folder: Path) -> dict[str, Path]:
    """Each phrase spoken by ``command``, trimmed and normalised as the shipped clips are."""
    from trainertui.tones import RATE
    from trainertui.voice import SOX_EFFECTS

    folder.mkdir(parents=True)
    out = {}
    for file, text in texts.items():
        raw, trimmed = folder / f"raw-{file}", folder / file
        subprocess.run(
            [text if a == "TEXT" else str(raw) if a == "OUT" else a for a in command], check=True, capture_output=True
        )
        sox(raw, "-r", RATE, "-c", 1, "-b", 16, trimmed, *SOX_EFFECTS)
        raw.unlink()
        out[file] = trimmed
    return out


def run(scorer: str, only: list[str] | None, *, mos: bool) -> list[dict[str, Any]]:
    texts = phrases()
    rows = []
    with tempfile.TemporaryDirectory(prefix="voice-quality-") as tmp:
        work = Path(tmp)
        sets: dict[str, dict[str, Path]] = {"shipped": {f: ROOT / "sounds" / "voice" / f for f in texts}}
        for name, (program, command) in CANDIDATES.items():
            if only and name not in only:
                continue
            if shutil.which(program) is None:
                print(f"skipped {name}: {program} is not installed", file=sys.stderr)
                continue
            sets[name] = render_set(name, command, texts, work / f"set{len(sets)}")
        for name, clips in sets.items():
            if only and name not in only:
                continue
            items = []
            for file, path in clips.items():
                wav16k = work / f"16k-{len(items)}.wav"
                sox(path, "-r", 16000, "-c", 1, "-b", 16, wav16k)
                items.append({"wav16k": str(wav16k), "text": texts[file], "file": file})
            manifest = work / "manifest.json"
            manifest.write_text(json.dumps(items))
            done = subprocess.run(
                [scorer, __file__, "--score", str(manifest), *([] if mos else ["--no-mos"])],
                check=True,
                capture_output=True,
                text=True,
            )
            results = [json.loads(line) for line in done.stdout.splitlines()]
            edits_total = sum(r["edits"] for r in results)
            words_total = sum(r["words"] for r in results)
            moses = [r["mos"] for r in results if r["mos"] is not None]
            rows.append(
                {
                    "set": name,
                    "clips": len(results),
                    "words": words_total,
                    "wer": edits_total / words_total,
                    "dnsmos": sum(moses) / len(moses) if moses else None,
                    "worst": sorted(
                        ((r["edits"], item["text"], r["heard"]) for r, item in zip(results, items)), reverse=True
                    )[:3],
                }
            )
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| voice | clips | words | WER | DNSMOS overall |", "|---|---:|---:|---:|---:|"]
    for row in rows:
        mos = "n/a" if row["dnsmos"] is None else f"{row['dnsmos']:.2f}"
        lines.append(f"| {row['set']} | {row['clips']} | {row['words']} | {100 * row['wer']:.1f}% | {mos} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scorer", default="/tmp/benchvenv/bin/python", help="a python with pocketsphinx, numpy")
    parser.add_argument("--only", action="append", help="only this set (repeatable): 'shipped' or a candidate name")
    parser.add_argument("--json", action="store_true", help="the rows as JSON, with each set's worst clips")
    parser.add_argument("--no-mos", action="store_true", help="word errors only (DNSMOS takes ~5 s a clip)")
    parser.add_argument("--score", type=Path, help=argparse.SUPPRESS)  # the scorer's side
    args = parser.parse_args()
    if args.score:
        score(args.score, mos=not args.no_mos)
        return 0
    if shutil.which("sox") is None:
        sys.exit("sox is needed: apt-get install sox")
    has_mos = subprocess.run([args.scorer, "-c", "import speechmos.dnsmos"], capture_output=True).returncode == 0
    rows = run(args.scorer, args.only, mos=has_mos and not args.no_mos)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(table(rows))
        if not has_mos:
            print("DNSMOS: n/a, speechmos is not installed in the scorer's venv")
        elif args.no_mos:
            print("DNSMOS: n/a, --no-mos")
        for row in rows:
            worst = "; ".join(f"{text!r} heard as {heard!r}" for _, text, heard in row["worst"])
            print(f"{row['set']}, worst: {worst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
