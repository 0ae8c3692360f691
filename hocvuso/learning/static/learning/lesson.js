// Lesson page: practice answers checked on the phone (so they work offline) and the lesson
// marked finished; both are kept in the offline outbox (pwa/outbox.js) and sent when the
// connection allows. Without this script the forms post to the server and work the same.
(function () {
  "use strict";
  var article = document.getElementById("lesson");
  if (!article) return;
  var lessonId = Number(article.getAttribute("data-lesson"));
  var signedIn = article.hasAttribute("data-signed-in");
  var openedAt = Date.now();

  function outbox() {
    return signedIn && window.hvOutbox ? window.hvOutbox : null;
  }

  function readAnswer(form, kind) {
    var values;
    if (kind === "ordering") {
      values = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.value; });
      if (!values.length || values.indexOf("") !== -1) return null;
      return values.map(Number);
    }
    values = Array.prototype.map.call(form.querySelectorAll("input[name=answer]:checked"), function (i) { return i.value; });
    if (!values.length) return null;
    if (kind === "true_false") return values[0] === "true";
    if (kind === "multiple") return values.map(Number).sort(function (a, b) { return a - b; });
    return Number(values[0]);
  }

  function isRight(expected, given, kind) {
    if (kind === "multiple") expected = expected.slice().sort(function (a, b) { return a - b; });
    return JSON.stringify(expected) === JSON.stringify(given);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.question-form"), function (form) {
    form.addEventListener("submit", function (event) {
      var box = outbox();
      if (signedIn && !box) return; // no offline storage here: let the server check it
      event.preventDefault();
      var kind = form.getAttribute("data-kind");
      var verdict = form.querySelector("[data-verdict]");
      var explanation = form.querySelector("[data-explanation]");
      var given = readAnswer(form, kind);
      if (given === null) {
        verdict.className = "verdict verdict-wrong";
        verdict.textContent = article.getAttribute("data-choose");
        return;
      }
      var right = isRight(JSON.parse(form.getAttribute("data-answer")), given, kind);
      verdict.className = "verdict " + (right ? "verdict-right" : "verdict-wrong");
      verdict.textContent = article.getAttribute(right ? "data-right" : "data-wrong");
      explanation.hidden = false;
      if (box) {
        box.add("answer_given", { question: Number(form.getAttribute("data-question")), answer: given });
      }
    });
  });

  var complete = document.querySelector("form[data-complete]");
  if (complete) {
    complete.addEventListener("submit", function (event) {
      var box = outbox();
      if (!box) return;
      event.preventDefault();
      var seconds = Math.round((Date.now() - openedAt) / 1000);
      var note = complete.querySelector("[data-done-note]");
      var button = complete.querySelector("button");
      button.disabled = true;
      box.add("lesson_completed", { lesson: lessonId, seconds: seconds }).then(function () {
        note.textContent = article.getAttribute(navigator.onLine ? "data-done" : "data-queued");
      });
    });
  }

  var box = outbox();
  if (box) box.add("lesson_opened", { lesson: lessonId });
})();
