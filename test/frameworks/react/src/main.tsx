import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { UserManager } from 'oidc-client-ts';
import { completeSignOut } from 'sign-out-button';
import { SignOutButton } from 'sign-out-button/react';
import type {} from 'sign-out-button/jsx';

// The app's own UserManager, at the provider and client the test names in the page's address (a
// real app has them in its configuration). Its user is the one the sign-out ends.
const config = new URLSearchParams(location.search);
const userManager = new UserManager({
  authority: config.get('authority') ?? '',
  client_id: config.get('client_id') ?? '',
  redirect_uri: `${location.origin}/callback`,
  post_logout_redirect_uri: `${location.origin}/signed-out`,
});

// Both ways of using the package in React, each handed the UserManager as a property: the wrapper
// component, and the bare tag typed by sign-out-button/jsx. `e.detail` is typed in each: a wrong
// field would not compile.
function App() {
  const [events, setEvents] = useState<string[]>([]);
  const note = (text: string) => setEvents((list) => [...list, text]);
  return (
    <main>
      <SignOutButton
        id="component"
        userManager={userManager}
        mode="iframe"
        onSignOutStart={(event) => note(`component start ${event.detail.mode}`)}
        onSignOutComplete={(event) => note(`component complete ${event.detail.providerSession}`)}
        onSignOutError={(event) => note(`component error ${event.detail.error.code}`)}
      >
        Sign out (component)
      </SignOutButton>
      <sign-out-button
        id="tag"
        userManager={userManager}
        mode="iframe"
        onsign-out-start={(event) => note(`tag start ${event.detail.mode}`)}
        onsign-out-complete={(event) => note(`tag complete ${event.detail.providerSession}`)}
        onsign-out-error={(event) => note(`tag error ${event.detail.error.code}`)}
      >
        Sign out (tag)
      </sign-out-button>
      <ol id="events">
        {events.map((text, index) => (
          <li key={index}>{text}</li>
        ))}
      </ol>
    </main>
  );
}

// The provider returns the hidden iframe here, where the sign-out is confirmed to the app.
if (location.pathname === '/signed-out') void completeSignOut();
else
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
