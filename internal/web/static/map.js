/* Trygg map.js: progressive enhancement of server-rendered pages with
   Leaflet maps. Needs only the global L from leaflet.js (load it first, both
   with `defer`). No inline script, no eval, no HTML built from data: it runs
   under the strict CSP (script-src 'self'; style-src 'self').

   Contract (see docs/frontend.md): an element with `data-map` becomes a map.
     data-map-geojson="URL[,URL2…]"  same-origin GeoJSON layers, drawn in order.
                                     Feature properties: fill, stroke (CSS
                                     colours), fill-opacity, stroke-width
                                     (numbers, optional), label (plain text).
     data-map-tiles="URL template"   optional tile layer ({z}/{x}/{y}); none if absent.
     data-map-attribution="text"     plain-text attribution for the tiles.
     data-map-bounds="minLon,minLat,maxLon,maxLat"  initial view.
     data-map-pick="latInputId,lonInputId"  click to fill two inputs (5 decimals).
   A button with `data-map-clear` (value: the map's id, or empty for the map in
   the same form) clears the picked point. `data-map-legend` is server-only.
   While loading the map carries data-map-state="loading", then "ready" or
   "error". */
(function () {
  'use strict';

  var EN = /^en\b/i.test(document.documentElement.lang || '');
  var TEXT = EN
    ? { zoomIn: 'Zoom in', zoomOut: 'Zoom out', close: 'Close' }
    : { zoomIn: 'Zooma in', zoomOut: 'Zooma ut', close: 'Stäng' };

  var DEFAULT_FILL = '#0b4f8a';
  var DEFAULT_STROKE = '#1b1b1b';
  var PICK_COLOUR = '#b3261e';
  // Sweden, as a fallback view when neither bounds nor data give one.
  var SWEDEN = [[55.0, 10.5], [69.1, 24.2]];

  function splitList(s) {
    return (s || '').split(',').map(function (p) { return p.trim(); }).filter(Boolean);
  }

  // A colour the server computed; anything else falls back to the default.
  function colour(v, fallback) {
    if (typeof v !== 'string' || v.length > 64 || !/^[#a-zA-Z0-9(),.%\s\/+-]+$/.test(v)) {
      return fallback;
    }
    if (window.CSS && CSS.supports && !CSS.supports('color', v)) {
      return fallback;
    }
    return v;
  }

  function number(v, min, max, fallback) {
    var n = typeof v === 'number' ? v : parseFloat(v);
    return isFinite(n) && n >= min && n <= max ? n : fallback;
  }

  // Text content for a tooltip or popup: a DOM node, so Leaflet never parses
  // the label as HTML (it uses innerHTML only for string content).
  function textNode(s) {
    var span = document.createElement('span');
    span.textContent = String(s);
    return span;
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function parseBounds(s) {
    var p = splitList(s).map(Number);
    if (p.length !== 4 || !p.every(isFinite)) { return null; }
    var b = L.latLngBounds([p[1], p[0]], [p[3], p[2]]);
    return b.isValid() ? b : null;
  }

  function sameOrigin(u) {
    try {
      var url = new URL(u, document.baseURI);
      return url.origin === window.location.origin ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function tileURL(u) {
    // Keep the {z}/{x}/{y} placeholders intact: URL() would percent-encode them.
    return /^(https:\/\/|\/(?!\/))/.test(u) ? u : null;
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  function featureLayer(data, hasTiles, pick) {
    var defaultOpacity = hasTiles ? 0.6 : 1;
    function style(f) {
      var p = (f && f.properties) || {};
      return {
        color: colour(p.stroke, DEFAULT_STROKE),
        weight: number(p['stroke-width'], 0, 20, 1),
        fillColor: colour(p.fill, DEFAULT_FILL),
        fillOpacity: number(p['fill-opacity'], 0, 1, defaultOpacity),
        opacity: 1
      };
    }
    return L.geoJSON(data, {
      style: style,
      pointToLayer: function (f, latlng) {
        var s = style(f);
        s.radius = 6;
        s.weight = number(f.properties && f.properties['stroke-width'], 0, 20, 2);
        s.fillOpacity = number(f.properties && f.properties['fill-opacity'], 0, 1, 0.9);
        return L.circleMarker(latlng, s);
      },
      onEachFeature: function (f, layer) {
        var label = f.properties && f.properties.label;
        if (label === undefined || label === null || label === '') { return; }
        var isPoint = f.geometry && /Point$/.test(f.geometry.type);
        layer.bindTooltip(function () { return textNode(label); },
          { sticky: !isPoint, direction: 'top', opacity: 1 });
        if (!pick) {
          // Click or tap: a popup, for touch screens without hover.
          layer.bindPopup(function () { return textNode(label); });
        }
      }
    });
  }

  function loadGeoJSON(url) {
    return fetch(url, {
      credentials: 'same-origin',
      headers: { Accept: 'application/geo+json, application/json' }
    }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
      return r.json();
    });
  }

  function setupPick(el, map, spec) {
    var ids = splitList(spec);
    var lat = ids[0] && document.getElementById(ids[0]);
    var lon = ids[1] && document.getElementById(ids[1]);
    if (!lat || !lon) {
      if (window.console) { console.warn('map.js: data-map-pick inputs not found: ' + spec); }
      return null;
    }
    var marker = null;

    function show(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.circleMarker(latlng, {
          radius: 9, weight: 3, color: '#ffffff', fillColor: PICK_COLOUR,
          fillOpacity: 1, interactive: false
        }).addTo(map);
      }
    }
    function hide() {
      if (marker) { marker.remove(); marker = null; }
    }
    function fire(input) {
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    function fromInputs() {
      var a = parseFloat(lat.value), o = parseFloat(lon.value);
      if (isFinite(a) && isFinite(o) && Math.abs(a) <= 90 && Math.abs(o) <= 180) {
        return L.latLng(a, o);
      }
      return null;
    }

    var initial = fromInputs();
    if (initial) { show(initial); }

    map.on('click', function (e) {
      var ll = e.latlng.wrap();
      lat.value = ll.lat.toFixed(5);
      lon.value = ll.lng.toFixed(5);
      show(L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
      fire(lat);
      fire(lon);
    });
    // Typed coordinates (visible inputs) move the marker too.
    [lat, lon].forEach(function (input) {
      input.addEventListener('change', function () {
        var ll = fromInputs();
        if (ll) { show(ll); } else { hide(); }
      });
    });

    return {
      initial: initial,
      lat: lat,
      lon: lon,
      clear: function () {
        lat.value = '';
        lon.value = '';
        hide();
        fire(lat);
        fire(lon);
      }
    };
  }

  function wireClearButtons(el, picker) {
    var form = el.closest('form');
    var buttons = document.querySelectorAll('[data-map-clear]');
    Array.prototype.forEach.call(buttons, function (b) {
      var target = b.getAttribute('data-map-clear');
      var mine = target ? target === el.id : (form ? b.closest('form') === form : true);
      if (!mine || b.hasAttribute('data-map-clear-wired')) { return; }
      b.setAttribute('data-map-clear-wired', '');
      if (b.tagName === 'BUTTON' && !b.hasAttribute('type')) { b.type = 'button'; }
      // Shown only while there is a point to remove.
      var sync = function () { b.hidden = !(picker.lat.value && picker.lon.value); };
      sync();
      picker.lat.addEventListener('change', sync);
      b.addEventListener('click', function (e) {
        e.preventDefault();
        picker.clear();
      });
    });
  }

  function init(el) {
    if (el.hasAttribute('data-map-state')) { return; } // already initialised
    el.setAttribute('data-map-state', 'loading');
    // The container's own content is the no-script fallback.
    while (el.firstChild) { el.removeChild(el.firstChild); }

    var still = reducedMotion();
    var tiles = tileURL(el.getAttribute('data-map-tiles') || '');
    var map = L.map(el, {
      zoomControl: false,
      scrollWheelZoom: false, // let the page scroll; zoom with buttons, keys or a double click
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
      inertia: !still
    });
    L.control.zoom({ zoomInTitle: TEXT.zoomIn, zoomOutTitle: TEXT.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    // Leaflet labels its popup close button in English.
    map.on('popupopen', function (e) {
      var btn = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-close-button');
      if (btn) { btn.setAttribute('aria-label', TEXT.close); btn.setAttribute('title', TEXT.close); }
    });

    if (tiles) {
      var attribution = el.getAttribute('data-map-attribution');
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: attribution ? escapeHTML(attribution) : ''
      }).addTo(map);
    }

    var pickSpec = el.getAttribute('data-map-pick');
    var picker = pickSpec ? setupPick(el, map, pickSpec) : null;
    if (picker) { wireClearButtons(el, picker); }

    // The view: the given bounds (showing a point picked earlier, if any),
    // else that point, else Sweden until the data's own bounds are known.
    var bounds = parseBounds(el.getAttribute('data-map-bounds'));
    var initial = picker && picker.initial;
    if (bounds) {
      map.fitBounds(bounds);
      if (initial && !map.getBounds().contains(initial)) { map.panTo(initial, { animate: false }); }
    } else if (initial) {
      map.setView(initial, 15);
    } else {
      map.fitBounds(SWEDEN);
    }

    // Maps inside closed <details> or tabs have no size at first.
    if (window.ResizeObserver) {
      new ResizeObserver(function () { map.invalidateSize(); }).observe(el);
    }

    var urls = splitList(el.getAttribute('data-map-geojson')).map(function (u) {
      var ok = sameOrigin(u);
      if (!ok && window.console) { console.warn('map.js: ignoring cross-origin GeoJSON ' + u); }
      return ok;
    }).filter(Boolean);

    var hasTiles = !!tiles;
    Promise.all(urls.map(function (u) {
      return loadGeoJSON(u).then(
        function (data) { return { data: data }; },
        function (err) { return { err: err }; });
    })).then(function (results) {
      var failed = false;
      var dataBounds = L.latLngBounds([]);
      results.forEach(function (r) {
        if (r.err) {
          failed = true;
          if (window.console) { console.warn('map.js: ' + r.err.message); }
          return;
        }
        try {
          var layer = featureLayer(r.data, hasTiles, !!picker).addTo(map);
          var b = layer.getBounds();
          if (b.isValid()) { dataBounds.extend(b); }
        } catch (e) { // not GeoJSON
          failed = true;
          if (window.console) { console.warn('map.js: ' + e.message); }
        }
      });
      if (!bounds && !initial && dataBounds.isValid()) {
        map.fitBounds(dataBounds, { maxZoom: 16 });
      }
      el.setAttribute('data-map-state', failed ? 'error' : 'ready');
    });

    el.tryggMap = map; // for tests and page-specific scripts
    return map;
  }

  function start() {
    if (!window.L || !window.fetch || !window.Promise) { return; } // pages work without the map
    Array.prototype.forEach.call(document.querySelectorAll('[data-map]'), function (el) {
      try {
        init(el);
      } catch (e) {
        el.setAttribute('data-map-state', 'error');
        if (window.console) { console.error('map.js: ' + e.message); }
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
