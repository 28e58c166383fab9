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
    // Captions wrap on two or three lines instead of being cut, on a light background that keeps
    // them readable over edges; edge labels show only for the edges a user points at or selects.
    { selector: "node", style: { "label": "data(caption)", "font-size": 10, "text-valign": "bottom",
      "text-margin-y": 3, "text-wrap": "wrap", "text-max-width": 130, "min-zoomed-font-size": 7,
      "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1,
      "width": 26, "height": 26, "border-width": 1, "border-color": "#fff" } },
    { selector: "edge", style: { "width": 1.5, "line-color": "#b7c0c9", "target-arrow-shape": "triangle",
      "target-arrow-color": "#b7c0c9", "curve-style": "bezier", "arrow-scale": 0.8 } },
    { selector: "edge.show-label, edge:selected", style: { "label": "data(type)", "font-size": 8, "color": "#46525e",
      "text-rotation": "autorotate", "text-background-color": "#ffffff", "text-background-opacity": 0.9,
      "text-background-padding": 1 } },
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

  // The first free spot on rings around `centre`, at least `gap` px from every point of `placed`:
  // new nodes go next to what they belong to, never on top of what is already drawn.
  function freeSpot(centre, placed, gap) {
    for (var ring = 0; ring < 60; ring++) {
      var radius = 80 + ring * 40;
      var steps = Math.max(8, Math.floor(2 * Math.PI * radius / gap));
      for (var k = 0; k < steps; k++) {
        var angle = 2 * Math.PI * k / steps + ring * 0.4;
        var spot = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
        var clear = placed.every(function (q) { return Math.abs(q.x - spot.x) + Math.abs(q.y - spot.y) >= gap * 1.2 &&
          Math.sqrt((q.x - spot.x) * (q.x - spot.x) + (q.y - spot.y) * (q.y - spot.y)) >= gap; });
        if (clear) { return spot; }
      }
    }
    return { x: centre.x + 80, y: centre.y };
  }

  // Places `fresh` nodes one by one, each beside the placed nodes it links to (or `fallback`),
  // leaving every node already on the canvas where it is.
  function placeFresh(fresh, fallback) {
    var placed = cy.nodes().not(fresh).map(function (n) { var p = n.position(); return { x: p.x, y: p.y }; });
    var done = {};
    var waiting = fresh.toArray();
    while (waiting.length) {
      var next = null, anchors = null;
      for (var i = 0; i < waiting.length && !next; i++) {
        var around = waiting[i].neighborhood("node").filter(function (m) { return !fresh.contains(m) || done[m.id()]; });
        if (around.length) { next = waiting[i]; anchors = around; }
      }
      if (!next) { next = waiting[0]; anchors = null; }
      var centre = fallback;
      if (anchors) {
        var sx = 0, sy = 0;
        anchors.forEach(function (m) { sx += m.position("x"); sy += m.position("y"); });
        centre = { x: sx / anchors.length, y: sy / anchors.length };
      }
      var spot = freeSpot(centre, placed, 70);
      next.position(spot);
      placed.push(spot);
      done[next.id()] = true;
      waiting.splice(waiting.indexOf(next), 1);
    }
  }

  function counts() {
    app.setAttribute("data-nodes", String(cy.nodes().length));
    app.setAttribute("data-edges", String(cy.edges().length));
    return TG.words("counts", { nodes: cy.nodes().length, links: cy.edges().length });
  }

  function loadCase(candidate) {
    if (!candidate) { say(TG.words("no_candidate")); return; }
    say(TG.words("loading_chains"));
    var url = "/api/graph/case?report=" + encodeURIComponent(report) + "&candidate=" + encodeURIComponent(candidate);
    return TG.api("GET", url).then(function (data) {
      cy.elements().remove();
      pages = {};
      add(data.elements);
      cy.getElementById(data.report).addClass("origin");
      cy.getElementById(data.target).addClass("origin");
      relayout(null, true);
      say(TG.words("chains", { count: data.chains }) + " · " + counts());
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
      data.fields.forEach(function (f) {
        var row = table.insertRow();
        var th = document.createElement("th"); th.scope = "row"; th.textContent = f.label;
        var td = document.createElement("td"); td.textContent = f.value;
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
      all.textContent = TG.words("all_relationships", { count: total });
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
    say(TG.words("expanding"));
    TG.api("GET", url).then(function (data) {
      var origin = cy.getElementById(current);
      var added = add(data.elements);
      var fresh = added.nodes();
      placeFresh(fresh, origin.position());
      pages[key] = page + 1;
      expandMore.textContent = data.more ? TG.words("shown_of", { shown: Math.min((page + 1) * data.size, data.total),
        total: data.total }) : TG.words("all_shown", { total: data.total });
      say(TG.words("added", { count: fresh.length }) + " · " + counts());
    }).catch(function (e) { say(e.message); });
  }

  function shortestPaths() {
    var chosen = cy.nodes(":selected");
    if (chosen.length !== 2) { say(TG.words("select_two")); return; }
    var url = "/api/graph/paths?from=" + encodeURIComponent(chosen[0].id()) + "&to=" + encodeURIComponent(chosen[1].id());
    say(TG.words("finding_paths"));
    TG.api("GET", url).then(function (data) {
      cy.elements().removeClass("on-path");
      var added = add(data.elements);
      var ends = chosen.map(function (n) { return n.position(); });
      placeFresh(added.nodes(), { x: (ends[0].x + ends[1].x) / 2, y: (ends[0].y + ends[1].y) / 2 });
      data.elements.nodes.concat(data.elements.edges).forEach(function (el) {
        cy.getElementById(el.data.id).addClass("on-path").removeClass("hidden");
      });
      app.setAttribute("data-paths", String(data.paths.length));
      say(data.paths.length ? (TG.words("paths", { count: data.paths.length }) + " · " + counts())
                            : TG.words("no_path"));
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
        var o = document.createElement("option"); o.value = data.id; o.textContent = name + " — " + TG.words("just_saved");
        document.getElementById("layout-select").appendChild(o);
        say(TG.words("layout_saved", { count: nodes.length }));
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
        say(TG.words("layout_opened", { name: layout.name }) + " · " + counts() +
            (missing ? " · " + TG.words("no_longer_visible", { count: missing }) : ""));
      });
    }).catch(function (e) { say(e.message); });
  }

  // The legend: each kind of record with the shape and colour the canvas draws it in.
  var outlines = { "round-rectangle": "M3 5h12a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z",
    "ellipse": "M9 2a7 7 0 1 0 0.01 0z", "diamond": "M9 1l8 9-8 9-8-9z", "triangle": "M9 2l8 15H1z",
    "hexagon": "M5 2h8l4 8-4 8H5l-4-8z", "star": "M9 1l2.4 5.6 6.1.6-4.6 4 1.4 6L9 14.1 3.7 17.2l1.4-6-4.6-4 6.1-.6z",
    "round-tag": "M2 4h10l5 6-5 6H2z", "vee": "M1 2l8 6 8-6-8 16z", "octagon": "M6 1h6l5 5v6l-5 5H6l-5-5V6z",
    "rectangle": "M2 3h14v14H2z" };
  var legend = document.getElementById("node-legend");
  if (legend) {
    Object.keys(colours).forEach(function (kind) {
      var item = document.createElement("li");
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", "0 0 18 20"); svg.setAttribute("width", "16"); svg.setAttribute("height", "16");
      svg.setAttribute("aria-hidden", "true");
      var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", outlines[shapes[kind] || "ellipse"]); path.setAttribute("fill", colours[kind]);
      svg.appendChild(path);
      item.appendChild(svg);
      item.appendChild(document.createTextNode(" " + TG.words("kind." + kind).replace(/^kind\./, "")));
      item.setAttribute("data-kind", kind);
      legend.appendChild(item);
    });
  }

  // Keyboard: the canvas takes focus; arrows go from node to node (left to right, top to bottom),
  // Enter shows the node, E expands it, + and - zoom, 0 fits, Escape clears the selection.
  var box = document.getElementById("cy");
  function ordered() {
    return cy.nodes(":visible").sort(function (a, b) {
      return (a.position("y") - b.position("y")) || (a.position("x") - b.position("x"));
    });
  }
  function focusNode(node) {
    cy.nodes().unselect();
    node.select();
    cy.animate({ center: { eles: node } }, { duration: 0 });
    current = node.id();
    say(TG.words("kind." + node.data("kind")).replace(/^kind\./, "") + ": " + node.data("caption") + " · " + TG.words("node_keys"));
  }
  box.addEventListener("keydown", function (event) {
    var nodes = ordered();
    if (!nodes.length) { return; }
    var selected = cy.nodes(":selected");
    var at = selected.length ? nodes.indexOf(selected[0]) : -1;
    var key = event.key;
    if (key === "ArrowRight" || key === "ArrowDown") { focusNode(nodes[(at + 1) % nodes.length]); }
    else if (key === "ArrowLeft" || key === "ArrowUp") { focusNode(nodes[(at - 1 + nodes.length) % nodes.length]); }
    else if (key === "Enter" && selected.length) { showNode(selected[0]); }
    else if ((key === "e" || key === "E") && selected.length) { current = selected[0].id(); expand(); }
    else if (key === "+" || key === "=") { cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } }); }
    else if (key === "-") { cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } }); }
    else if (key === "0") { cy.fit(cy.elements(":visible"), 30); }
    else if (key === "Escape") { cy.elements().unselect(); }
    else { return; }
    event.preventDefault();
  });

  // Export what the canvas shows, as a picture (PNG) or a drawing (SVG), named after the case.
  function download(name, blob) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }
  var stem = "link-chains-" + report.replace(/[^A-Za-z0-9_-]+/g, "_");
  document.getElementById("btn-png").addEventListener("click", function () {
    download(stem + ".png", cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }));
  });
  document.getElementById("btn-svg").addEventListener("click", function () {
    if (typeof cy.svg !== "function") { say(TG.words("no_svg")); return; }
    download(stem + ".svg", new Blob([cy.svg({ full: true, scale: 1, bg: "#ffffff" })], { type: "image/svg+xml" }));
  });

  cy.on("mouseover", "edge", function (event) { event.target.addClass("show-label"); });
  cy.on("mouseout", "edge", function (event) { event.target.removeClass("show-label"); });
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
      o.textContent = (c.band ? TG.words("band." + c.band).replace(/^band\./, "") : "") + " · " + c.status_words + " · " + c.target.title;
      selectCandidate.appendChild(o);
    });
    if (wanted) { selectCandidate.value = wanted; }
    loadCase(selectCandidate.value);
  }).catch(function (e) { say(e.message); });
})();
