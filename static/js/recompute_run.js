// 资格重算任务: the add form's button names the year it will start; a run's page polls its progress while it is
// unfinished (GET <run>/progress.json every 3 s) and shows the true state, the bar and the counts.
(function () {
  "use strict";

  function nameTheYear() {
    var button = document.getElementById("start-recompute");
    var input = document.getElementById("id_year");
    if (!button || !input) return;
    var update = function () {
      button.textContent = button.dataset.template.replace("{year}", input.value.trim());
    };
    input.addEventListener("input", update);
    update();
  }

  function followTheRun() {
    var panel = document.getElementById("recompute-progress");
    if (!panel || panel.dataset.unfinished !== "1") return;
    var field = function (name) { return panel.querySelector('[data-field="' + name + '"]'); };
    var poll = function () {
      fetch(panel.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (run) {
          if (!run) return;
          field("label").textContent = run.label;
          field("label").className = "rounded px-2 py-0.5 text-xs font-semibold " + run.css;
          field("bar").max = run.total || 1;
          field("bar").value = run.done;
          field("text").textContent = run.text;
          if (run.unfinished) {
            window.setTimeout(poll, 3000);
          } else {
            var live = field("live");
            if (live) live.textContent = " · 已结束，刷新页面查看各批结果";
          }
        })
        .catch(function () { window.setTimeout(poll, 10000); });
    };
    window.setTimeout(poll, 3000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameTheYear();
    followTheRun();
  });
})();
