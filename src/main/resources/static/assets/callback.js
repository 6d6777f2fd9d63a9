'use strict';
// /signin/callback: the identity provider sends the browser back here with a code,
// which is exchanged (with the PKCE verifier) for a token kept in sessionStorage.
(async function () {
  const T = window.Tracking;
  const pageSettings = await T.settings();
  const notice = document.getElementById('notice');
  try {
    if (!pageSettings.signIn) {
      throw new Error('No identity provider is configured for these pages.');
    }
    const next = await T.oidc.complete(pageSettings.signIn);
    location.replace(T.safeReturn(next));
  } catch (e) {
    T.text(notice, e.message);
    notice.hidden = false;
  }
})();
