// The attract screen's behaviour, as Totem's (src/ui/app.rs): every 4 s the
// next hint stands out, and a touch anywhere opens the language choice.
// `?rotate=MS` changes the period (0: still). "click", not "pointerdown": an
// iced button acts on release too.
"use strict";
const param = new URLSearchParams(location.search).get("rotate");
const period = param === null ? 4000 : Number(param);
let rotation = null;
if (period > 0) {
  const hints = document.querySelectorAll(".hints li");
  let current = 0;
  rotation = setInterval(() => {
    hints[current].classList.remove("current");
    current = (current + 1) % hints.length;
    hints[current].classList.add("current");
  }, period);
}

document.getElementById("attract").addEventListener("click", () => {
  clearInterval(rotation);
  document.getElementById("attract").hidden = true;
  document.getElementById("language").hidden = false;
});
