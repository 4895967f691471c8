/* "Check yourself" questions: a form per question, feedback in a live region,
   progress kept in localStorage by question id and content hash.

   The page holds everything as HTML (src/workshop_site/content/practice/): each question's
   options, the explanation of every option, hint and solution, and its answer
   in data-* attributes. This module only rearranges and reveals it, and never
   writes HTML strings or style attributes (strict-CSP friendly).
   The index's progress box, with export and import, is practice-progress.js:
   it imports what it needs from here (the storage, the messages). */
import { el } from "../shared/dom.js";

const KEY = "workshop-practice";
export const FORMAT = "workshop-practice";
const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$/i;

// --- Storage: never trusted, never fatal --------------------------------
/** The reader's answers by question id, the storage (null when refused) and what went wrong reading it. */
export const store = { questions: {}, problem: "", storage: null };

function validEntry(entry) {
  if (!entry || typeof entry !== "object" || typeof entry.hash !== "string") return false;
  if (typeof entry.done !== "boolean" || typeof entry.right !== "boolean") return false;
  const last = entry.last;
  return typeof last === "string" || (Array.isArray(last) && last.every((n) => Number.isInteger(n) && n >= 0 && n < 20));
}

/** The valid entries of a parsed export or stored value, or null if it is not one. */
export function entriesOf(data) {
  if (!data || typeof data !== "object" || data.format !== FORMAT || !data.questions || typeof data.questions !== "object") return null;
  const kept = {};
  for (const [id, entry] of Object.entries(data.questions)) {
    if (/^[a-z0-9-]{1,80}$/.test(id) && validEntry(entry)) kept[id] = entry;
  }
  return kept;
}

function load() {
  try {
    store.storage = window.localStorage;
    const raw = store.storage.getItem(KEY);
    if (raw === null) return;
    let entries = null;
    try { entries = entriesOf(JSON.parse(raw)); } catch { entries = null; }
    if (entries === null) {
      store.problem = "The progress stored in this browser could not be read, so it starts afresh here; it will be replaced when you answer.";
    } else {
      store.questions = entries;
    }
  } catch {
    store.storage = null;
    store.problem = "This browser does not let the page store anything (storage is disabled or blocked), so your answers will not be kept after you leave the page. The questions still work.";
  }
}

/** Write the answers to the browser's storage; false (with a message said) when it cannot. */
export function save() {
  if (!store.storage) return false;
  try {
    store.storage.setItem(KEY, JSON.stringify({ format: FORMAT, version: 1, questions: store.questions }));
    return true;
  } catch (e) {
    const full = e && (e.name === "QuotaExceededError" || e.code === 22);
    say(full
      ? "The browser's storage for this site is full, so this answer was not saved. Clearing the site's data in the browser settings frees it."
      : `This answer could not be saved in the browser (${(e && e.name) || "error"}).`);
    return false;
  }
}

function entryFor(id, hash) {
  const entry = store.questions[id];
  return entry && entry.hash === hash ? entry : null; // changed content starts fresh
}

// --- Messages -------------------------------------------------------------
let uid = 0;
function moveChildren(from, to) {
  while (from.firstChild) to.appendChild(from.firstChild);
}
const messages = [];
/** Show `text` in every message line (each page summary's, the progress box's). */
export function say(text) {
  messages.forEach((line) => { line.textContent = text; });
}
/** Show in `line` each message said from now on, and the storage problem, if any. */
export function addMessages(line) {
  messages.push(line);
  if (store.problem) line.textContent = store.problem;
}

/** A button that runs `action` when pressed. */
export const button = (text, className, action) => el("button", { type: "button", class: className, onclick: action }, text);

