import { UserManager } from 'oidc-client-ts';

// The app's own UserManager, at the provider and client the test names in the page's address (a
// real app has them in its configuration). Its user is the one the sign-out ends.
const config = new URLSearchParams(location.search);
export const userManager = new UserManager({
  authority: config.get('authority') ?? '',
  client_id: config.get('client_id') ?? '',
  redirect_uri: `${location.origin}/callback`,
  post_logout_redirect_uri: `${location.origin}/signed-out`,
});
