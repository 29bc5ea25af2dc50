// Progressive enhancement: a print button for the receipt. Without JavaScript the page says how to print.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-button");
  if (!button || typeof window.print !== "function") return;
  button.parentElement.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
