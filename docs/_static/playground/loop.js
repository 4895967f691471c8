/* The playground's training loop: while playing, each animation frame trains
 * for at most SLICE_MS and then lets the page draw, so no task holds the main
 * thread much past 50 ms. It keeps the last frames' durations for the
 * benchmark (benchmarks/playground_speed.py) and stops at the first step that
 * throws (math.js refuses non-finite numbers).
 */

const SLICE_MS = 12; // training time per frame: drawing fits in the rest of a 50 ms task
const FRAMES_KEPT = 1000;

export class TrainingLoop {
  /**
   * hooks.trainer(): the Trainer to step, or null when the setup cannot train;
   * hooks.afterSlice(start): draw after a frame's training (start: its performance.now());
   * hooks.show(): redraw and announce after a pause or a single step;
   * hooks.playing(bool): the loop started or stopped; hooks.failed(error): a step threw.
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.playing = false;
    this.frames = []; // ms of training, drawing and summary in each of the last frames
  }

  toggle() { if (this.playing) this.pause(); else this.play(); }

  play() {
    if (!this.hooks.trainer()) { this.hooks.show(); return; }
    this.playing = true;
    this.hooks.playing(true);
    const frame = () => {
      if (!this.playing) return;
      const start = performance.now(), trainer = this.hooks.trainer();
      this.guard(() => { while (performance.now() - start < SLICE_MS) trainer.step(); });
      this.hooks.afterSlice(start);
      this.frames.push(performance.now() - start);
      if (this.frames.length > FRAMES_KEPT) this.frames.shift();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  pause() {
    const wasPlaying = this.playing;
    this.playing = false;
    this.hooks.playing(false);
    if (wasPlaying) this.hooks.show();
  }

  /** Train one batch ("step") or up to the end of the epoch ("epoch"), then show the result. */
  run(what) {
    const trainer = this.hooks.trainer();
    if (trainer) {
      this.guard(() => {
        if (what === "step") trainer.step();
        else { const epoch = trainer.epoch; while (trainer.epoch === epoch) trainer.step(); }
      });
    }
    this.hooks.show();
  }

  guard(work) {
    try { work(); } catch (error) {
      this.hooks.failed(error); // first, so that the pause announces it
      this.pause();
    }
  }

  /** The frames' durations: count, median, 95th percentile and longest (ms). */
  frameStats() {
    const frames = this.frames.slice().sort((a, b) => a - b), at = (q) => frames[Math.floor(q * (frames.length - 1))] ?? null;
    return { count: frames.length, median: at(0.5), p95: at(0.95), longest: at(1) };
  }
}
