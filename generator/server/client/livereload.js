// Live reload for "policysite serve". The server adds this script to every
// page it serves; built sites never contain it. It listens to the server's
// events: reload the page (keeping the scroll position), swap stylesheets,
// or show the build's errors in an overlay until they are fixed.
(function () {
  "use strict";

  var script = document.currentScript;
  var build = Number(script && script.getAttribute("data-build")) || 0;
  var scrollKey = "policysite-scroll:" + location.pathname;

  // Back where we were before the reload.
  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved) {
      sessionStorage.removeItem(scrollKey);
      var pos = JSON.parse(saved);
      window.scrollTo(pos.x, pos.y);
    }
  } catch (e) { /* storage disabled: reload without keeping the position */ }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) { /* ignore */ }
    location.reload();
  }

  function data(e) {
    try { return JSON.parse(e.data); } catch (err) { return {}; }
  }

  // Point each stylesheet link at its new URL; the old one goes once the
  // new one has loaded, so the page never shows unstyled.
  function swapStyles(swaps) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    swaps.forEach(function (s) {
      Array.prototype.forEach.call(links, function (link) {
        if (new URL(link.href, location.href).pathname !== s.from) {
          return;
        }
        var next = link.cloneNode();
        next.href = s.to;
        next.addEventListener("load", function () { link.remove(); });
        next.addEventListener("error", function () { link.remove(); });
        link.after(next);
      });
    });
  }

  // The error overlay: a modal alert dialog listing every error.
  var overlay = null;
  var returnFocus = null;

  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("dialog");
      overlay.className = "policysite-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.setAttribute("aria-labelledby", "policysite-overlay-title");
      overlay.setAttribute("aria-describedby", "policysite-overlay-note");
      overlay.addEventListener("cancel", function (e) { e.preventDefault(); hideErrors(); });
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.id = "policysite-overlay-title";
    title.tabIndex = -1;
    title.textContent = errors.length === 1 ? "The site has an error" : "The site has " + errors.length + " errors";
    var note = document.createElement("p");
    note.id = "policysite-overlay-note";
    note.textContent = "This page shows the last good build. Fix the files; this message goes away by itself.";
    var list = document.createElement("ul");
    errors.forEach(function (msg) {
      var item = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = msg;
      item.appendChild(code);
      list.appendChild(item);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", hideErrors);
    overlay.append(title, note, list, close);
    if (!overlay.open) {
      returnFocus = document.activeElement;
      if (typeof overlay.showModal === "function") {
        overlay.showModal();
      } else {
        overlay.setAttribute("open", "");
      }
    }
    title.focus();
  }

  function hideErrors() {
    if (!overlay) {
      return;
    }
    if (typeof overlay.close === "function") {
      overlay.close();
    }
    overlay.remove();
    overlay = null;
    if (returnFocus && typeof returnFocus.focus === "function") {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  if (typeof EventSource !== "function") {
    return;
  }
  var events = new EventSource("/_policysite/events");
  events.addEventListener("hello", function (e) {
    // Rebuilt while this page loaded, or while the server was away.
    if (data(e).build > build) {
      reload();
    }
  });
  events.addEventListener("reload", reload);
  events.addEventListener("css", function (e) {
    var d = data(e);
    build = d.build || build;
    swapStyles(d.swap || []);
  });
  events.addEventListener("error", function (e) {
    if (typeof e.data !== "string") {
      return; // the connection dropped; EventSource reconnects by itself
    }
    showErrors(data(e).errors || []);
  });
  events.addEventListener("ok", hideErrors);
})();
