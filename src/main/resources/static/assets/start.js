'use strict';
// The start page: sign in (the identity provider, or the local runtime's development
// form), then open the console or an order; in the local runtime, simulated orders to
// watch by share link.
(async function () {
  const T = window.Tracking;
  const $ = (id) => document.getElementById(id);
  const pageSettings = await T.settings();
  const returnTo = new URLSearchParams(location.search).get('return');

  function notice(message) {
    T.text($('notice'), message);
    $('notice').hidden = !message;
  }

  function showSignedIn() {
    const current = T.session.get();
    T.showSession(current);
    $('signed-in').hidden = !current;
    $('sign-in').hidden = !!current;
    if (current) {
      T.text($('signed-in-as'), current.sub + ' as ' + current.roles.join(', ') + (current.partnerId ? ' of ' + current.partnerId : ''));
      $('console-link').hidden = !current.roles.includes('support');
    }
  }

  $('watch').addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign('/orders/' + encodeURIComponent($('order').value.trim()));
  });

  if (pageSettings.signIn) {
    $('oidc').hidden = false;
    $('oidc-sign-in').addEventListener('click', () =>
      T.oidc.signIn(pageSettings.signIn, returnTo || '/').catch((e) => notice(e.message)));
  }
  if (pageSettings.devSignIn) {
    $('dev-sign-in').hidden = false;
    $('dev-sign-in').addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { sub: $('user').value.trim(), roles: [$('role').value] };
      if ($('partner').value.trim()) {
        body.partner_id = $('partner').value.trim();
      }
      const answer = await T.api('/dev/tokens', null, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!answer.ok || !answer.body || !answer.body.token) {
        notice('The development sign-in failed (' + answer.status + ').');
        return;
      }
      T.session.set(answer.body.token);
      notice('');
      if (returnTo) {
        location.assign(T.safeReturn(returnTo));
        return;
      }
      showSignedIn();
    });
    const simulated = await T.api('/dev/orders', null);
    if (simulated.ok && Array.isArray(simulated.body)) {
      $('simulated').hidden = false;
      const list = $('orders');
      if (simulated.body.length === 0) {
        list.append(T.el('li', {}, 'No simulated order yet: the simulator starts one every few seconds. Reload in a moment.'));
      }
      for (const order of simulated.body) {
        list.append(T.el('li', {},
          T.el('a', { href: order.watch }, 'Watch ' + order.orderId),
          ' ' + T.statusLabels[order.status] + ', for ' + order.customerId));
      }
    }
  }
  if (!pageSettings.signIn && !pageSettings.devSignIn) {
    $('no-sign-in').hidden = false;
  }
  showSignedIn();
})();
