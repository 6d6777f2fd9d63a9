'use strict';
// What every page shares: the signed-in session (in sessionStorage, never in a URL),
// calls to the public API, the OIDC sign-in (authorization code with PKCE), the live
// STOMP connection and the map. Values are always set as text (textContent), never as
// HTML, so an id such as "<script>" shows as it is.
(function () {
  const SESSION = 'tracking.session';
  const PENDING = 'tracking.oidc.pending';

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  function text(node, value) {
    node.textContent = value === null || value === undefined ? '' : String(value);
  }

  function claims(jwt) {
    const part = String(jwt).split('.')[1] || '';
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  const session = {
    /** The signed-in session, or null when there is none or it has expired. */
    get() {
      try {
        const saved = JSON.parse(sessionStorage.getItem(SESSION));
        if (saved && saved.token && (!saved.expiresAt || saved.expiresAt > Date.now())) {
          return saved;
        }
      } catch (ignored) {
        // nothing usable saved
      }
      return null;
    },
    /** Keeps a token; what it claims is read for display only (the API checks it). */
    set(token) {
      const c = claims(token);
      const saved = {
        token: token,
        sub: c.sub,
        roles: Array.isArray(c.roles) ? c.roles : [],
        partnerId: c.partner_id || null,
        expiresAt: c.exp ? c.exp * 1000 : null,
      };
      sessionStorage.setItem(SESSION, JSON.stringify(saved));
      return saved;
    },
    clear() {
      sessionStorage.removeItem(SESSION);
    },
  };

  let settingsAnswer = null;
  function settings() {
    if (!settingsAnswer) {
      settingsAnswer = fetch('/pages/settings', { cache: 'no-store' }).then((r) => r.json());
    }
    return settingsAnswer;
  }

  /** A call to the API: {status, ok, body, headers}; the body is null when it is not JSON. */
  async function api(path, token, options) {
    const headers = { Accept: 'application/json' };
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    if (window.location.pathname === '/console') {
      // the audit trail records the support console's reads as such (channel console)
      headers['Tracking-Channel'] = 'console';
    }
    const init = Object.assign({ cache: 'no-store' }, options || {});
    init.headers = Object.assign(headers, (options && options.headers) || {});
    let response;
    try {
      response = await fetch(path, init);
    } catch (networkError) {
      return { status: 0, ok: false, body: null, headers: new Headers() };
    }
    let body = null;
    try {
      body = await response.json();
    } catch (notJson) {
      body = null;
    }
    return { status: response.status, ok: response.ok, body: body, headers: response.headers };
  }

  function base64url(bytes) {
    let binary = '';
    for (const b of new Uint8Array(bytes)) {
      binary += String.fromCharCode(b);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomString() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }

  async function discovery(issuer) {
    const response = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
    if (!response.ok) {
      throw new Error('The identity provider did not answer (' + response.status + ')');
    }
    return response.json();
  }

  /** OIDC authorization code with PKCE (RFC 7636), as a public client. */
  const oidc = {
    async signIn(signIn, returnTo) {
      const config = await discovery(signIn.issuer);
      const verifier = randomString();
      const state = randomString();
      const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: safeReturn(returnTo) }));
      const url = new URL(config.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: signIn.clientId,
        redirect_uri: location.origin + '/signin/callback',
        scope: signIn.scope,
        state: state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString();
      location.assign(url.toString());
    },
    /** On /signin/callback: the code for a token; answers where to go next. */
    async complete(signIn) {
      const params = new URLSearchParams(location.search);
      const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
      sessionStorage.removeItem(PENDING);
      // the code is single-use, but it does not stay in the address bar or the history
      history.replaceState(null, '', '/signin/callback');
      if (params.get('error')) {
        throw new Error('The identity provider refused the sign-in: ' + params.get('error'));
      }
      if (!pending || !params.get('code') || params.get('state') !== pending.state) {
        throw new Error('This sign-in was not started here or has already been used.');
      }
      const config = await discovery(signIn.issuer);
      const response = await fetch(config.token_endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: params.get('code'),
          redirect_uri: location.origin + '/signin/callback',
          client_id: signIn.clientId,
          code_verifier: pending.verifier,
        }),
      });
      if (!response.ok) {
        throw new Error('The identity provider did not give a token (' + response.status + ')');
      }
      const tokens = await response.json();
      session.set(tokens.access_token);
      return pending.returnTo;
    },
  };

  /** Only a path on this site: never somewhere else after signing in. */
  function safeReturn(path) {
    return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') ? path : '/';
  }

  /**
   * A live STOMP subscription at /ws that reconnects by itself. onState gets 'live',
   * 'reconnecting' or 'refused' (with the server's message); every (re)connection starts
   * with a snapshot, which replaces what the page showed.
   */
  function live(options) {
    const client = new StompJs.Client({
      brokerURL: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
      connectHeaders: { Authorization: 'Bearer ' + options.token },
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      reconnectDelay: 1000,
      onConnect() {
        options.onState('live');
        client.subscribe(options.destination, (message) => options.onMessage(JSON.parse(message.body)), {
          id: 'page-1',
        });
      },
      onWebSocketClose() {
        if (client.active) {
          options.onState('reconnecting');
        }
      },
      onStompError(frame) {
        client.deactivate();
        options.onState('refused', frame.headers.message || 'refused');
      },
    });
    client.activate();
    return client;
  }

  /** The plain base of every map: a grid with the coordinates of each tile's corner. */
  let GridBase = null;
  function gridBase() {
    GridBase = GridBase || L.GridLayer.extend({
    createTile(coords) {
      const size = this.getTileSize();
      const tile = document.createElement('canvas');
      tile.width = size.x;
      tile.height = size.y;
      const g = tile.getContext('2d');
      g.fillStyle = '#eef1f4';
      g.fillRect(0, 0, size.x, size.y);
      g.strokeStyle = '#dce1e6';
      for (let i = 1; i < 4; i++) {
        g.beginPath();
        g.moveTo((i * size.x) / 4 + 0.5, 0);
        g.lineTo((i * size.x) / 4 + 0.5, size.y);
        g.moveTo(0, (i * size.y) / 4 + 0.5);
        g.lineTo(size.x, (i * size.y) / 4 + 0.5);
        g.stroke();
      }
      g.strokeStyle = '#aab4be';
      g.strokeRect(0.5, 0.5, size.x, size.y);
      const corner = this._map.unproject(coords.scaleBy(size), coords.z);
      g.fillStyle = '#3d4852';
      g.font = '11px sans-serif';
      g.fillText(corner.lat.toFixed(4) + ', ' + corner.lng.toFixed(4), 4, 14);
      return tile;
    },
    });
    return GridBase;
  }

  /** A Leaflet map on the grid base, with tiles over it when the deployment has a server. */
  function map(container, pageSettings, label) {
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', label || 'Map');
    const tiles = pageSettings.tiles;
    const m = L.map(container, {
      attributionControl: false,
      maxZoom: tiles ? tiles.maxZoom : 19,
      zoomControl: true,
    });
    new (gridBase())({ maxZoom: 22 }).addTo(m);
    if (tiles) {
      // tiles that fail to load leave the grid visible underneath
      L.tileLayer(tiles.url, { maxZoom: tiles.maxZoom, crossOrigin: true }).addTo(m);
      if (tiles.attribution) {
        container.after(el('p', { class: 'attribution' }, tiles.attribution));
      }
    }
    L.control.scale({ imperial: false }).addTo(m);
    return m;
  }

  const COURIER_ICON = () =>
    L.icon({ iconUrl: '/assets/courier.svg', iconSize: [28, 28], iconAnchor: [14, 14], className: 'courier-icon' });

  /** A marker that is an image with an accessible name (its alt text). */
  function marker(latLng, name, icon) {
    const options = { alt: name, title: name, keyboard: false, interactive: false };
    if (icon) {
      options.icon = icon;
    }
    return L.marker(latLng, options);
  }

  function formatTime(iso) {
    return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  }

  function formatDateTime(iso) {
    return iso
      ? new Date(iso).toLocaleString([], {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        })
      : '';
  }

  const STATUS_LABELS = {
    CREATED: 'Created',
    COURIER_ASSIGNED: 'Courier assigned',
    PICKED_UP: 'Picked up',
    OUT_FOR_DELIVERY: 'On the way',
    DELIVERED: 'Delivered',
    CANCELLED: 'Cancelled',
  };

  /** Who is signed in, as a line of text, with a sign-out button; in the page's header. */
  function showSession(current) {
    const holder = document.getElementById('who');
    if (!holder) {
      return;
    }
    holder.replaceChildren();
    if (!current) {
      return;
    }
    const out = el('button', { type: 'button', class: 'link' }, 'Sign out');
    out.addEventListener('click', () => {
      session.clear();
      location.assign('/');
    });
    holder.append(el('span', {}, 'Signed in as ' + current.sub + ' (' + current.roles.join(', ') + ')'), ' ', out);
  }

  window.Tracking = {
    el,
    text,
    session,
    settings,
    api,
    oidc,
    live,
    map,
    marker,
    courierIcon: COURIER_ICON,
    formatTime,
    formatDateTime,
    statusLabels: STATUS_LABELS,
    showSession,
    safeReturn,
  };
})();
