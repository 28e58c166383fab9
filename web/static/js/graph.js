// The link-chain canvas: draws a case's chains to a candidate, expands nodes page by page, finds
// shortest paths, hides and pins nodes, and saves and reopens layouts. Data come from /api/graph/*.
(function () {
  "use strict";
  var app = document.getElementById("canvas-app");
  if (!app || !window.cytoscape) { return; }
  if (window.cytoscapeFcose) { cytoscape.use(window.cytoscapeFcose); }
  var report = app.getAttribute("data-report");
  var statusLine = document.getElementById("canvas-status");
  var selectCandidate = document.getElementById("candidate-select");
  var expandType = document.getElementById("expand-type");
  var expandMore = document.getElementById("expand-more");
  var panel = document.getElementById("node-panel");
  var current = null;          // element id of the node shown in the panel
  var pages = {};              // "node|type" -> next page to fetch
  var colours = { Report: "#1f5f99", Person: "#d17a00", Remains: "#6b4fa0", Sighting: "#2e8b57",
    Voyage: "#0f7c8c", Vessel: "#0f7c8c", Incident: "#a12a2a", Place: "#7a8793", DNAProfile: "#b0357a",
    Candidate: "#333f4d", Review: "#999999", Route: "#aab4be", Agency: "#aab4be" };
  var shapes = { Report: "round-rectangle", Person: "ellipse", Remains: "diamond", Sighting: "triangle",
    Voyage: "hexagon", Vessel: "hexagon", Incident: "star", Place: "round-tag", DNAProfile: "vee",
    Candidate: "octagon", Review: "rectangle" };

  function say(text) { statusLine.textContent = text; }

  var style = [
    { selector: "node", style: { "label": "data(caption)", "font-size": 10, "text-valign": "bottom",
      "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 120, "min-zoomed-font-size": 7,
      "width": 26, "height": 26, "border-width": 1, "border-color": "#fff" } },
    { selector: "edge", style: { "width": 1.5, "line-color": "#b7c0c9", "target-arrow-shape": "triangle",
      "target-arrow-color": "#b7c0c9", "curve-style": "bezier", "arrow-scale": 0.8, "label": "data(type)",
      "font-size": 7, "color": "#7a8793", "text-rotation": "autorotate", "min-zoomed-font-size": 9 } },
    { selector: "edge[strength = 'confirmed']", style: { "width": 5, "line-color": "#1c6b3a", "target-arrow-color": "#1c6b3a" } },
    { selector: "edge[strength = 'strong']", style: { "width": 4, "line-color": "#1f5f99", "target-arrow-color": "#1f5f99" } },
    { selector: "edge[strength = 'probable']", style: { "width": 3, "line-style": "dashed", "line-color": "#6b4fa0", "target-arrow-color": "#6b4fa0" } },
    { selector: "edge[strength = 'possible']", style: { "width": 2, "line-style": "dotted", "line-color": "#8a96a3" } },
    { selector: "edge[strength = 'excluded']", style: { "width": 2, "line-style": "dotted", "line-color": "#c25555", "target-arrow-color": "#c25555" } },
    { selector: "node[strength = 'confirmed']", style: { "border-width": 4, "border-color": "#1c6b3a" } },
    { selector: "node[strength = 'strong']", style: { "border-width": 3, "border-color": "#1f5f99" } },
    { selector: "node[strength = 'excluded']", style: { "opacity": 0.5 } },
    { selector: "node.pinned", style: { "border-width": 3, "border-style": "double", "border-color": "#000" } },
    { selector: "node.origin", style: { "width": 38, "height": 38 } },
    { selector: ".on-path", style: { "overlay-color": "#ffcc00", "overlay-opacity": 0.35, "overlay-padding": 4 } },
    { selector: ".hidden", style: { "display": "none" } },
    { selector: ":selected", style: { "overlay-color": "#1f5f99", "overlay-opacity": 0.25 } }
  ];
  Object.keys(colours).forEach(function (kind) {
    style.push({ selector: "node[kind = '" + kind + "']", style: { "background-color": colours[kind],
      "shape": shapes[kind] || "ellipse" } });
  });

  var cy = cytoscape({ container: document.getElementById("cy"), style: style, wheelSensitivity: 0.3,
    textureOnViewport: true, hideEdgesOnViewport: true, minZoom: 0.05, maxZoom: 4,
    selectionType: "additive", boxSelectionEnabled: true });
  window.TG.cy = cy;

  function add(elements) {
    var fresh = [];
    (elements.nodes || []).concat(elements.edges || []).forEach(function (el) {
      if (cy.getElementById(el.data.id).length === 0) { fresh.push({ group: el.group, data: el.data }); }
    });
    return cy.add(fresh);
  }

  function relayout(eles, fit) {
    var target = eles || cy.elements();
    var options = cy.nodes().length > 1 ? { name: window.cytoscapeFcose ? "fcose" : "cose", animate: false,
      randomize: true, nodeRepulsion: 8000, idealEdgeLength: 90, fit: fit !== false, padding: 30 } : { name: "grid" };
    target.filter(function (e) { return !e.locked(); }).layout(options).run();
  }

  function counts() {
    app.setAttribute("data-nodes", String(cy.nodes().length));
    app.setAttribute("data-edges", String(cy.edges().length));
    return cy.nodes().length + " nodes, " + cy.edges().length + " links";
  }

  function loadCase(candidate) {
    if (!candidate) { say("This report has no candidate identification to draw."); return; }
    say("Loading link chains…");
    var url = "/api/graph/case?report=" + encodeURIComponent(report) + "&candidate=" + encodeURIComponent(candidate);
    return TG.api("GET", url).then(function (data) {
      cy.elements().remove();
      pages = {};
      add(data.elements);
      cy.getElementById(data.report).addClass("origin");
      cy.getElementById(data.target).addClass("origin");
      relayout(null, true);
      say(data.chains + " chain(s) between the report and the candidate · " + counts());
    }).catch(function (e) { say(e.message); });
  }

  function showNode(node) {
    current = node.id();
    TG.api("GET", "/api/graph/node/" + encodeURIComponent(current)).then(function (data) {
      panel.hidden = false;
      document.getElementById("node-title").textContent = data.node.data.kind + ": " + data.node.data.caption;
      var link = document.getElementById("node-link");
      if (data.url) { link.href = data.url; link.hidden = false; } else { link.hidden = true; }
      var table = document.getElementById("node-props");
      table.textContent = "";
      Object.keys(data.node.properties).forEach(function (k) {
        var row = table.insertRow();
        var th = document.createElement("th"); th.textContent = k.replace(/_/g, " ");
        var td = document.createElement("td");
        var v = data.node.properties[k];
        td.textContent = (v && typeof v === "object") ? JSON.stringify(v) : String(v);
        row.appendChild(th); row.appendChild(td);
      });
      expandType.textContent = "";
      var all = document.createElement("option"); all.value = "";
      var total = 0;
      var seen = {};
      data.counts.forEach(function (c) {
        total += c.neighbours;
        seen[c.type] = (seen[c.type] || 0) + c.neighbours;
      });
      all.textContent = "all relationships (" + total + ")";
      expandType.appendChild(all);
      Object.keys(seen).forEach(function (type) {
        var o = document.createElement("option"); o.value = type; o.textContent = type + " (" + seen[type] + ")";
        expandType.appendChild(o);
      });
      expandMore.textContent = "";
    }).catch(function (e) { say(e.message); });
  }

  function expand() {
    if (!current) { return; }
    var type = expandType.value;
    var key = current + "|" + type;
    var page = pages[key] || 0;
    var url = "/api/graph/expand?id=" + encodeURIComponent(current) + "&size=25&page=" + page +
      (type ? "&types=" + encodeURIComponent(type) : "");
    say("Expanding…");
    TG.api("GET", url).then(function (data) {
      var origin = cy.getElementById(current);
      var added = add(data.elements);
      var fresh = added.nodes();
      var centre = origin.position();
      var radius = 80 + 6 * fresh.length;
      fresh.forEach(function (n, i) {
        var angle = 2 * Math.PI * i / Math.max(fresh.length, 1);
        n.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
      });
      pages[key] = page + 1;
      expandMore.textContent = data.more ? ("shown " + Math.min((page + 1) * data.size, data.total) + " of " +
        data.total + ": expand again for the next page") : ("all " + data.total + " shown");
      say("Added " + fresh.length + " node(s) · " + counts());
    }).catch(function (e) { say(e.message); });
  }

  function shortestPaths() {
    var chosen = cy.nodes(":selected");
    if (chosen.length !== 2) { say("Select exactly two nodes (shift-click or drag a box), then ask for paths."); return; }
    var url = "/api/graph/paths?from=" + encodeURIComponent(chosen[0].id()) + "&to=" + encodeURIComponent(chosen[1].id());
    say("Finding shortest paths…");
    TG.api("GET", url).then(function (data) {
      cy.elements().removeClass("on-path");
      var added = add(data.elements);
      if (added.nodes().length) { relayout(null, true); }
      data.elements.nodes.concat(data.elements.edges).forEach(function (el) {
        cy.getElementById(el.data.id).addClass("on-path").removeClass("hidden");
      });
      app.setAttribute("data-paths", String(data.paths.length));
      say(data.paths.length ? (data.paths.length + " shortest path(s), highlighted · " + counts())
                            : "No path of 6 links or fewer through records you may see.");
    }).catch(function (e) { say(e.message); });
  }

  function saveLayout() {
    var name = document.getElementById("layout-name").value || "layout";
    var nodes = cy.nodes().map(function (n) {
      return { id: n.id(), key: n.data("key"), x: n.position("x"), y: n.position("y"),
               pinned: n.locked(), hidden: n.hasClass("hidden") };
    });
    TG.api("POST", "/api/layouts", { report_uid: report, name: name, candidate: selectCandidate.value, nodes: nodes })
      .then(function (data) {
        var o = document.createElement("option"); o.value = data.id; o.textContent = name + " — just saved";
        document.getElementById("layout-select").appendChild(o);
        say("Layout saved (" + nodes.length + " nodes).");
      }).catch(function (e) { say(e.message); });
  }

  function openLayout(id) {
    if (!id) { return; }
    TG.api("GET", "/api/layouts/" + encodeURIComponent(id)).then(function (layout) {
      var ids = layout.nodes.map(function (n) { return n.id; });
      return TG.api("POST", "/api/graph/nodes", { ids: ids }).then(function (data) {
        cy.elements().remove();
        add(data.elements);
        layout.nodes.forEach(function (n) {
          var node = cy.getElementById(n.id);
          if (!node.length) { return; }
          node.position({ x: n.x, y: n.y });
          if (n.hidden) { node.addClass("hidden"); }
          if (n.pinned) { node.lock(); node.addClass("pinned"); }
        });
        cy.fit(undefined, 30);
        var missing = ids.length - cy.nodes().length;
        say("Opened layout “" + layout.name + "” · " + counts() + (missing ? " · " + missing + " node(s) no longer visible to you" : ""));
      });
    }).catch(function (e) { say(e.message); });
  }

  cy.on("tap", "node", function (event) { showNode(event.target); });
  document.getElementById("btn-expand").addEventListener("click", expand);
  document.getElementById("btn-paths").addEventListener("click", shortestPaths);
  document.getElementById("btn-fit").addEventListener("click", function () { cy.fit(cy.elements(":visible"), 30); });
  document.getElementById("btn-layout").addEventListener("click", function () { relayout(null, true); });
  document.getElementById("btn-hide").addEventListener("click", function () {
    cy.elements(":selected").addClass("hidden").unselect(); say(counts());
  });
  document.getElementById("btn-unhide").addEventListener("click", function () { cy.elements().removeClass("hidden"); });
  document.getElementById("btn-pin").addEventListener("click", function () {
    cy.nodes(":selected").forEach(function (n) {
      if (n.locked()) { n.unlock(); n.removeClass("pinned"); } else { n.lock(); n.addClass("pinned"); }
    });
  });
  document.getElementById("btn-save").addEventListener("click", saveLayout);
  document.getElementById("layout-select").addEventListener("change", function (e) { openLayout(e.target.value); });
  selectCandidate.addEventListener("change", function () { loadCase(selectCandidate.value); });

  TG.api("GET", app.getAttribute("data-case-url")).then(function (data) {
    var wanted = app.getAttribute("data-candidate");
    data.candidates.forEach(function (c) {
      var o = document.createElement("option");
      o.value = c.uid;
      o.textContent = (c.band || "") + " · " + c.review_status.replace("_", " ") + " · " + c.target.title;
      selectCandidate.appendChild(o);
    });
    if (wanted) { selectCandidate.value = wanted; }
    loadCase(selectCandidate.value);
  }).catch(function (e) { say(e.message); });
})();
