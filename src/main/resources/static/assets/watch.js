'use strict';
// The watch page: /track/{token} (a share link: the token is the credential) or
// /orders/{orderId} (signed in). A snapshot over REST, then the order's life over STOMP;
// each reconnection re-applies the snapshot the server sends first.
(async function () {
  const T = window.Tracking;
  const $ = (id) => document.getElementById(id);
  const STEPS = ['CREATED', 'COURIER_ASSIGNED', 'PICKED_UP', 'OUT_FOR_DELIVERY', 'DELIVERED'];
  const IN_TRANSIT = ['PICKED_UP', 'OUT_FOR_DELIVERY'];

  const segments = location.pathname.split('/');
  const shared = segments[1] === 'track';
  const key = decodeURIComponent(segments[2] || '');
  const pageSettings = await T.settings();

  function notice(message) {
    T.text($('notice'), message);
    $('notice').hidden = !message;
  }

  let token;
  let path;
  if (shared) {
    token = key;
    path = '/v1/track/' + encodeURIComponent(key);
  } else {
    const current = T.session.get();
    T.showSession(current);
    if (!current) {
      notice('Sign in to see this order.');
      $('notice').append(' ', T.el('a', { href: '/?return=' + encodeURIComponent(location.pathname) }, 'Sign in'));
      return;
    }
    token = current.token;
    path = '/v1/orders/' + encodeURIComponent(key) + '/tracking';
  }

  // a share link is its own credential in the path: no Authorization header with it
  const first = await T.api(path, shared ? null : token);
  if (first.status === 404 || first.status === 400) {
    notice(shared ? 'This tracking link is not valid or has expired.' : 'There is no order with this id that you may see.');
    return;
  }
  if (first.status === 401 && !shared) {
    T.session.clear();
    notice('Your sign-in has expired. Sign in again to see this order.');
    return;
  }
  if (!first.ok) {
    notice('Tracking is unavailable right now. Try again in a moment.');
    return;
  }

  const state = {};
  let clockOffset = 0; // server time minus this device's time, from etaSeconds
  const map = T.map($('map'), pageSettings, 'Map of the delivery');
  let courier = null;
  let destination = null;
  let framed = false;

  function applyTracking(tracking) {
    state.orderId = tracking.orderId;
    state.status = tracking.status;
    state.statusAt = tracking.statusAt;
    state.position = tracking.courier ? tracking.courier.position : null;
    state.destination = tracking.destination;
    state.estimatedArrivalAt = tracking.estimatedArrivalAt;
    state.range = tracking.estimatedArrivalRange;
    state.arriving = tracking.arriving;
    state.arrived = tracking.arrived;
    state.updatedAt = tracking.updatedAt;
    if (tracking.estimatedArrivalAt && typeof tracking.etaSeconds === 'number') {
      clockOffset = Date.parse(tracking.estimatedArrivalAt) - tracking.etaSeconds * 1000 - Date.now();
    }
  }

  function renderSteps() {
    const steps = $('steps');
    steps.replaceChildren();
    const cancelled = state.status === 'CANCELLED';
    const reached = STEPS.indexOf(state.status);
    STEPS.forEach((status, i) => {
      if (cancelled && status === 'DELIVERED') {
        return;
      }
      const item = T.el('li', { class: i < reached ? 'done' : i === reached ? 'current' : 'todo' }, T.statusLabels[status]);
      if (i === reached) {
        item.setAttribute('aria-current', 'step');
        item.append(T.el('span', { class: 'step-time' }, ' ' + T.formatTime(state.statusAt)));
      }
      steps.append(item);
    });
    if (cancelled) {
      const item = T.el('li', { class: 'current cancelled', 'aria-current': 'step' }, T.statusLabels.CANCELLED);
      item.append(T.el('span', { class: 'step-time' }, ' ' + T.formatTime(state.statusAt)));
      steps.append(item);
    }
  }

  function renderMap() {
    if (state.destination && !destination) {
      destination = T.marker([state.destination.lat, state.destination.lon], 'Destination').addTo(map);
      map.setView([state.destination.lat, state.destination.lon], 15);
    }
    const showCourier = state.position && IN_TRANSIT.includes(state.status);
    if (!showCourier) {
      if (courier) {
        courier.remove();
        courier = null;
      }
      return;
    }
    const at = [state.position.lat, state.position.lon];
    if (!courier) {
      courier = T.marker(at, 'Courier', T.courierIcon()).addTo(map);
    } else {
      courier.setLatLng(at);
    }
    if (!framed && destination) {
      map.fitBounds(L.latLngBounds([at, destination.getLatLng()]).pad(0.6));
      framed = true;
    } else if (!map.getBounds().contains(at)) {
      map.panTo(at);
    }
    courier.getElement().classList.toggle('stale', !!state.position.stale);
  }

  function renderEta() {
    const ended = state.status === 'DELIVERED' || state.status === 'CANCELLED';
    let eta = '';
    let range = '';
    if (!ended && state.arrived) {
      eta = 'Your courier has arrived';
    } else if (!ended && state.estimatedArrivalAt) {
      const remaining = Date.parse(state.estimatedArrivalAt) - (Date.now() + clockOffset);
      const minutes = Math.max(1, Math.round(remaining / 60000));
      eta = 'Arrives in ' + minutes + ' min';
      if (state.range) {
        range = 'Between ' + T.formatTime(state.range.earliest) + ' and ' + T.formatTime(state.range.latest);
      }
    } else if (state.status === 'DELIVERED') {
      eta = 'Delivered at ' + T.formatTime(state.statusAt);
    } else if (state.status === 'CANCELLED') {
      eta = 'This order was cancelled';
    }
    T.text($('eta'), eta);
    T.text($('eta-range'), range);
    const arrival = ended ? '' : state.arrived ? 'Arrived' : state.arriving ? 'Arriving' : '';
    T.text($('arrival'), arrival);
    $('arrival').hidden = !arrival;
  }

  function render() {
    T.text($('title'), 'Order ' + state.orderId);
    renderSteps();
    renderMap();
    renderEta();
    let updated = state.updatedAt ? 'Updated ' + T.formatDateTime(state.updatedAt) : '';
    if (state.position && state.position.stale && IN_TRANSIT.includes(state.status)) {
      updated = "The courier's position is " + Math.round(state.position.ageSeconds / 60) + ' min old';
    }
    T.text($('updated'), updated);
  }

  function onMessage(message) {
    switch (message.type) {
      case 'snapshot':
        applyTracking(message.tracking);
        break;
      case 'position':
        state.position = message.position;
        state.updatedAt = message.position.recordedAt;
        if (message.estimatedArrivalAt) {
          state.estimatedArrivalAt = message.estimatedArrivalAt;
          state.range = message.estimatedArrivalRange;
        }
        break;
      case 'status':
        state.status = message.status;
        state.statusAt = message.statusAt;
        if (message.status === 'DELIVERED' || message.status === 'CANCELLED') {
          state.position = null;
        }
        break;
      case 'notification':
        if (message.kind === 'ARRIVING') {
          state.arriving = true;
        } else if (message.kind === 'ARRIVED') {
          state.arriving = true;
          state.arrived = true;
        }
        break;
      default:
        return;
    }
    render();
  }

  function onState(connection, reason) {
    $('connection').hidden = connection !== 'reconnecting';
    document.body.dataset.connection = connection;
    if (connection === 'refused') {
      notice(shared ? 'This tracking link has expired.' : 'Live updates stopped: ' + reason);
    }
  }

  applyTracking(first.body);
  $('view').hidden = false;
  map.invalidateSize();
  render();
  T.live({ token: token, destination: '/topic/orders.' + state.orderId, onMessage: onMessage, onState: onState });
  setInterval(renderEta, 5000);
})();
