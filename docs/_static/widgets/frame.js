/* The widgets' frame: a titled group, its notice line for errors, and the
 * small pieces every widget shows (a live result line, a legend key, a button).
 * Elements and numbers come from the site's one helper, ../shared/dom.js.
 */

import { el, uid } from "../shared/dom.js";

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