// --- One question ---------------------------------------------------------
class Question {
  constructor(root) {
    this.el = root;
    this.id = root.id.slice("practice-".length);
    this.hash = root.getAttribute("data-hash");
    this.kind = root.getAttribute("data-kind");
    this.solution = root.querySelector(".pq-solution");
    this.whys = root.querySelector(".pq-whys").children; // one per option (a number's: right, wrong)
    this.outcome = root.querySelector(".pq-outcome");
    this.see = root.querySelector(".pq-see");
    if (this.kind === "number") {
      this.answer = parseFloat(root.getAttribute("data-answer"));
      this.tolerance = parseFloat(root.getAttribute("data-tolerance"));
      this.decimals = parseInt(root.getAttribute("data-decimals"), 10);
    } else {
      this.correct = root.getAttribute("data-correct").split(" ").map(Number);
    }
    this.build();
  }

  build() {
    const root = this.el, n = ++uid;
    const legend = el("legend", { class: "practice-form__legend" });
    const fieldset = el("fieldset", { class: "practice-form__fieldset" }, legend);
    this.inputs = [];
    if (this.kind === "number") {
      const format = root.querySelector(".pq-format");
      legend.textContent = "Your answer";
      const id = `practice-input-${n}`;
      const input = el("input", { class: "practice-form__number", type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false", id });
      fieldset.append(el("label", { class: "practice-form__label", for: id }, format ? format.textContent : "Your answer"), input);
      if (format) format.hidden = true;
      this.inputs.push(input);
    } else {
      const pick = root.querySelector(".pq-pick"), list = root.querySelector(".pq-options");
      legend.textContent = pick.textContent;
      pick.hidden = true;
      Array.from(list.children).forEach((item, i) => {
        const id = `practice-${n}-${i}`;
        const box = el("input", { type: this.kind === "several" ? "checkbox" : "radio", name: `practice-${n}`, value: String(i), id });
        const text = el("label", { for: id }, el("span", { class: "practice-choice__letter" }, `${String.fromCharCode(65 + i)}.`));
        moveChildren(item.querySelector("p") || item, text);
        fieldset.append(el("div", { class: "practice-choice" }, box, text));
        this.inputs.push(box);
      });
      list.hidden = true;
    }
    this.error = el("p", { class: "practice-form__error", id: `practice-error-${n}` });
    this.feedback = el("div", { class: "practice-feedback", role: "status" });
    const form = el("form", { class: "practice-form", novalidate: true, onsubmit: (event) => { event.preventDefault(); this.check(); } },
      fieldset, el("button", { class: "practice-form__check", type: "submit" }, "Check"), this.error, this.feedback);
    const hint = root.querySelector(".pq-hint");
    root.insertBefore(form, hint ? hint.nextSibling : this.solution);
    if (hint) root.insertBefore(hint, form); // the hint comes before the answer
    this.solution.hidden = true; // the worked solution comes after an answer
    root.classList.add("is-ready");
    const entry = entryFor(this.id, this.hash);
    if (entry) this.restore(entry);
  }

  /** What the reader has entered: option indices, or the typed text. */
  read() {
    if (this.kind === "number") return this.inputs[0].value.trim();
    return this.inputs.filter((b) => b.checked).map((b) => Number(b.value));
  }

  restore(entry) {
    if ((this.kind === "number") !== (typeof entry.last === "string")) return; // not this kind's answer
    if (this.kind === "number") this.inputs[0].value = entry.last;
    else this.inputs.forEach((box, i) => { box.checked = entry.last.includes(i); });
    const verdict = this.judge(entry.last);
    if (verdict) this.show(verdict, "Your last answer, kept in this browser: ");
  }

  /** {right, shown: [indices of the whys to show], note} for an answer, or null if it cannot be judged. */
  judge(answer) {
    if (this.kind === "number") {
      if (!NUMBER.test(answer)) return null;
      const value = parseFloat(answer.replace(",", "."));
      const off = Math.abs(value - this.answer), right = off <= this.tolerance;
      const note = !right && off <= 10 * this.tolerance
        ? `Close: check the rounding to ${this.decimals} decimal place${this.decimals === 1 ? "" : "s"}.` : "";
      return { right, shown: [right ? 0 : 1], note };
    }
    if (!answer.length) return null;
    const correct = this.correct;
    const same = answer.length === correct.length && answer.every((i) => correct.includes(i));
    const missed = correct.filter((i) => !answer.includes(i)).length;
    const note = this.kind === "several" && missed && !same
      ? (missed === 1 ? "One correct answer is not ticked." : `${missed} correct answers are not ticked.`) : "";
    return { right: same, shown: answer, note };
  }

  check() {
    const answer = this.read();
    const verdict = this.judge(answer);
    const input = this.inputs[0];
    if (!verdict) {
      this.error.textContent = this.kind === "number"
        ? (answer ? `\u201c${answer}\u201d is not a number: type digits, such as 0.25.` : "Type a number first.")
        : `Pick ${this.kind === "several" ? "at least one answer" : "an answer"} first.`;
      if (this.kind === "number") {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", this.error.id);
      }
      this.feedback.textContent = this.error.textContent;
      return;
    }
    this.error.textContent = "";
    if (this.kind === "number") input.removeAttribute("aria-invalid");
    const old = entryFor(this.id, this.hash);
    store.questions[this.id] = { hash: this.hash, done: Boolean(old && old.done) || verdict.right, right: verdict.right, last: answer };
    save();
    this.show(verdict, "");
    update();
  }

  show(verdict, lead) {
    const box = this.feedback;
    box.textContent = "";
    box.classList.toggle("is-right", verdict.right);
    box.classList.toggle("is-wrong", !verdict.right);
    box.append(el("p", { class: "practice-feedback__verdict" }, lead + (verdict.right ? "\u2713 Right." : "\u2717 Not yet.")));
    if (verdict.note) box.append(el("p", { class: "practice-feedback__note" }, verdict.note));
    for (const key of verdict.shown) {
      if (!this.whys[key]) continue;
      const part = el("div", { class: "practice-feedback__why" });
      moveChildren(this.whys[key].cloneNode(true), part);
      box.append(part);
    }
    if (this.outcome) box.append(this.outcome.cloneNode(true));
    if (this.see) box.append(this.see.cloneNode(true));
    this.solution.hidden = false;
  }

  reset() {
    this.inputs.forEach((box) => { box.checked = false; if (box.type === "text") box.value = ""; });
    this.feedback.textContent = "";
    this.feedback.classList.remove("is-right", "is-wrong");
    this.error.textContent = "";
    this.solution.hidden = true;
  }
}

// --- Page summary ------------------------------------------------------
const questions = [], summaries = [], listeners = [];

/** How many of the [id, hash] pairs the reader has done. */
export function doneOf(pairs) {
  return pairs.filter(([id, hash]) => { const e = entryFor(id, hash); return e && e.done; }).length;
}

/** Count again and tell every listener that progress changed. */
export function update() {
  const pairs = questions.map((q) => [q.id, q.hash]);
  summaries.forEach((count) => { count.textContent = `${doneOf(pairs)} of ${pairs.length} done on this page.`; });
  listeners.forEach((listener) => listener());
}

/** Call `listener` now and after every change of progress. */
export function onUpdate(listener) {
  listeners.push(listener);
  listener();
}

function pageSummary() {
  const first = questions[0].el, section = first.closest("section") || first.parentNode;
  const count = el("p", { class: "practice-summary__count" });
  const message = el("p", { class: "practice-summary__message", role: "status" });
  const box = el("div", { class: "practice-summary" }, count,
    button("Reset this page's answers", "practice-button", () => {
      if (!window.confirm("Forget your answers to the questions on this page?")) return;
      questions.forEach((q) => { delete store.questions[q.id]; q.reset(); });
      if (save()) say("Your answers on this page were reset.");
      update();
    }),
    message);
  const heading = section.querySelector("h2, h3");
  section.insertBefore(box, heading && heading.parentNode === section ? heading.nextSibling : first);
  summaries.push(count);
  messages.push(message);
}

// A module runs once the page is parsed.
load();
for (const root of document.querySelectorAll(".practice-q[data-hash]")) {
  try { questions.push(new Question(root)); } catch { /* leave that one as its static fallback */ }
}
if (questions.length) pageSummary();
update();
if (store.problem) say(store.problem);
