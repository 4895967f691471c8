"""The playground's training speed in headless Chromium, next to Keras's fit on the same network and data.

``python -m benchmarks.playground_speed [HTML_DIR]`` (default ``_build/html``) serves
the built site, opens playground.html with 500 three-class spiral points and a
2-8-8-3 network (ReLU, softmax, Adam 0.01, batch 16), presses Play and counts
epochs per second over a few seconds; it also records the longest main-thread
task while training (PerformanceObserver "longtask", which reports tasks over
50 ms) and the durations of the frames of training and drawing that the page
measured itself (median, 95th percentile, longest: a busy machine stretches
single frames, the median shows what a frame costs).
Then Keras fits the same network on the same number of points and the same
batch size. Last, it lets the page train the default 3-class spiral and the
regression curve and notes what they reach. Prints a table and JSON.

From benchmarks.run: ``playground_speed.measure(base_url)`` inside ``serve(HTML_DIR)``.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from site_harness import ROOT

HERE = ROOT / "benchmarks"

# What the issue asks of the page on this machine.
MIN_EPOCHS_PER_SECOND = 30.0
MAX_TASK_MS = 50.0

SPEED_SETUP = "data=spirals&classes=3&points=500&units=8,8&activations=relu,relu&optimizer=adam&learning_rate=0.01&batch_size=16"
WARM_UP_SECONDS = 1.0
MEASURE_SECONDS = 6.0
# What the reader meets first (the defaults) and the regression curve, trained this many epochs.
REACH = {"spirals (defaults: 300 points, 3 classes, 8-8 ReLU, Adam 0.01)": "", "curve (regression)": "data=curve"}
REACH_EPOCHS = (25, 50, 100, 200)
LONGTASKS = (
    "window.__longtasks = [];"
    "new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push(e.duration); })"
    ".observe({ type: 'longtask', buffered: false });"
)


@dataclass
class PlaygroundBench:
    epochs_per_second: float | None = None
    epochs_measured: int = 0
    longest_task_ms: float = 0.0  # 0: no task over 50 ms (the longtask API reports only those)
    tasks_over_50ms: int = 0
    frame_ms: dict[str, float | None] = field(default_factory=dict)  # count, median, p95, longest
    keras_fit_epochs_per_second: float | None = None
    reach: dict[str, dict[int, dict]] = field(default_factory=dict)
    error: str = ""

    def passes(self) -> bool:
        return (self.epochs_per_second or 0) >= MIN_EPOCHS_PER_SECOND and self.tasks_over_50ms == 0


def page_speed(browser, base_url: str, bench: PlaygroundBench) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    page.add_init_script(LONGTASKS)
    page.goto(f"{base_url}/playground.html#{SPEED_SETUP}")
    page.wait_for_function("() => window.workshopPlayground !== undefined", timeout=30000)  # a function: no eval under the CSP
    status = "window.workshopPlayground.status()"
    assert page.evaluate(status)["output"]["units"] == 3
    page.evaluate("window.workshopPlayground.play()")
    page.wait_for_timeout(WARM_UP_SECONDS * 1000)
    page.evaluate("window.__longtasks = []")
    start_epoch, start = page.evaluate(f"{status}.epoch"), time.perf_counter()
    page.wait_for_timeout(MEASURE_SECONDS * 1000)
    end_epoch, end = page.evaluate(f"{status}.epoch"), time.perf_counter()
    page.evaluate("window.workshopPlayground.pause()")
    tasks = page.evaluate("window.__longtasks")
    bench.epochs_measured = end_epoch - start_epoch
    bench.epochs_per_second = bench.epochs_measured / (end - start)
    bench.tasks_over_50ms = len(tasks)
    bench.longest_task_ms = max(tasks, default=0.0)
    bench.frame_ms = page.evaluate(f"{status}.frames")
    page.close()


def page_reach(browser, base_url: str, bench: PlaygroundBench) -> None:
    for name, hash_ in REACH.items():
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.goto(f"{base_url}/playground.html#{hash_}")
        page.wait_for_function("() => window.workshopPlayground !== undefined", timeout=30000)
        page.evaluate("window.workshopPlayground.play()")
        page.wait_for_function(f"() => window.workshopPlayground.status().epoch >= {max(REACH_EPOCHS)}", timeout=600000, polling=500)
        page.evaluate("window.workshopPlayground.pause()")
        history = page.evaluate("window.workshopPlayground.status().history")
        bench.reach[name] = {e: {k: v for k, v in history[e - 1].items() if v is not None} for e in REACH_EPOCHS}
        page.close()


def keras_speed(bench: PlaygroundBench, epochs: int = 12) -> None:
    """Keras fit on 400 training and 100 validation spiral points, 2-8-8-3, Adam 0.01, batch 16: epochs per second after the first."""
    import keras

    from workshop.data import make_spirals, train_validation_split

    x, y = make_spirals(500, n_classes=3, noise=0.1, seed=1)
    x_train, x_val, y_train, y_val = train_validation_split(x, y, validation_fraction=0.2, seed=1)
    keras.utils.set_random_seed(1)
    model = keras.Sequential([
        keras.Input((2,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    times = []

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.start)

    model.fit(x_train, y_train, batch_size=16, epochs=epochs, validation_data=(x_val, y_val), verbose=0, callbacks=[Timer()])
    later = times[1:]  # the first epoch traces the graph
    bench.keras_fit_epochs_per_second = len(later) / sum(later)


def measure(base_url: str, reach: bool = True, keras_too: bool = True) -> PlaygroundBench:
    from playwright.sync_api import sync_playwright

    from site_harness.browser import CHROMIUM, CHROMIUM_ARGS

    bench = PlaygroundBench()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page_speed(browser, base_url, bench)
                if reach:
                    page_reach(browser, base_url, bench)
            finally:
                browser.close()
        if keras_too:
            keras_speed(bench)
    except Exception as error:  # a report, not a test: say what failed and keep the rest
        bench.error = f"{type(error).__name__}: {error}"
    return bench


def describe(bench: PlaygroundBench) -> str:
    def fmt(v, spec=".1f"):
        return "-" if v is None else format(v, spec)

    lines = [
        f"playground epochs/s (500 points, 2-8-8-3, batch 16): {fmt(bench.epochs_per_second)} "
        f"(budget >= {MIN_EPOCHS_PER_SECOND:g}; {bench.epochs_measured} epochs in {MEASURE_SECONDS:g} s)",
        f"Keras fit epochs/s, same network and data:           {fmt(bench.keras_fit_epochs_per_second)}",
        f"tasks over 50 ms while training: {bench.tasks_over_50ms} (longest {fmt(bench.longest_task_ms)} ms); "
        f"frames of training + drawing: median {fmt(bench.frame_ms.get('median'))} ms, 95th percentile "
        f"{fmt(bench.frame_ms.get('p95'))} ms, longest {fmt(bench.frame_ms.get('longest'))} ms",
    ]
    for name, epochs in bench.reach.items():
        for epoch, values in epochs.items():
            lines.append(f"  {name}, epoch {epoch}: " + ", ".join(f"{k} {v:.3f}" for k, v in values.items() if k != "epoch"))
    if bench.error:
        lines.append(f"error: {bench.error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from site_harness.serve import serve

    args = sys.argv[1:] if argv is None else argv
    html_dir = Path(args[0]) if args else ROOT / "_build" / "html"
    if not (html_dir / "playground.html").exists():
        print(f"no playground.html in {html_dir}: build the site first (make html)")
        return 1
    with serve(html_dir) as base:
        bench = measure(base)
    print(describe(bench))
    print(json.dumps(asdict(bench), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
