// Small behaviours shared by every page. Everything else is htmx attributes in the templates.
document.addEventListener("keydown", (event) => {
  // "/" focuses the global search box, as on most search-centred products.
  if (event.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName)) {
    const box = document.getElementById("global-q");
    if (box) { event.preventDefault(); box.focus(); }
  }
  if (event.key === "Escape") nqiCloseTypeaheads(() => true);
});

// Typeahead lists: a `.nqi-typeahead` box filled by an input's hx-get (the global search, the standards
// search). A list closes on Escape, on a click outside the box that holds it, and when its form is
// submitted. An answer is shown only while it is still about what the input says, and never for text
// that has just been submitted: the list would otherwise cover the results the person asked for.
function nqiCloseTypeaheads(shouldClose) {
  document.querySelectorAll(".nqi-typeahead").forEach((list) => {
    if (shouldClose(list)) list.innerHTML = "";
  });
}
document.addEventListener("click", (event) => {
  nqiCloseTypeaheads((list) => !list.parentElement.contains(event.target));
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  nqiCloseTypeaheads((list) => form.contains(list));
  form.querySelectorAll("input[hx-target]").forEach((input) => { input.dataset.submitted = input.value; });
}, true);
function nqiTypeaheadInput(detail) {
  const target = detail.target;
  if (!target || !target.classList || !target.classList.contains("nqi-typeahead")) return null;
  return (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
}
document.addEventListener("htmx:beforeRequest", (event) => {
  const input = nqiTypeaheadInput(event.detail);
  if (!input) return;
  if (input.value === input.dataset.submitted) event.preventDefault();
  else event.detail.xhr.nqiAskedFor = input.value;
});
document.addEventListener("htmx:beforeSwap", (event) => {
  const input = nqiTypeaheadInput(event.detail);
  if (!input) return;
  const stale = event.detail.xhr.nqiAskedFor !== input.value;
  if (stale || input.value === input.dataset.submitted) event.detail.shouldSwap = false;
});

// Simple declarative charts: <div class="nqi-chart" data-chart="bar" data-labels="a|b" data-values="1|2">.
function nqiDrawCharts(root) {
  if (typeof echarts === "undefined") return;
  root.querySelectorAll(".nqi-chart[data-chart]").forEach((el) => {
    if (el.dataset.drawn) return;
    el.dataset.drawn = "1";
    const labels = (el.dataset.labels || "").split("|");
    const values = (el.dataset.values || "").split("|").map(Number);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: labels, inverse: true },
      series: [{ type: "bar", data: values, itemStyle: { color: "#1d4f91" }, barMaxWidth: 18 }],
    });
    window.addEventListener("resize", () => chart.resize());
  });
}
document.addEventListener("DOMContentLoaded", () => nqiDrawCharts(document));
document.body.addEventListener("htmx:afterSwap", (event) => nqiDrawCharts(event.target));

// Export links follow the filters: after htmx pushes a new query string, rebuild every
// <a data-export="csv|xlsx"> from the current location so the download matches what is on screen.
function nqiRefreshExportLinks() {
  document.querySelectorAll("a[data-export]").forEach((link) => {
    const params = new URLSearchParams(window.location.search);
    params.delete("page");
    params.set("export", link.dataset.export);
    link.href = window.location.pathname + "?" + params.toString();
  });
}
document.body.addEventListener("htmx:pushedIntoHistory", nqiRefreshExportLinks);
document.body.addEventListener("htmx:replacedInHistory", nqiRefreshExportLinks);
