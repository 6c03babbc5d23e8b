import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import 'sign-out-button/define';
import type { SignOutResult, SignOutStartDetail } from 'sign-out-button';

// The README's recipe: CUSTOM_ELEMENTS_SCHEMA, the tag's attributes, events bound with ( ), and
// the handlers typed by the package's types.
@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<sign-out-button
      id="tag"
      [authority]="authority"
      client-id="angular-app"
      mode="local"
      clear-storage="session"
      (sign-out-start)="started($any($event).detail)"
      (sign-out-complete)="completed($any($event).detail)"
      >Sign out (Angular)</sign-out-button
    >
    <ol id="events">
      @for (text of events(); track $index) {
        <li>{{ text }}</li>
      }
    </ol>`,
})
class App {
  authority = 'https://op.example';
  events = signal<string[]>([]);
  started(detail: SignOutStartDetail) {
    this.events.update((list) => [...list, `tag start ${detail.mode}`]);
  }
  completed(result: SignOutResult) {
    this.events.update((list) => [...list, `tag complete ${result.providerSession}`]);
  }
}

bootstrapApplication(App).catch((error) => console.error(error));
