// Small behaviours shared by every page. Everything else is htmx attributes in the templates.
document.addEventListener("keydown", (event) => {
  // "/" focuses the global search box, as on most search-centred products.
  if (event.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName)) {
    const box = document.getElementById("global-q");
    if (box) { event.preventDefault(); box.focus(); }
  }
  if (event.key === "Escape") {
    const typeahead = document.getElementById("typeahead");
    if (typeahead) typeahead.innerHTML = "";
  }
});
document.addEventListener("click", (event) => {
  const typeahead = document.getElementById("typeahead");
  if (typeahead && !event.target.closest(".nqi-search")) typeahead.innerHTML = "";
});
