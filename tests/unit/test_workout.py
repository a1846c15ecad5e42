"""The running workout, driven by a FakeClock: nothing here waits for real time."""

from __future__ import annotations

import pytest

from helpers import timeline_of
from trainertui.clock import FakeClock
from trainertui.workout import Outcome, State, Workout


def started(clock: FakeClock, *steps: tuple[str, int | None]) -> Workout:
    workout = Workout(timeline_of(*steps), clock)
    workout.start()
    return workout


def texts(cues) -> list[str]:
    return [cue.text for cue in cues]


def test_ready_before_start(clock):
    workout = Workout(timeline_of(("walk", 10)), clock)
    status = workout.status()
    assert status.state is State.READY
    assert (status.index, status.position_s, status.step_left_s) == (0, 0.0, 10)
    assert workout.due_cues() == []
    clock.advance(100)
    assert workout.status().position_s == 0.0


def test_steps_follow_the_clock(clock):
    workout = started(clock, ("walk", 10), ("run", 20), ("walk", 5))
    clock.advance(9.5)
    status = workout.status()
    assert (status.index, status.step_left_s, status.remaining_s) == (0, 0.5, 25.5)
    clock.advance(0.5)
    assert workout.status().index == 1
    assert workout.status().step_left_s == 20
    clock.advance(25)
    status = workout.status()
    assert status.state is State.FINISHED and workout.completed
    assert (status.index, status.interval, status.position_s, status.remaining_s) == (3, None, 35, 0)
    assert workout.outcomes == (Outcome.DONE,) * 3


def test_no_drift_over_a_forty_minute_run_polled_irregularly(clock):
    """W9: 5 min warm-up, 30 min run, 5 min cool-down. Polling at odd, jittery moments (as a
    busy event loop would) must not move any step boundary by even a millisecond."""
    workout = started(clock, ("warmup", 300), ("run", 1800), ("cooldown", 300))
    changes = []
    last = 0
    jitter = [0.25, 0.333, 0.97, 1.6, 0.05]
    elapsed = 0.0
    n = 0
    while workout.state is not State.FINISHED:
        step = jitter[n % len(jitter)]
        n += 1
        clock.advance(step)
        elapsed += step
        index = workout.status().index
        if index != last:
            # The boundary lies between the previous poll and this one.
            changes.append((index, elapsed - step, elapsed))
            last = index
    bounds = [300, 2100, 2400]
    for (index, before, after), boundary in zip(changes, bounds):
        assert before < boundary <= after + 1e-9, (index, before, after)
    assert workout.summary().active_s == pytest.approx(2400, abs=1e-6)


def test_pause_freezes_everything_and_resume_picks_up(clock):
    workout = started(clock, ("walk", 10), ("run", 20))
    clock.advance(4)
    assert workout.pause()
    assert not workout.pause()
    clock.advance(600)
    status = workout.status()
    assert status.state is State.PAUSED
    assert (status.position_s, status.step_left_s, status.active_s) == (4, 6, 4)
    assert workout.next_cue_at() is None
    assert workout.resume()
    assert not workout.resume()
    clock.advance(6)
    assert workout.status().index == 1
    assert workout.summary().active_s == 10


def test_toggle_pause(clock):
    workout = started(clock, ("walk", 10))
    workout.toggle_pause()
    assert workout.state is State.PAUSED
    workout.toggle_pause()
    assert workout.state is State.RUNNING


def test_pause_exactly_at_a_boundary_lands_on_the_next_step(clock):
    workout = started(clock, ("walk", 10), ("run", 20))
    workout.due_cues()
    clock.advance(10)
    workout.pause()
    status = workout.status()
    assert (status.index, status.step_elapsed_s, status.step_left_s) == (1, 0, 20)
    assert texts(workout.due_cues()) == ["3", "2", "1", "Run now"]
    clock.advance(30)
    assert workout.due_cues() == []
    workout.resume()
    clock.advance(19)
    assert workout.status().step_left_s == 1


