// Print job page: while the PDF is being made, fetch the progress part of the page every two
// seconds and put it in place, until the file is ready or has failed. Without this script the
// page refreshes itself (a <noscript> meta refresh) and has a "Check again" link.
(function () {
  "use strict";
  var box = document.getElementById("print-progress");
  if (!box || box.getAttribute("data-finished") === "yes" || !window.fetch) return;
  var url = box.getAttribute("data-partial");

  function finished() {
    var inner = box.querySelector("[data-status]");
    var status = inner ? inner.getAttribute("data-status") : "";
    return status === "ready" || status === "failed";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var fresh = parsed.querySelector("[data-status]");
        var old = box.querySelector("[data-status]");
        if (fresh && old) old.replaceWith(document.importNode(fresh, true));
        if (!finished()) window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 2000);
})();
