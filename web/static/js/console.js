// Preset queries fill the console's text area.
(function () {
  "use strict";
  var area = document.getElementById("console-query");
  document.querySelectorAll("button.preset").forEach(function (button) {
    button.addEventListener("click", function () { area.value = button.getAttribute("data-text"); area.focus(); });
  });
})();