def test_skip_moves_on_now_and_drops_the_skipped_cues(clock):
    workout = started(clock, ("walk", 10), ("run", 200), ("walk", 30))
    assert texts(workout.due_cues()) == ["Walk now"]
    clock.advance(2)
    assert workout.skip()
    status = workout.status()
    assert (status.index, status.step_elapsed_s, status.position_s) == (1, 0, 10)
    assert texts(workout.due_cues()) == ["Run now"]  # the walk's 3-2-1 never fires
    assert workout.outcomes[0] is Outcome.SKIPPED
    clock.advance(100)
    assert texts(workout.due_cues()) == ["Halfway"]
    clock.advance(100)
    assert workout.status().index == 2
    assert texts(workout.due_cues()) == ["One minute left", "3", "2", "1", "Walk now"]


def test_skip_during_the_last_second(clock):
    workout = started(clock, ("walk", 10), ("run", 10))
    clock.advance(9.5)
    assert texts(workout.due_cues()) == ["Walk now", "3", "2", "1"]
    workout.skip()
    status = workout.status()
    assert (status.index, status.step_left_s) == (1, 10)
    assert texts(workout.due_cues()) == ["Run now"]
    clock.advance(0.5)  # when the walk would have ended: the run keeps its full length
    assert workout.status().step_left_s == 9.5


def test_skip_past_the_end_finishes(clock):
    workout = started(clock, ("walk", 10), ("run", 10))
    workout.due_cues()
    workout.skip()
    clock.advance(3)
    workout.skip()
    assert workout.state is State.FINISHED and workout.completed
    # "Run now" was never asked for before the run was skipped too: only the end is announced.
    assert texts(workout.due_cues()) == ["Workout complete, well done"]
    assert not workout.skip()
    assert workout.summary().steps_skipped == 2
    assert workout.summary().active_s == 3


def test_skip_while_paused_stays_paused_at_the_next_step(clock):
    workout = started(clock, ("walk", 10), ("run", 10))
    clock.advance(3)
    workout.pause()
    clock.advance(50)
    workout.skip()
    status = workout.status()
    assert (status.state, status.index, status.step_left_s) == (State.PAUSED, 1, 10)
    clock.advance(50)
    workout.resume()
    clock.advance(4)
    assert workout.status().step_left_s == 6
    assert workout.summary().active_s == 7


def test_back_restarts_the_step_after_three_seconds(clock):
    workout = started(clock, ("walk", 10), ("run", 20))
    clock.advance(15)
    workout.due_cues()
    assert workout.back()
    status = workout.status()
    assert (status.index, status.step_elapsed_s, status.step_left_s) == (1, 0, 20)
    assert texts(workout.due_cues()) == ["Run now"]  # the restarted step is announced again


def test_back_goes_to_the_previous_step_within_three_seconds(clock):
    workout = started(clock, ("walk", 10), ("run", 20))
    clock.advance(13)  # exactly 3 s into the run: not "more than 3"
    workout.back()
    status = workout.status()
    assert (status.index, status.step_left_s) == (0, 10)
    assert workout.outcomes == (None, None)
    assert texts(workout.due_cues()) == ["Walk now"]
    clock.advance(10)
    assert workout.status().index == 1


def test_back_from_the_first_step_restarts_it(clock):
    workout = started(clock, ("walk", 10), ("run", 20))
    clock.advance(1)
    workout.back()
    assert (workout.status().index, workout.status().step_left_s) == (0, 10)
    clock.advance(8)
    workout.back()
    assert (workout.status().index, workout.status().step_left_s) == (0, 10)


def test_back_while_paused(clock):
    workout = started(clock, ("walk", 10), ("run", 20))
    clock.advance(12)
    workout.pause()
    clock.advance(30)
    workout.back()
    status = workout.status()
    assert (status.state, status.index, status.step_left_s) == (State.PAUSED, 0, 10)


def test_untimed_step_waits_for_done_and_the_schedule_waits_with_it(clock):
    workout = started(clock, ("exercise", 30), ("exercise", None), ("rest", 20))
    assert texts(workout.due_cues()) == ["exercise 0"]
    clock.advance(30)
    status = workout.status()
    assert (status.index, status.waiting, status.step_left_s) == (1, True, None)
    assert texts(workout.due_cues()) == ["3", "2", "1", "exercise 1"]
    assert workout.next_cue_at() is None  # nothing is due until the person says so
    clock.advance(47)
    assert workout.status().step_elapsed_s == 47
    assert workout.status().position_s == 30
    assert workout.due_cues() == []
    assert workout.mark_done()
    assert not workout.mark_done()
    status = workout.status()
    assert (status.index, status.step_left_s, status.waiting) == (2, 20, False)
    assert texts(workout.due_cues()) == ["Rest"]
    clock.advance(20)
    assert workout.state is State.FINISHED
    summary = workout.summary()
    assert (summary.steps_done, summary.active_s, summary.planned_s) == (3, 97, 50)


