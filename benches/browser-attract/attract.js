// The attract screen's behaviour, as Totem's: a touch anywhere opens the
// language choice. Totem's attract screen has no clock (an idle kiosk does no
// work), so neither has this page by default; `?rotate=MS` makes the hints
// take turns being highlighted every MS milliseconds, for a kiosk that would.
"use strict";
const period = Number(new URLSearchParams(location.search).get("rotate")) || 0;
let rotation = null;
if (period > 0) {
  const hints = document.querySelectorAll(".hints li");
  let current = 0;
  hints[current].classList.add("current");
  rotation = setInterval(() => {
    hints[current].classList.remove("current");
    current = (current + 1) % hints.length;
    hints[current].classList.add("current");
  }, period);
}

document.getElementById("attract").addEventListener("pointerdown", () => {
  clearInterval(rotation);
  document.getElementById("attract").hidden = true;
  document.getElementById("language").hidden = false;
});
