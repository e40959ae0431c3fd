// "Which version was in force on…": a date picker for the history page.
// It needs no server: the table rows carry each version's dates. Without
// JavaScript the form stays hidden and the table's dates answer the same
// question.
(function () {
  "use strict";
  var form = document.getElementById("ps-on-date");
  if (!form) return;
  var input = form.querySelector("input[type=date]");
  var result = document.getElementById("ps-on-date-result");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-effective]"));
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var day = input.value;
    var found = null;
    rows.forEach(function (row) {
      row.classList.remove("picked");
      if (row.getAttribute("data-effective") <= day && (!found || row.getAttribute("data-effective") > found.getAttribute("data-effective"))) {
        found = row;
      }
    });
    result.textContent = "";
    if (!day) return;
    if (!found) {
      result.textContent = form.getAttribute("data-none");
      return;
    }
    found.classList.add("picked");
    var link = found.querySelector("a");
    var text = form.getAttribute("data-found").replace("{1}", link.textContent);
    var a = document.createElement("a");
    a.href = link.href;
    a.textContent = text;
    result.appendChild(a);
    a.focus();
  });
})();