def test_mark_done_only_on_untimed_steps(clock):
    workout = started(clock, ("walk", 10))
    assert not workout.mark_done()
    assert workout.status().index == 0


def test_untimed_first_step_and_pause_while_waiting(clock):
    workout = started(clock, ("exercise", None), ("walk", 10))
    assert workout.status().waiting
    clock.advance(5)
    workout.pause()
    clock.advance(100)
    status = workout.status()
    assert (status.state, status.step_elapsed_s, status.active_s) == (State.PAUSED, 5, 5)
    workout.resume()
    clock.advance(2)
    assert workout.status().step_elapsed_s == 7
    workout.mark_done()
    clock.advance(10)
    assert workout.state is State.FINISHED
    assert workout.summary().active_s == 17


def test_back_on_an_untimed_step_uses_time_spent_on_it(clock):
    workout = started(clock, ("walk", 10), ("exercise", None))
    clock.advance(12)
    workout.back()
    assert workout.status().index == 0
    clock.advance(10)
    clock.advance(5)
    workout.back()  # 5 s into the rep step: restart it, still waiting
    status = workout.status()
    assert (status.index, status.waiting, status.step_elapsed_s) == (1, True, 0)


def test_stop_early_keeps_what_was_done(clock):
    workout = started(clock, ("walk", 10), ("run", 20), ("walk", 10))
    clock.advance(28)
    workout.stop()
    clock.advance(100)
    summary = workout.summary()
    assert workout.state is State.FINISHED and not workout.completed
    assert (summary.steps_done, summary.steps_skipped, summary.active_s) == (1, 0, 28)
    assert workout.due_cues() == []  # not even the 3-2-1 that was due when they quit
    assert not workout.skip() and not workout.back() and not workout.pause()


def test_stop_while_paused_does_not_count_the_pause(clock):
    workout = started(clock, ("walk", 10), ("run", 20))
    clock.advance(5)
    workout.pause()
    clock.advance(300)
    workout.stop()
    assert workout.summary().active_s == 5


def test_next_cue_deadline_follows_pauses_and_skips(clock):
    workout = started(clock, ("walk", 10), ("run", 10))
    t0 = clock.monotonic()
    assert workout.next_cue_at() == t0  # "Walk now" is due at once
    workout.due_cues()
    assert workout.next_cue_at() == t0 + 7  # the "3" before the run
    clock.advance(2)
    workout.pause()
    assert workout.next_cue_at() is None
    clock.advance(10)
    workout.resume()
    assert workout.next_cue_at() == t0 + 17
    workout.skip()
    assert workout.next_cue_at() == clock.monotonic()  # "Run now", right away


def test_cue_fired_by_a_timer_at_its_exact_deadline_is_due():
    clock = FakeClock(start=12345.678)
    workout = started(clock, ("walk", 7.3), ("run", 10))
    workout.due_cues()
    deadline = workout.next_cue_at()
    clock.advance(deadline - clock.monotonic())
    assert texts(workout.due_cues()) == ["3"]


def test_finish_fires_once(clock):
    workout = started(clock, ("walk", 5))
    clock.advance(5)
    assert texts(workout.due_cues()) == ["Walk now", "3", "2", "1", "Workout complete, well done"]
    clock.advance(5)
    assert workout.due_cues() == []
    assert workout.next_cue_at() is None


def test_summary_wall_times_span_the_workout(clock):
    workout = started(clock, ("walk", 60))
    start_wall = clock.wall()
    clock.advance(90)
    summary = workout.summary()
    assert summary.started_wall == start_wall
    assert summary.ended_wall == start_wall + 60  # when it ended, not when it was asked


def test_empty_timeline_is_refused(clock):
    with pytest.raises(ValueError):
        Workout(timeline_of(), clock)


