/* "Weights of neuron": the choice of a neuron and the table of its incoming
 * weights and bias, each with a bar as long as its size.
 */
import { el, fmt } from "../shared/dom.js";

/** Fill `select` with every neuron of `network` ("layer:unit" values), keeping the choice when it still exists. */
export function neuronChoices(select, network) {
  const previous = select.value;
  const options = [];
  network.layers.forEach((layer, l) => {
    const name = l === network.layers.length - 1 ? "output" : `layer ${l + 1}`;
    for (let j = 0; j < layer.units; j++) options.push(el("option", { value: `${l}:${j}` }, `${name}, neuron ${j + 1}`));
  });
  select.replaceChildren(...options);
  if ([...select.options].some((o) => o.value === previous)) select.value = previous;
}

/** Show in `table` the weights into the neuron `select` names; `inputNames`: the network's inputs. */
export function showNeuron(table, select, network, inputNames) {
  const [l, j] = select.value.split(":").map(Number);
  const layer = network.layers[l];
  if (!layer) return;
  const inputs = l === 0 ? inputNames : Array.from({ length: layer.fanIn }, (_, i) => `neuron ${i + 1} below`);
  const weights = inputs.map((name, i) => [`weight from ${name}`, layer.kernel[i * layer.units + j]]).concat([["bias", layer.bias[j]]]);
  const largest = Math.max(1e-9, ...weights.map(([, v]) => Math.abs(v)));
  table.replaceChildren(
    el("caption", {}, `Incoming weights and bias, activation ${layer.activation}`),
    ...weights.map(([name, v]) => {
      const bar = el("span", { class: `pg-bar ${v < 0 ? "pg-negative" : ""}` });
      bar.style.width = `${(Math.abs(v) / largest) * 100}%`;
      return el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, fmt(v)), el("td", { class: "pg-bar-cell", "aria-hidden": "true" }, bar));
    }));
}
