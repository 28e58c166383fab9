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
  map.attributionControl.setPrefix("").addAttribution("Natural Earth via world-atlas");
  fetch(element.getAttribute("data-basemap"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (world) {
      var land = topojson.feature(world, world.objects.countries);
      L.geoJSON(land, { style: { color: "#9aa7b4", weight: 0.6, fillColor: "#f7f5ef", fillOpacity: 1 },
                        interactive: false }).addTo(map).bringToBack();
    });
  TG.api("GET", element.getAttribute("data-places")).then(function (data) {
    var bounds = [];
    data.places.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 7, color: "#fff", weight: 1.5,
        fillColor: colours[p.role] || "#555", fillOpacity: 0.9 }).addTo(map);
      var label = document.createElement("span");
      label.textContent = p.role.replace("_", " ") + ": " + p.name;
      marker.bindTooltip(label);
      bounds.push([p.lat, p.lon]);
    });
    element.setAttribute("data-loaded", String(data.places.length));
    if (bounds.length === 1) { map.setView(bounds[0], 6, { animate: false }); }
    else if (bounds.length > 1) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false }); }
  }).catch(function () { element.setAttribute("data-loaded", "error"); });
})();
