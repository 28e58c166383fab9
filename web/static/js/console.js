// The query workbench: editor, parameters, run (Ctrl+Enter), sortable paged table, graph, export,
// history and saved queries. Everything goes through the JSON API with the page's CSRF token.
(function () {
  "use strict";
  var PAGE_SIZE = 25;
  var app = document.getElementById("console-app");
  var csrf = document.querySelector("meta[name=csrf-token]").getAttribute("content");
  var area = document.getElementById("console-query");
  var paramsArea = document.getElementById("console-params");
  var paramFields = document.getElementById("param-fields");
  var paramForm = document.getElementById("param-form");
  var status = document.getElementById("console-status");
  var errorBox = document.getElementById("console-error");
  var state = { library: {}, saved: {}, declared: null, columns: [], rows: [], sort: null, page: 0, cy: null,
    running: null, answered: null };
  var cancelButton = document.getElementById("btn-cancel");
  var EXPORTS = ["btn-export-csv", "btn-export-nodes", "btn-export-relationships", "btn-export-json"];

  var fcose = false;
  if (window.cytoscape && window.cytoscapeFcose) { window.cytoscape.use(window.cytoscapeFcose); fcose = true; }

  var editor = null;
  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(area, {
      mode: "cypher", lineNumbers: true, lineWrapping: true, viewportMargin: Infinity,
      extraKeys: { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); } }
    });
    // CodeMirror types into a textarea of its own: it gets the label of the one it replaces.
    var areaLabel = document.querySelector("label[for='" + area.id + "']");
    if (areaLabel) { editor.getInputField().setAttribute("aria-label", areaLabel.textContent.trim()); }
  }
  area.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  function getText() { return editor ? editor.getValue() : area.value; }
  function setText(text) { if (editor) { editor.setValue(text); } else { area.value = text; } }

  function api(method, path, body) {
    var options = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrf;
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return { message: TG.words("server_answered", { status: response.status }) }; })
        .then(function (data) { return { ok: response.ok, data: data }; });
    });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  // Parameters: a form for a declared (library or saved) query, a JSON object otherwise.
  function declare(kind, query) {
    state.declared = query ? { kind: kind, ref: kind === "named" ? query.name : String(query.id) } : null;
    paramForm.textContent = "";
    document.getElementById("declared-description").textContent = query ? query.description : "";
    paramFields.hidden = !query || !query.parameters.length;
    document.getElementById("params-json-label").hidden = !!query;
    if (!query) {
      document.getElementById("library-select").value = "";
      document.getElementById("saved-select").value = "";
      return;
    }
    setText(query.text);
    query.parameters.forEach(function (p) {
      var label = el("label", null, "small");
      label.appendChild(el("span", p.name + " (" + p.type + (p.default === null ? ", required" : "") + ")"));
      var input = el("input");
      input.name = p.name;
      input.value = p.value;
      input.placeholder = p.example ? "e.g. " + p.example : "";
      input.setAttribute("data-param", p.name);
      label.appendChild(input);
      if (p.description) { label.appendChild(el("span", p.description, "muted")); }
      paramForm.appendChild(label);
    });
  }

  function request() {
    var body = { query: getText() };
    if (state.declared) {
      body.params = {};
      paramForm.querySelectorAll("input[data-param]").forEach(function (input) {
        if (input.value.trim() !== "") { body.params[input.name] = input.value; }
      });
      body[state.declared.kind] = state.declared.ref;
    } else {
      body.params = paramsArea.value.trim();
    }
    return body;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function newRunId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // A new run starts from an empty screen: an answer left from the run before would read as this one's.
  function clearOutput() {
    state.answered = null;
    state.rows = [];
    state.columns = [];
    document.getElementById("console-output").hidden = true;
    document.querySelector("#console-result thead tr").textContent = "";
    document.querySelector("#console-result tbody").textContent = "";
    document.getElementById("console-pager").textContent = "";
    document.getElementById("console-notes").textContent = "";
    document.getElementById("console-summary").textContent = "";
    if (state.cy) { state.cy.destroy(); state.cy = null; }
    document.getElementById("console-graph").hidden = true;
    delete app.dataset.rows;
    EXPORTS.forEach(function (id) { document.getElementById(id).disabled = true; });
  }

  function setRunning(runId) {
    state.running = runId;
    cancelButton.hidden = !runId;
    cancelButton.disabled = false;
    document.getElementById("btn-run").disabled = !!runId;
  }

  function run() {
    if (state.running) { return Promise.resolve(); }
    var body = request();
    var runId = newRunId();
    body.run = runId;
    clearOutput();
    setRunning(runId);
    app.dataset.state = "running";
    status.textContent = TG.words("running");
    showError("");
    return api("POST", "/api/console", body).then(function (answer) {
      status.textContent = "";
      setRunning(null);
      if (!answer.ok) {
        app.dataset.state = "error";
        showError(answer.data.message || TG.words("query_refused"));
      } else {
        render(answer.data);
        state.answered = answer.data.run;
        EXPORTS.forEach(function (id) { document.getElementById(id).disabled = false; });
        app.dataset.state = "done";
      }
      loadHistory();
    }).catch(function () {
      setRunning(null);
      app.dataset.state = "error";
      status.textContent = "";
      showError(TG.words("unreachable"));
    });
  }

  // The server stops the run's transaction; a cancel that arrives before it has started is sent again.
  function cancel() {
    var runId = state.running;
    if (!runId) { return; }
    cancelButton.disabled = true;
    status.textContent = TG.words("cancelling");
    var tries = 0;
    function attempt() {
      api("POST", "/api/console/cancel", { run: runId }).then(function (answer) {
        tries += 1;
        if (answer.ok && !answer.data.stopped.length && state.running === runId && tries < 20) {
          window.setTimeout(attempt, 300);
        } else if (!answer.ok) {
          showError(answer.data.message || TG.words("not_cancelled"));
          cancelButton.disabled = false;
        }
      });
    }
    attempt();
  }

  function render(result) {
    state.columns = result.columns;
    state.rows = result.cells.map(function (cells, i) { return { cells: cells, links: (result.links || [])[i] || [] }; });
    state.sort = null;
    state.page = 0;
    app.dataset.rows = String(result.cells.length);
    document.getElementById("console-output").hidden = false;
    document.getElementById("console-summary").textContent = result.truncated
      ? TG.words("rows_cut", { rows: result.cells.length, ms: result.duration_ms, cap: result.row_cap })
      : TG.words("rows_in", { rows: result.cells.length, ms: result.duration_ms });
    if (result.view && result.view.text) {
      document.getElementById("console-view").textContent = result.view.text;
    }
    var notes = document.getElementById("console-notes");
    notes.textContent = "";
    result.notes.forEach(function (note) { notes.appendChild(el("p", note, "warning")); });
    var head = document.querySelector("#console-result thead tr");
    head.textContent = "";
    result.columns.forEach(function (name, index) {
      var th = el("th");
      var button = el("button", name, "link sort");
      button.type = "button";
      button.addEventListener("click", function () { sortBy(index); });
      th.appendChild(button);
      head.appendChild(th);
    });
    drawRows();
    drawGraph(result.elements);
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a.trim() && String(y) === b.trim()) { return x - y; }
    return a.localeCompare(b);
  }

  function sortBy(index) {
    var descending = state.sort && state.sort.index === index && !state.sort.descending;
    state.sort = { index: index, descending: descending };
    state.rows.sort(function (a, b) { var c = compare(a.cells[index], b.cells[index]); return descending ? -c : c; });
    state.page = 0;
    document.querySelectorAll("#console-result th").forEach(function (th, i) {
      th.setAttribute("aria-sort", i === index ? (descending ? "descending" : "ascending") : "none");
    });
    drawRows();
  }

  function drawRows() {
    var body = document.querySelector("#console-result tbody");
    body.textContent = "";
    var start = state.page * PAGE_SIZE;
    state.rows.slice(start, start + PAGE_SIZE).forEach(function (row) {
      var tr = el("tr");
      row.cells.forEach(function (value, i) {
        var td = el("td");
        var href = row.links[i];
        if (href) {
          var a = el("a", value);
          a.href = href;
          td.appendChild(a);
        } else {
          td.textContent = value;
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var pager = document.getElementById("console-pager");
    pager.textContent = "";
    var pages = Math.ceil(state.rows.length / PAGE_SIZE);
    if (pages <= 1) { return; }
    var previous = el("button", TG.words("previous"));
    previous.type = "button";
    previous.disabled = state.page === 0;
    previous.addEventListener("click", function () { state.page -= 1; drawRows(); });
    var next = el("button", TG.words("next"));
    next.type = "button";
    next.id = "page-next";
    next.disabled = state.page >= pages - 1;
    next.addEventListener("click", function () { state.page += 1; drawRows(); });
    pager.appendChild(previous);
    pager.appendChild(el("span", "rows " + (start + 1) + "–" + Math.min(start + PAGE_SIZE, state.rows.length) +
      " of " + state.rows.length, "muted"));
    pager.appendChild(next);
  }

  var COLOURS = { Report: "#1f5f99", Person: "#d17a00", Remains: "#6b4fa0", Sighting: "#2e8b57", Voyage: "#0b7a8a",
    Vessel: "#4f6d7a", Incident: "#a12a2a", Place: "#8a96a3", DNAProfile: "#b8860b", Candidate: "#333", Review: "#777" };

  function drawGraph(elements) {
    var box = document.getElementById("console-graph");
    if (state.cy) { state.cy.destroy(); state.cy = null; }
    app.dataset.graphNodes = String(elements.nodes.length);
    box.hidden = !elements.nodes.length || !window.cytoscape;
    if (box.hidden) { return; }
    var style = [
      { selector: "node", style: { "label": "data(caption)", "font-size": 10, "text-valign": "bottom",
        "text-wrap": "ellipsis", "text-max-width": 120, "background-color": "#9aa5b1", "width": 24, "height": 24 } },
      { selector: "edge", style: { "width": 1.5, "line-color": "#b7c0c9", "target-arrow-shape": "triangle",
        "target-arrow-color": "#b7c0c9", "curve-style": "bezier", "label": "data(type)", "font-size": 8 } }
    ];
    Object.keys(COLOURS).forEach(function (kind) {
      style.push({ selector: "node[kind = '" + kind + "']", style: { "background-color": COLOURS[kind] } });
    });
    var layout = elements.nodes.length > 1 && fcose ? "fcose" : "grid";
    state.cy = window.cytoscape({ container: box, style: style, wheelSensitivity: 0.3,
      elements: elements.nodes.concat(elements.edges), layout: { name: layout, animate: false } });
    window.TG = window.TG || {};
    window.TG.consoleCy = state.cy;
  }

  // The answer on screen, as the server kept it: the query is not run again.
  function exportAs(format, table) {
    if (!state.answered) { return; }
    var form = document.getElementById("export-form");
    form.elements.run.value = state.answered;
    form.elements.table.value = table || "rows";
    form.elements.format.value = format;
    form.submit();
  }

  function loadHistory() {
    return api("GET", "/api/console/history").then(function (answer) {
      if (!answer.ok) { return; }
      var list = document.getElementById("console-history");
      list.textContent = "";
      answer.data.entries.slice(0, 30).forEach(function (entry) {
        var item = el("li");
        var button = el("button", entry.query.split("\n")[0].slice(0, 80), "link");
        button.type = "button";
        button.title = entry.query;
        button.addEventListener("click", function () {
          declare(null, null);
          setText(entry.query);
          paramsArea.value = Object.keys(entry.parameters).length ? JSON.stringify(entry.parameters) : "";
        });
        item.appendChild(button);
        item.appendChild(el("span", " " + entry.at.slice(0, 16).replace("T", " ") + " · " +
          (entry.error ? "refused" : entry.row_count + " row(s)"), "muted"));
        list.appendChild(item);
      });
    });
  }

  function loadQueries() {
    return api("GET", "/api/console/queries").then(function (answer) {
      if (!answer.ok) { return; }
      state.library = {};
      answer.data.library.forEach(function (q) { state.library[q.name] = q; });
      state.saved = {};
      var select = document.getElementById("saved-select");
      select.querySelectorAll("option[value]:not([value=''])").forEach(function (o) { o.remove(); });
      answer.data.saved.forEach(function (q) {
        state.saved[String(q.id)] = q;
        var option = el("option", q.title + " (" + q.name + (q.shared ? ", " + TG.words("shared_by", { owner: q.owner }) : "") + ")");
        option.value = String(q.id);
        select.appendChild(option);
      });
    });
  }

  document.getElementById("console-form").addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  document.getElementById("library-select").addEventListener("change", function (event) {
    var query = state.library[event.target.value];
    document.getElementById("saved-select").value = "";
    declare("named", query || null);
  });
  document.getElementById("saved-select").addEventListener("change", function (event) {
    var query = state.saved[event.target.value];
    document.getElementById("library-select").value = "";
    declare("saved", query || null);
  });
  document.getElementById("btn-clear").addEventListener("click", function () {
    declare(null, null);
    setText("");
    paramsArea.value = "";
  });
  document.getElementById("btn-export-csv").addEventListener("click", function () { exportAs("csv", "rows"); });
  document.getElementById("btn-export-nodes").addEventListener("click", function () { exportAs("csv", "nodes"); });
  document.getElementById("btn-export-relationships").addEventListener("click", function () {
    exportAs("csv", "relationships");
  });
  document.getElementById("btn-export-json").addEventListener("click", function () { exportAs("json"); });
  cancelButton.addEventListener("click", cancel);
  document.getElementById("save-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var saveStatus = document.getElementById("save-status");
    api("POST", "/api/console/queries", {
      name: form.elements.name.value, title: form.elements.title.value,
      description: form.elements.description.value, parameters: form.elements.parameters.value,
      query: getText(), shared: form.elements.shared.checked
    }).then(function (answer) {
      saveStatus.textContent = answer.ok ? TG.words("saved_as", { name: answer.data.name }) : answer.data.message;
      if (answer.ok) { loadQueries(); }
    });
  });

  Promise.all([loadQueries(), loadHistory()]).then(function () { app.dataset.ready = "1"; });
})();
