/* The index's progress box: progress over every page's questions, a bar,
   export and import as a file, and a reset. Loaded on the index only, after
   practice.js, whose storage, messages and helpers it uses
   (window.workshopPractice); the concept pages do not pay for it. */
(function () {
  "use strict";

  var practice = window.workshopPractice;
  var box = document.querySelector(".practice-progress");
  if (!practice || !box) return;
  var store = practice.store, make = practice.make, button = practice.button, say = practice.say;
  var FILE_NAME = "workshop-practice-progress.json";

  var pages;
  try { pages = JSON.parse(box.querySelector(".practice-index").textContent).pages; } catch (e) { return; }
  var total = box.querySelector(".practice-progress__total");
  var bar = make("progress", "practice-progress__bar");
  bar.setAttribute("aria-label", "Questions done over all pages");
  box.insertBefore(bar, total.nextSibling);

  function show() {
    var all = 0, done = 0;
    pages.forEach(function (page) {
      var d = practice.doneOf(page.questions);
      all += page.questions.length;
      done += d;
      var item = box.querySelector('li[data-practice-doc="' + page.doc + '"] .practice-progress__count');
      if (item) item.textContent = d + " of " + page.questions.length + " done";
    });
    total.textContent = "Your progress over all pages: " + done + " of " + all + " questions done.";
    bar.max = all;
    bar.value = done;
  }

  function exportProgress() {
    var data = { format: practice.format, version: 1, exported: new Date().toISOString(), questions: store.questions };
    var url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }));
    var link = make("a");
    link.href = url;
    link.download = FILE_NAME;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    say("Exported " + Object.keys(store.questions).length + " answers to " + FILE_NAME + ".");
  }

  function importProgress(file) {
    file.text().then(function (text) {
      var entries = null;
      try { entries = practice.entriesOf(JSON.parse(text)); } catch (e) { entries = null; }
      if (entries === null) {
        say("\u201c" + file.name + "\u201d is not a progress file exported from this site, so nothing was imported.");
        return;
      }
      Object.keys(entries).forEach(function (id) { store.questions[id] = entries[id]; });
      var saved = practice.save();
      practice.update();
      say("Imported " + Object.keys(entries).length + " answers from \u201c" + file.name + "\u201d" + (saved ? "." : ", for this visit only."));
    }, function () { say("That file could not be read."); });
  }

  var controls = make("div", "practice-progress__controls");
  var file = make("input", "practice-progress__file");
  file.type = "file";
  file.accept = ".json,application/json";
  file.id = "practice-import-file";
  var label = make("label", "practice-button", "Import progress from a file\u2026");
  label.htmlFor = file.id;
  file.addEventListener("change", function () { if (file.files[0]) importProgress(file.files[0]); file.value = ""; });
  controls.appendChild(button("Export progress to a file", "practice-button", exportProgress));
  controls.appendChild(file);
  controls.appendChild(label);
  controls.appendChild(button("Reset all progress", "practice-button", function () {
    if (!window.confirm("Forget your answers on every page?")) return;
    store.questions = {};
    if (practice.save()) say("All progress was reset.");
    practice.update();
  }));
  var message = make("p", "practice-summary__message");
  message.setAttribute("role", "status");
  controls.appendChild(message);
  box.appendChild(controls);
  practice.addMessages(message);
  practice.onUpdate(show);
})();
