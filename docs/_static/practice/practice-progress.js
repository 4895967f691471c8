/* The index's progress box: progress over every page's questions, a bar,
   export and import as a file, and a reset. Loaded on the index only; it
   imports practice.js's storage and messages, so the concept pages do not pay
   for it. The pages and their questions come from the box's data block
   (src/workshop_site/content/practice/). */
import { buildData, el } from "../shared/dom.js";
import { FORMAT, addMessages, button, doneOf, entriesOf, onUpdate, save, say, store, update } from "./practice.js";

const FILE_NAME = "workshop-practice-progress.json";

function show(box, pages, total, bar) {
  let all = 0, done = 0;
  for (const page of pages) {
    const d = doneOf(page.questions);
    all += page.questions.length;
    done += d;
    const item = box.querySelector(`li[data-practice-doc="${page.doc}"] .practice-progress__count`);
    if (item) item.textContent = `${d} of ${page.questions.length} done`;
  }
  total.textContent = `Your progress over all pages: ${done} of ${all} questions done.`;
  bar.max = all;
  bar.value = done;
}

function exportProgress() {
  const data = { format: FORMAT, version: 1, exported: new Date().toISOString(), questions: store.questions };
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }));
  const link = el("a", { href: url, download: FILE_NAME });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  say(`Exported ${Object.keys(store.questions).length} answers to ${FILE_NAME}.`);
}

function importProgress(file) {
  file.text().then((text) => {
    let entries = null;
    try { entries = entriesOf(JSON.parse(text)); } catch { entries = null; }
    if (entries === null) {
      say(`\u201c${file.name}\u201d is not a progress file exported from this site, so nothing was imported.`);
      return;
    }
    Object.assign(store.questions, entries);
    const saved = save();
    update();
    say(`Imported ${Object.keys(entries).length} answers from \u201c${file.name}\u201d${saved ? "." : ", for this visit only."}`);
  }, () => say("That file could not be read."));
}

function resetAll() {
  if (!window.confirm("Forget your answers on every page?")) return;
  store.questions = {};
  if (save()) say("All progress was reset.");
  update();
}

function start(box) {
  let pages;
  try { pages = buildData(box, "practice-progress").pages; } catch { return; } // the list stays as the build wrote it
  const total = box.querySelector(".practice-progress__total");
  const bar = el("progress", { class: "practice-progress__bar", "aria-label": "Questions done over all pages" });
  total.after(bar);
  const file = el("input", { class: "practice-progress__file", type: "file", accept: ".json,application/json", id: "practice-import-file" });
  file.addEventListener("change", () => { if (file.files[0]) importProgress(file.files[0]); file.value = ""; });
  const message = el("p", { class: "practice-summary__message", role: "status" });
  box.append(el("div", { class: "practice-progress__controls" },
    button("Export progress to a file", "practice-button", exportProgress),
    file,
    el("label", { class: "practice-button", for: file.id }, "Import progress from a file\u2026"),
    button("Reset all progress", "practice-button", resetAll),
    message));
  addMessages(message);
  onUpdate(() => show(box, pages, total, bar));
}

const box = document.querySelector(".practice-progress");
if (box) start(box);
