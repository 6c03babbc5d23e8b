import { SignOutError } from '../core/errors.js';
import { nonEmpty } from './checks.js';
import type { SignOutOptions } from './option-table.js';

/** End-session parameters that have their own option; `extra-params` may not set them twice. */
const PROTOCOL_PARAMS = [
  'id_token_hint',
  'client_id',
  'post_logout_redirect_uri',
  'state',
  'logout_hint',
  'ui_locales',
];

/** `logout_hint`, `ui_locales` and the extra parameters, in the order they are sent. */
export function endSessionParams(options: SignOutOptions): Record<string, string> {
  const params: Record<string, string> = {};
  const logoutHint = nonEmpty(options.logoutHint);
  if (logoutHint) params.logout_hint = logoutHint;
  const uiLocales = options.uiLocales === 'auto' ? document.documentElement.lang.trim() : nonEmpty(options.uiLocales);
  if (uiLocales) params.ui_locales = uiLocales;
  for (const [name, value] of extraParamEntries(options.extraParams)) {
    if (PROTOCOL_PARAMS.includes(name)) {
      throw new SignOutError(
        'invalid-config',
        `extra-params may not set ${name}: it has its own attribute, and providers reject it twice.`,
      );
    }
    params[name] = value;
  }
  return params;
}

function extraParamEntries(extra: SignOutOptions['extraParams']): [string, string][] {
  if (extra === undefined || extra === null || extra === '') return [];
  if (typeof extra === 'string') return [...new URLSearchParams(extra)];
  if (typeof extra !== 'object') {
    throw new SignOutError('invalid-config', 'extra-params must be a query string or a record of strings.');
  }
  return Object.entries(extra).map(([name, value]) => {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new SignOutError('invalid-config', `extra-params: ${name} must be a string, number or boolean.`);
    }
    return [name, String(value)];
  });
}