@pytest.mark.parametrize("seed", range(40))
def test_random_control_sequences_keep_the_invariants(seed):
    """Mash the keys at random moments; the bookkeeping must stay exact."""
    import random

    rng = random.Random(seed)
    clock = FakeClock()
    kinds = [
        ("walk", rng.choice([1, 2, 5, 30, 125])) if rng.random() < 0.8 else ("exercise", None)
        for _ in range(rng.randint(1, 8))
    ]
    workout = started(clock, *kinds)
    timeline = workout.timeline
    active = 0.0
    fired = []
    for _ in range(200):
        before = workout.status()
        if before.state is State.FINISHED:
            break
        action = rng.choice(["advance", "advance", "advance", "pause", "resume", "skip", "back", "done", "cues"])
        if action == "advance":
            step = rng.choice([0.25, 0.5, 1, 3, 10])
            clock.advance(step)
            after = workout.status()
            if before.state is State.RUNNING:
                # Active time is exactly the running time, finishing cuts it at the end.
                active += step if after.state is not State.FINISHED else 0
                if not before.waiting and after.index == before.index:
                    assert after.position_s == pytest.approx(before.position_s + step)
            else:
                assert after.position_s == before.position_s
        else:
            getattr(
                workout,
                {
                    "pause": "pause",
                    "resume": "resume",
                    "skip": "skip",
                    "back": "back",
                    "done": "mark_done",
                    "cues": "due_cues",
                }[action],
            )()
            after = workout.status()
            if action in ("skip", "back"):
                # A jump lands exactly on the start of a step (or the end of the session).
                assert after.position_s == pytest.approx((timeline.starts + (timeline.duration_s,))[after.index])
            else:
                # No time passed: pausing, resuming, asking for cues or "done" never move the schedule.
                assert after.position_s == pytest.approx(before.position_s)
        status = workout.status()
        assert 0 <= status.position_s <= timeline.duration_s + 1e-9
        if status.interval is not None and status.step_left_s is not None:
            assert 0 <= status.step_left_s <= status.interval.step.duration_s
            assert status.step_left_s == pytest.approx(status.interval.end_s - status.position_s)
        fired.extend(workout.due_cues())
        if status.state is not State.FINISHED:
            assert status.active_s == pytest.approx(active)
    # Cues come out in schedule order, except where back replays a step.
    assert all(c.kind in {"start", "countdown", "halfway", "remaining", "finish"} for c in fired)
    assert sum(1 for c in fired if c.kind == "finish") <= 1


# --- lead: words that must end on the change start before it ------------------------------


def speech_lead(seconds: float):
    """A player whose start and finish words take ``seconds`` to say."""
    return lambda cue: seconds if cue.kind in ("start", "finish") else 0.0


def test_a_lead_brings_the_start_cue_forward_so_the_words_end_on_the_change(clock):
    workout = Workout(timeline_of(("walk", 10), ("run", 10)), clock, lead=speech_lead(0.75))
    workout.start()
    t0 = clock.monotonic()
    assert texts(workout.due_cues()) == ["Walk now"]  # nothing to run ahead of at the start
    clock.advance(9)
    assert texts(workout.due_cues()) == ["3", "2", "1"]
    assert workout.next_cue_at() == pytest.approx(t0 + 9.25)
    clock.advance(0.25)
    assert texts(workout.due_cues()) == ["Run now"]
    assert workout.status().index == 0  # handed out early; the step has not changed yet
    clock.advance(0.75)
    assert workout.status().index == 1
    assert workout.due_cues() == []  # and not said a second time on the change


def test_a_long_lead_is_fired_in_order_among_the_countdown(clock):
    workout = Workout(timeline_of(("walk", 10), ("run", 10)), clock, lead=speech_lead(2.5))
    workout.start()
    workout.due_cues()
    clock.advance(10)
    assert texts(workout.due_cues()) == ["3", "Run now", "2", "1"]


def test_a_lead_is_capped_by_the_step_before_and_by_max_lead(clock):
    workout = Workout(timeline_of(("walk", 2), ("run", 30), ("walk", 10)), clock, lead=speech_lead(9))
    workout.start()
    t0 = clock.monotonic()
    # The run's words may start no earlier than the walk before it: here, at once.
    assert texts(workout.due_cues()) == ["Walk now", "Run now"]
    clock.advance(2)
    workout.due_cues()
    assert workout.next_cue_at() == pytest.approx(t0 + 32 - 4)  # at most MAX_LEAD_S early


