"""The playground's benchmark (benchmarks/playground_speed.py) judges and reports what it measured."""

from __future__ import annotations

from benchmarks.playground_speed import MAX_TASK_MS, MIN_EPOCHS_PER_SECOND, PlaygroundBench, describe


def test_the_budget_needs_enough_epochs_and_no_long_task():
    assert PlaygroundBench(epochs_per_second=MIN_EPOCHS_PER_SECOND, tasks_over_50ms=0).passes()
    assert not PlaygroundBench(epochs_per_second=MIN_EPOCHS_PER_SECOND - 0.1, tasks_over_50ms=0).passes()
    assert not PlaygroundBench(epochs_per_second=100.0, tasks_over_50ms=1, longest_task_ms=MAX_TASK_MS + 1).passes()
    assert not PlaygroundBench().passes()


def test_the_report_gives_page_and_keras_speed_side_by_side_and_what_training_reached():
    bench = PlaygroundBench(
        epochs_per_second=42.25, epochs_measured=253, keras_fit_epochs_per_second=7.5,
        frame_ms={"count": 300, "median": 18.0, "p95": 24.0, "longest": 31.0},
        reach={"spirals": {50: {"epoch": 50, "loss": 0.125, "val_accuracy": 0.967}}},
    )
    text = describe(bench)
    assert "42.2" in text and "7.5" in text and "median 18.0 ms" in text
    assert "spirals, epoch 50: loss 0.125, val_accuracy 0.967" in text
    assert "error" not in text
    assert "error: TimeoutError: x" in describe(PlaygroundBench(error="TimeoutError: x"))
