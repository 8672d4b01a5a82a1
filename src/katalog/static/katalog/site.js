// Progressive enhancement only: every page works without this file.
// The main menu is open in the HTML (so it works without JavaScript);
// on a narrow screen fold it away behind its "Menu" button.
document.addEventListener("DOMContentLoaded", function () {
  var nav = document.querySelector("details.nav");
  if (nav && window.matchMedia("(max-width: 51.99rem)").matches) {
    nav.removeAttribute("open");
  }
});
