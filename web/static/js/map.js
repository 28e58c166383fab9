// The case map: an offline world basemap (Natural Earth countries via world-atlas) and the case's places.
(function () {
  "use strict";
  var element = document.getElementById("case-map");
  if (!element || !window.L) { return; }
  var colours = { departure: "#1f5f99", last_seen: "#d17a00", sighting: "#2e8b57", incident: "#a12a2a",
                  recovery: "#6b4fa0", burial: "#444444" };
  var map = L.map(element, { worldCopyJump: true, attributionControl: true, minZoom: 1, maxZoom: 12,
                             zoomAnimation: false, fadeAnimation: false })
    .setView([30, 15], 3);
  map.attributionControl.setPrefix("").addAttribution("Natural Earth via world-atlas; towns: GeoNames");
  fetch(element.getAttribute("data-basemap"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (world) {
      var land = topojson.feature(world, world.objects.countries);
      L.geoJSON(land, { style: { color: "#9aa7b4", weight: 0.6, fillColor: "#f7f5ef", fillOpacity: 1 },
                        interactive: false }).addTo(map).bringToBack();
    });
  // A partial ISO date ("2016", "2016-05", "2016-05-14") in the reader's own words.
  function when(text) {
    if (!text) { return ""; }
    var parts = String(text).split("-").map(Number);
    var options = parts.length > 2 ? { year: "numeric", month: "long", day: "numeric" }
                : parts.length > 1 ? { year: "numeric", month: "long" } : { year: "numeric" };
    var date = new Date(Date.UTC(parts[0], (parts[1] || 1) - 1, parts[2] || 1));
    if (isNaN(date.getTime())) { return String(text); }
    return new Intl.DateTimeFormat(document.documentElement.lang || undefined,
                                   Object.assign({ timeZone: "UTC" }, options)).format(date);
  }
  var words = {};
  ["departure", "last_seen", "sighting", "incident", "recovery", "burial"].forEach(function (role) {
    words[role] = TG.words(role);
  });
  // Two stops joined by a line: the family's account (where the journey started, where the person
  // was last seen) dashed, the voyage (departure to what ended it) solid.
  function journey(places, from, to, style) {
    var start = places.filter(from)[0], end = places.filter(to)[0];
    if (!start || !end) { return null; }
    var line = L.polyline([[start.lat, start.lon], [end.lat, end.lon]], style).addTo(map);
    var text = document.createElement("span");
    text.textContent = style.caption + ": " + start.name + (start.date ? " (" + when(start.date) + ")" : "") +
      " \u2192 " + end.name + (end.date ? " (" + when(end.date) + ")" : "");
    line.bindTooltip(text, { sticky: true });
    return line;
  }
  TG.api("GET", element.getAttribute("data-places")).then(function (data) {
    var bounds = [];
    journey(data.places, function (p) { return p.role === "departure" && p.label === "Report"; },
            function (p) { return p.role === "last_seen"; },
            { color: "#d17a00", weight: 3, dashArray: "6 6", caption: TG.words("family_account"), className: "route-account" });
    journey(data.places, function (p) { return p.role === "departure" && p.label === "Voyage"; },
            function (p) { return p.role === "incident"; },
            { color: "#1f5f99", weight: 3, caption: TG.words("the_voyage"), className: "route-voyage" });
    data.places.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 7, color: p.approximate ? colours[p.role] || "#555" : "#fff",
        weight: p.approximate ? 2 : 1.5, dashArray: p.approximate ? "3 2" : null,
        fillColor: colours[p.role] || "#555", fillOpacity: p.approximate ? 0.35 : 0.9,
        className: p.approximate ? "place-approximate" : "place-exact" }).addTo(map);
      var label = document.createElement("span");
      label.textContent = (words[p.role] || p.role) + ": " + p.name + (p.date ? ", " + when(p.date) : "") +
        (p.approximate ? " (" + TG.words("approximate", { town: p.town || TG.words("the_town") }) + ")" : "");
      marker.bindTooltip(label);
      bounds.push([p.lat, p.lon]);
    });
    element.setAttribute("data-loaded", String(data.places.length));
    if (bounds.length === 1) { map.setView(bounds[0], 6, { animate: false }); }
    else if (bounds.length > 1) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false }); }
  }).catch(function () { element.setAttribute("data-loaded", "error"); });
})();
