// The room's pages, made live: the server sends a page's part again whenever the
// store changes (Server-Sent Events); the clock counts on here between updates;
// forms post without leaving the page; the projector rings its bells.
// Everything works without this script, only not live.
"use strict";
(function () {
  var live = document.getElementById("live");
  var said = document.getElementById("said");
  var announce = document.getElementById("announce");
  var bells = live && live.getAttribute("data-bells") === "on";
  var audio = null;
  var formToken = live && live.getAttribute("data-form-token");
  // The server's clock, as this page estimates it: a part's times are the server's.
  var offset = live ? Number(live.getAttribute("data-now")) - Date.now() / 1000 : 0;
  var lastTick = null;

  function serverNow() { return Date.now() / 1000 + offset; }

  // This device's own votes and answers ("node kind" or "poll phase" -> value):
  // the parts the server streams are the same for every device, so the page marks
  // its own choices again after each one.
  var mine = {};
  function keyOf(form) {
    var node = form.querySelector('input[name="node"]'), kind = form.querySelector('input[name="kind"]');
    var phase = form.querySelector('input[name="phase"]');
    if (node && kind) { return node.value + " " + kind.value; }
    return phase ? "poll " + phase.value : null;
  }
  function remember(root) {
    root.querySelectorAll("form").forEach(function (form) {
      var pressed = form.querySelector('button[aria-pressed="true"]'), key = keyOf(form);
      if (key && pressed) { mine[key] = pressed.value; }
    });
  }
  function mark(root) {
    root.querySelectorAll("form").forEach(function (form) {
      var key = keyOf(form);
      if (!key) { return; }
      form.querySelectorAll("button[aria-pressed]").forEach(function (button) {
        button.setAttribute("aria-pressed", mine[key] === button.value ? "true" : "false");
      });
    });
  }
  if (live) { remember(live); }

  function clockText(seconds) {
    var over = seconds < 0, s = Math.round(Math.abs(seconds));
    var text = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
    return over ? "+" + text : text;
  }

  function ring(times) {
    if (!audio) { return; }
    for (var i = 0; i < times; i += 1) {
      var tone = audio.createOscillator(), gain = audio.createGain();
      var at = audio.currentTime + i * 0.45;
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.5, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.4);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.42);
    }
  }

  // The clock: the server says how much was left when it drew the part, and whether
  // the speech runs; the bells and the POI window are at seconds into the speech.
  function tick() {
    var clock = live && live.querySelector("[data-clock]");
    if (!clock) { return; }
    var data = JSON.parse(clock.getAttribute("data-clock"));
    if (!data.running) { return; }
    var passed = Math.max(0, serverNow() - data.at);
    var now = data.used + passed;
    var before = lastTick === null ? now : lastTick;
    lastTick = now;
    clock.textContent = clockText(data.remaining - passed);
    clock.classList.toggle("overtime", data.remaining - passed < 0);
    (data.bells ? data.bells.split(",") : []).forEach(function (bell) {
      var parts = bell.split(" "), at = Number(parts[0]);
      if (before < at && at <= now) {
        if (bells) { ring(Number(parts[1])); }
        announce.textContent = clockText(data.remaining - passed) + " left: the bell";
      }
    });
    var poi = live.querySelector("[data-poi-state]");
    if (poi && data.poi) {
      var window_ = data.poi.split(" ").map(Number);
      var open = window_[0] <= now && now <= window_[1];
      var text = "POIs " + (open ? "OPEN" : "PROTECTED");
      if (poi.textContent.indexOf(text) !== 0) {
        poi.textContent = text;
        announce.textContent = text;
      }
    }
  }

  if (live && window.EventSource) {
    var source = new EventSource(live.getAttribute("data-events"));
    source.addEventListener("now", function (event) {
      offset = Number(event.data) - Date.now() / 1000;
    });
    source.addEventListener("part", function (event) {
      // The server renders (and escapes) the part; it is this origin's own HTML.
      live.innerHTML = event.data;
      lastTick = null;
      mark(live);
    });
    setInterval(tick, 250);
  }

  // A form posts in the background and its answer shows in one line; the stream
  // then brings the page up to date.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // Read the attributes, not form.action and form.method: a field named "action"
    // (the chair's forms have one) would stand in for them.
    var action = form.getAttribute("action"), method = form.getAttribute("method") || "get";
    if (!window.fetch || !window.URLSearchParams || method.toLowerCase() !== "post") { return; }
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    if (event.submitter && event.submitter.name) {
      body.set(event.submitter.name, event.submitter.value);
    }
    if (!body.get("form_token") && formToken) { body.set("form_token", formToken); }
    var key = keyOf(form), chosen = event.submitter ? event.submitter.value : null;
    fetch(action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-Debate-Fetch": "1"}
    }).then(function (response) {
      return response.text().then(function (text) {
        said.textContent = text.trim();
        said.classList.toggle("error", !response.ok);
        if (response.ok && key && chosen !== null) { mine[key] = chosen; mark(live || document); }
        if (response.ok && action.indexOf("/join") === 0) { window.location = "/phone"; }
        if (response.ok && !live) { window.location.reload(); }
      });
    }, function () {
      said.textContent = "Error: the server cannot be reached";
      said.classList.add("error");
    });
  });

  var sound = document.getElementById("sound");
  if (sound && window.AudioContext) {
    sound.hidden = false;
    sound.addEventListener("click", function () {
      audio = audio || new AudioContext();
      audio.resume();
      sound.textContent = "Sound is on";
      sound.disabled = true;
    });
  }
})();
