/* "Check yourself" questions: a form per question, feedback in a live region,
   progress kept in localStorage by question id and content hash.

   The page holds everything as HTML (docs/_ext/practice.py): each question's
   options, the explanation of every option, hint and solution, and its answer
   in data-* attributes. This script only rearranges and reveals it, and never
   writes HTML strings or style attributes (strict-CSP friendly).
   The index's progress box, with export and import, is practice-progress.js:
   it loads after this file, on the index only, and uses window.workshopPractice. */
(function () {
  "use strict";

  var KEY = "workshop-practice";
  var FORMAT = "workshop-practice";
  var NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$/i;

  // --- Storage: never trusted, never fatal --------------------------------
  var store = { questions: {}, problem: "", storage: null };

  function validEntry(entry) {
    if (!entry || typeof entry !== "object" || typeof entry.hash !== "string") return false;
    if (typeof entry.done !== "boolean" || typeof entry.right !== "boolean") return false;
    var last = entry.last;
    return typeof last === "string" || (Array.isArray(last) && last.every(function (n) {
      return Number.isInteger(n) && n >= 0 && n < 20;
    }));
  }

  /* The valid entries of a parsed export or stored value, or null if it is not one. */
  function entriesOf(data) {
    if (!data || typeof data !== "object" || data.format !== FORMAT || !data.questions || typeof data.questions !== "object") return null;
    var kept = {};
    Object.keys(data.questions).forEach(function (id) {
      if (/^[a-z0-9-]{1,80}$/.test(id) && validEntry(data.questions[id])) kept[id] = data.questions[id];
    });
    return kept;
  }

  function load() {
    try {
      store.storage = window.localStorage;
      var raw = store.storage.getItem(KEY);
      if (raw === null) return;
      var entries = null;
      try { entries = entriesOf(JSON.parse(raw)); } catch (e) { entries = null; }
      if (entries === null) {
        store.problem = "The progress stored in this browser could not be read, so it starts afresh here; it will be replaced when you answer.";
      } else {
        store.questions = entries;
      }
    } catch (e) {
      store.storage = null;
      store.problem = "This browser does not let the page store anything (storage is disabled or blocked), so your answers will not be kept after you leave the page. The questions still work.";
    }
  }

  function save() {
    if (!store.storage) return false;
    try {
      store.storage.setItem(KEY, JSON.stringify({ format: FORMAT, version: 1, questions: store.questions }));
      return true;
    } catch (e) {
      var full = e && (e.name === "QuotaExceededError" || e.code === 22);
      say(full
        ? "The browser's storage for this site is full, so this answer was not saved. Clearing the site's data in the browser settings frees it."
        : "This answer could not be saved in the browser (" + (e && e.name || "error") + ").");
      return false;
    }
  }

  function entryFor(id, hash) {
    var entry = store.questions[id];
    return entry && entry.hash === hash ? entry : null;  // changed content starts fresh
  }

  // --- Small DOM helpers ----------------------------------------------------
  var uid = 0;
  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }
  function moveChildren(from, to) {
    while (from.firstChild) to.appendChild(from.firstChild);
  }
  var messages = [];
  function say(text) {
    messages.forEach(function (el) { el.textContent = text; });
  }

  // --- One question ---------------------------------------------------------
  function Question(el) {
    this.el = el;
    this.id = el.id.slice("practice-".length);
    this.hash = el.getAttribute("data-hash");
    this.kind = el.getAttribute("data-kind");
    this.solution = el.querySelector(".pq-solution");
    this.whys = el.querySelector(".pq-whys").children;  // one per option (a number's: right, wrong)
    this.outcome = el.querySelector(".pq-outcome");
    this.see = el.querySelector(".pq-see");
    if (this.kind === "number") {
      this.answer = parseFloat(el.getAttribute("data-answer"));
      this.tolerance = parseFloat(el.getAttribute("data-tolerance"));
      this.decimals = parseInt(el.getAttribute("data-decimals"), 10);
    } else {
      this.correct = el.getAttribute("data-correct").split(" ").map(Number);
    }
    this.build();
  }

  Question.prototype.build = function () {
    var self = this, el = this.el, n = ++uid;
    var form = make("form", "practice-form");
    form.noValidate = true;
    var fieldset = make("fieldset", "practice-form__fieldset");
    var legend = make("legend", "practice-form__legend");
    fieldset.appendChild(legend);
    this.inputs = [];
    if (this.kind === "number") {
      var format = el.querySelector(".pq-format");
      legend.textContent = "Your answer";
      var label = make("label", "practice-form__label", format ? format.textContent : "Your answer");
      var input = make("input", "practice-form__number");
      input.type = "text";
      input.inputMode = "decimal";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.id = label.htmlFor = "practice-input-" + n;
      fieldset.appendChild(label);
      fieldset.appendChild(input);
      if (format) format.hidden = true;
      this.inputs.push(input);
    } else {
      var pick = el.querySelector(".pq-pick"), list = el.querySelector(".pq-options");
      legend.textContent = pick.textContent;
      pick.hidden = true;
      var items = list.children;
      for (var i = 0; i < items.length; i++) {
        var row = make("div", "practice-choice");
        var box = make("input");
        box.type = this.kind === "several" ? "checkbox" : "radio";
        box.name = "practice-" + n;
        box.value = String(i);
        box.id = "practice-" + n + "-" + i;
        var text = make("label");
        text.htmlFor = box.id;
        text.appendChild(make("span", "practice-choice__letter", String.fromCharCode(65 + i) + "."));
        moveChildren(items[i].querySelector("p") || items[i], text);
        row.appendChild(box);
        row.appendChild(text);
        fieldset.appendChild(row);
        this.inputs.push(box);
      }
      list.hidden = true;
    }
    form.appendChild(fieldset);
    var check = make("button", "practice-form__check", "Check");
    check.type = "submit";
    form.appendChild(check);
    this.error = make("p", "practice-form__error");
    this.error.id = "practice-error-" + n;
    form.appendChild(this.error);
    this.feedback = make("div", "practice-feedback");
    this.feedback.setAttribute("role", "status");
    form.appendChild(this.feedback);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.check();
    });
    var hint = el.querySelector(".pq-hint");
    el.insertBefore(form, hint ? hint.nextSibling : this.solution);
    if (hint) el.insertBefore(hint, form);  // the hint comes before the answer
    this.solution.hidden = true;  // the worked solution comes after an answer
    el.classList.add("is-ready");
    var entry = entryFor(this.id, this.hash);
    if (entry) this.restore(entry);
  };

  /* What the reader has entered: option indices, or the typed text. */
  Question.prototype.read = function () {
    if (this.kind === "number") return this.inputs[0].value.trim();
    return this.inputs.filter(function (b) { return b.checked; }).map(function (b) { return Number(b.value); });
  };

  Question.prototype.restore = function (entry) {
    if ((this.kind === "number") !== (typeof entry.last === "string")) return;  // not this kind's answer
    if (this.kind === "number") {
      this.inputs[0].value = entry.last;
    } else {
      this.inputs.forEach(function (box, i) { box.checked = entry.last.indexOf(i) >= 0; });
    }
    var verdict = this.judge(entry.last);
    if (verdict) this.show(verdict, "Your last answer, kept in this browser: ");
  };

  /* {right, shown: [indices of the whys to show], note} for an answer, or null (with a message) if it cannot be judged. */
  Question.prototype.judge = function (answer) {
    if (this.kind === "number") {
      if (!NUMBER.test(answer)) return null;
      var value = parseFloat(answer.replace(",", "."));
      var off = Math.abs(value - this.answer), right = off <= this.tolerance;
      var note = !right && off <= 10 * this.tolerance
        ? "Close: check the rounding to " + this.decimals + " decimal place" + (this.decimals === 1 ? "" : "s") + "." : "";
      return { right: right, shown: [right ? 0 : 1], note: note };
    }
    if (!answer.length) return null;
    var correct = this.correct;
    var same = answer.length === correct.length && answer.every(function (i) { return correct.indexOf(i) >= 0; });
    var missed = correct.filter(function (i) { return answer.indexOf(i) < 0; }).length;
    var note = this.kind === "several" && missed && !same
      ? (missed === 1 ? "One correct answer is not ticked." : missed + " correct answers are not ticked.") : "";
    return { right: same, shown: answer, note: note };
  };

  Question.prototype.check = function () {
    var answer = this.read();
    var verdict = this.judge(answer);
    var input = this.inputs[0];
    if (!verdict) {
      this.error.textContent = this.kind === "number"
        ? (answer ? "\u201c" + answer + "\u201d is not a number: type digits, such as 0.25." : "Type a number first.")
        : "Pick " + (this.kind === "several" ? "at least one answer" : "an answer") + " first.";
      if (this.kind === "number") {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", this.error.id);
      }
      this.feedback.textContent = this.error.textContent;
      return;
    }
    this.error.textContent = "";
    if (this.kind === "number") input.removeAttribute("aria-invalid");
    var old = entryFor(this.id, this.hash);
    store.questions[this.id] = { hash: this.hash, done: Boolean(old && old.done) || verdict.right, right: verdict.right, last: answer };
    save();
    this.show(verdict, "");
    update();
  };

  Question.prototype.show = function (verdict, lead) {
    var box = this.feedback, whys = this.whys;
    box.textContent = "";
    box.classList.toggle("is-right", verdict.right);
    box.classList.toggle("is-wrong", !verdict.right);
    box.appendChild(make("p", "practice-feedback__verdict", lead + (verdict.right ? "\u2713 Right." : "\u2717 Not yet.")));
    if (verdict.note) box.appendChild(make("p", "practice-feedback__note", verdict.note));
    verdict.shown.forEach(function (key) {
      if (!whys[key]) return;
      var part = make("div", "practice-feedback__why");
      var copy = whys[key].cloneNode(true);
      moveChildren(copy, part);
      box.appendChild(part);
    });
    if (this.outcome) box.appendChild(this.outcome.cloneNode(true));
    if (this.see) box.appendChild(this.see.cloneNode(true));
    this.solution.hidden = false;
  };

  Question.prototype.reset = function () {
    this.inputs.forEach(function (box) { box.checked = false; if (box.type === "text") box.value = ""; });
    this.feedback.textContent = "";
    this.feedback.classList.remove("is-right", "is-wrong");
    this.error.textContent = "";
    this.solution.hidden = true;
  };

  // --- Page summary ------------------------------------------------------
  var questions = [], summaries = [], listeners = [];

  function doneOf(pairs) {
    return pairs.filter(function (p) { var e = entryFor(p[0], p[1]); return e && e.done; }).length;
  }

  function update() {
    var pairs = questions.map(function (q) { return [q.id, q.hash]; });
    summaries.forEach(function (count) {
      count.textContent = doneOf(pairs) + " of " + pairs.length + " done on this page.";
    });
    listeners.forEach(function (listener) { listener(); });
  }

  function button(text, className, action) {
    var b = make("button", className, text);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  function pageSummary() {
    var first = questions[0].el, section = first.closest("section") || first.parentNode;
    var box = make("div", "practice-summary");
    var count = make("p", "practice-summary__count");
    var message = make("p", "practice-summary__message");
    message.setAttribute("role", "status");
    box.appendChild(count);
    box.appendChild(button("Reset this page's answers", "practice-button", function () {
      if (!window.confirm("Forget your answers to the questions on this page?")) return;
      questions.forEach(function (q) { delete store.questions[q.id]; q.reset(); });
      if (save()) say("Your answers on this page were reset.");
      update();
    }));
    box.appendChild(message);
    var heading = section.querySelector("h2, h3");
    section.insertBefore(box, heading && heading.parentNode === section ? heading.nextSibling : first);
    summaries.push(count);
    messages.push(message);
  }

  function start() {
    load();
    var els = document.querySelectorAll(".practice-q[data-hash]");
    for (var i = 0; i < els.length; i++) {
      try { questions.push(new Question(els[i])); } catch (e) { /* leave that one as its static fallback */ }
    }
    if (questions.length) pageSummary();
    update();
    if (store.problem) say(store.problem);
  }

  // What practice-progress.js builds on.
  window.workshopPractice = {
    store: store, format: FORMAT, entriesOf: entriesOf, save: save, doneOf: doneOf, make: make, button: button, say: say,
    /* Show ``el`` each message said from now on, and the storage problem, if any. */
    addMessages: function (el) { messages.push(el); if (store.problem) el.textContent = store.problem; },
    /* Call ``listener`` now and after every change of progress; ``update`` makes one. */
    onUpdate: function (listener) { listeners.push(listener); listener(); },
    update: update
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
