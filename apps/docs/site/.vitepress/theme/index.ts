// The default theme plus the demos, registered as async components: the markdown wraps each in
// <ClientOnly>, so TF.js and the charts load in the browser only, and only on pages that use them.
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { defineAsyncComponent } from 'vue';
import DemoShell from '../components/DemoShell.vue';
import './style.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('DemoShell', DemoShell);
    app.component('OptimizerRace', defineAsyncComponent(() => import('../components/OptimizerRace.vue')));
    app.component('SchedulePlots', defineAsyncComponent(() => import('../components/SchedulePlots.vue')));
    app.component('InitDepth', defineAsyncComponent(() => import('../components/InitDepth.vue')));
    app.component('AugmentGallery', defineAsyncComponent(() => import('../components/AugmentGallery.vue')));
    app.component('TransferDemo', defineAsyncComponent(() => import('../components/TransferDemo.vue')));
    app.component('TrainCnn', defineAsyncComponent(() => import('../components/TrainCnn.vue')));
    app.component('EnsembleAveraging', defineAsyncComponent(() => import('../components/EnsembleAveraging.vue')));
    app.component('EnsembleSnapshots', defineAsyncComponent(() => import('../components/EnsembleSnapshots.vue')));
    app.component('EnsembleTta', defineAsyncComponent(() => import('../components/EnsembleTta.vue')));
  },
} satisfies Theme;
