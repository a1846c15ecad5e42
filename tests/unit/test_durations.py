from __future__ import annotations

import pytest

from trainertui.durations import format_clock, format_span, format_words, parse_duration


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (90, 90),
        ("90", 90),
        ("90s", 90),
        ("5m", 300),
        ("1m30s", 90),
        ("1m 30s", 90),
        ("1h", 3600),
        ("1h2m3s", 3723),
        ("2min", 120),
        ("10 sec", 10),
        (" 45S ", 45),
        (30.0, 30),
        (0, 0),
    ],
)
def test_parse(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["", "m", "5 minutes", "1.5m", "abc", "5m5m", None, True, [], 1.5, "-5s"])
def test_parse_rejects(value):
    with pytest.raises(ValueError):
        parse_duration(value)


def test_format():
    assert [format_clock(s) for s in (0, 59.9, 90, 3599, 3600, 5025, -3)] == [
        "00:00",
        "00:59",
        "01:30",
        "59:59",
        "1:00:00",
        "1:23:45",
        "00:00",
    ]
    assert [format_span(s) for s in (0, 45, 90, 300, 3600, 3723)] == ["0s", "45s", "1m30s", "5m", "1h", "1h2m3s"]


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (60, "1 min"),
        (192, "3 min 12 s"),
        (192.4, "3 min 12 s"),
        (3600, "1 h"),
        (3725, "1 h 2 min 5 s"),
    ],
)
def test_format_words(seconds, words):
    assert format_words(seconds) == words
