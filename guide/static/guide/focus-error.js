// Move focus to the error summary, so that screen-reader users hear the errors first (GOV.UK pattern).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
