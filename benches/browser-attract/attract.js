// The attract screen's behaviour, as Totem's: the hints take turns being
// highlighted, and a touch anywhere opens the language choice.
"use strict";
const HINT_PERIOD_MS = 4000;
const hints = document.querySelectorAll(".hints li");
let current = 0;
hints[current].classList.add("current");
const rotation = setInterval(() => {
  hints[current].classList.remove("current");
  current = (current + 1) % hints.length;
  hints[current].classList.add("current");
}, HINT_PERIOD_MS);

document.getElementById("attract").addEventListener("pointerdown", () => {
  clearInterval(rotation);
  document.getElementById("attract").hidden = true;
  document.getElementById("language").hidden = false;
});
