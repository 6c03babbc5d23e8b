import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SignOutButton } from 'sign-out-button/react';
import type {} from 'sign-out-button/jsx';

// Both ways of using the package in React: the wrapper component, and the bare tag typed by
// sign-out-button/jsx. `e.detail` is typed in each: a wrong field would not compile.
function App() {
  const [events, setEvents] = useState<string[]>([]);
  const note = (text: string) => setEvents((list) => [...list, text]);
  return (
    <main>
      <SignOutButton
        id="component"
        authority="https://op.example"
        clientId="react-app"
        mode="local"
        onSignOutStart={(event) => note(`component start ${event.detail.mode}`)}
        onSignOutComplete={(event) => note(`component complete ${event.detail.providerSession}`)}
        onSignOutError={(event) => note(`component error ${event.detail.error.code}`)}
      >
        Sign out (component)
      </SignOutButton>
      <sign-out-button
        id="tag"
        authority="https://op.example"
        client-id="react-app"
        mode="local"
        clear-storage="session"
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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
