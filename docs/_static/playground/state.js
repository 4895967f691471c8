/* The playground's whole state in one table: each entry's name, kind and
 * allowed values. The controls, the URL (location.hash) and the checks all
 * read this table; a value in the URL that the table does not allow is
 * replaced by the default and reported, never turned into NaN. No DOM.
 */
import { DATASETS, MAX_CLASSES, MAX_POINTS } from "./data.js";
import { HIDDEN_ACTIVATIONS, LOSSES } from "./engine.js";

/** Own points: "own" are classified points, "own-curve" are (x, y) points of a curve. */
export const ALL_DATASETS = Object.freeze([...DATASETS, "own", "own-curve"]);
export const OPTIMIZERS = Object.freeze(["sgd", "rmsprop", "adam"]);
export const MAX_LAYERS = 4;
export const MAX_UNITS = 16;
/** At most this many own points travel in the URL. */
export const MAX_SHARED_POINTS = 500;

// kind: "enum" (values), "int"/"float" (min, max; open: the bound itself is not allowed), "bool",
// "ints"/"enums" (a list, min..max items), "points" (x:y:label items joined by "_").
export const STATE = Object.freeze([
  { name: "data", kind: "enum", values: ALL_DATASETS, default: "spirals" },
  { name: "classes", kind: "int", min: 2, max: MAX_CLASSES, default: 3 },
  { name: "points", kind: "int", min: 10, max: MAX_POINTS, default: 300 },
  { name: "noise", kind: "float", min: 0, max: 0.5, default: 0.1 },
  { name: "validation", kind: "float", min: 0, max: 0.5, default: 0.2 },
  { name: "seed", kind: "int", min: 0, max: 99999, default: 1 },
  { name: "units", kind: "ints", min: 1, max: MAX_UNITS, items: [1, MAX_LAYERS], default: [8, 8] },
  { name: "activations", kind: "enums", values: HIDDEN_ACTIVATIONS, items: [1, MAX_LAYERS], default: ["relu", "relu"] },
  { name: "loss", kind: "enum", values: ["auto", ...LOSSES], default: "auto" },
  { name: "optimizer", kind: "enum", values: OPTIMIZERS, default: "adam" },
  { name: "learning_rate", kind: "float", min: 1e-5, max: 10, default: 0.01 },
  { name: "batch_size", kind: "int", min: 1, max: MAX_POINTS, default: 16 },
  { name: "momentum", kind: "float", min: 0, max: 1, openMax: true, default: 0 },
  { name: "nesterov", kind: "bool", default: false },
  { name: "rho", kind: "float", min: 0, max: 1, openMin: true, openMax: true, default: 0.9 },
  { name: "centered", kind: "bool", default: false },
  { name: "beta_1", kind: "float", min: 0, max: 1, openMax: true, default: 0.9 },
  { name: "beta_2", kind: "float", min: 0, max: 1, openMax: true, default: 0.999 },
  { name: "epsilon", kind: "float", min: 1e-10, max: 1, default: 1e-7 },
  { name: "added", kind: "points", default: [] },
]);
const BY_NAME = Object.fromEntries(STATE.map((entry) => [entry.name, entry]));

export function defaults() {
  return Object.fromEntries(STATE.map((e) => [e.name, structuredClone(e.default)]));
}

/** What an entry allows, in words, for the notice. */
export function allowed(entry) {
  const range = () => `${entry.openMin ? "above" : "from"} ${entry.min} ${entry.openMax ? "and below" : "to"} ${entry.max}`;
  switch (entry.kind) {
    case "enum": return `one of ${entry.values.join(", ")}`;
    case "enums": return `${entry.items[0]} to ${entry.items[1]} of ${entry.values.join(", ")}, joined by commas`;
    case "int": return `a whole number ${range()}`;
    case "ints": return `${entry.items[0]} to ${entry.items[1]} whole numbers ${range()}, joined by commas`;
    case "float": return `a number ${range()}`;
    case "bool": return "true or false";
    default: return `at most ${MAX_SHARED_POINTS} points x:y:label joined by _`;
  }
}

function number(text, entry) {
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return undefined;
  const v = Number(text);
  if (entry.kind.startsWith("int") && !Number.isInteger(v)) return undefined;
  const low = entry.openMin ? v > entry.min : v >= entry.min;
  const high = entry.openMax ? v < entry.max : v <= entry.max;
  return low && high ? v : undefined;
}

/** The value `text` stands for under `entry`, or undefined when the table does not allow it. */
export function read(entry, text) {
  switch (entry.kind) {
    case "enum": return entry.values.includes(text) ? text : undefined;
    case "bool": return text === "true" ? true : text === "false" ? false : undefined;
    case "int": case "float": return number(text, entry);
    case "ints": case "enums": {
      const items = text.split(",");
      if (items.length < entry.items[0] || items.length > entry.items[1]) return undefined;
      const values = items.map((t) => (entry.kind === "ints" ? number(t, entry) : (entry.values.includes(t) ? t : undefined)));
      return values.includes(undefined) ? undefined : values;
    }
    default: {
      if (text === "") return [];
      const items = text.split("_");
      if (items.length > MAX_SHARED_POINTS) return undefined;
      const values = items.map((item) => {
        const parts = item.split(":").map(Number);
        const ok = parts.length === 3 && parts.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e6) && Number.isInteger(parts[2]) && parts[2] >= 0 && parts[2] < MAX_CLASSES;
        return ok ? parts : undefined;
      });
      return values.includes(undefined) ? undefined : values;
    }
  }
}

function write(entry, value) {
  if (entry.kind === "points") return value.map((p) => p.map((v) => +v.toFixed(3)).join(":")).join("_");
  return Array.isArray(value) ? value.join(",") : String(value);
}

/**
 * The state a URL hash describes: defaults for what it does not set, and a
 * problem (in words) for each value it sets wrongly. Never throws.
 */
export function parseHash(hash) {
  const state = defaults(), problems = [];
  let params;
  try {
    params = new URLSearchParams(String(hash ?? "").replace(/^#/, ""));
  } catch {
    return { state, problems: ["the address could not be read"] };
  }
  for (const [name, text] of params) {
    const entry = BY_NAME[name];
    if (!entry) { problems.push(`unknown setting "${name.slice(0, 30)}"`); continue; }
    const value = read(entry, text);
    if (value === undefined) problems.push(`${name}=${text.slice(0, 30)} (expected ${allowed(entry)})`);
    else state[name] = value;
  }
  // The hidden layers: one activation per layer.
  if (state.activations.length !== state.units.length) {
    if (params.has("units") || params.has("activations")) problems.push(`activations must list one per hidden layer (${state.units.length}), so each layer uses ${state.activations[0]}`);
    state.activations = state.units.map((_, i) => state.activations[i] ?? state.activations[0]);
  }
  return { state, problems };
}

/** The hash for a state: only what differs from the defaults, in the table's order. */
export function toHash(state) {
  const params = new URLSearchParams();
  for (const entry of STATE) {
    let value = state[entry.name];
    if (entry.kind === "points" && value.length > MAX_SHARED_POINTS) value = value.slice(0, MAX_SHARED_POINTS);
    const text = write(entry, value);
    if (text !== write(entry, entry.default)) params.set(entry.name, text);
  }
  return params.toString();
}

export const entry = (name) => BY_NAME[name];
