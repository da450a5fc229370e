// Follows the session: the server sends the screen again whenever it changes.
"use strict";
(function () {
  var main = document.getElementById("screen");
  if (!main || !window.EventSource) { return; }
  var source = new EventSource(main.getAttribute("data-events"));
  source.addEventListener("screen", function (event) {
    // The server renders (and escapes) the fragment; it is its own origin's HTML.
    main.innerHTML = event.data;
  });
})();
