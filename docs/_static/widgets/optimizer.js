/* Widget "optimizer": SGD, momentum, RMSprop and Adam racing across a loss surface.
 * The surfaces and the suggested learning rates come from workshop, in the element's data block. */

import { el } from "../shared/dom.js";
import { live, key, widgetFrame, button } from "./frame.js";
import { checkbox, numberControl, select } from "./controls.js";
import { createMap } from "./optimizer-map.js";
import { RACERS, createRace } from "./optimizer-race.js";

/** The learning-rate slider's stops, on a rough log scale. */
const RATES = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.7, 1, 2];
const FIRST_SURFACE = "valley";

/** The build's learning rates: one finite rate > 0 for each racer on each surface. */
function checkRates(surfaces, suggested, racers) {
  for (const name of Object.keys(surfaces)) {
    for (const r of racers) {
      const rate = suggested?.[name]?.[r.key];
      if (!(Number.isFinite(rate) && rate > 0)) throw new RangeError(`the build's data: no learning rate for ${r.key} on the ${name} surface (got ${rate})`);
    }
  }
}

export default function optimizerWidget(root, data) {
  if (!data) throw new Error("the optimizer's element holds no data block from the build: rebuild the site");
  const { surfaces, suggestedLearningRates, suggestedMomentum } = data;
  checkRates(surfaces, suggestedLearningRates, RACERS);
  let surface = surfaces[FIRST_SURFACE];
  let start = surface.start.slice(), timer = null;
  const rates = { ...suggestedLearningRates[FIRST_SURFACE] };
  const race = createRace(suggestedMomentum);
  const body = el("tbody");
  const status = live();
  const formula = el("p", { class: "ww-formula" });
  const map = createMap((point) => {
    start = point;
    xStart.set(start[0]); yStart.set(start[1]);
    restart();
  });

  const draw = () => { map.drawPaths(start, race.racers); body.replaceChildren(...race.rows(surface)); };
  const announce = () => { status.textContent = race.summary(surface); };
  const playButton = button("Play", () => (timer ? pause() : play()), { "aria-pressed": "false" });
  const play = () => {
    timer = setInterval(() => { const moved = race.step(surface); draw(); if (!moved) pause(); }, 60);
    playButton.textContent = "Pause";
    playButton.setAttribute("aria-pressed", "true");
  };
  const pause = () => {
    clearInterval(timer);
    timer = null;
    playButton.textContent = "Play";
    playButton.setAttribute("aria-pressed", "false");
    announce();
  };
  const restart = () => { if (timer) pause(); race.reset(rates, start); draw(); announce(); };

  const xStart = numberControl({ label: "Start x", name: "start x", min: surface.x_range[0], max: surface.x_range[1], step: 0.05, value: start[0], onChange: (v) => { start[0] = v; restart(); } });
  const yStart = numberControl({ label: "Start y", name: "start y", min: surface.y_range[0], max: surface.y_range[1], step: 0.05, value: start[1], onChange: (v) => { start[1] = v; restart(); } });
  const rateControls = {};
  const racerControls = race.racers.map((r) => {
    const on = checkbox([key(`ww-path ${r.cls}`), ` race ${r.label}`], true, (checked) => { r.on = checked; restart(); });
    rateControls[r.key] = numberControl({ label: `${r.label} learning rate`, name: `${r.label} learning rate`, min: RATES[0], max: RATES[RATES.length - 1], value: rates[r.key], values: RATES, onChange: (v) => { rates[r.key] = v; restart(); } });
    return el("div", { class: "ww-racer" }, on.root, rateControls[r.key].root);
  });
  const showSurface = (name) => {
    surface = surfaces[name];
    start = surface.start.slice();
    Object.assign(rates, suggestedLearningRates[name]);
    for (const r of race.racers) rateControls[r.key].set(rates[r.key]);
    // The start fields check against this surface's ranges from now on.
    xStart.setRange(...surface.x_range); xStart.set(start[0]);
    yStart.setRange(...surface.y_range); yStart.set(start[1]);
    formula.textContent = surface.text;
    map.setSurface(surface);
    restart();
  };
  const pick = select("Loss surface", Object.entries(surfaces).map(([k, s]) => [k, s.title]), FIRST_SURFACE, showSurface);

  const table = el("table", { class: "ww-table" }, el("caption", { text: "Where each optimizer is now" }),
    el("thead", {}, el("tr", {}, ["optimizer", "steps", "(x, y)", "loss"].map((h) => el("th", { scope: "col", text: h })))), body);
  widgetFrame(root, "Optimizers racing on a loss surface",
    el("div", { class: "ww-controls ww-controls--grid" }, pick.root, xStart.root, yStart.root),
    formula, el("div", { class: "ww-plot-holder" }, map.svg),
    el("p", { class: "ww-legend", text: "Drag or click on the map to move the start (the ring); a cross marks each minimum." }),
    el("div", { class: "ww-buttons" },
      button("Step", () => { if (timer) pause(); race.step(surface); draw(); announce(); }), playButton,
      button("Reset", restart)),
    status, el("div", { class: "ww-table-holder" }, table), el("div", { class: "ww-controls ww-controls--grid" }, racerControls));
  showSurface(FIRST_SURFACE);
}
