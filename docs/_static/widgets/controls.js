/* Form controls for the widgets. Every control validates what it is given
 * (typed, set from a script, or a value that is not one of its options),
 * falls back to a valid value with a visible message, and passes only valid
 * values on: no control ever throws (errors go to the widget's notice line). */

import { clampTo, el, fmt, uid } from "../shared/dom.js";
import { guarded } from "./frame.js";

function checkRange(min, max) {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) throw new RangeError(`a control's range must be two finite numbers min < max, got ${min} and ${max}`);
}

/**
 * A labelled slider with a number field beside it. Typing letters, nothing,
 * or a number out of range shows a short message next to the field; the
 * widget keeps using the last good (or clamped) value.
 * `values`: optional list of slider stops (e.g. learning rates on a log scale).
 * `setRange(min, max)` moves the allowed range (e.g. to a new surface's).
 */
export function numberControl({ label, name, min, max, step = 0.1, value, values = null, onChange }) {
  checkRange(min, max);
  if (!Number.isFinite(value)) throw new RangeError(`${name}: the first value must be a finite number, got ${value}`);
  if (values !== null && !(Array.isArray(values) && values.length > 1 && values.every((s) => Number.isFinite(s) && s > 0))) {
    throw new RangeError(`values must be a list of positive slider stops, got ${values}`);
  }
  const ids = { range: uid("range"), num: uid("num"), error: uid("error") };
  let current = clampTo(value, min, max);
  const stopIndex = (v) => {
    let best = 0;
    values.forEach((s, i) => { if (Math.abs(Math.log(s / v)) < Math.abs(Math.log(values[best] / v))) best = i; });
    return best;
  };
  const range = el("input", values
    ? { type: "range", id: ids.range, min: 0, max: values.length - 1, step: 1, value: stopIndex(current) }
    : { type: "range", id: ids.range, min, max, step, value: current });
  const num = el("input", {
    type: "number", id: ids.num, min, max, step: "any", value: String(current), inputmode: "decimal",
    "aria-label": `${name}, exact value`, "aria-describedby": ids.error,
  });
  const error = el("span", { class: "ww-error", id: ids.error, "aria-live": "polite" });
  const wrap = el("div", { class: "ww-control" },
    el("label", { for: ids.range }, label), el("div", { class: "ww-control__inputs" }, range, num), error);
  const changed = guarded(wrap, onChange);

  const syncRange = () => {
    range.value = values ? stopIndex(current) : current;
    range.setAttribute("aria-valuetext", fmt(current));
  };
  const message = (text) => {
    error.textContent = text;
    if (text) num.setAttribute("aria-invalid", "true"); else num.removeAttribute("aria-invalid");
  };
  const apply = (v) => { current = v; syncRange(); changed(v); };

  range.addEventListener("input", () => {
    let v = values ? values[Number(range.value)] : Number(range.value);
    if (!Number.isFinite(v)) v = current; // a script set the slider to something it cannot hold
    v = clampTo(v, min, max);
    num.value = String(v);
    message("");
    apply(v);
  });
  const fromText = (commit) => {
    const text = num.value.trim();
    if (num.validity.badInput) return message(`Not a number: type digits, e.g. ${fmt(current)}`);
    if (text === "") {
      if (!commit) return message("Enter a number");
      num.value = String(current);
      return message(`Empty: kept ${fmt(current)}`);
    }
    let v = Number(text);
    if (Number.isNaN(v)) {
      if (commit) num.value = String(current);
      return message(`Not a number: kept ${fmt(current)}`);
    }
    if (v < min || v > max) { // includes ±Infinity (1e309)
      v = clampTo(v, min, max);
      message(`Allowed ${fmt(min)} to ${fmt(max)}: using ${fmt(v)}`);
      if (commit) num.value = String(v);
      return apply(v);
    }
    message("");
    apply(v);
  };
  num.addEventListener("input", guarded(wrap, () => fromText(false)));
  num.addEventListener("change", guarded(wrap, () => fromText(true)));
  syncRange();
  return {
    root: wrap, range, num,
    get: () => current,
    /** Show v without calling onChange (v is clamped to the range, with a message if it had to be). */
    set(v) {
      const inRange = clampTo(Number.isFinite(v) ? v : current, min, max);
      current = inRange;
      num.value = String(inRange);
      message(inRange === v ? "" : `Allowed ${fmt(min)} to ${fmt(max)}: using ${fmt(inRange)}`);
      syncRange();
    },
    setRange(newMin, newMax) {
      checkRange(newMin, newMax);
      min = newMin; max = newMax;
      num.min = String(min); num.max = String(max);
      if (!values) { range.min = String(min); range.max = String(max); }
      this.set(current);
    },
  };
}

/**
 * A labelled <select>. `options`: [[value, text], ...]. A value that is not
 * one of them (from a script, or an option added to the page) falls back to
 * the last valid choice with a message; onChange only ever sees valid values.
 */
export function select(label, options, value, onChange) {
  const valid = new Map(options.map(([v, text]) => [v, text]));
  if (!valid.has(value)) throw new RangeError(`${label}: the first choice must be one of ${[...valid.keys()].join(", ")}, got ${value}`);
  const ids = { select: uid("select"), error: uid("error") };
  let current = value;
  const node = el("select", { id: ids.select, "aria-describedby": ids.error },
    options.map(([v, text]) => el("option", { value: v, selected: v === value, text })));
  const error = el("span", { class: "ww-error", id: ids.error, "aria-live": "polite" });
  const root = el("div", { class: "ww-control ww-control--select" }, el("label", { for: ids.select }, label), node, error);
  const changed = guarded(root, onChange);
  const choose = (v) => {
    if (!valid.has(v)) {
      error.textContent = `No choice "${v}": kept ${valid.get(current)}`;
      node.value = current;
      return false;
    }
    error.textContent = "";
    current = v;
    node.value = v;
    return true;
  };
  node.addEventListener("change", () => { if (choose(node.value)) changed(current); });
  return {
    root, node,
    get: () => current,
    /** Choose v as if the reader had (a bad v keeps the current choice, with the message). */
    set(v) { if (choose(String(v))) changed(current); },
  };
}

/** A checkbox inside its label, so the whole line is one touch target. */
export function checkbox(labelContent, checked, onChange) {
  const box = el("input", { type: "checkbox", checked });
  const root = el("label", { class: "ww-check" }, box, labelContent);
  box.addEventListener("change", guarded(root, () => onChange(box.checked)));
  return { root, box };
}
