/* What Python knows, as the build wrote it (docs/_ext/widgets.py writes
 * data.json from workshop): the surfaces' ranges, starts and minima, the
 * suggested learning rates, the output-layer table. Loaded once per page. */

let pending = null;

/** The data the build emitted, fetched once (a rejected promise names the file). */
export function loadData() {
  if (pending === null) {
    const url = new URL("data.json", import.meta.url);
    pending = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
      return response.json();
    });
  }
  return pending;
}
