// JCC dashboard map: country shapes from world-atlas as a GeoJSON layer (no tile server), hubs as circle markers
// coloured by utilisation. Hub data comes from the page (json_script "hub-data").
document.addEventListener("DOMContentLoaded", async () => {
  const element = document.getElementById("hub-map");
  const data = document.getElementById("hub-data");
  if (!element || !data || typeof L === "undefined") return;
  const hubs = JSON.parse(data.textContent);
  const map = L.map(element, { attributionControl: false, zoomSnap: 0.5 }).setView([52, 15], 4);
  const colour = (hub) => {
    if (!hub.capacity) return "#adb5bd";
    if (hub.percent > 85) return "#dc3545";
    if (hub.percent >= 50) return "#fd7e14";
    return "#198754";
  };
  try {
    const response = await fetch(element.dataset.shapes);
    const topology = await response.json();
    L.geoJSON(topojson.feature(topology, topology.objects.countries), {
      style: { color: "#6c757d", weight: 0.7, fillColor: "#e9ecef", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
  } catch (error) {
    element.dataset.shapesError = String(error);
  }
  const markers = hubs.map((hub) => {
    const marker = L.circleMarker([hub.lat, hub.lon], {
      radius: 9, color: "#1b2a41", weight: 1, fillColor: colour(hub), fillOpacity: 0.9,
      className: "hub-marker",
    }).addTo(map);
    marker.bindTooltip(`${hub.name} (${hub.city}, ${hub.nation}): ${hub.booked} / ${hub.capacity} · ${hub.percent} %`);
    return marker;
  });
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.6), { maxZoom: 6 });
  element.dataset.ready = "true";
});
