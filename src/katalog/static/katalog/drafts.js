// Nothing typed is lost (progressive enhancement; every form works without this file).
//
// A form marked `data-draft` keeps what is typed as a draft in this browser while it is being typed, so a
// dropped connection, a phone that sleeps or a page left by mistake loses nothing. Reopening the page restores
// the draft with a notice ("Draf dipulihkan") and a button to throw it away. A draft is removed once the
// server accepted the form (the next page no longer shows that form with errors), and every draft is removed
// at logout.
//
// Identity numbers (fields marked `data-draft-private`: NIK, NPWP, bank account) go to this tab's
// sessionStorage only, never to localStorage: a phone an officer shares with many owners keeps none of them
// after the tab is closed. Passwords and files are never kept.
//
// A submit while the device is offline is stopped before the browser shows its offline page: the form stays
// as it was and a message says so. For a marked form the page also checks, just before sending, that the
// server can be reached (a navigator that believes it is online may not be).
(function () {
  "use strict";

  var PREFIX = "katalog-draft:";
  var PENDING = "katalog-draft-pending";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;
  // A safety net for a field someone forgot to mark: these names are identity numbers too.
  var PRIVATE_NAME = /(^|[-_])(nik|owner_nik|npwp|bank_account_number)$/;
  var script = document.currentScript;
  var text = {
    restored: (script && script.dataset.restored) || "Draf dipulihkan.",
    discard: (script && script.dataset.discard) || "Buang draf",
    offline: (script && script.dataset.offline) || "Perangkat sedang luring.",
  };

  function storageOk(store) {
    try {
      store.setItem(PREFIX + "test", "1");
      store.removeItem(PREFIX + "test");
      return true;
    } catch (e) {
      return false;
    }
  }
  var canLocal = storageOk(window.localStorage);
  var canSession = storageOk(window.sessionStorage);

  function keyOf(form) {
    var action = form.getAttribute("action") || "";
    return PREFIX + location.pathname + "|" + (form.dataset.draft || action);
  }

  function isPrivate(field) {
    return field.hasAttribute("data-draft-private") || PRIVATE_NAME.test(field.name);
  }

  function kept(field) {
    if (!field.name || field.disabled || field.hasAttribute("data-draft-skip")) return false;
    var type = (field.type || "").toLowerCase();
    return ["hidden", "password", "file", "submit", "button", "reset", "image"].indexOf(type) < 0;
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, kept);
  }

  // One entry per name: a list for checkboxes and multiple selects, else a string.
  function valuesOf(form, wantPrivate) {
    var values = {};
    fieldsOf(form).forEach(function (field) {
      if (isPrivate(field) !== wantPrivate) return;
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox") {
        values[field.name] = values[field.name] || [];
        if (field.checked) values[field.name].push(field.value);
      } else if (type === "radio") {
        if (field.checked) values[field.name] = field.value;
        else if (!(field.name in values)) values[field.name] = null;
      } else if (field.multiple) {
        values[field.name] = Array.prototype.filter.call(field.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  // Put values back; returns whether anything on the page changed.
  function apply(form, values) {
    var changed = false;
    fieldsOf(form).forEach(function (field) {
      if (!(field.name in values)) return;
      var value = values[field.name];
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox") {
        var on = Array.isArray(value) && value.indexOf(field.value) >= 0;
        if (field.checked !== on) { field.checked = on; changed = true; }
      } else if (type === "radio") {
        var pick = value === field.value;
        if (field.checked !== pick) { field.checked = pick; changed = true; }
      } else if (field.multiple) {
        Array.prototype.forEach.call(field.options, function (o) {
          var sel = Array.isArray(value) && value.indexOf(o.value) >= 0;
          if (o.selected !== sel) { o.selected = sel; changed = true; }
        });
      } else if (typeof value === "string" && field.value !== value) {
        if (field.tagName === "SELECT" &&
            !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
        field.value = value;
        changed = true;
      }
    });
    return changed;
  }

  function read(store, key) {
    try {
      var entry = JSON.parse(store.getItem(key) || "null");
      if (!entry || !entry.values) return null;
      if (Date.now() - (entry.at || 0) > MAX_AGE_MS) { store.removeItem(key); return null; }
      return entry.values;
    } catch (e) {
      return null;
    }
  }

  var leaving = false;  // set at logout: nothing may be written again while the page unloads

  function save(form) {
    if (leaving) return;
    var key = keyOf(form);
    var at = Date.now();
    try {
      if (canLocal) window.localStorage.setItem(key, JSON.stringify({ at: at, values: valuesOf(form, false) }));
      if (canSession) window.sessionStorage.setItem(key, JSON.stringify({ at: at, values: valuesOf(form, true) }));
    } catch (e) { /* storage full: the form still works */ }
  }

  function forget(key) {
    if (canLocal) window.localStorage.removeItem(key);
    if (canSession) window.sessionStorage.removeItem(key);
  }

  function forgetAll() {
    [canLocal && window.localStorage, canSession && window.sessionStorage].forEach(function (store) {
      if (!store) return;
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (key && (key.indexOf(PREFIX) === 0 || key === PENDING)) store.removeItem(key);
      }
    });
  }

  function showsErrors(form) {
    return !!form.querySelector(".error, .errorlist, .field-error, [aria-invalid='true']") ||
      !!document.querySelector(".form-errors, .msg-error");
  }

  function notice(form, className, message, withDiscard) {
    var old = form.parentNode.querySelector("." + className);
    if (old) old.parentNode.removeChild(old);
    var box = document.createElement("div");
    box.className = className;
    box.setAttribute("role", className === "offline-notice" ? "alert" : "status");
    var words = document.createElement("span");
    words.textContent = message;
    box.appendChild(words);
    if (withDiscard) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = text.discard;
      button.addEventListener("click", withDiscard);
      box.appendChild(button);
    }
    form.parentNode.insertBefore(box, form);
    return box;
  }

  function offlineNotice(form) {
    notice(form, "offline-notice", text.offline).scrollIntoView({ block: "center" });
  }

  // The server is reachable if any answer comes back (even an error page); no answer means offline.
  function reachable() {
    if (!window.fetch) return Promise.resolve(true);
    var icon = document.querySelector("link[rel='icon']");
    var url = (icon && icon.getAttribute("href")) || "/";
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, 8000);
    return fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "ping=" + Date.now(),
                 { method: "HEAD", cache: "no-store", credentials: "same-origin",
                   signal: controller ? controller.signal : undefined })
      .then(function () { return true; }, function () { return false; })
      .then(function (ok) { if (timer) clearTimeout(timer); return ok; });
  }

  function watch(form) {
    var key = keyOf(form);
    var initial = { open: valuesOf(form, false), closed: valuesOf(form, true) };

    // After a submit: the server took the form unless it is shown again with errors.
    var pending = canSession && window.sessionStorage.getItem(PENDING);
    if (pending === key) {
      window.sessionStorage.removeItem(PENDING);
      if (!showsErrors(form)) forget(key);
    }

    var open = canLocal ? read(window.localStorage, key) : null;
    var closed = canSession ? read(window.sessionStorage, key) : null;
    var restored = false;
    if (open) restored = apply(form, open) || restored;
    if (closed) restored = apply(form, closed) || restored;
    if (restored) {
      var box = notice(form, "draft-notice", text.restored, function () {
        touched = false;
        clearTimeout(timer);
        forget(key);
        apply(form, initial.open);
        apply(form, initial.closed);
        box.parentNode.removeChild(box);
      });
    }

    // Written while typing (shortly after the last key) and when the page is hidden or left, but only once
    // something was typed: an untouched form leaves no draft.
    var touched = restored, timer = null;
    function later() {
      touched = true;
      clearTimeout(timer);
      timer = setTimeout(function () { save(form); }, 300);
    }
    function now() { if (touched) save(form); }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    window.addEventListener("pagehide", now);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") now();
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) return;  // htmx answers those
    if (form.hasAttribute("data-draft-clear")) { leaving = true; forgetAll(); return; }
    var marked = form.hasAttribute("data-draft");
    if (marked) save(form);
    if (navigator.onLine === false) {
      event.preventDefault();
      offlineNotice(form);
      return;
    }
    if (!marked) return;
    if (form.dataset.draftChecked === "1") {  // checked just now: send it
      delete form.dataset.draftChecked;
      if (canSession) window.sessionStorage.setItem(PENDING, keyOf(form));
      return;
    }
    event.preventDefault();
    var submitter = event.submitter || null;
    reachable().then(function (ok) {
      if (!ok) { offlineNotice(form); return; }
      var old = form.parentNode.querySelector(".offline-notice");
      if (old) old.parentNode.removeChild(old);
      form.dataset.draftChecked = "1";
      if (form.requestSubmit) { if (submitter) form.requestSubmit(submitter); else form.requestSubmit(); }
      else { if (canSession) window.sessionStorage.setItem(PENDING, keyOf(form)); form.submit(); }
    });
  }

  document.addEventListener("submit", onSubmit);
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-draft]");
    forms.forEach(watch);
    // The submitted form is not on the page that came back: the server took it and moved on.
    var pending = canSession && window.sessionStorage.getItem(PENDING);
    if (pending) {
      window.sessionStorage.removeItem(PENDING);
      forget(pending);
    }
  });
})();
