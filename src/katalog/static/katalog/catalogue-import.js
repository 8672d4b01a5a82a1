// Progressive enhancement for the product import form: while the upload is being
// checked and saved (one request), poll the progress endpoint and fill the bar.
// Without JavaScript the form simply posts and the result page shows the outcome.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.import-form");
  if (!form || !form.dataset.progressUrl || !window.fetch) { return; }
  form.addEventListener("submit", function () {
    var box = form.querySelector(".import-progress");
    var bar = box.querySelector("progress");
    var label = box.querySelector(".import-stage");
    box.hidden = false;
    var poll = function () {
      fetch(form.dataset.progressUrl, { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var state = holder.querySelector("[data-stage]");
          if (state) {
            var total = parseInt(state.dataset.total, 10) || 0;
            var done = parseInt(state.dataset.done, 10) || 0;
            bar.value = total ? Math.round(done * 100 / total) : 0;
            label.textContent = state.textContent;
          }
        })
        .catch(function () {})
        .finally(function () { window.setTimeout(poll, 700); });
    };
    window.setTimeout(poll, 500);
  });
});