def test_no_lead_after_a_step_that_waits_for_the_person(clock):
    workout = Workout(timeline_of(("exercise", None), ("rest", 10)), clock, lead=speech_lead(1))
    workout.start()
    assert texts(workout.due_cues()) == ["exercise 0"]
    assert workout.next_cue_at() is None
    clock.advance(20)
    workout.mark_done()
    assert texts(workout.due_cues()) == ["Rest"]


def test_skipping_after_an_early_start_cue_does_not_repeat_it(clock):
    workout = Workout(timeline_of(("walk", 10), ("run", 10), ("walk", 10)), clock, lead=speech_lead(0.75))
    workout.start()
    clock.advance(9.5)
    assert texts(workout.due_cues()) == ["Walk now", "3", "2", "1", "Run now"]
    workout.skip()
    assert workout.status().index == 1
    assert workout.due_cues() == []
    clock.advance(4)
    workout.back()  # restarting the run says it again
    assert texts(workout.due_cues()) == ["Run now"]


def test_the_finish_words_end_on_the_finish(clock):
    workout = Workout(timeline_of(("walk", 10)), clock, lead=speech_lead(1.5))
    workout.start()
    clock.advance(8.5)
    assert texts(workout.due_cues())[-1] == "Workout complete, well done"
    assert workout.state is State.RUNNING


# --- resume: carrying on after an interruption --------------------------------------------


def test_resume_starts_part_way_into_a_step_and_keeps_the_earlier_figures(clock):
    from trainertui.workout import Resume

    workout = Workout(timeline_of(("walk", 60), ("run", 180), ("walk", 60)), clock)
    workout.start(Resume(step=1, into_s=100, active_s=170, started_wall=1000.0, steps_done=1, steps_skipped=0))
    status = workout.status()
    assert (status.index, status.step_elapsed_s, status.position_s) == (1, 100, 160)
    assert status.active_s == 170
    # The run's name is said again; what fell due before 100 s in (halfway) is not.
    assert texts(workout.due_cues()) == ["Run now"]
    clock.advance(80)
    assert texts(workout.due_cues()) == ["One minute left", "3", "2", "1", "Walk now"]
    clock.advance(60)
    summary = workout.summary()
    assert summary.completed
    assert (summary.steps_done, summary.steps_skipped) == (3, 0)
    assert summary.active_s == 170 + 140
    assert summary.started_wall == 1000.0


def test_resume_on_a_step_that_waits(clock):
    from trainertui.workout import Resume

    workout = Workout(timeline_of(("walk", 10), ("exercise", None), ("rest", 5)), clock)
    workout.start(Resume(step=1, into_s=12, active_s=22, started_wall=0.0, steps_done=1, steps_skipped=0))
    status = workout.status()
    assert (status.index, status.waiting) == (1, True)
    assert texts(workout.due_cues()) == ["exercise 1"]


# --- what was done of the work (docs/history.md: progress is earned) ----------------------


def test_work_done_counts_the_seconds_run_not_the_seconds_skipped(clock):
    from trainertui.workout import Work

    workout = started(clock, ("warmup", 60), ("run", 60), ("walk", 30), ("run", 60), ("cooldown", 60))
    clock.advance(60 + 45)  # the first run, 45 s in
    workout.pause()
    clock.advance(300)  # paused: not work
    workout.resume()
    workout.skip()  # the rest of that run
    workout.skip()  # the walk
    clock.advance(60)  # the second run, all of it
    workout.skip()  # the cool-down
    summary = workout.summary()
    assert summary.completed
    assert summary.work == Work(timed_s=120, timed_done_s=105, untimed=0, untimed_done=0, skipped=(("run", 1, 2),))


def test_skipping_every_step_does_no_work(clock):
    workout = started(clock, ("warmup", 60), ("run", 60), ("walk", 30), ("run", 60))
    for _ in range(4):
        workout.skip()
    work = workout.summary().work
    assert workout.summary().completed and work.timed_done_s == 0 and work.skipped == (("run", 2, 2),)


