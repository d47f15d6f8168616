/* map.js — draws the features of an /ogc/v1 HTML page with Leaflet (served by
 * wvlv at /ogc/v1/static/, from Debian's libjs-leaflet).  Loaded as a file of
 * its own, never inline, so that a Content-Security-Policy of
 * script-src 'self' holds.
 *
 * The page gives it: <div id="map" data-tiles="URL template" data-attribution="text"
 * data-items="…/items/"> and the features as GeoJSON (CRS84) in
 * <script id="features" type="application/json">.  The map is fitted to the
 * features; the base map is drawn under them when its tiles load, and the
 * features are drawn whether they do or not. */
(function () {
	'use strict';
	var el = document.getElementById('map');
	var src = document.getElementById('features');
	if (!el || !src || typeof L === 'undefined') {
		return;
	}
	var data = JSON.parse(src.textContent);
	var map = L.map(el);
	var esc = function (s) {
		return String(s).replace(/[&<>"']/g, function (c) {
			return '&#' + c.charCodeAt(0) + ';';
		});
	};
	var tiles = el.getAttribute('data-tiles');
	if (tiles) {
		L.tileLayer(tiles, {
			attribution: esc(el.getAttribute('data-attribution') || ''),
			maxZoom: 19
		}).addTo(map);
	}
	var items = el.getAttribute('data-items');
	var layer = L.geoJSON(data, {
		style: function () {
			return { color: '#c8102e', weight: 2, fillColor: '#e4002b', fillOpacity: 0.45 };
		},
		pointToLayer: function (feature, latlng) {
			return L.circleMarker(latlng, { radius: 6 });
		},
		onEachFeature: function (feature, l) {
			if (!items || !feature.id) {
				return;
			}
			var a = document.createElement('a');
			a.href = items + encodeURIComponent(feature.id) + '?f=html';
			a.textContent = (feature.properties && feature.properties.name) || feature.id;
			l.bindPopup(a);
		}
	}).addTo(map);
	var bounds = layer.getBounds();
	if (bounds.isValid()) {
		map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
	} else {
		map.setView([52.1, 5.3], 7); /* the Netherlands */
	}
}());
