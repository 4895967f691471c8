/* DOM helpers shared by the widgets: elements, number formatting, the widget frame.
 *
 * Styles are set through the DOM (classes, `node.style.x = ...`), never as a
 * `style` attribute or an HTML string, so the pages work under a strict
 * Content-Security-Policy (`style-src 'self'`).
 */

const SVG = "http://www.w3.org/2000/svg";
let counter = 0;

/** A unique id for label/aria links: ww-PREFIX-N. */
export const uid = (prefix) => `ww-${prefix}-${++counter}`;

/**
 * el("div", { class: "x", text: "hi" }, ...children); "svg:NAME" makes an SVG element.
 * Attribute values are set with setAttribute (never parsed as HTML); a `style`
 * attribute is refused, use `node.style` or a class.
 */
export function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "style") throw new TypeError("el: set styles through node.style or a class, not a style attribute (CSP)");
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** A number for reading: 4 significant digits, a real minus sign, "—" for anything not finite (never NaN). */
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

/** A paragraph whose changes screen readers announce. */
export const live = (cls = "ww-result") => el("p", { class: cls, "aria-live": "polite" });

/** A short sample of a plotted line (same colour, dash and width) for legends. */
export const key = (lineClass) => el("svg:svg", { class: "ww-key", viewBox: "0 0 28 8", "aria-hidden": "true" },
  el("svg:line", { x1: 1, x2: 27, y1: 4, y2: 4, class: lineClass }));

/** The message of an error a control or a drawing raised, for the reader. */
export const ERROR_EVENT = "ww-error";
export function reportError(node, error) {
  node.dispatchEvent(new CustomEvent(ERROR_EVENT, { bubbles: true, detail: error }));
}

/**
 * Replace the fallback inside `root` with the widget: a titled group, its
 * children and a notice line that shows any error a control reports (so no
 * control ever throws past the widget).
 */
export function widgetFrame(root, title, ...children) {
  const id = uid("title");
  const notice = el("p", { class: "ww-notice", role: "status" });
  const frame = el("div", { class: "ww", role: "group", "aria-labelledby": id },
    el("p", { class: "ww-title", id }, title), ...children, notice);
  frame.addEventListener(ERROR_EVENT, (event) => {
    const error = event.detail;
    notice.textContent = `Could not update: ${error && error.message ? error.message : String(error)}`;
  });
  root.replaceChildren(frame);
  return { frame, notice, clear: () => { notice.textContent = ""; } };
}

/** Run fn(...args); an error goes to the widget's notice line instead of the console. */
export function guarded(node, fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      reportError(node, error);
      return undefined;
    }
  };
}

export const button = (text, onClick, attrs = {}) => {
  const b = el("button", { type: "button", class: "ww-button", ...attrs, text });
  b.addEventListener("click", guarded(b, onClick));
  return b;
};
