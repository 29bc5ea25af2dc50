// The character count of core.forms.FreeTextField, as GOV.UK's character count does it: progressive enhancement.
// Without JavaScript the page says the limit under the field ("Du kan skriva upp till 10 000 tecken"), and the
// server refuses a text that is too long, saying by how much and keeping what was typed. With it, a live count
// replaces that line on the screen ("Du har 9 812 tecken kvar", "Du har 12 tecken för mycket"); screen readers
// keep the limit as the field's description, and hear the count from a polite live region once the person has
// stopped typing for a second. There is no hard limit: nothing typed or pasted is ever cut.
//
// core/includes/forms/field.html writes the data this reads (core.forms.character_count_attrs): the limit, the
// language's thousands separator, and the messages with {count} where the number goes.
(function () {
  "use strict";

  var ANNOUNCE_AFTER_MS = 1000;

  function grouped(number, separator) {
    var digits = String(number);
    return separator ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator) : digits;
  }

  // Characters as the server counts them: code points (an emoji is one), and a line end as one.
  function length(text) {
    return Array.from(text.replace(/\r\n?/g, "\n")).length;
  }

  function message(root, remaining) {
    var count = Math.abs(remaining);
    var name = "data-count-" + (remaining < 0 ? "over" : "under") + "-" + (count === 1 ? "one" : "other");
    return (root.getAttribute(name) || "").replace("{count}", grouped(count, root.getAttribute("data-count-separator")));
  }

  function enhance(root) {
    var limit = parseInt(root.getAttribute("data-character-count"), 10);
    var input = root.querySelector("textarea, input");
    var description = input && input.id ? document.getElementById(input.id + "_count") : null;
    if (!(limit > 0) || !description || root.hasAttribute("data-character-count-ready")) return;
    root.setAttribute("data-character-count-ready", "");

    var visible = document.createElement("div");
    visible.className = "ds-field__hint field-hint character-count__status";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("div");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    description.insertAdjacentElement("afterend", visible);
    visible.insertAdjacentElement("afterend", spoken);
    description.classList.add("visually-hidden");
    input.removeAttribute("maxlength");

    var timer = null;
    function update(announce) {
      var remaining = limit - length(input.value);
      var text = message(root, remaining);
      visible.textContent = text;
      visible.classList.toggle("character-count__status--over", remaining < 0);
      if (announce) spoken.textContent = text;
    }
    input.addEventListener("input", function () {
      update(false);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { update(true); }, ANNOUNCE_AFTER_MS);
    });
    // A page restored by "Back" gets its text back after the scripts have run.
    window.addEventListener("pageshow", function () { update(false); });
    update(true);
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-character-count]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
