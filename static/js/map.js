/* Progressive enhancement: a Leaflet map of the Kitas listed on the page.
   The list works without it; with no JavaScript (or no tiles) nothing is lost. */
(function () {
  "use strict";
  var container = document.getElementById("kita-map");
  var dataElement = document.getElementById("kita-map-data");
  if (!container || !dataElement || typeof L === "undefined") {
    return;
  }
  var points = JSON.parse(dataElement.textContent);
  if (!points.length) {
    return;
  }
  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false });
  L.tileLayer(container.dataset.tileUrl, {
    maxZoom: 18,
    attribution: container.dataset.attribution,
  }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name }).addTo(map);
    if (point.url) {
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      marker.bindPopup(link);
    } else {
      marker.bindPopup(document.createTextNode(point.name));
    }
    bounds.push([point.lat, point.lon]);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 15);
  } else {
    map.fitBounds(bounds, { padding: [24, 24] });
  }
})();
