// The "print" button of printable pages (no inline script: the CSP allows 'self' only).
document.addEventListener("click", function (event) {
  var trigger = event.target.closest("[data-print]");
  if (trigger) { event.preventDefault(); window.print(); }
});
