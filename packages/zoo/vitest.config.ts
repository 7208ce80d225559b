import { dlVitestConfig } from '../../tooling/vitest-config.js';

export default dlVitestConfig({ browser: true });