def test_going_back_over_a_run_adds_to_it_but_never_past_its_length(clock):
    workout = started(clock, ("run", 60), ("walk", 30))
    clock.advance(40)
    workout.back()  # restart the run: 40 s already done
    clock.advance(50)
    assert workout.work().timed_done_s == 60  # 90 s run, but the run is 60 s long
    clock.advance(10 + 30)
    assert workout.summary().work.timed_done_s == 60


def test_rep_steps_count_by_being_marked_done(clock):
    workout = started(clock, ("exercise", None), ("rest", 10), ("exercise", None), ("exercise", None))
    clock.advance(20)
    workout.mark_done()
    clock.advance(10)
    workout.skip()
    clock.advance(5)
    workout.mark_done()
    work = workout.summary().work
    assert (work.untimed, work.untimed_done, work.timed_s) == (3, 2, 0)
    assert work.skipped == (("exercise", 1, 3),)


def test_a_session_with_no_work_steps_counts_all_of_them(clock):
    workout = started(clock, ("stretch", 30), ("stretch", 30))
    clock.advance(30)
    workout.skip()
    work = workout.summary().work
    assert (work.timed_s, work.timed_done_s, work.skipped) == (60, 30, (("stretch", 1, 2),))


def test_stopping_counts_what_was_done_of_the_step_under_way(clock):
    workout = started(clock, ("run", 60), ("walk", 30))
    clock.advance(25)
    workout.stop()
    clock.advance(100)
    assert workout.summary().work.timed_done_s == 25


def test_a_resumed_workout_carries_its_outcomes_and_work_over(clock):
    from trainertui.workout import Resume

    first = started(clock, ("run", 60), ("walk", 30), ("run", 60), ("walk", 30))
    clock.advance(30)
    first.skip()  # half the first run
    clock.advance(30 + 20)  # the walk, then 20 s of the second run
    resume = Resume(
        step=first.status().index,
        into_s=first.status().step_elapsed_s,
        active_s=first.status().active_s,
        started_wall=first.summary().started_wall,
        steps_done=first.summary().steps_done,
        steps_skipped=first.summary().steps_skipped,
        outcomes=first.outcome_letters(),
        work_done_s=first.work_before_s(),
    )
    assert (resume.step, resume.outcomes, resume.work_done_s) == (2, "sd", 30)

    again = Workout(first.timeline, FakeClock(start=50_000))
    again.start(resume)
    again.clock.advance(40 + 30)  # type: ignore[attr-defined]
    summary = again.summary()
    assert summary.completed and (summary.steps_done, summary.steps_skipped) == (3, 1)
    assert summary.work.timed_done_s == 30 + 60 and summary.work.skipped == (("run", 1, 2),)


def test_an_old_checkpoint_without_outcomes_counts_the_steps_before_as_done(clock):
    from trainertui.workout import Resume

    workout = Workout(timeline_of(("run", 60), ("walk", 30), ("run", 60)), clock)
    workout.start(Resume(step=2, into_s=10, active_s=100, started_wall=0.0, steps_done=2, steps_skipped=0))
    clock.advance(50)
    summary = workout.summary()
    assert (summary.steps_done, summary.work.timed_done_s) == (3, 120)


def test_a_resumed_workout_ends_at_the_wall_time_it_ended_not_hours_earlier():
    """Started at 08:00, interrupted, resumed at 16:00 and finished at 16:15: it ended at 16:15
    (it used to be saved as 08:15, the start plus the time since resuming)."""
    from trainertui.workout import Resume

    eight = 1_767_254_400.0 + 8 * 3600
    timeline = timeline_of(("walk", 600), ("run", 1200))
    resumed_at = FakeClock(start=10.0, wall_start=eight + 8 * 3600)  # 16:00, a new process
    workout = Workout(timeline, resumed_at)
    workout.start(Resume(step=1, into_s=300, active_s=900, started_wall=eight, steps_done=1, steps_skipped=0))
    resumed_at.advance(900)
    summary = workout.summary()
    assert summary.completed
    assert summary.started_wall == eight
    assert summary.ended_wall == eight + 8 * 3600 + 900  # 16:15
    resumed_at.advance(600)  # asked later: still when it ended
    assert workout.summary().ended_wall == eight + 8 * 3600 + 900
