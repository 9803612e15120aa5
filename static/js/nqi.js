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
