// Shared by every page: JSON calls that carry the CSRF token, and forms that submit only once.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = meta ? meta.getAttribute("content") : "";
  // The page's words for scripts, in the page's language (web/scriptwords.py).
  var wordsBlock = document.getElementById("page-words");
  var table = {};
  try { table = wordsBlock ? JSON.parse(wordsBlock.textContent) : {}; } catch (e) { table = {}; }

  function words(key, values) {
    var text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(String(values[name]));
    });
    return text;
  }

  function api(method, url, body) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken;
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || words("request_failed", { status: response.status }));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  // A double click on a review button must not send two decisions; the server also deduplicates.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    });
  });

  window.TG = { api: api, csrfToken: csrfToken, words: words };
})();
