import { Component, CUSTOM_ELEMENTS_SCHEMA, Injectable, inject, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { UserManager } from 'oidc-client-ts';
import { completeSignOut } from 'sign-out-button';
import 'sign-out-button/define';
import type { SignOutResult, SignOutStartDetail } from 'sign-out-button';

/**
 * The app's own UserManager, at the provider and client the test names in the page's address (a
 * real app has them in its configuration). Its user is the one the sign-out ends.
 */
@Injectable({ providedIn: 'root' })
class AuthService {
  private readonly config = new URLSearchParams(location.search);
  readonly userManager = new UserManager({
    authority: this.config.get('authority') ?? '',
    client_id: this.config.get('client_id') ?? '',
    redirect_uri: `${location.origin}/callback`,
    post_logout_redirect_uri: `${location.origin}/signed-out`,
  });
}

// The README's recipe: CUSTOM_ELEMENTS_SCHEMA, the UserManager bound with [ ] (a property), events
// bound with ( ), and the handlers typed by the package's types.
@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<sign-out-button
      id="tag"
      [userManager]="userManager"
      mode="iframe"
      (sign-out-start)="started($any($event).detail)"
      (sign-out-complete)="completed($any($event).detail)"
      (sign-out-error)="failed($any($event).detail.error.code)"
      >Sign out (Angular)</sign-out-button
    >
    <ol id="events">
      @for (text of events(); track $index) {
        <li>{{ text }}</li>
      }
    </ol>`,
})
class App {
  userManager = inject(AuthService).userManager;
  events = signal<string[]>([]);
  started(detail: SignOutStartDetail) {
    this.events.update((list) => [...list, `tag start ${detail.mode}`]);
  }
  completed(result: SignOutResult) {
    this.events.update((list) => [...list, `tag complete ${result.providerSession}`]);
  }
  failed(code: string) {
    this.events.update((list) => [...list, `tag error ${code}`]);
  }
}

// The provider returns the hidden iframe here, where the sign-out is confirmed to the app.
if (location.pathname === '/signed-out') void completeSignOut();
else bootstrapApplication(App).catch((error) => console.error(error));
