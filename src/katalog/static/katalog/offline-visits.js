// Visits recorded on the field officer's worklist without a connection.
//
// A form marked data-offline-queue is sent as usual while the phone is online. Offline, the visit is kept on
// this phone (localStorage, with the officer it belongs to) and sent by itself when the connection returns,
// also after the page was closed and opened again. Each visit carries a key made here, so a visit sent twice
// (an answer lost on the way) is recorded once. The CSRF token is not kept: the page's current one is used.
(function () {
  "use strict";
  var STORE = "katalog.kunjungan.antrian";
  var status = null;
  var officer = "";

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    if (queue.length) localStorage.setItem(STORE, JSON.stringify(queue));
    else localStorage.removeItem(STORE);
  }
  function mine(queue) { return queue.filter(function (v) { return v.officer === officer; }); }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function say(text) {
    if (!status) return;
    status.hidden = !text;
    status.textContent = text || "";
  }
  function sayWaiting() {
    var waiting = mine(load()).length;
    say(waiting ? status.dataset.waiting.replace("%(n)s", waiting) : "");
  }
  function csrfToken() {
    var field = document.querySelector("form[data-offline-queue] [name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function keep(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    });
    var queue = load();
    queue.push({officer: officer, url: form.action, key: newKey(), fields: fields});
    save(queue);
    form.reset();
    var details = form.closest("details");
    if (details) details.open = false;
    sayWaiting();
  }

  function refill(visit, errors) {
    // A visit the server refused (for example a date in the future) goes back into its form with the reason.
    var district = (visit.fields.filter(function (f) { return f[0] === "district"; })[0] || [])[1];
    var form = document.querySelector('[data-district="' + district + '"] form[data-offline-queue]');
    if (!form) return;
    visit.fields.forEach(function (f) {
      var field = form.elements[f[0]];
      if (field && field.type !== "hidden") field.value = f[1];
    });
    var details = form.closest("details");
    if (details) details.open = true;
    var reasons = [];
    Object.keys(errors || {}).forEach(function (name) { reasons = reasons.concat(errors[name]); });
    say(status.dataset.refused + " " + reasons.join(" "));
  }

  var sending = false;
  function send() {
    if (sending || !navigator.onLine) return;
    var queue = mine(load());
    if (!queue.length) return;
    sending = true;
    var sent = 0;
    (function next(i) {
      if (i >= queue.length) {
        sending = false;
        if (sent) say(status.dataset.sent.replace("%(n)s", sent));
        return;
      }
      var visit = queue[i];
      var body = new FormData();
      visit.fields.forEach(function (f) { body.append(f[0], f[1]); });
      body.append("client_key", visit.key);
      body.append("csrfmiddlewaretoken", csrfToken());
      fetch(visit.url, {method: "POST", body: body, credentials: "same-origin",
                        headers: {"X-Requested-With": "fetch", "Accept": "application/json"}})
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") === -1) throw new Error("not answered");  // e.g. logged out
          return response.json().then(function (answer) {
            save(load().filter(function (v) { return v.key !== visit.key; }));
            if (answer.ok) sent += 1;
            else refill(visit, answer.errors);
            next(i + 1);
          });
        })
        .catch(function () { sending = false; sayWaiting(); });  // still no connection: try again later
    })(0);
  }

  document.addEventListener("DOMContentLoaded", function () {
    status = document.querySelector("[data-offline-status]");
    var forms = document.querySelectorAll("form[data-offline-queue]");
    if (!status || !forms.length) return;
    officer = status.dataset.officer || "";
    forms.forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) return;  // online: the ordinary post, with the ordinary answer page
        event.preventDefault();
        keep(form);
      });
    });
    window.addEventListener("online", send);
    window.addEventListener("offline", sayWaiting);
    sayWaiting();
    send();
  });
})();
