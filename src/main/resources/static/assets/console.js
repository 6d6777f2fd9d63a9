'use strict';
// The support console: search the history, open a delivery (timeline and trail), look a
// courier's track up, and watch an order or a courier live. Every call goes to the
// audited /v1 endpoints with the agent's token; the API, not this page, decides what a
// caller may see (a customer or partner gets a refusal and no data).
(async function () {
  const T = window.Tracking;
  const $ = (id) => document.getElementById(id);
  const PAGE_SIZE = 10;
  const pageSettings = await T.settings();
  const current = T.session.get();
  T.showSession(current);

  function notice(message, link) {
    T.text($('notice'), message);
    if (link) {
      $('notice').append(' ', T.el('a', { href: link.href }, link.text));
    }
    $('notice').hidden = !message;
  }

  function refuse() {
    $('workspace').remove();
    notice('The support console is for support agents only. You are signed in as ' + current.sub + '.');
  }

  if (!current) {
    notice('Sign in as a support agent to use the console.', { href: '/?return=/console', text: 'Sign in' });
    return;
  }
  if (!current.roles.includes('support')) {
    refuse();
    return;
  }
  $('workspace').hidden = false;

  function localInput(date) {
    const pad = (n) => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' +
      pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }
  function iso(input) {
    return input.value ? new Date(input.value).toISOString() : null;
  }
  const now = Date.now();
  for (const [from, to] of [['from', 'to'], ['courier-from', 'courier-to']]) {
    // "To" stays empty: until now, whenever the search runs
    $(from).value = localInput(new Date(now - 24 * 3600 * 1000));
  }

  /** The problem body's detail, or a sentence for the status. */
  function problem(answer) {
    if (answer.status === 503) {
      return 'History is unavailable right now; live tracking still works. Try again in a moment.';
    }
    if (answer.status === 429) {
      return 'Too many requests: wait ' + (answer.headers.get('Retry-After') || 'a few') + ' s.';
    }
    return (answer.body && answer.body.detail) || 'The request failed (' + answer.status + ').';
  }

  // Search, with "More" for the next page
  let query = null;
  let nextCursor = null;
  let shown = 0;

  async function search(cursor) {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (!cursor) {
      query = {};
      for (const [name, id] of [['customerId', 'customer'], ['partnerId', 'partner'], ['status', 'status']]) {
        if ($(id).value.trim()) {
          query[name] = $(id).value.trim();
        }
      }
      for (const [name, id] of [['from', 'from'], ['to', 'to']]) {
        if (iso($(id))) {
          query[name] = iso($(id));
        }
      }
      $('results').tBodies[0].replaceChildren();
      shown = 0;
    }
    for (const [name, value] of Object.entries(query)) {
      params.set(name, value);
    }
    if (cursor) {
      params.set('cursor', cursor);
    }
    const answer = await T.api('/v1/orders?' + params, current.token);
    if (answer.status === 404 || answer.status === 401 || answer.status === 403) {
      refuse();
      return;
    }
    if (!answer.ok) {
      T.text($('results-summary'), problem(answer));
      return;
    }
    for (const order of answer.body.items) {
      const open = T.el('button', { type: 'button', class: 'secondary', 'aria-label': 'Open ' + order.orderId }, 'Open');
      open.addEventListener('click', () => openDelivery(order.orderId));
      const watch = T.el('a', { href: '/orders/' + encodeURIComponent(order.orderId), 'aria-label': 'Watch ' + order.orderId + ' live' }, 'Watch live');
      $('results').tBodies[0].append(T.el('tr', {},
        T.el('td', {}, order.orderId),
        T.el('td', {}, T.statusLabels[order.status] || order.status),
        T.el('td', {}, order.customerId || ''),
        T.el('td', {}, order.partnerId || ''),
        T.el('td', {}, T.formatDateTime(order.createdAt)),
        T.el('td', {}, T.formatDateTime(order.updatedAt)),
        T.el('td', {}, open, ' ', watch)));
    }
    shown += answer.body.items.length;
    nextCursor = answer.body.nextCursor;
    $('results').hidden = shown === 0;
    $('more').hidden = !nextCursor;
    T.text($('results-summary'), shown === 0 ? 'No deliveries match.'
      : shown + (shown === 1 ? ' delivery' : ' deliveries') + (nextCursor ? ' shown; more match.' : '.'));
  }

  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    search(null);
  });
  $('more').addEventListener('click', () => search(nextCursor));

  // One delivery: its timeline and trail
  let trailMap = null;
  let trailLayer = null;

  function timeLabel(text) {
    return T.el('span', {}, text);
  }

  function drawTrack(map, layer, points, labelEvery) {
    layer.clearLayers();
    if (points.length === 0) {
      return;
    }
    const line = points.map((p) => [p.lat, p.lon]);
    L.polyline(line, { color: '#0b5cad', weight: 4 }).addTo(layer);
    const step = Math.max(1, Math.ceil(points.length / labelEvery));
    points.forEach((p, i) => {
      if (i % step === 0 || i === points.length - 1) {
        L.circleMarker([p.lat, p.lon], { radius: 4, color: '#0b3d6e', weight: 2, fillOpacity: 1 })
          .bindTooltip(timeLabel(T.formatTime(p.recordedAt)), { permanent: true, direction: 'right', className: 'time-label' })
          .addTo(layer);
      }
    });
    map.fitBounds(L.latLngBounds(line).pad(0.2));
  }

  async function openDelivery(orderId) {
    $('delivery').hidden = false;
    T.text($('delivery-heading'), 'Delivery ' + orderId);
    $('watch-order').href = '/orders/' + encodeURIComponent(orderId);
    $('timeline').replaceChildren();
    T.text($('delivery-notice'), 'Loading…');
    if (!trailMap) {
      trailMap = T.map($('trail-map'), pageSettings, 'Trail map');
      trailLayer = L.layerGroup().addTo(trailMap);
      trailMap.setView([0, 0], 2);
    }
    trailMap.invalidateSize();
    const answer = await T.api('/v1/orders/' + encodeURIComponent(orderId) + '/history?maxPoints=500', current.token);
    if (!answer.ok) {
      T.text($('delivery-notice'), answer.status === 404 ? 'No such delivery.' : problem(answer));
      return;
    }
    T.text($('delivery-notice'), '');
    for (const step of answer.body.timeline) {
      $('timeline').append(T.el('li', {}, T.statusLabels[step.status] || step.status, ' ',
        T.el('time', { datetime: step.occurredAt }, T.formatDateTime(step.occurredAt))));
    }
    const trail = answer.body.trail;
    T.text($('trail-summary'), trail.length === 0 ? 'No trail: the courier had not picked the order up.'
      : trail.length + ' positions, ' + T.formatTime(trail[0].recordedAt) + ' to ' + T.formatTime(trail[trail.length - 1].recordedAt));
    drawTrack(trailMap, trailLayer, trail, 6);
    $('delivery').scrollIntoView();
  }

  // A courier's track over a time range, and live
  let courierMap = null;
  let courierLayer = null;
  let courierQuery = null;
  let courierCursor = null;
  let courierPoints = [];
  let courierLive = null;
  let courierMarker = null;

  function ensureCourierMap() {
    $('courier-map').hidden = false;
    if (!courierMap) {
      courierMap = T.map($('courier-map'), pageSettings, 'Courier map');
      courierLayer = L.layerGroup().addTo(courierMap);
      courierMap.setView([0, 0], 2);
    }
    courierMap.invalidateSize();
  }

  async function courierTrack(cursor) {
    if (!cursor) {
      courierQuery = { id: $('courier').value.trim(), from: iso($('courier-from')), to: iso($('courier-to')) || new Date().toISOString() };
      courierPoints = [];
    }
    const params = new URLSearchParams({ from: courierQuery.from, to: courierQuery.to, limit: '500' });
    if (cursor) {
      params.set('cursor', cursor);
    }
    const answer = await T.api('/v1/couriers/' + encodeURIComponent(courierQuery.id) + '/positions?' + params, current.token);
    if (!answer.ok) {
      T.text($('courier-summary'), answer.status === 404 ? 'No such courier.' : problem(answer));
      return;
    }
    ensureCourierMap();
    courierPoints = courierPoints.concat(answer.body.items);
    courierCursor = answer.body.nextCursor;
    $('courier-more').hidden = !courierCursor;
    T.text($('courier-summary'), courierPoints.length === 0 ? 'No positions in this range.'
      : courierPoints.length + ' positions of ' + courierQuery.id + ', ' + T.formatTime(courierPoints[0].recordedAt) +
        ' to ' + T.formatTime(courierPoints[courierPoints.length - 1].recordedAt) + (courierCursor ? '; more in the range.' : '.'));
    drawTrack(courierMap, courierLayer, courierPoints, 8);
  }

  $('courier-search').addEventListener('submit', (event) => {
    event.preventDefault();
    courierTrack(null);
  });
  $('courier-more').addEventListener('click', () => courierTrack(courierCursor));
  $('courier-live').addEventListener('click', async () => {
    const id = $('courier').value.trim();
    if (!id) {
      $('courier').focus();
      return;
    }
    if (courierLive) {
      courierLive.deactivate();
    }
    ensureCourierMap();
    const place = (p) => {
      if (!courierMarker) {
        courierMarker = T.marker([p.lat, p.lon], 'Courier', T.courierIcon()).addTo(courierMap);
        courierMap.setView([p.lat, p.lon], 15);
      } else {
        courierMarker.setLatLng([p.lat, p.lon]);
        if (!courierMap.getBounds().contains([p.lat, p.lon])) {
          courierMap.panTo([p.lat, p.lon]);
        }
      }
      T.text($('courier-summary'), id + ' live, last fix ' + T.formatDateTime(p.recordedAt));
    };
    const now = await T.api('/v1/couriers/' + encodeURIComponent(id) + '/location', current.token);
    if (now.ok) {
      place(now.body);
    } else {
      T.text($('courier-summary'), now.status === 404 ? 'No live position of ' + id + ' yet; waiting for one.' : problem(now));
    }
    courierLive = T.live({
      token: current.token,
      destination: '/topic/couriers.' + id,
      onMessage: (message) => {
        if (message.type === 'position') {
          place(message.position);
        }
      },
      onState: (state, reason) => {
        $('courier-connection').hidden = state !== 'reconnecting';
        if (state === 'refused') {
          T.text($('courier-summary'), 'Live updates stopped: ' + reason);
        }
      },
    });
  });
})();
