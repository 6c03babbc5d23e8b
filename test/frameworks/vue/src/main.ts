import { createApp } from 'vue';
import 'sign-out-button/define';
import App from './App.vue';

createApp(App).mount('#app');
