// oidc-provider configured to behave as four real providers document their end-session endpoints.
// Where oidc-provider has no setting for a documented rule, `rule` enforces it in front of it.

/** @typedef {{ name: string, endSessionPath: string, documentedParams: string[], notes: string, rule?: (params: URLSearchParams) => string | null }} ProviderProfile */

/** @type {Record<string, ProviderProfile>} */
export const PROVIDER_PROFILES = {
  pliro: {
    name: 'Pliro',
    endSessionPath: '/oauth/end_session',
    documentedParams: ['client_id', 'id_token_hint', 'post_logout_redirect_uri'],
    notes: 'no valid id_token_hint: the user must confirm',
    // Pliro identifies the client by client_id on every end-session request.
    rule: (params) => (params.get('client_id') ? null : 'client_id is required'),
  },
  duende: {
    name: 'Duende IdentityServer',
    endSessionPath: '/connect/endsession',
    documentedParams: ['id_token_hint', 'post_logout_redirect_uri', 'state'],
    notes: 'found by discovery; state returned to post_logout_redirect_uri',
  },
  auth0: {
    name: 'Auth0',
    endSessionPath: '/oidc/logout',
    documentedParams: [
      'client_id',
      'id_token_hint',
      'logout_hint',
      'ui_locales',
      'federated',
      'post_logout_redirect_uri',
      'state',
    ],
    notes: "client_id must match the token's aud (oidc-provider checks it); POST accepted",
  },
  privo: {
    name: 'PRIVO',
    endSessionPath: '/logout',
    documentedParams: ['id_token_hint', 'post_logout_redirect_uri', 'state'],
    notes: 'loaded by partner pages in a hidden iframe; POST accepted',
  },
};
