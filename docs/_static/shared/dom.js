/* The one DOM and number-format helper of the site's scripts: the widgets,
 * the playground and the questions import it.
 *
 * Styles are set through the DOM (classes, `node.style.x = ...`), never as a
 * `style` attribute or an HTML string, and handlers are functions, never
 * `on...` attribute text, so the pages work under a strict
 * Content-Security-Policy (`script-src 'self'; style-src 'self'`).
 */

const SVG = "http://www.w3.org/2000/svg";
let counter = 0;

/** A unique id for label/aria links: ww-PREFIX-N. */
export const uid = (prefix) => `ww-${prefix}-${++counter}`;

/**
 * el("div", { class: "x", text: "hi", onclick: fn }, ...children); "svg:NAME" makes an SVG element.
 * Attribute values are set with setAttribute (never parsed as HTML); true sets an
 * empty attribute, and false, null and undefined set none. A key "onNAME" takes a
 * function, added as a listener for event NAME. A `style` attribute and handler
 * text are refused: use `node.style` or a class, and a function.
 */
export function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "style") throw new TypeError("el: set styles through node.style or a class, not a style attribute (CSP)");
    if (key.startsWith("on")) {
      if (typeof value !== "function") throw new TypeError(`el: ${key} must be a function, got ${typeof value} (inline handlers break the CSP)`);
      node.addEventListener(key.slice(2), value);
    } else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A number for reading: `digits` significant digits, a real minus sign, "—" for anything not finite (never NaN). */
export function fmt(v, digits = 4) {
  if (typeof v !== "number" || !Number.isFinite(v)) return "—";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const text = a >= 1e5 || a < 1e-4
    ? v.toExponential(digits - 1).replace(/\.?0+e/, "e").replace("e+", "e")
    : String(Number(v.toPrecision(digits)));
  return text.replace("-", "−");
}

export const clampTo = (v, lo, hi) => Math.min(Math.max(v, lo), hi);

/**
 * What the build handed to the script that builds `root`: the JSON of the
 * `<script type="application/json" data-for="NAME">` inside it (the data
 * travels inside the element it is for: no request, no inline code for the
 * policy to allow, only on the pages that use it). Read it before replacing
 * the element's children. Null when `root` holds none; an Error naming the
 * element when the JSON is broken.
 */
export function buildData(root, name) {
  const block = root.querySelector(`script[type="application/json"][data-for="${name}"]`);
  if (block === null) return null;
  try {
    return JSON.parse(block.textContent);
  } catch (error) {
    throw new Error(`the build's data for ${name} is not JSON (${error.message}): rebuild the site`);
  }
}
