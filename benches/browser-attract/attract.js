// The rotating hint and the first touch, as Totem's attract screen does them.
"use strict";
const hints = [
  "Tenga a mano su cédula de identidad",
  "Obtenga su Clave Única por primera vez",
  "Recupere su Clave Única si la olvidó",
  "Certificados de nacimiento, matrimonio y más, gratis",
];
const HINT_PERIOD_MS = 4000;
let hint = 0;
const hintElement = document.getElementById("hint");
const rotation = setInterval(() => {
  hint = (hint + 1) % hints.length;
  hintElement.textContent = hints[hint];
}, HINT_PERIOD_MS);

// A touch anywhere on the attract screen opens the language choice.
document.getElementById("attract").addEventListener("pointerdown", () => {
  clearInterval(rotation);
  document.getElementById("attract").hidden = true;
  document.getElementById("language").hidden = false;
});
