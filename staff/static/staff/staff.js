// Progressive enhancement of the inbox (htmx swaps the results in place): after a swap, move focus to the
// results heading so that keyboard and screen-reader users learn that the list has changed. Without
// JavaScript the form posts and the whole page loads, which needs nothing from here.
document.addEventListener("htmx:afterSettle", function () {
  var heading = document.getElementById("inbox-results-heading");
  if (heading) {
    heading.focus();
  }
});
