// Postcode lookup while typing: asks the geo API (same origin, session cookie) and says which
// wijk and place the postcode is in. Without this script the server checks the postcode on save.
"use strict";
document.querySelectorAll("input[data-postcode-lookup]").forEach(function (input) {
  var out = document.getElementById(input.getAttribute("data-postcode-lookup"));
  var timer = null;
  function look() {
    var value = input.value.replace(/\s+/g, "");
    if (value.length < 4) { out.textContent = ""; return; }
    fetch("/api/v1/geo/postcodes/" + encodeURIComponent(value), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (found) {
        if (!found) { out.textContent = "Onbekende postcode"; return; }
        var where = found.wijk_name ? "wijk " + found.wijk_name : "buiten de Utrechtse wijken";
        out.textContent = found.postcode + ": " + where + (found.place_name ? " (" + found.place_name + ")" : "");
      })
      .catch(function () { out.textContent = ""; });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(look, 300); });
  if (input.value) { look(); }
});
