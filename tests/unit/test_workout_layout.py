"""What gives way on the workout screen as the terminal shrinks (ui/workout_layout.py)."""

from __future__ import annotations

from trainertui.ui.workout_layout import GIVE_WAY, Parts, countdown_goal, plan, rows_left

TIP = "Run tall: imagine a string lifting the crown of your head, and lean from the ankles."
RUN = Parts(word="RUN", target="", detail=False, prompt=False, callout=False, tip=TIP, sound=False)
REP = Parts(word="EXERCISE", target="reps", detail=True, prompt=True, callout=False, tip=TIP * 2, sound=False)


def test_with_room_to_spare_nothing_gives_way():
    assert plan(100, 30, RUN) == ()
    assert plan(200, 60, REP) == ()


def test_things_give_way_in_order_and_only_as_far_as_needed():
    for width, height in [(80, 24), (60, 20), (100, 30), (80, 22), (50, 16), (40, 12)]:
        forced = ("-no-word",) if height < 20 else ()
        for parts in (RUN, REP):
            given = plan(width, height, parts)
            steps = tuple(n for n in given if n not in forced)
            assert steps == GIVE_WAY[: len(steps)]  # always the first few, in order
            if steps:  # and no more than needed: one fewer would leave the countdown short
                fewer = tuple(dict.fromkeys(steps[:-1] + forced))
                assert rows_left(width, height, parts, fewer) < countdown_goal(height)


def test_the_countdown_keeps_a_third_of_the_terminal_where_it_can():
    for width, height in [(80, 24), (100, 30), (200, 60)]:
        for parts in (RUN, REP):
            assert rows_left(width, height, parts, plan(width, height, parts)) >= countdown_goal(height)
    assert countdown_goal(24) == 8 and countdown_goal(60) == 20


def test_below_twenty_rows_the_big_word_goes_first_of_all():
    assert "-no-word" in plan(80, 18, RUN)
    assert "-no-word" not in plan(80, 24, RUN)
