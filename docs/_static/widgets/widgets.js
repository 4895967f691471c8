/* Interactive widgets for the workshop site: the entry module.
 *
 * Every element with data-widget="NAME" (emitted by the `widget` Sphinx
 * directive, src/workshop_site/content/widgets.py) becomes widget NAME, built from NAME.js
 * when it comes near the viewport. Until then, and without JavaScript, the
 * element shows its static fallback. The math is math.js (checked against
 * workshop by `node --test tests/js/`); what Python knows (the optimizer's
 * surfaces and learning rates) is in the element's data block.
 */

import * as math from "./math.js";
import { contourSegments, joinSurfaces, optimizerPath } from "./surfaces.js";
import { buildData, el, fmt } from "../shared/dom.js";

/** The widgets by name; each is the default export of ./NAME.js, called as make(root, data). */
export const WIDGET_NAMES = ["activation", "neuron", "softmax", "crossentropy", "optimizer"];

/** The build's data in `root`, as the widgets take it; null for a widget that needs none. */
function widgetData(root) {
  const raw = buildData(root, "widget");
  return raw && {
    surfaces: joinSurfaces(raw.surfaces),
    suggestedLearningRates: raw.suggested_learning_rates,
    suggestedMomentum: raw.suggested_momentum,
  };
}

/** Build the widget in `root` (once); if it cannot be built, the fallback stays with a note saying why. */
export async function mount(root) {
  const name = root.getAttribute("data-widget");
  if (root.classList.contains("ww-mounted") || root.classList.contains("ww-failed")) return;
  try {
    if (!WIDGET_NAMES.includes(name)) throw new RangeError(`unknown widget ${name}: expected one of ${WIDGET_NAMES.join(", ")}`);
    const data = widgetData(root); // before the widget replaces the element's children
    const module = await import(`./${name}.js`);
    module.default(root, data);
    root.classList.add("ww-mounted");
  } catch (error) {
    root.classList.add("ww-failed");
    root.append(el("p", { class: "ww-notice", role: "status", text: `The interactive widget could not start (${error.message}); the table above shows its numbers.` }));
  }
}

// For the browser tests and curious readers: the math, with the surfaces joined
// to workshop's data where the page has the optimizer widget.
const optimizerRoot = document.querySelector('[data-widget="optimizer"]');
let data = null;
try { data = optimizerRoot && widgetData(optimizerRoot); } catch { /* its mount reports it */ }
window.workshopWidgets = {
  math: { ...math, surfaces: data?.surfaces, optimizerPath, contourSegments },
  data, mount, names: WIDGET_NAMES, format: fmt,
};

// Build each widget when it comes near the viewport, so a page with several
// widgets (and the optimizer's contour map) does not hold up its first paint.
const roots = document.querySelectorAll("[data-widget]");
if ("IntersectionObserver" in window) {
  const observer = new IntersectionObserver((entries) => {
    entries.filter((entry) => entry.isIntersecting).forEach((entry) => {
      observer.unobserve(entry.target);
      mount(entry.target);
    });
  }, { rootMargin: "400px 0px" });
  roots.forEach((root) => observer.observe(root));
} else {
  roots.forEach(mount);
}
