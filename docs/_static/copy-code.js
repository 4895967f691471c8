/* A copy button on each code block (docs/_ext/copy_code.py says why not sphinx-copybutton).

   Which blocks, which prompts to strip and which parts to leave out come from
   this script's own data-* attributes (conf.py's copy_code_* settings). When
   a block has prompted lines (">>> ", "$ "), only those are copied, without
   their prompts: the outputs between them are not code. The button has the
   class names sphinx-copybutton used, so site.css styles it. */
(function () {
  "use strict";

  var script = document.currentScript;
  var selector = script.getAttribute("data-selector");
  var prompt = new RegExp("^(?:" + script.getAttribute("data-prompt") + ")");
  var exclude = script.getAttribute("data-exclude");
  var LABEL = "Copy", DONE = "Copied!", FAILED = "Failed to copy";
  var SVG = "http://www.w3.org/2000/svg";
  // Tabler's "copy" and "check" icons (MIT), as sphinx-copybutton draws them.
  var COPY = ["M16 8v-2a2 2 0 0 0 -2 -2h-8a2 2 0 0 0 -2 2v8a2 2 0 0 0 2 2h2", "M8 10a2 2 0 0 1 2 -2h8a2 2 0 0 1 2 2v8a2 2 0 0 1 -2 2h-8a2 2 0 0 1 -2 -2z"];
  var CHECK = ["M5 12l5 5l10 -10"];

  function icon(paths) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke-width", "1.5");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    svg.setAttribute("aria-hidden", "true");
    paths.forEach(function (d) {
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      svg.appendChild(path);
    });
    return svg;
  }

  /* The text to copy from a <pre>: without the excluded parts (line numbers, prompts and
     outputs as Pygments marks them), and only the prompted lines if there are any. */
  function textOf(pre) {
    var copy = pre.cloneNode(true);
    if (exclude) copy.querySelectorAll(exclude).forEach(function (el) { el.remove(); });
    var lines = copy.textContent.split("\n");
    if (lines.some(function (line) { return prompt.test(line); })) {
      lines = lines.filter(function (line) { return prompt.test(line) || !line.trim(); })
        .map(function (line) { return line.replace(prompt, ""); });
    }
    return lines.join("\n").replace(/\n$/, "");  // no trailing newline: pasting runs nothing
  }

  function write(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Pages opened from a plain http:// address have no clipboard API.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "copybtn-buffer";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function show(button, text, success) {
    button.setAttribute("data-tooltip", text);
    button.classList.toggle("success", success);
    if (success) button.replaceChildren(icon(CHECK));
    clearTimeout(button.copyTimer);
    button.copyTimer = setTimeout(function () {
      button.setAttribute("data-tooltip", LABEL);
      button.classList.remove("success");
      button.replaceChildren(icon(COPY));
    }, 2000);
  }

  document.querySelectorAll(selector).forEach(function (pre) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copybtn o-tooltip--left";
    button.setAttribute("data-tooltip", LABEL);
    button.setAttribute("aria-label", "Copy the code");
    button.appendChild(icon(COPY));
    button.addEventListener("click", function () {
      write(textOf(pre)).then(function () { show(button, DONE, true); }, function () { show(button, FAILED, false); });
    });
    pre.after(button);
  });
})();
