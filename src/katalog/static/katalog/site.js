// Progressive enhancement only: every page works without this file.
// The main menu is open in the HTML (so it works without JavaScript);
// on a narrow screen fold it away behind its "Menu" button.
document.addEventListener("DOMContentLoaded", function () {
  var nav = document.querySelector("details.nav");
  if (nav && window.matchMedia("(max-width: 51.99rem)").matches) {
    nav.removeAttribute("open");
  }
  markScrollingTables(document);
  // On a wide screen menu groups are drop-downs: closed until asked, one open at a time. On a phone they
  // stay open under the folded "Menu".
  var groups = document.querySelectorAll(".menu-group details");
  if (groups.length && window.matchMedia("(min-width: 52rem)").matches) {
    groups.forEach(function (group) {
      group.removeAttribute("open");
      group.addEventListener("toggle", function () {
        if (!group.open) return;
        groups.forEach(function (other) { if (other !== group) other.removeAttribute("open"); });
      });
    });
    document.addEventListener("click", function (event) {
      groups.forEach(function (group) { if (!group.contains(event.target)) group.removeAttribute("open"); });
    });
  }
});

// A table wider than the screen says, above it, that it can be scrolled sideways.
function markScrollingTables(root) {
  root.querySelectorAll(".table-wrap").forEach(function (wrap) {
    wrap.classList.toggle("scrolls", wrap.scrollWidth > wrap.clientWidth + 1);
  });
}
document.addEventListener("htmx:afterSettle", function (event) { markScrollingTables(event.target); });
window.addEventListener("resize", function () { markScrollingTables(document); });

// A "print" button (inline handlers are forbidden by the Content-Security-Policy).
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
