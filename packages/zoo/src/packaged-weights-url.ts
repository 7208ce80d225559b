/**
 * Where the package's own weights file of model `name` is (`undefined` for a name without one):
 * one literal `new URL('../weights/<file>', import.meta.url)` per model, so bundlers (Vite,
 * webpack 5, Parcel) see each file and ship it with the app; in Node it is a `file:` URL into
 * the installed package. Relative to `src/` and `dist/` alike.
 */
export function packagedWeightsUrl(name: string): URL | undefined {
  switch (name) {
    case 'fashion-cnn': return new URL('../weights/fashion-cnn.bin', import.meta.url);
    case 'mnist-cnn': return new URL('../weights/mnist-cnn.bin', import.meta.url);
    case 'fashion-0-4': return new URL('../weights/fashion-0-4.bin', import.meta.url);
    case 'fashion-5-9': return new URL('../weights/fashion-5-9.bin', import.meta.url);
    case 'autoencoder-encoder': return new URL('../weights/autoencoder-encoder.bin', import.meta.url);
    case 'contrastive-encoder': return new URL('../weights/contrastive-encoder.bin', import.meta.url);
    default: return undefined;
  }
}
