// The operator desk, live: a server-sent event feed says something changed, and each
// [data-live] region of the page is fetched again and swapped in place (no reload).
// A chat that starts waiting raises a browser notification once the operator allowed them.
(function () {
  "use strict";
  var feedHolder = document.querySelector("[data-feed]");
  var regions = document.querySelectorAll("[data-live]");
  function toNewest() {
    var lines = document.getElementById("live-lines");
    if (lines) { lines.scrollTop = lines.scrollHeight; }
  }
  toNewest();
  var canned = document.getElementById("canned");
  if (canned) {
    canned.addEventListener("change", function () {
      var box = document.getElementById("reply-text");
      if (box && canned.value) { box.value = canned.value; box.focus(); }
    });
  }
  var bell = document.getElementById("notify");
  if (bell && "Notification" in window && Notification.permission === "default") {
    bell.hidden = false;
    bell.addEventListener("click", function () {
      Notification.requestPermission().then(function () { bell.hidden = true; });
    });
  }
  if (!feedHolder || !window.EventSource) { return; }
  function refresh() {
    regions.forEach(function (region) {
      fetch(region.dataset.live, { credentials: "same-origin" }).then(function (answer) {
        return answer.ok ? answer.text() : null;
      }).then(function (html) {
        if (html === null) { return; }
        // An unchanged region is left alone: swapping it would drop a click on its buttons
        // (a delivery tick changes the lines, not the head with «Взять»).
        var fresh = document.createElement("template");
        fresh.innerHTML = html;
        if (fresh.innerHTML === region.innerHTML) { return; }
        region.innerHTML = html;
        toNewest();
      });
    });
  }
  var feed = new EventSource(feedHolder.dataset.feed);
  feed.addEventListener("change", function (event) {
    refresh();
    var data = JSON.parse(event.data || "{}");
    var words = feedHolder.dataset.notify;
    if (words && data.waiting > data.was_waiting && "Notification" in window &&
        Notification.permission === "granted") {
      new Notification(words);
    }
  });
})();
