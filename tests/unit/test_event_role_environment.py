"""The event role for cue streams, in the environment the sound server's client libraries read."""

from __future__ import annotations

import pytest

from trainertui.audio import mark_cues_as_events

PW = 'media.role = "Notification"'


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        ({}, {"PULSE_PROP": "media.role=event", "PIPEWIRE_PROPS": PW}),
        ({"PULSE_PROP": "  "}, {"PULSE_PROP": "media.role=event", "PIPEWIRE_PROPS": PW}),
        # Their other properties stay, ours are added in each variable's own syntax.
        (
            {"PULSE_PROP": "media.software='my coach'", "PIPEWIRE_PROPS": "{ node.latency = 1024/48000 }"},
            {
                "PULSE_PROP": "media.software='my coach' media.role=event",
                "PIPEWIRE_PROPS": f"{{ node.latency = 1024/48000 {PW} }}",
            },
        ),
        (
            {"PIPEWIRE_PROPS": "node.name=cues"},
            {"PULSE_PROP": "media.role=event", "PIPEWIRE_PROPS": f"node.name=cues {PW}"},
        ),
        # A role they chose wins, in either spelling.
        ({"PULSE_PROP": "media.role='music'"}, {"PULSE_PROP": "media.role='music'", "PIPEWIRE_PROPS": PW}),
        (
            {"PIPEWIRE_PROPS": '{ "media.role": "Music" }'},
            {"PULSE_PROP": "media.role=event", "PIPEWIRE_PROPS": '{ "media.role": "Music" }'},
        ),
        (
            {"PIPEWIRE_PROPS": "{media.role=Game}"},
            {"PULSE_PROP": "media.role=event", "PIPEWIRE_PROPS": "{media.role=Game}"},
        ),
    ],
)
def test_marking_keeps_what_the_person_set(theirs, ours):
    environ = dict(theirs)
    mark_cues_as_events(environ)
    assert environ == ours
    mark_cues_as_events(environ)  # twice is once
    assert environ == ours


def test_never_the_phone_role():
    environ: dict[str, str] = {}
    mark_cues_as_events(environ)
    assert "phone" not in str(environ).lower() and "communication" not in str(environ).lower()


def test_make_player_marks_the_streams(monkeypatch):
    import os

    from trainertui.audio import make_player

    make_player().close()
    assert os.environ["PULSE_PROP"] == "media.role=event"
