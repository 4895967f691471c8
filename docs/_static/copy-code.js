/* A copy button on each code block (src/workshop_site/content/copy_code.py says why not sphinx-copybutton).

   Which blocks, which prompts to strip and which parts to leave out come from
   the page's data block for this script (conf.py's copy_code_* settings). When
   a block has prompted lines (">>> ", "$ "), only those are copied, without
   their prompts: the outputs between them are not code. The button has the
   class names sphinx-copybutton used, so site.css styles it.

   A classic script, not an ES module like the others, on purpose: browsers
   refuse module scripts on pages opened from disk (file://), and the copy
   buttons work there too. So it cannot import ../shared/dom.js, and reads its
   data block itself, as buildData there does. */
(() => {
  "use strict";

  const block = document.querySelector('script[type="application/json"][data-for="copy-code"]');
  if (!block) return;
  const settings = JSON.parse(block.textContent);
  const prompt = new RegExp(`^(?:${settings.prompt})`);
  const LABEL = "Copy", DONE = "Copied!", FAILED = "Failed to copy";
  const SVG = "http://www.w3.org/2000/svg";
  // Tabler's "copy" and "check" icons (MIT), as sphinx-copybutton draws them.
  const COPY = ["M16 8v-2a2 2 0 0 0 -2 -2h-8a2 2 0 0 0 -2 2v8a2 2 0 0 0 2 2h2", "M8 10a2 2 0 0 1 2 -2h8a2 2 0 0 1 2 2v8a2 2 0 0 1 -2 2h-8a2 2 0 0 1 -2 -2z"];
  const CHECK = ["M5 12l5 5l10 -10"];

  function icon(paths) {
    const svg = document.createElementNS(SVG, "svg");
    const attributes = { viewBox: "0 0 24 24", fill: "none", "stroke-width": "1.5", "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true" };
    for (const [name, value] of Object.entries(attributes)) svg.setAttribute(name, value);
    for (const d of paths) {
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      svg.append(path);
    }
    return svg;
  }

  /* The text to copy from a <pre>: without the excluded parts (line numbers, prompts and
     outputs as Pygments marks them), and only the prompted lines if there are any. */
  function textOf(pre) {
    const copy = pre.cloneNode(true);
    if (settings.exclude) copy.querySelectorAll(settings.exclude).forEach((part) => part.remove());
    let lines = copy.textContent.split("\n");
    if (lines.some((line) => prompt.test(line))) {
      lines = lines.filter((line) => prompt.test(line) || !line.trim()).map((line) => line.replace(prompt, ""));
    }
    return lines.join("\n").replace(/\n$/, ""); // no trailing newline: pasting runs nothing
  }

  function write(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Pages opened from a plain http:// address have no clipboard API.
    return new Promise((resolve, reject) => {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "copybtn-buffer";
      document.body.append(area);
      area.select();
      let done = false;
      try { done = document.execCommand("copy"); } catch { done = false; }
      area.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function show(button, text, success) {
    button.setAttribute("data-tooltip", text);
    button.classList.toggle("success", success);
    if (success) button.replaceChildren(icon(CHECK));
    clearTimeout(button.copyTimer);
    button.copyTimer = setTimeout(() => {
      button.setAttribute("data-tooltip", LABEL);
      button.classList.remove("success");
      button.replaceChildren(icon(COPY));
    }, 2000);
  }

  document.querySelectorAll(settings.selector).forEach((pre) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copybtn o-tooltip--left";
    button.setAttribute("data-tooltip", LABEL);
    button.setAttribute("aria-label", "Copy the code");
    button.append(icon(COPY));
    button.addEventListener("click", () => {
      write(textOf(pre)).then(() => show(button, DONE, true), () => show(button, FAILED, false));
    });
    pre.after(button);
  });
})();
