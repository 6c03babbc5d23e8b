import { checkHttpUrl } from '../core/url-policy.js';

/**
 * Sends oidc-client-ts's GET request as an auto-submitted form POST to `target` (a window or
 * frame name): the endpoint's own query stays in the action, the parameters oidc-client-ts added
 * become `application/x-www-form-urlencoded` fields. The form is gone right after submission,
 * so no token stays in the DOM.
 */
export function postForm(requestUrl: string, endpoint: string, target: string): void {
  const request = new URL(checkHttpUrl(requestUrl, 'The end-session request'));
  const action = new URL(checkHttpUrl(endpoint, 'The end-session endpoint'));
  const form = document.createElement('form');
  form.method = 'post';
  form.enctype = 'application/x-www-form-urlencoded';
  form.acceptCharset = 'UTF-8';
  form.action = action.href;
  form.target = target;
  form.hidden = true;
  for (const [name, value] of request.searchParams) {
    if (action.searchParams.getAll(name).includes(value)) continue;
    const field = document.createElement('input');
    field.type = 'hidden';
    field.name = name;
    field.value = value;
    form.append(field);
  }
  document.body.append(form);
  try {
    form.submit();
  } finally {
    // The submission is already under way: removing the form does not cancel it.
    form.remove();
  }
}
