import { createApp } from 'vue';
import { completeSignOut } from 'sign-out-button';
import 'sign-out-button/define';
import App from './App.vue';

// The provider returns the hidden iframe here, where the sign-out is confirmed to the app.
if (location.pathname === '/signed-out') void completeSignOut();
else createApp(App).mount('#app');
